/**
 * W-report (issue 14, Performance): a province-sized store on real PostgreSQL, and the county
 * dashboard (GET /api/statistics/suggestion) and the per-unit table (…/units) of one county over
 * HTTP, p50 / p95, beside the same-run baseline of a count(*) over that county's instances.
 * Target: dashboard p95 ≤ 300 ms and ≤ 20 × the baseline's p95.
 *
 *   BENCH_ONLY=w-report npm run bench                       # default: 10 counties × ~10,000 instances
 *   BENCH_ONLY=w-report BENCH_WREPORT_FULL=1 npm run bench  # the province: 100 counties × ~10,000 = ~1,000,000
 *
 * A plain `npm run bench` runs it last at the default size. Options (env):
 * BENCH_WREPORT_COUNTIES (10; 100 with BENCH_WREPORT_FULL), BENCH_WREPORT_PER_COUNTY (10,000
 * instances, children included), BENCH_WREPORT_RUNS (30 requests of each kind),
 * BENCH_WREPORT_DB=<name> (measure an existing W-report database again, no seeding — with
 * BENCH_KEEP_DB=1 a seeded database is kept for that), BENCH_KEEP_DB=1.
 *
 * Each run reads the dashboard and the unit table with nothing changed since the last reading,
 * then writes one of the county's suggestions as a step would (version + 1, updated_at, and its
 * statistics projection row with another category, in one statement) and reads the dashboard
 * again: the figures computed afresh from the projection rows in memory after reading the one
 * changed row (runtime/store/statistics-projection.ts). The bulk copy writes instances only, so
 * the projection is back-filled after it as migration 022 does on an existing store (timed).
 *
 * How the store is seeded (printed too): driving a million instances through HTTP would take
 * hours, so 12 suggestions are driven through the real engine in process (the app's routes on
 * app.request, a simulated clock: registration, assignment to one unit or split between two,
 * answers A/B/C, feedback, a re-handling, one still in handling, one closed without feedback),
 * and their genuine rows — instances (suggestion + assignment children), instance_events,
 * tasks — are then bulk-copied in SQL (INSERT … SELECT over generate_series, one statement per
 * table and batch of counties) into every county with new ids and varied submission dates
 * (2025-01 to 2026-11, so about half in the measured year), categories, sources, origins,
 * supervision levels, answering units (15 per county), results and satisfaction.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, migrateToLatest, openPostgres, runDueTimers, seedDemo, SimulatedClock, type Database, type DatabaseHandle } from '../../runtime/store/index.ts';
import { fillStatisticsProjection } from '../../runtime/store/statistics-projection.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { percentile } from './http.ts';

const CATEGORIES = ['EDU_SCI_CULT_HEALTH_SPORT', 'TRANSPORT_POST_TELECOM', 'AGRI_FOREST_WATER', 'INDUSTRY_ECONOMY', 'URBAN_RURAL_CONSTRUCTION', 'OTHER'];
const SOURCES = ['RESEARCH', 'INSPECTION', 'GROUP_ACTIVITY', 'VISIT', 'CONSTITUENT', 'OTHER'];
const LEVELS = ['GENERAL', 'GENERAL', 'GENERAL', 'KEY_COMMITTEE', 'KEY_CHAIR'];
const RESULTS = ['A', 'A', 'A', 'B', 'B', 'C', 'D'];
const SATISFACTION = ['SATISFIED', 'SATISFIED', 'SATISFIED', 'BASIC', 'UNSATISFIED'];
/** Answering units of every county: the demo's three and twelve more. */
const EXTRA_UNITS = ['交通运输局', '农业农村局', '自然资源局', '生态环境局', '水利局', '民政局', '人力资源和社会保障局', '财政局', '公安局', '文化和旅游局', '市场监督管理局', '城市管理局'];
const UNIT_IDS = ['unit-housing', 'unit-education', 'unit-health', ...EXTRA_UNITS.map((_, i) => `unit-wr-${String(i + 1).padStart(2, '0')}`)];

const sqlList = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/** The 12 template suggestions, driven through the engine in process (as test/bench/statistics-explain.ts does). */
async function driveTemplates(url: string): Promise<void> {
  const handle = openPostgres(url);
  try {
    await driveSuggestionTemplates(handle);
  } finally {
    await handle.close();
  }
}

