/**
 * Moving a county's running instances from version N of a process to version M: a dry run
 * that says which instances can move and why others cannot, then a batch that moves each
 * movable instance in its own transaction (row locked, audit event `migrated`, tasks and
 * timers rebuilt for the new version).
 */
import type { Kysely } from 'kysely';
import { migrateSnapshot, planMigration, type StateMapping } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { versionHash } from './county-definitions.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { dropInstanceTimers } from './sql/drop-instance-timers.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { writeStepRows } from './sql/step-write.ts';

export interface MigrationReport {
  movable: Array<{ id: string; title: string; from: string; to: string }>;
  blocked: Array<{ id: string; title: string; state: string; reason: string }>;
}

export async function migrationDryRun(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  definitionId: string,
  from: number,
  to: number,
  mapping: StateMapping,
): Promise<MigrationReport> {
  const [fromHash, toHash] = [await versionHash(db, countyId, definitionId, from), await versionHash(db, countyId, definitionId, to)];
  const target = await rt.registry.byHash(db, toHash);
  const rows = await db
    .selectFrom('instances')
    .select(['id', 'title', 'state', 'snapshot'])
    .where('county_id', '=', countyId)
    .where('definition_hash', '=', fromHash)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .execute();
  const report: MigrationReport = { movable: [], blocked: [] };
  for (const r of rows) {
    const plan = planMigration(r.snapshot as never, target.pkg, mapping);
    if (plan.ok) report.movable.push({ id: r.id, title: r.title, from: r.state, to: leafString(plan.value) });
    else report.blocked.push({ id: r.id, title: r.title, state: r.state, reason: plan.reason });
  }
  return report;
}

function leafString(value: unknown): string {
  if (typeof value === 'string') return value;
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${leafString(v)}`).join(', ');
}

/** Move every movable instance; returns the dry-run report of what was (and was not) moved. */
export async function migrateInstances(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  definitionId: string,
  from: number,
  to: number,
  mapping: StateMapping,
  actorId: string,
): Promise<MigrationReport> {
  const report = await migrationDryRun(db, rt, countyId, definitionId, from, to, mapping);
  const toHash = await versionHash(db, countyId, definitionId, to);
  const fromHash = await versionHash(db, countyId, definitionId, from);
  for (const item of report.movable) {
    await inTransaction(db, async (trx) => {
      const row = await lockInstance(trx, countyId, item.id);
      if (!row || row.definition_hash !== fromHash || row.status !== 'active') return; // moved or finished meanwhile
      const target = await rt.registry.byHash(trx, toHash);
      const plan = planMigration(row.snapshot, target.pkg, mapping);
      if (!plan.ok) return;
      const calendar = await rt.calendars.forCounty(trx, countyId);
      const moved = migrateSnapshot(target, row.snapshot, plan.value, { clock: rt.clock, calendar });
      await dropInstanceTimers(trx, countyId, row.id);
      const written = await writeStepRows(trx, {
        countyId,
        instanceId: row.id,
        fromVersion: row.version,
        snapshot: moved.snapshot,
        state: moved.to,
        status: 'active',
        title: item.title,
        from: row.state,
        event: { type: 'migrated', data: { fromVersion: from, toVersion: to, fromHash, toHash, mapping } },
        actor: { id: actorId, roles: ['admin'] },
        effects: moved.effects,
        now: rt.clock.now(),
        newId: rt.newId,
      });
      if (!written) throw new AppError('CONFLICT', 'The instance changed during migration');
      await trx.updateTable('instances').set({ definition_hash: toHash }).where('county_id', '=', countyId).where('id', '=', row.id).execute();
    });
  }
  return report;
}
