/**
 * Time of the monthly line (runtime/store/sql/statistics-monthly.ts) on a county with a few
 * thousand suggestions, on real PostgreSQL:
 *
 *   createdb -h 127.0.0.1 -U postgres cf_glance_bench
 *   npx tsx test/bench/statistics-monthly-explain.ts postgres://postgres@127.0.0.1:5432/cf_glance_bench [suggestions=6000]
 *
 * Reads only: the rows are written in SQL (not driven through the engine — this measures the
 * read, not the figures): `suggestions` top-level suggestion instances (half submitted in 2026,
 * half in 2025) with a ~1.5 kB context, one answering-unit child each (one in ten two, 分办),
 * and 12 events per child, one of them SUBMIT_ANSWER (a tenth re-handled: two). Prints the best
 * and median of 7 runs of the statement for year:2026, of readMonthly (the endpoint's work), of
 * a month's drill-down ids, and a baseline count(*) of the county's suggestions.
 */
import { sql } from 'kysely';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, migrateToLatest, monthlyDrillIds, openPostgres, readMonthly, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { selectMonthlyRows } from '../../runtime/store/sql/statistics-monthly.ts';
import { yearBounds } from '../../runtime/statistics/period.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: statistics-monthly-explain.ts <database url> [suggestions]');
const n = Number(process.argv[3] ?? 6000);
const handle = openPostgres(url);
const db = handle.db;
await migrateToLatest(db);
const { countyId } = await seedDemo(db);
const clock = new SimulatedClock('2026-12-01T01:00:00Z');
const rt = createRuntime({ clock });
await rt.registry.registerFiles(db, readPackages());

await sql`delete from instance_events where county_id = ${countyId} and instance_id like 'bench-%'`.execute(db);
await sql`delete from instances where county_id = ${countyId} and id like 'bench-%'`.execute(db);
const filler = '建议内容。'.repeat(200);
const hashOf = async (id: string) => (await sql<{ hash: string }>`select hash from definitions where id = ${id} limit 1`.execute(db)).rows[0]?.hash ?? '';
const [hs, hc] = [await hashOf('suggestion'), await hashOf('suggestion-assignment')];
await sql`
  insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
  select ${countyId}, 'bench-s-' || g, 'suggestion', ${hs}, null, null, '建议' || g, 'concluded', 'done',
    jsonb_build_object('machine', jsonb_build_object('context', jsonb_build_object(
      'submittedAt', to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'registeredAt', to_char(ts + interval '2 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
      'concludedAt', case when g % 7 = 0 then null else to_char(ts + interval '70 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end,
      'termNo', '十八届', 'sessionNo', '一次', 'body', ${filler}::text))),
    1, null, ts, ts
  from (select g, case when g % 2 = 0 then timestamptz '2026-01-01' else timestamptz '2025-01-01' end + (g % 340) * interval '1 day' as ts from generate_series(1, ${n}) g) x`.execute(db);
await sql`
  insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
  select ${countyId}, 'bench-c-' || g || '-' || k, 'suggestion-assignment', ${hc}, 'bench-s-' || g, 'u' || k, '交办', 'closed', 'done', jsonb_build_object('machine', jsonb_build_object('context', jsonb_build_object('unitId', 'unit-housing'))), 1, null, now(), now()
  from generate_series(1, ${n}) g, generate_series(1, 2) k where k = 1 or g % 10 = 0`.execute(db);
await sql`
  insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
  select c.county_id, c.id, s, case when s = 6 or (s = 9 and c.id like '%0-1') then 'SUBMIT_ANSWER' else 'OTHER' end, null, p.created_at + s * interval '3 days', null, null, null
  from instances c join instances p on p.county_id = c.county_id and p.id = c.parent_id, generate_series(1, 12) s
  where c.county_id = ${countyId} and c.id like 'bench-c-%'`.execute(db);
await sql`analyze`.execute(db);

async function time(label: string, f: () => Promise<unknown>) {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await f();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label}: best ${runs[0]!.toFixed(1)} ms, median ${runs[3]!.toFixed(1)} ms`);
}
const q = {
  countyId,
  definitionId: 'suggestion',
  childDefinitionId: 'suggestion-assignment',
  answerEvent: 'SUBMIT_ANSWER',
  paths: { registeredAt: 'context.registeredAt', submittedAt: 'context.submittedAt', concludedAt: 'context.concludedAt' },
  period: { kind: 'between' as const, path: 'context.submittedAt', ...yearBounds(2026) },
};
console.log(`${n} suggestions; ${(await sql<{ c: string }>`select count(*) as c from instance_events where county_id = ${countyId} and instance_id like 'bench-%'`.execute(db)).rows[0]?.c} events`);
await time('baseline count(*) of the county suggestions', () => sql`select count(*) from instances where county_id = ${countyId} and definition_id = 'suggestion'`.execute(db));
await time('statement, year:2026', () => selectMonthlyRows(db, q));
await time('readMonthly, year:2026', () => readMonthly(db, rt, countyId, 'suggestion', { kind: 'year', year: 2026 }));
await time('drill-down ids, answered 2026-05', () => monthlyDrillIds(db, countyId, 'suggestion', { metric: 'monthly:answered', part: 'numerator', item: '2026-05', period: { kind: 'year', year: 2026 } }));
const rows = await selectMonthlyRows(db, q);
console.log(`rows: ${rows.length}, answers: ${rows.reduce((s, r) => s + r.answers.length, 0)}`);
await db.destroy();
