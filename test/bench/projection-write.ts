/**
 * The statistics projection's cost on the completion path (W1): one step statement
 * (runtime/store/sql/step-write.ts) of a suggestion with and without its projection row's CTE
 * (sql/statistics-projection-write.ts), alternated, autocommit as the optimistic completion
 * runs, p50/p95 of each; and the pure fact extraction alone.
 *
 *   npx tsx test/bench/projection-write.ts postgres://postgres@127.0.0.1:5432/<an empty database of yours> [runs]
 *
 * The database is migrated and gets the demo county; one suggestion is started in it.
 */
import { sql } from 'kysely';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, migrateToLatest, openPostgres, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { currentDefinition } from '../../runtime/store/county-definitions.ts';
import { writeStepRows, type StepRows } from '../../runtime/store/sql/step-write.ts';
import { projectionOf } from '../../runtime/store/statistics-projection.ts';
import { createInstance } from '../../runtime/store/step-writer.ts';
import { percentile } from './http.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: projection-write.ts <postgres url> [runs]');
const runs = Number(process.argv[3] ?? 400);
const h = openPostgres(url);
const db = h.db;
try {
  await migrateToLatest(db);
  await seedDemo(db);
  const clock = new SimulatedClock('2026-03-02T01:00:00Z');
  const rt = createRuntime({ clock });
  await rt.registry.registerFiles(db, readPackages());
  const def = await currentDefinition(db, rt, 'demo', 'suggestion');
  const actor = { id: 'deputy1', roles: ['DEPUTY'] };
  const { id } = await db.transaction().execute((trx) => createInstance({ trx, rt, countyId: 'demo', depth: 0, emitted: [] }, def, { title: '压测', origin: 'SESSION', sourceCode: 'RESEARCH' }, actor, null));
  const row = (await sql<{ snapshot: any; state: string; version: number }>`select snapshot, state, version from instances where county_id = 'demo' and id = ${id}`.execute(db)).rows[0]!;
  const snapshot = typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot;
  let version = row.version;
  const base = (): StepRows => ({ countyId: 'demo', instanceId: id, fromVersion: version, snapshot, state: row.state, status: 'active', title: '压测', from: row.state, event: { type: 'NOTE' }, actor, effects: [], now: clock.now(), newId: rt.newId });
  const ms = { without: [] as number[], with: [] as number[], extract: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const withProjection of i % 2 === 0 ? [false, true] : [true, false]) {
      const t0 = performance.now();
      const projection = withProjection ? projectionOf('suggestion', snapshot) : undefined;
      const t1 = performance.now();
      const written = await writeStepRows(db, { ...base(), ...(projection ? { projection } : {}) });
      const t2 = performance.now();
      if (!written) throw new Error('not written');
      version = written.version;
      if (withProjection) ms.extract.push(t1 - t0);
      (withProjection ? ms.with : ms.without).push(t2 - t0);
    }
  }
  for (const a of Object.values(ms)) a.sort((x, y) => x - y);
  const line = (a: number[]) => `p50 ${percentile(a, 50).toFixed(2)} ms, p95 ${percentile(a, 95).toFixed(2)} ms`;
  console.log(`step statement (no tasks), ${runs} each, alternated: without the projection row ${line(ms.without)}; with it ${line(ms.with)}; the fact extraction alone ${line(ms.extract)}`);
} finally {
  await h.close();
}
