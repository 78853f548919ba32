/**
 * The deputy archive's reads on a seeded county (runtime/store/sql/deputy-archive-*.ts,
 * runtime/store/deputy-archive.ts): `npx tsx test/bench/deputy-archive-explain.ts postgres://…/db`
 * migrates an EMPTY database, seeds the demo county, copies in a county's worth of work
 * (INSERT … SELECT generate_series: suggestions, reception days and constituent issues over three
 * years, the deputies named in turn), then prints the best of 5 of the instances statement
 * (EXPLAIN ANALYZE execution time) and of the whole read model for demo-deputy1's year.
 */
import { sql } from 'kysely';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, migrateToLatest, openPostgres, readDeputyArchive, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { selectArchiveInstances } from '../../runtime/store/sql/deputy-archive-instances.ts';
import { compiledPackages } from '../support/compiled-packages.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: deputy-archive-explain.ts <database url of an empty database>');
const N = Number(process.env.ARCHIVE_BENCH_SUGGESTIONS ?? 10_000);
const handle = openPostgres(url, 2);
const db = handle.db;
await migrateToLatest(db);
await seedDemo(db);
const clock = new SimulatedClock('2026-12-01T02:00:00Z');
const rt = createRuntime({ clock, compiled: compiledPackages() });
await rt.registry.registerFiles(db, readPackages());
const hash = (id: string) => rt.registry.latestFor('demo', id).hash;
// Deputies named in turn among D (default 200, a county's roster; only demo-deputy1…5 are on the demo roster, which the statement does not read).
const D = Number(process.env.ARCHIVE_BENCH_DEPUTIES ?? 200);
const deputy = (expr: string) => sql.raw(`'demo-deputy' || ((${expr}) % ${D} + 1)`);
const t0 = performance.now();
// Suggestions: lead deputy in turn, the next one co-signing; dates spread over 2024–2026.
await sql`insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
  select 'demo', 'bench-s-' || g, 'suggestion', ${hash('suggestion')}, null, null, '关于第' || g || '件事项的建议',
    case when g % 3 = 0 then 'concluded' else 'inHandling' end, 'active',
    jsonb_build_object('machine', jsonb_build_object('value', 'inHandling', 'context', jsonb_build_object(
      'leadDeputyId', ${deputy('g')}, 'coSignerIds', jsonb_build_array(${deputy('g + 1')}),
      'submittedAt', to_char(timestamptz '2024-01-01' + (g % 1095) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'serialNo', '十八届一次-' || g, 'assignments', '[]'::jsonb, 'satisfaction', null))),
    3, ${deputy('g')}, timestamptz '2024-01-01' + (g % 1095) * interval '1 day', timestamptz '2024-01-01' + (g % 1095) * interval '1 day'
  from generate_series(1, ${N}) g`.execute(db);
for (const [id, key] of [['reception-session', 'startsAt'], ['constituent-issue', 'receivedAt']] as const) {
  await sql`insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
    select 'demo', ${`bench-${id}-`} || g, ${id}, ${hash(id)}, null, null, '第' || g || '项', 'closed', 'done',
      jsonb_build_object('machine', jsonb_build_object('value', 'closed', 'context', jsonb_build_object(
        'deputyIds', jsonb_build_array(${deputy('g')}), 'stationName', '城关镇人大代表之家',
        ${key}::text, to_char(timestamptz '2024-01-01' + (g % 1095) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))),
      3, 'demo-staff', timestamptz '2024-01-01' + (g % 1095) * interval '1 day', timestamptz '2024-01-01' + (g % 1095) * interval '1 day'
    from generate_series(1, ${Math.round(N / 5)}) g`.execute(db);
}
await sql`analyze instances`.execute(db);
const seeded = await sql<{ n: string }>`select count(*) as n from instances where county_id = 'demo'`.execute(db);
console.log(`seeded ${seeded.rows[0]!.n} instances in the county in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const viewer = { id: 'demo-deputy1', roles: ['deputy'], unitId: null };
const statement: number[] = [];
const page: number[] = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  let s = performance.now();
  rows = (await selectArchiveInstances(db, 'demo', 'demo-deputy1', 2026, viewer)).length;
  statement.push(performance.now() - s);
  s = performance.now();
  await readDeputyArchive(db, rt, 'demo', viewer, 'demo-deputy1', 2026);
  page.push(performance.now() - s);
}
const best = (xs: number[]) => Math.min(...xs).toFixed(1);
console.log(`instances statement: ${rows} rows, best ${best(statement)} ms (runs: ${statement.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`whole archive read model: best ${best(page)} ms (runs: ${page.map((x) => x.toFixed(0)).join(', ')})`);
const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(`load average ${load}`);
await handle.close();