/**
 * The 12 template suggestions of the demo county (migrated and seeded first), on an open
 * database of either kind; test/bench/scale.ts drives its other processes' templates beside them.
 */
export async function driveSuggestionTemplates(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  {
    await migrateToLatest(db);
    await seedDemo(db);
    const clock = new SimulatedClock('2026-03-02T01:00:00Z');
    const rt = createRuntime({ clock });
    await rt.registry.registerFiles(db, readPackages());
    const app = createApp({
      db,
      dbKind: handle.kind,
      secret: 'bench-secret',
      clock,
      extra: (api) => mountWorkRoutes(api, { db, rt }),
    });
    const call = async (token: string | null, method: string, path: string, body?: unknown) => {
      const res = await app.request(`/api${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const login = async (u: string) =>
      (
        await call(null, 'POST', '/auth/login', {
          username: u,
          password: 'demo',
        })
      ).body.token as string;
    const d = suggestionDriver(call, login);
    const units: Array<[string, string]> = [
      ['unit-housing', 'unit1'],
      ['unit-education', 'unit2'],
      ['unit-health', 'unit3'],
    ];
    for (let i = 0; i < 12; i++) {
      const deputy = `deputy${(i % 5) + 1}`;
      const s = await d.start(deputy, {
        origin: i % 6 === 5 ? 'RECESS' : 'SESSION',
        sourceCode: SOURCES[i % 6],
      });
      await d.act('staff', s, 'ACCEPT', { categoryCode: CATEGORIES[i % 6] });
      const [unitId, unitUser] = units[i % 3] as [string, string];
      const split = i === 7;
      await d.act('staff', s, 'PROPOSE_ASSIGNMENT', {
        viaGovOffice: false,
        supervisionLevel: i % 4 === 0 ? 'KEY_COMMITTEE' : 'GENERAL',
        ...(split
          ? {
              mode: 'SEPARATE',
              separateUnitIds: ['unit-housing', 'unit-education'],
            }
          : { mode: 'SINGLE', leadUnitId: unitId }),
      });
      await d.act('staff', s, 'APPROVE_ASSIGNMENT', {});
      const handled: Array<[string, string]> = split
        ? [
            ['unit-housing', 'unit1'],
            ['unit-education', 'unit2'],
          ]
        : [[unitId, unitUser]];
      for (const [, user] of handled) {
        await d.act(user, s, 'ACCEPT');
        await d.act(user, s, 'LOG_CONSULTATION', consult);
        if (i === 11) break; // still in handling
        await d.act(user, s, 'START_DRAFT');
        await d.issue(user, s, answer(['A', 'A', 'B', 'C'][i % 4] as string));
        if (i === 10) break; // no feedback
        if (i === 3) {
          await d.act(deputy, s, 'FEEDBACK', {
            consultationHappened: 'FACE',
            resultSatisfaction: 'UNSATISFIED',
            comments: '措施不具体。',
          });
          await d.issue(user, s, answer('A'));
        }
        await d.act(deputy, s, 'FEEDBACK', {
          consultationHappened: 'FACE',
          resultSatisfaction: i % 5 === 1 ? 'BASIC' : 'SATISFIED',
        });
      }
    }
    // The feedback windows of the ones without feedback run out: they close as 未反馈.
    clock.set('2026-03-20T00:00:00Z');
    await runDueTimers(db, rt);
  }
}

/** One SQL text at a time, on one connection (the temporary template tables live on it). */
export type Query = (text: string) => Promise<{ rows: any[]; rowCount: number }>;

export const clientQuery =
  (client: pg.Client): Query =>
  async (text) => {
    const r = await client.query(text);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };

/** On a Kysely handle of one connection: PGlite, or openPostgres(url, 1). */
export const kyselyQuery =
  (db: Kysely<Database>): Query =>
  async (text) => {
    const r = await sql.raw(text).execute(db);
    return { rows: r.rows as any[], rowCount: Number(r.numAffectedRows ?? 0) };
  };

async function columns(q: Query, table: string): Promise<Array<{ name: string; timestamp: boolean }>> {
  const r = await q(`select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = '${table}' order by ordinal_position`);
  return r.rows.map((row: { column_name: string; data_type: string }) => ({ name: row.column_name, timestamp: row.data_type.startsWith('timestamp') }));
}

export interface Seeded {
  instances: number;
  events: number;
  tasks: number;
  timers: number;
  ballots: number;
  seconds: number;
  /** Copies per county made so far (pass it as `done` to grow the store further). */
  copies: number;
}

export interface CopyOptions {
  counties: number;
  /** Instances per county wanted (about: whole copies of the templates). */
  perCounty: number;
  /** Whose demo-county instances are the templates: the suggestion and its assignments (default), or every instance of the county. */
  definitions?: readonly string[] | 'all';
  /** Copies per county an earlier call made, to grow the store (the first call, 0, also adds the counties and their units). */
  done?: number;
  /** Also the templates' pending timers (due again in the coming year, counted from now) and their ballots. */
  timersAndBallots?: boolean;
}

/**
 * Copies the templates into `counties` counties (the demo county is the first) until each holds
 * about `perCounty` instances. Template rows are those of the demo county before the first copy;
 * copy g of county c gets ids `<template id>~<c>~<g>`.
 */
export async function copyTemplates(q: Query, opts: CopyOptions): Promise<Seeded> {
  const { counties, perCounty } = opts;
  const done = opts.done ?? 0;
  const defs = opts.definitions ?? ['suggestion', 'suggestion-assignment'];
  const tplWhere = `county_id = 'demo'${defs === 'all' ? '' : ` and definition_id in (${defs.map((d) => `'${d}'`).join(', ')})`}`;
  // Kept on the connection: a store grown in steps copies the same templates each time.
  await q(`create temporary table if not exists wr_tpl as select * from instances where ${tplWhere}`);
  await q(`create temporary table if not exists wr_ev as select e.* from instance_events e join wr_tpl t on t.county_id = e.county_id and t.id = e.instance_id`);
  await q(`create temporary table if not exists wr_tasks as select k.* from tasks k join wr_tpl t on t.county_id = k.county_id and t.id = k.instance_id`);
  if (opts.timersAndBallots) {
    await q(`create temporary table if not exists wr_timers as select k.* from timers k join wr_tpl t on t.county_id = k.county_id and t.id = k.instance_id`);
    await q(`create temporary table if not exists wr_ballots as select k.* from ballots k join wr_tpl t on t.county_id = k.county_id and t.id = k.instance_id`);
  }
  const templates = Number((await q(`select count(*) as n from wr_tpl`)).rows[0]?.n);
  const copies = Math.max(1, Math.round(perCounty / templates) - 1);
  if (done === 0) {
    // The other counties (regions under the demo city) and every county's answering units.
    await q(
      `insert into regions (id, parent_id, level, code, name, name_en)
       select 'wr-' || lpad(c::text, 3, '0'), 'demo-city', 'county', 'wr-' || lpad(c::text, 3, '0'), '压测县' || c, 'Bench County ' || c from generate_series(1, ${counties - 1}) c`,
    );
    await q(
      `insert into units (county_id, id, name, name_en)
       select r.id, u.id, u.name, null from regions r cross join unnest(${sqlList(UNIT_IDS)}, ${sqlList(UNIT_IDS.map((id, i) => (i < 3 ? '' : `县${EXTRA_UNITS[i - 3]}`)))}) as u(id, name)
       where r.level = 'county' and (r.id like 'wr-%' or u.id like 'unit-wr-%')
       on conflict do nothing`,
    );
  }
  const seeded: Seeded = { instances: 0, events: 0, tasks: 0, timers: 0, ballots: 0, seconds: 0, copies };
  if (copies <= done) return seeded;
  const county = `case when c.n = 0 then 'demo' else 'wr-' || lpad(c.n::text, 3, '0') end`;
  const newId = (col: string) => `${col} || '~' || c.n || '~' || g`;
  // One number per copy (county c, copy g) that the varied facts are drawn from; a child adds its own offset.
  const k = `(c.n * 7919 + g * 104729)`;
  // Submission day: 2025-01-01 + 0…699 days (to 2026-11-30), 02:00 UTC.
  const day = `(${k} % 700)`;
  const ctx = (path: string) => `'{machine,context,${path}}'`;
  const setIf = (expr: string, path: string, value: string) => `case when ${expr} #> ${ctx(path)} is not null then jsonb_set(${expr}, ${ctx(path)}, to_jsonb(${value})) else ${expr} end`;
  const pickOf = (xs: readonly string[], n: string) => `(${sqlList(xs)})[1 + (${n}) % ${xs.length}]`;
  let snapshot = 't.snapshot';
  // Top-level suggestions.
  snapshot = setIf(snapshot, 'submittedAt', `to_char(timestamptz '2025-01-01 02:00:00+00' + ${day} * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"')`);
  snapshot = setIf(snapshot, 'categoryCode', pickOf(CATEGORIES, `${k} / 3`));
  snapshot = setIf(snapshot, 'sourceCode', pickOf(SOURCES, `${k} / 5`));
  snapshot = setIf(snapshot, 'supervisionLevel', pickOf(LEVELS, `${k} / 7`));
  snapshot = `case when t.definition_id = 'suggestion' then jsonb_set(${snapshot}, ${ctx('origin')}, to_jsonb(case when ${k} % 6 = 5 then 'RECESS' else 'SESSION' end)) else ${snapshot} end`;
  const parentSnapshot = snapshot;
  // Answering units (children): unit, result, satisfaction.
  const kc = `(${k} + length(t.id) * 31 + ascii(right(t.id, 1)))`;
  snapshot = setIf('t.snapshot', 'unitId', pickOf(UNIT_IDS, `${kc} / 11`));
  snapshot = setIf(snapshot, 'answer,resultCode', pickOf(RESULTS, `${kc} / 13`));
  snapshot = `case when t.snapshot #>> ${ctx('satisfaction')} is not null then jsonb_set(${snapshot}, ${ctx('satisfaction')}, to_jsonb(${pickOf(SATISFACTION, `${kc} / 17`)})) else ${snapshot} end`;
  const childSnapshot = snapshot;
  // Other processes' templates move by the same days as a suggestion's (their dates are the simulated clock's too).
  const shift = `((timestamptz '2025-01-01 02:00:00+00' + ${day} * interval '1 day') - timestamptz '2026-03-02 01:00:00+00')`;
  /** Every column as in the template, but the county, the ids and the timestamps (moved by the copy's shift). */
  const select = (cols: Array<{ name: string; timestamp: boolean }>, overrides: Record<string, string>) =>
    cols.map((c) => overrides[c.name] ?? (c.timestamp ? `t.${c.name} + ${shift}` : `t.${c.name}`)).join(', ');
  const names = (cols: Array<{ name: string }>) => cols.map((c) => c.name).join(', ');
  const ic = await columns(q, 'instances');
  const ec = await columns(q, 'instance_events');
  const tc = await columns(q, 'tasks');
  const t0 = performance.now();
  const batch = 10;
  for (let from = 0; from < counties; from += batch) {
    const to = Math.min(counties, from + batch) - 1;
    const cs = `generate_series(${from}, ${to}) c(n)`;
    const gs = `generate_series(${done + 1}, ${copies + 1}) g`;
    // The demo county keeps its templates (copy 0), the others get one copy more.
    const gFor = `g > ${done} + case when c.n = 0 or ${done} = 0 then 0 else 1 end and g <= ${copies} + case when c.n = 0 then 0 else 1 end`;
    const i = await q(
      `insert into instances (${names(ic)})
       select ${select(ic, { county_id: county, id: newId('t.id'), parent_id: `case when t.parent_id is null then null else ${newId('t.parent_id')} end`, snapshot: `case when t.parent_id is null then ${parentSnapshot} else ${childSnapshot} end` })}
       from wr_tpl t, ${cs}, ${gs} where ${gFor}`,
    );
    // Events and tasks keep their instance's date shift: the parent's copy number decides it for a child too.
    const e = await q(
      `insert into instance_events (${names(ec)})
       select ${select(ec, { county_id: county, instance_id: newId('t.instance_id') })}
       from wr_ev t, ${cs}, ${gs} where ${gFor}`,
    );
    const k2 = await q(
      `insert into tasks (${names(tc)})
       select ${select(tc, { county_id: county, id: newId('t.id'), instance_id: newId('t.instance_id') })}
       from wr_tasks t, ${cs}, ${gs} where ${gFor}`,
    );
    seeded.instances += i.rowCount;
    seeded.events += e.rowCount;
    seeded.tasks += k2.rowCount;
    if (opts.timersAndBallots) {
      const mc = await columns(q, 'timers');
      const bc = await columns(q, 'ballots');
      // Pending timers fall due in the coming year (from now, not from the copy's dates: the server's scheduler would fire past ones at once).
      const tm = await q(
        `insert into timers (${names(mc)})
         select ${select(mc, { county_id: county, id: newId('t.id'), instance_id: newId('t.instance_id'), fire_at: `now() + (1 + (${k} + length(t.id)) % 365) * interval '1 day'` })}
         from wr_timers t, ${cs}, ${gs} where ${gFor}`,
      );
      const b = await q(
        `insert into ballots (${names(bc)})
         select ${select(bc, { county_id: county, id: newId('t.id'), instance_id: newId('t.instance_id') })}
         from wr_ballots t, ${cs}, ${gs} where ${gFor}`,
      );
      seeded.timers += tm.rowCount;
      seeded.ballots += b.rowCount;
    }
    const s = (performance.now() - t0) / 1000;
    console.log(`    counties ${from}–${to}: ${seeded.instances} instances, ${seeded.events} events, ${seeded.tasks} tasks${opts.timersAndBallots ? `, ${seeded.timers} timers, ${seeded.ballots} ballots` : ''} so far (${s.toFixed(0)} s)`);
  }
  await q('analyze');
  seeded.seconds = (performance.now() - t0) / 1000;
  return seeded;
}

async function waitFor(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error('W-report: server exited');
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('W-report: server did not start');
}

export async function wReportBench(adminUrl: string, port: number): Promise<void> {
  const full = Boolean(process.env.BENCH_WREPORT_FULL);
  const counties = Number(process.env.BENCH_WREPORT_COUNTIES ?? (full ? 100 : 10));
  const perCounty = Number(process.env.BENCH_WREPORT_PER_COUNTY ?? 10_000);
  const runs = Number(process.env.BENCH_WREPORT_RUNS ?? 30);
  const existing = process.env.BENCH_WREPORT_DB;
  const db = existing ?? `bench_wreport_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  console.log(`W-report: ${existing ? `database ${db} as it is` : `${counties} counties × ~${perCounty} instances`} on PostgreSQL`);
  const drop = () => {
    if (process.env.BENCH_KEEP_DB || existing) console.log(`  kept database ${db}`);
    else execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`]);
  };
  if (!existing) {
    execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
    try {
      const t0 = performance.now();
      await driveTemplates(url.toString());
      console.log(
        `  seeding: 12 suggestions driven through the engine in process (${((performance.now() - t0) / 1000).toFixed(1)} s), then their instances, events and tasks bulk-copied in SQL (INSERT … SELECT generate_series) with new ids and varied dates, categories, sources, units, results and satisfaction`,
      );
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const s = await copyTemplates(clientQuery(client), { counties, perCounty });
        const rows = s.instances + s.events + s.tasks;
        console.log(
          `  seeded ${s.instances} instances, ${s.events} events, ${s.tasks} tasks in ${s.seconds.toFixed(1)} s (analyze included): ${(rows / s.seconds).toFixed(0)} rows/s, ${(s.instances / s.seconds).toFixed(0)} instances/s`,
        );
        // The bulk copy wrote instances only: the statistics projection's back-fill (migration 022's, as on an existing store) writes their rows.
        await client.query('delete from statistics_projection_shapes');
        const t1 = performance.now();
        const handle = openPostgres(url.toString());
        try {
          const filled = await fillStatisticsProjection(handle.db);
          await client.query('analyze statistics_facts');
          const secs = (performance.now() - t1) / 1000;
          const n = filled.reduce((a, f) => a + f.rows, 0);
          console.log(`  statistics projection back-filled: ${n} rows (${filled.map((f) => `${f.definitionId} ${f.rows}`).join(', ')}) in ${secs.toFixed(1)} s (${(n / secs).toFixed(0)} rows/s)`);
        } finally {
          await handle.close();
        }
      } finally {
        await client.end();
      }
    } catch (err) {
      drop();
      throw err;
    }
  }
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const secret = randomBytes(32).toString('base64url');
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      TOKEN_SECRET: secret,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(base, server);
    const sizes = (
      await client.query<{
        instances: string;
        mine: string;
        suggestions: string;
        events: string;
        tasks: string;
        bytes: string;
      }>(
        `select (select count(*) from instances) as instances, (select count(*) from instances where county_id = 'demo') as mine,
        (select count(*) from instances where county_id = 'demo' and definition_id = 'suggestion' and parent_id is null) as suggestions,
        (select count(*) from instance_events) as events, (select count(*) from tasks) as tasks, pg_database_size(current_database()) as bytes`,
      )
    ).rows[0]!;
    console.log(
      `  store: ${sizes.instances} instances, ${sizes.events} events, ${sizes.tasks} tasks (${(Number(sizes.bytes) / 2 ** 30).toFixed(1)} GiB); the measured county: ${sizes.mine} instances, ${sizes.suggestions} suggestions`,
    );
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'staff', password: 'demo' }),
    });
    const token = ((await login.json()) as { token: string }).token;
    const get = async (path: string): Promise<{ ms: number; body: any }> => {
      const t = performance.now();
      const res = await fetch(`${base}/api${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as any;
      if (!res.ok) throw new Error(`W-report ${path}: ${res.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - t, body };
    };
    const period = 'year:2026';
    const baselineSql = `select count(*) from instances where county_id = 'demo'`;
    const count = async () => {
      const t = performance.now();
      await client.query(baselineSql);
      return performance.now() - t;
    };
    // Warm up: the server's caches (definitions, catalogue), the database's buffers.
    const first = await get(`/statistics/suggestion?period=${period}`);
    await get(`/statistics/suggestion/units?period=${period}`);
    await count();
    const total = (first.body.metrics as Array<{ id: string; count?: number }>).find((m) => m.id === 'total')?.count;
    const ms = { dashboard: [] as number[], units: [] as number[], baseline: [] as number[], changed: [] as number[] };
    // What a step's write does to the figures' stamp (version + 1, updated_at), on one of the county's suggestions.
    const ids = (await client.query<{ id: string }>(`select id from instances where county_id = 'demo' and definition_id = 'suggestion' and parent_id is null order by id limit ${runs}`)).rows.map((r) => r.id);
    for (let i = 0; i < runs; i++) {
      ms.baseline.push(await count());
      ms.dashboard.push((await get(`/statistics/suggestion?period=${period}`)).ms);
      ms.units.push((await get(`/statistics/suggestion/units?period=${period}`)).ms);
      // As a step writes: the instance and, in the same statement, its statistics projection row (a new transaction id; the category changed).
      await client.query(
        `with u as (update instances set version = version + 1, updated_at = now() where county_id = 'demo' and id = $1 returning id)
         update statistics_facts set facts = jsonb_set(facts, '{context.categoryCode}', to_jsonb($2::text)), xid = pg_current_xact_id()
         where county_id = 'demo' and instance_id in (select id from u)`,
        [ids[i % ids.length], CATEGORIES[i % CATEGORIES.length]],
      );
      ms.changed.push((await get(`/statistics/suggestion?period=${period}`)).ms);
    }
    Object.values(ms).forEach((a) => a.sort((x, y) => x - y));
    const line = (a: number[]) => `p50 ${percentile(a, 50).toFixed(1)} ms, p95 ${percentile(a, 95).toFixed(1)} ms`;
    const p95 = percentile(ms.dashboard, 95);
    const base95 = percentile(ms.baseline, 95);
    console.log(`  county dashboard, ${period} (${total} suggestions counted), ${runs} runs each, interleaved:`);
    console.log(`    baseline ${baselineSql} (pg, this process): ${line(ms.baseline)}`);
    console.log(`    GET /api/statistics/suggestion: ${line(ms.dashboard)}; p95 ÷ baseline p95 = ${(p95 / base95).toFixed(1)} (target: p95 ≤ 300 ms and ≤ 20×: ${p95 <= 300 && p95 <= 20 * base95 ? 'met' : 'NOT met'})`);
    console.log(`    GET /api/statistics/suggestion/units: ${line(ms.units)}`);
    console.log(`    GET /api/statistics/suggestion right after a write to one of the county's suggestions (figures computed again): ${line(ms.changed)}`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await client.end();
    drop();
  }
}
