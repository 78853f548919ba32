/**
 * Points from other processes' steps (DOMAIN §8 → §7.3): called by step-writer.ts after a step's
 * rows are written, in the same transaction, so an entry exists exactly when the step that caused
 * it committed. Entries skip the deputy's submission and the 初审 and wait in pendingConfirm for
 * the county office's 复核 (DOMAIN §7.3 [R]: "auto-generated entries skip to pendingConfirm").
 * One entry per cause: cause_key = instance:rule:deputy, unique (sql/insert-point-entry.ts).
 * A deputy not on the county's roster (a name in the context that is no deputy) gets nothing.
 */
import type { Kysely } from 'kysely';
import type { CompiledDefinition, EngineEvent, StepResult } from '../engine/index.ts';
import { awardsOf, beijingDate, causeWords } from '../points/index.ts';
import type { Database } from './schema.ts';
import type { Runtime } from './runtime.ts';
import { countyRules } from './point-rules.ts';
import { ballotAttendees } from './sql/ballot-attendees.ts';
import { insertPointEntry } from './sql/insert-point-entry.ts';

export async function writeAwards(
  trx: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  def: CompiledDefinition,
  instance: { id: string; title: string },
  result: StepResult,
  event: EngineEvent,
): Promise<number> {
  const { rules, version } = await countyRules(trx, countyId);
  const context = (result.snapshot.machine.context ?? {}) as Record<string, unknown>;
  const awards = awardsOf(rules, { process: def.id, event: event.type, from: result.from, to: result.to, context, eventData: event.data });
  if (awards.length === 0) return 0;
  const roster = new Set(
    (await trx.selectFrom('deputies').select('user_id').where('county_id', '=', countyId).execute()).map((d) => d.user_id),
  );
  const now = rt.clock.now();
  let written = 0;
  for (const a of awards) {
    const ids =
      a.deputyIds === 'ballotVoters'
        ? (await ballotAttendees(trx, countyId, instance.id, typeof event.ballotKey === 'string' ? event.ballotKey : null)).map((v) => v.deputyId)
        : a.deputyIds;
    const cause = { ...causeWords(a.trigger, instance.title), process: def.id, instanceId: instance.id };
    for (const deputyId of new Set(ids)) {
      if (!roster.has(deputyId)) continue;
      const ok = await insertPointEntry(trx, {
        countyId,
        id: rt.newId(),
        deputyId,
        ruleCode: a.code,
        source: 'AUTO',
        state: 'pendingConfirm',
        occurredOn: beijingDate(now),
        quantity: 1,
        rulePoints: a.rule.points,
        points: a.rule.points,
        ruleVersion: version,
        description: null,
        evidence: [],
        linkedEntity: { process: def.id, instanceId: instance.id },
        cause,
        causeKey: `${instance.id}:${a.code}:${deputyId}`,
        createdBy: null,
        at: now,
        action: 'AUTO',
      });
      if (ok) written++;
    }
  }
  return written;
}
