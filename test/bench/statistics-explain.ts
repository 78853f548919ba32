/**
 * Time of the suggestion statistics (runtime/store/statistics.ts, sql/statistics-rows.ts) on
 * a county with a few thousand suggestions, on real PostgreSQL:
 *
 *   psql -h 127.0.0.1 -U postgres -c 'drop database if exists cf_metrics_bench' -c 'create database cf_metrics_bench'
 *   npx tsx test/bench/statistics-explain.ts postgres://postgres@127.0.0.1:5432/cf_metrics_bench [copies=250]
 *
 * Builds the year: 12 suggestions driven through the API (start, register, assign, answer,
 * feedback, a re-handling, a split between two units, one still in handling, one without
 * feedback), then copies each of them with its child instances and open tasks `copies` times
 * in SQL (new ids, same snapshots), and as many again with a submission date in 2025 so the
 * period filter has rows to skip. Prints the best and median of 7 runs of: the statement
 * alone, GET-equivalent readStatistics and readUnitTable, a drill-down's ids, and a baseline
 * count(*) of the county's suggestions; then EXPLAIN ANALYZE of the statement.
 */
import { sql } from 'kysely';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, drillIds, migrateToLatest, openPostgres, readStatistics, readUnitTable, runDueTimers, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { selectStatisticsRows } from '../../runtime/store/sql/statistics-rows.ts';
import { baseCatalogue } from '../../runtime/store/statistics.ts';
import type { Catalogue } from '../../runtime/statistics/catalogue.ts';
import { yearBounds } from '../../runtime/statistics/period.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: statistics-explain.ts <database url> [copies]');
const copies = Number(process.argv[3] ?? 250);
const handle = openPostgres(url);
const db = handle.db;
await migrateToLatest(db);
const seed = await seedDemo(db);
const countyId = seed.countyId;
const clock = new SimulatedClock('2026-03-02T01:00:00Z');
const rt = createRuntime({ clock });
await rt.registry.registerFiles(db, readPackages());
const app = createApp({ db, dbKind: handle.kind, secret: 'bench-secret', clock, extra: (api) => mountWorkRoutes(api, { db, rt }) });
const call = async (token: string | null, method: string, path: string, body?: unknown) => {
  const res = await app.request(`/api${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const tokens = new Map<string, string>();
const token = async (u: string) => tokens.get(u) ?? (tokens.set(u, (await call(null, 'POST', '/auth/login', { username: u, password: 'demo' })).token), tokens.get(u) as string);
const act = async (user: string, id: string, outcome: string, data?: unknown) => {
  const view = await call(await token('staff'), 'GET', `/instances/${id}`);
  const mine = new Set<string>([id, ...(view.children ?? []).map((c: { id: string }) => c.id)]);
  const list = await call(await token(user), 'GET', '/tasks?mine=1&limit=500');
  const task = list.tasks.find((t: any) => mine.has(t.instanceId) && t.outcomes.some((o: any) => o.event === outcome));
  if (!task) throw new Error(`${user} has no ${outcome} on ${id}`);
  await call(await token(user), 'POST', `/tasks/${task.id}/complete`, { outcome, data });
};
// 拟稿 → 审核 → 签发: a demo unit user holds all three positions; no 文号 or 签发人 in the form (allocated and recorded at signing).
const issue = async (user: string, id: string, letter: unknown) => {
  await act(user, id, 'SUBMIT_DRAFT', letter);
  await act(user, id, 'APPROVE_DRAFT');
  await act(user, id, 'SUBMIT_ANSWER');
};
const answer = (resultCode: string) => ({ resultCode, body: '答复正文。', contactPerson: '赵强', contactPhone: '0571-88881234', sealed: true, ccOffices: ['office-deputy-affairs'], publishable: false, ...(resultCode === 'A' ? {} : { commitments: [{ text: '年底前完成', dueDate: '2026-12-31' }] }) });
const consult = { date: '2026-03-03', mode: 'FACE_TO_FACE', summary: '当面沟通办理思路。' };
const categories = ['EDU_SCI_CULT_HEALTH_SPORT', 'TRANSPORT_POST_TELECOM', 'AGRI_FOREST_WATER', 'INDUSTRY_ECONOMY', 'URBAN_RURAL_CONSTRUCTION', 'OTHER'];
const sources = ['RESEARCH', 'INSPECTION', 'GROUP_ACTIVITY', 'VISIT', 'CONSTITUENT', 'OTHER'];
const units: Array<[string, string]> = [['unit-housing', 'unit1'], ['unit-education', 'unit2'], ['unit-health', 'unit3']];
const templates: string[] = [];
const t0 = performance.now();
// A database built by an earlier run is measured again as it is.
const built = Number((await sql<{ n: number }>`select count(*) as n from instances where county_id = ${countyId}`.execute(db)).rows[0]?.n ?? 0) > 1000;
for (let i = 0; i < (built ? 0 : 12); i++) {
  const deputy = `deputy${(i % 5) + 1}`;
  const s = (await call(await token(deputy), 'POST', '/definitions/suggestion/instances', { data: { title: `关于第${i}件事的建议`, body: '建议内容。', leadDeputyId: `demo-${deputy}`, origin: i % 6 === 5 ? 'RECESS' : 'SESSION', sourceCode: sources[i % 6] } })).id as string;
  templates.push(s);
  await act('staff', s, 'ACCEPT', { categoryCode: categories[i % 6] });
  const [unitId, unitUser] = units[i % 3] as [string, string];
  const split = i === 7;
  await act('staff', s, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: i % 4 === 0 ? 'KEY_COMMITTEE' : 'GENERAL', ...(split ? { mode: 'SEPARATE', separateUnitIds: ['unit-housing', 'unit-education'] } : { mode: 'SINGLE', leadUnitId: unitId }) });
  await act('staff', s, 'APPROVE_ASSIGNMENT', {});
  const handled: Array<[string, string]> = split ? [['unit-housing', 'unit1'], ['unit-education', 'unit2']] : [[unitId, unitUser]];
  for (const [, user] of handled) {
    await act(user, s, 'ACCEPT');
    await act(user, s, 'LOG_CONSULTATION', consult);
    if (i === 11) break; // still in handling
    await act(user, s, 'START_DRAFT');
    await issue(user, s, answer(['A', 'A', 'B', 'C'][i % 4] as string));
    if (i === 10) break; // no feedback
    if (i === 3) {
      await act(deputy, s, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '措施不具体。' });
      await issue(user, s, answer('A'));
    }
    await act(deputy, s, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: i % 5 === 1 ? 'BASIC' : 'SATISFIED' });
  }
}
clock.set('2026-03-20T00:00:00Z');
await runDueTimers(db, rt);
if (!built) {
console.log(`12 suggestions through the API in ${Math.round(performance.now() - t0)} ms`);

const ids = sql.join(templates.map((t) => sql`${t}`));
const t1 = performance.now();
await sql`insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
  select i.county_id, i.id || '-' || k, i.definition_id, i.definition_hash, case when i.parent_id is null then null else i.parent_id || '-' || k end, i.parent_key, i.title, i.state, i.status,
    case when k > ${copies} and i.parent_id is null then jsonb_set(i.snapshot, '{machine,context,submittedAt}', to_jsonb('2025-05-01T02:00:00.000Z'::text)) else i.snapshot end,
    i.version, i.created_by, i.created_at, i.updated_at
  from instances i, generate_series(1, ${2 * copies}) k
  where i.county_id = ${countyId} and (i.id in (${ids}) or i.parent_id in (${ids}))`.execute(db);
await sql`insert into tasks (county_id, id, instance_id, key, state_id, role, assignee_id, unit_id, item, title, title_en, outcomes, status, due_at, overdue, claimed_by, outcome, completed_by, created_at, closed_at)
  select t.county_id, t.id || '-' || k, t.instance_id || '-' || k, t.key, t.state_id, t.role, t.assignee_id, t.unit_id, t.item, t.title, t.title_en, t.outcomes, t.status, t.due_at, t.overdue, t.claimed_by, t.outcome, t.completed_by, t.created_at, t.closed_at
  from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id, generate_series(1, ${2 * copies}) k
  where t.county_id = ${countyId} and (i.id in (${ids}) or i.parent_id in (${ids}))`.execute(db);
await sql`analyze`.execute(db);
const counts = await sql<{ parents: number; children: number; tasks: number; bytes: number }>`select count(*) filter (where parent_id is null and definition_id = 'suggestion') as parents, count(*) filter (where parent_id is not null) as children,
  (select count(*) from tasks where county_id = ${countyId}) as tasks, avg(pg_column_size(snapshot))::int as bytes from instances where county_id = ${countyId}`.execute(db);
console.log(`copied in ${Math.round(performance.now() - t1)} ms:`, counts.rows[0]);
}

clock.set('2026-07-01T00:00:00Z');
const period = { kind: 'year' as const, year: 2026 };
const cat = baseCatalogue('suggestion') as Catalogue;
const rowsQuery = { countyId, definitionId: 'suggestion', childDefinitionId: 'suggestion-assignment', facts: cat.facts.suggestion as Record<string, { path: string }>, childFacts: cat.facts.assignment as Record<string, { path: string }>, period: { kind: 'between' as const, path: 'context.submittedAt', ...yearBounds(2026) }, now: clock.now() };
const time = async (name: string, f: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < 7; i++) {
    const a = performance.now();
    await f();
    ms.push(performance.now() - a);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name}: best ${ms[0]!.toFixed(1)} ms, median ${ms[3]!.toFixed(1)} ms`);
};
const stats = await readStatistics(db, rt, countyId, 'suggestion', period);
console.log('total in 2026:', (stats.metrics.find((m) => m.id === 'total') as any).count, 'assigned:', (stats.metrics.find((m) => m.id === 'assigned') as any).count);
await time('baseline count(*) of the county’s suggestions', () => sql`select count(*) from instances where county_id = ${countyId} and definition_id = 'suggestion' and parent_id is null`.execute(db));
await time('statement (sql/statistics-rows.ts)', () => selectStatisticsRows(db, rowsQuery));
await time('readStatistics (GET /api/statistics/suggestion)', () => readStatistics(db, rt, countyId, 'suggestion', period));
await time('readUnitTable (GET …/units)', () => readUnitTable(db, rt, countyId, 'suggestion', period));
await time('drillIds (register drill-down, results A)', () => drillIds(db, rt, countyId, 'suggestion', { metric: 'results', part: 'numerator', item: 'A', period }));
tokens.clear(); // the clock moved: log in again
const staff = await token('staff');
await time('HTTP GET /api/statistics/suggestion?period=year:2026', () => call(staff, 'GET', '/statistics/suggestion?period=year:2026'));
await time('HTTP GET /api/register drill-down (results A, first page)', () => call(staff, 'GET', '/register?definition=suggestion&period=year:2026&metric=results&part=numerator&item=A'));
let captured = '';
let params: readonly unknown[] = [];
const { Kysely, PostgresDialect } = await import('kysely');
const pg = (await import('pg')).default;
const pool = new pg.Pool({ connectionString: url, max: 1 });
const spy = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => { captured = e.query.sql; params = e.query.parameters; } });
await selectStatisticsRows(spy, rowsQuery);
const plan = await pool.query(`explain (analyze, buffers) ${captured}`, params as unknown[]);
console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
await spy.destroy();
await handle.close();
