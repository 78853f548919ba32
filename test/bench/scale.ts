/**
 * `npm run bench -- --scale` (issue 17): what the work costs as the store grows. One store on
 * real PostgreSQL (database bench_scale_<pid>, dropped afterwards unless BENCH_KEEP_DB=1) grows
 * 10k → 100k → 1M instances over 100 counties, and at each size a server (server/main.ts, its
 * default flags, its own process) is measured:
 *
 * - W1: 16 clients completing screening tasks over HTTP (as test/bench/run.ts's W1, with
 *   `Prefer: return=minimal`), completions/s;
 * - p95 of the inbox (GET /api/tasks as staff), a register search with a text query
 *   (GET /api/register?definition=suggestion&q=…), an instance page (GET /api/instances/:id of
 *   random instances of the county) and the dashboard (GET /api/statistics/suggestion?period=year:2026),
 *   read one at a time, interleaved, for the demo county (as big as every other county);
 * - the timer drain: BENCH_SCALE_TIMERS (100,000) timers inserted at once, all already due,
 *   copies of the store's pending timers (their instances and events — task deadlines, the
 *   feedback and report-back reminders, windows closing …; the key gets a suffix, one timer per
 *   instance and key being the rule), fired by the server's own scheduler; its rate
 *   beside W1's, and lateness (defined in the output);
 * - the server's RSS (VmRSS) after all that; cold start to the first 200 of /api/health on this
 *   store, on PostgreSQL and on an embedded PGlite data dir seeded the same way (sizes up to
 *   BENCH_SCALE_PGLITE_MAX, 100,000 by default).
 *
 * Seeding (as test/bench/w-report.ts, whose functions it uses): the demo county's templates are
 * driven through the real engine in process — the 12 suggestions of w-report (with their
 * assignment children), the 民生实事 vote and the 监督 walk of test/replay/walks (ballots,
 * supervision items, timers), an 评议 plan, a constituent issue from the public form (the demo
 * stations are seeded too, but as station rows of the demo county: their reception days made
 * no instances in this mix, and other counties get no stations) — then every instance of the
 * county, with its events, tasks
 * (open and closed), pending timers (moved into the coming year) and ballots, is bulk-copied in
 * SQL into 100 counties, in whole copies, grown per size (one seeding serves every size).
 *
 * Options (env): BENCH_SCALE_SIZES (10000,100000,1000000), BENCH_SCALE_COUNTIES (100),
 * BENCH_SCALE_TIMERS (100000), BENCH_SCALE_W1 (tasks per W1 run, 1600), BENCH_SCALE_RUNS (reads
 * of each kind, 60), BENCH_SCALE_PGLITE_MAX (100000), BENCH_SCALE_DRAIN_MAX_S (900: a drain
 * still running then is reported as it stands), BENCH_CLIENTS (16), BENCH_KEEP_DB=1.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { readPackages } from '../../runtime/definition-files.ts';
import { createRuntime, openDatabase, openPostgres, seedDemoStations, SimulatedClock, type DatabaseHandle } from '../../runtime/store/index.ts';
import { ensureDesignerBuilt } from '../../server/designer.ts';
import { fillStatisticsProjection } from '../../runtime/store/statistics-projection.ts';
import { livelihoodTie } from '../replay/walks/livelihood-tie.ts';
import { supervisionTwoFailures } from '../replay/walks/supervision-two-failures.ts';
import { CITIZEN_ISSUE, intakeApp, STATION } from '../support/constituent.ts';
import { compiledPackages } from '../support/compiled-packages.ts';
import { workApp } from '../support/work-app.ts';
import { percentile, pool, send } from './http.ts';
import { clientQuery, copyTemplates, driveSuggestionTemplates, kyselyQuery, type Query, type Seeded } from './w-report.ts';

const COUNTIES = Number(process.env.BENCH_SCALE_COUNTIES ?? 100);
const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const TIMERS = Number(process.env.BENCH_SCALE_TIMERS ?? 100_000);
const W1_TASKS = Number(process.env.BENCH_SCALE_W1 ?? 1600);
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 60);
const PGLITE_MAX = Number(process.env.BENCH_SCALE_PGLITE_MAX ?? 100_000);
const DRAIN_MAX_S = Number(process.env.BENCH_SCALE_DRAIN_MAX_S ?? 900);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
/** All drain timers are due at 2000-01-01 plus their number in µs: claimed in that order, and easy to count. */
const DRAIN_EPOCH = '2000-01-01 00:00:00+00';

/** Every other process's templates in the demo county, through the engine (the suggestions are w-report's). */
async function driveTemplates(handle: DatabaseHandle): Promise<void> {
  await driveSuggestionTemplates(handle);
  await livelihoodTie.run(await workApp(handle, livelihoodTie.start, { seed: false }));
  // Each walk counts the roll it expects: the vote's 20 added deputies leave it before the supervision walk adds its own.
  await sql`update deputies set active = false, standing_committee = false where county_id = 'demo' and user_id like ${'%gd%'}`.execute(handle.db);
  await supervisionTwoFailures.run(await workApp(handle, supervisionTwoFailures.start, { seed: false }));
  const w = await workApp(handle, '2026-03-02T01:00:00Z', { seed: false });
  const plan = { year: 2026, type: 'DEPARTMENT', subjects: [{ id: 'dept-housing', kind: 'DEPARTMENT', name: '县住房和城乡建设局', unitId: 'unit-housing' }], contentItems: ['DUTY_AND_INTEGRITY', 'SERVICE_STYLE'] };
  const evaluation = await w.call(await w.login('staff'), 'POST', '/definitions/evaluation/instances', { data: plan });
  if (evaluation.status !== 201) throw new Error(`scale: evaluation plan ${evaluation.status} ${JSON.stringify(evaluation.body)}`);
  const intake = await intakeApp(handle, '2026-04-01T01:00:00Z');
  const issue = await intake.pub('POST', `/public/stations/${STATION.code}/issues`, CITIZEN_ISSUE);
  if (issue.status !== 201) throw new Error(`scale: constituent issue ${issue.status} ${JSON.stringify(issue.body)}`);
  const rt = createRuntime({ clock: new SimulatedClock('2026-03-02T01:00:00Z'), compiled: compiledPackages() });
  await rt.registry.registerFiles(handle.db, readPackages());
  await seedDemoStations(handle.db, rt);
}

/** Pending timers of the templates fall due in the coming year (the server's scheduler would fire past ones at once). */
const futureTimers = `update timers set fire_at = now() + (1 + abs(hashtext(id)) % 365) * interval '1 day' where fire_at < now() + interval '1 day'`;

/** The statistics projection of the copied instances (the bulk copy writes instances only), as migration 022's back-fill does. */
async function backfill(q: Query, handle: DatabaseHandle): Promise<number> {
  await q('delete from statistics_projection_shapes');
  const filled = await fillStatisticsProjection(handle.db);
  await q('analyze statistics_facts');
  return filled.reduce((a, f) => a + f.rows, 0);
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Server {
  child: ChildProcess;
  base: string;
  coldMs: number;
  stop(): Promise<void>;
}

/** server/main.ts with its default flags on this store; cold start = spawn until the first 200 of /api/health. */
async function startServer(env: Record<string, string>, port: number): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), TOKEN_SECRET: randomBytes(32).toString('base64url'), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error('scale: server exited');
    if (performance.now() - t0 > 600_000) {
      await stop();
      throw new Error('scale: server did not start in 10 minutes');
    }
    try {
      if ((await send(`${base}/api/health`, 'GET', {})).status === 200) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, base, coldMs: performance.now() - t0, stop };
}

interface Row {
  size: number;
  instances: number;
  seedS: number;
  w1: number;
  inbox: number;
  register: number;
  page: number;
  dashboard: number;
  drainRate: number;
  drainLate99: number;
  drainSeconds: number;
  drained: number;
  rss: number;
  coldPg: number;
  coldPglite: number | null;
  pgliteSeedS: number | null;
}

/** W1, the reads, the timer drain and the RSS against a running server on the PostgreSQL store. */
async function measure(server: Server, client: pg.Client, row: Row): Promise<void> {
  const api = `${server.base}/api`;
  const json = { 'content-type': 'application/json', prefer: 'return=minimal' };
  const call = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await send(`${api}${path}`, method, { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body === undefined ? undefined : JSON.stringify(body));
    return { status: res.status, text: res.text };
  };
  const login = async (username: string) => {
    const r = await call(null, 'POST', '/auth/login', { username, password: 'demo' });
    if (r.status !== 200) throw new Error(`scale: login ${username}: ${r.text}`);
    return (JSON.parse(r.text) as { token: string }).token;
  };
  const deputy = await login('deputy1');
  const staff = await login('staff');

  // W1 as run.ts: the deputy's suggestions started (setup), their screening tasks completed.
  const taskIds: string[] = [];
  await pool(
    Array.from({ length: W1_TASKS }, (_, i) => i),
    CLIENTS,
    async (i) => {
      const r = await call(deputy, 'POST', '/definitions/suggestion/instances', {
        data: { title: `关于加快农村道路亮化设施建设的建议（规模压测 ${row.size}-${i}）`, body: '部分村道夜间无照明，群众出行不便，建议分批安装路灯。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', coSignerIds: ['demo-deputy2'], sourceCode: 'RESEARCH' },
      });
      if (r.status !== 201) throw new Error(`scale: start ${r.status} ${r.text}`);
      taskIds.push((JSON.parse(r.text) as { openTasks: Array<{ id: string }> }).openTasks[0]!.id);
    },
  );
  const w1 = await pool(taskIds, CLIENTS, async (id) => {
    const r = await call(staff, 'POST', `/tasks/${id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } });
    if (r.status !== 200) throw new Error(`scale: complete ${r.status} ${r.text}`);
  });
  row.w1 = taskIds.length / w1.seconds;

  // The reads, one at a time, interleaved.
  const ids = (await client.query<{ id: string }>(`select id from instances where county_id = 'demo' order by md5(id) limit ${RUNS}`)).rows.map((r) => r.id);
  const word = '道路';
  const kinds: Record<'inbox' | 'register' | 'page' | 'dashboard', (i: number) => string> = {
    inbox: () => '/tasks',
    register: () => `/register?definition=suggestion&q=${encodeURIComponent(word)}`,
    page: (i) => `/instances/${encodeURIComponent(ids[i % ids.length]!)}`,
    dashboard: () => '/statistics/suggestion?period=year:2026',
  };
  const ms: Record<keyof typeof kinds, number[]> = { inbox: [], register: [], page: [], dashboard: [] };
  for (let i = -3; i < RUNS; i++) {
    for (const [kind, path] of Object.entries(kinds) as Array<[keyof typeof kinds, (i: number) => string]>) {
      const t = performance.now();
      const r = await call(staff, 'GET', path(Math.max(0, i)));
      if (r.status !== 200) throw new Error(`scale: ${path(i)} ${r.status} ${r.text.slice(0, 300)}`);
      if (i >= 0) ms[kind].push(performance.now() - t);
    }
  }
  for (const k of Object.keys(ms) as Array<keyof typeof ms>) ms[k].sort((a, b) => a - b);
  row.inbox = percentile(ms.inbox, 95);
  row.register = percentile(ms.register, 95);
  row.page = percentile(ms.page, 95);
  row.dashboard = percentile(ms.dashboard, 95);

  // The timer drain: TIMERS copies of the store's pending timers, all due (at the epoch + n µs, so claimed in n's order).
  const events0 = Number((await client.query<{ n: string }>(`select count(*) as n from instance_events`)).rows[0]!.n);
  const failed0 = Number((await client.query<{ n: string }>(`select count(*) as n from outbox where kind = 'timer_failed'`)).rows[0]!.n);
  await client.query(
    `with src as (select county_id, instance_id, key, event, row_number() over (order by md5(county_id || id)) - 1 as r from timers where fire_at > now()),
          m as (select count(*) as c from src)
     insert into timers (county_id, id, instance_id, key, fire_at, event)
     select src.county_id, 'drain-' || n, src.instance_id, src.key || '#drain-' || n, timestamptz '${DRAIN_EPOCH}' + n * interval '1 microsecond', src.event
     from generate_series(0, ${TIMERS - 1}) n join src on src.r = n % (select c from m)`,
  );
  const start = performance.now();
  // Remaining drain timers over time; timers are claimed in fire_at order, so the k-th fired once fewer than TIMERS - k remain.
  const samples: Array<[number, number]> = [];
  for (;;) {
    const left = Number((await client.query<{ n: string }>(`select count(*) as n from timers where fire_at < timestamptz '${DRAIN_EPOCH}' + interval '1 day'`)).rows[0]!.n);
    const s = (performance.now() - start) / 1000;
    samples.push([s, left]);
    if (left === 0 || s > DRAIN_MAX_S) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const [lastS, lastLeft] = samples[samples.length - 1]!;
  row.drained = TIMERS - lastLeft;
  row.drainSeconds = lastS;
  row.drainRate = row.drained / lastS;
  // Lateness of timer k = when it fired − max(its due time, the drain's start) = when it fired − the start (all were due before).
  const firedBy = (k: number) => samples.find(([, left]) => TIMERS - left >= k)?.[0] ?? Infinity;
  row.drainLate99 = firedBy(Math.ceil(0.99 * TIMERS));
  const events = Number((await client.query<{ n: string }>(`select count(*) as n from instance_events`)).rows[0]!.n) - events0;
  const failed = Number((await client.query<{ n: string }>(`select count(*) as n from outbox where kind = 'timer_failed'`)).rows[0]!.n) - failed0;
  console.log(
    `  timer drain: ${row.drained} of ${TIMERS} fired in ${lastS.toFixed(1)} s (${row.drainRate.toFixed(0)}/s; first fired after ${firedBy(1).toFixed(1)} s, half after ${firedBy(TIMERS / 2).toFixed(1)} s); ${events} instance events written, ${failed} timers refused by their instance (timer_failed)`,
  );
  if (lastLeft > 0) await client.query(`delete from timers where fire_at < timestamptz '${DRAIN_EPOCH}' + interval '1 day'`);
  row.rss = rssMb(server.child.pid as number);
  console.log(`  reads p50: inbox ${percentile(ms.inbox, 50).toFixed(1)} ms, register search ${percentile(ms.register, 50).toFixed(1)} ms, instance page ${percentile(ms.page, 50).toFixed(1)} ms, dashboard ${percentile(ms.dashboard, 50).toFixed(1)} ms`);
}

const f = (x: number | null, d = 0) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));

function printTable(rows: Row[]): void {
  console.log('');
  console.log('Scale (issue 17): one store grown 10k → 100k → 1M instances over 100 counties, a server (default flags) on it per size');
  console.log('  lateness = fired_at − max(due_at, drain start), p99; all drain timers were due before the drain started, so it is the time from the start until 99 % had fired');
  const head = ['instances', 'seed s', 'W1/s', 'inbox p95', 'register p95', 'page p95', 'dashboard p95', 'drain/s', 'drain ÷ W1', 'late p99 s', 'RSS MB', 'cold PG ms', 'cold PGlite ms'];
  const lines = rows.map((r) => [String(r.instances), f(r.seedS), f(r.w1), f(r.inbox, 1), f(r.register, 1), f(r.page, 1), f(r.dashboard, 1), f(r.drainRate), f(r.drainRate / r.w1, 2), f(r.drainLate99, 1), f(r.rss), f(r.coldPg), f(r.coldPglite)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => '  ' + cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
  const last = rows[rows.length - 1];
  const first = rows[0];
  if (!last || !first) return;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  console.log(`  targets at ${last.instances} instances${last.size < 1_000_000 ? ' (not the 1M size: BENCH_SCALE_SIZES)' : ''}:`);
  console.log(`    inbox p95 ${f(last.inbox, 1)} ms ≤ 20 ms ${mark(last.inbox <= 20)}; instance page p95 ${f(last.page, 1)} ms ≤ 20 ms ${mark(last.page <= 20)}; register search p95 ${f(last.register, 1)} ms ≤ 100 ms ${mark(last.register <= 100)}`);
  console.log(`    W1 ${f(last.w1)}/s within 20 % of its ${first.instances} figure ${f(first.w1)}/s (${f((100 * last.w1) / first.w1)} %) ${mark(last.w1 >= 0.8 * first.w1)}`);
  console.log(`    timer drain ${f(last.drainRate)}/s ≥ 0.5 × W1 = ${f(0.5 * last.w1)}/s ${mark(last.drainRate >= 0.5 * last.w1)}; lateness p99 ${f(last.drainLate99, 1)} s ≤ 1 s ${mark(last.drainLate99 <= 1)}`);
  console.log(`    RSS ${f(last.rss)} MB ≤ 200 MB ${mark(last.rss <= 200)}; cold start PostgreSQL ${f(last.coldPg)} ms ≤ 1 s ${mark(last.coldPg <= 1000)}, PGlite ${last.coldPglite === null ? `not measured (PGlite seeded up to ${PGLITE_MAX} instances: BENCH_SCALE_PGLITE_MAX)` : `${f(last.coldPglite)} ms ≤ 1 s ${mark(last.coldPglite <= 1000)}`}`);
}

export async function scaleBench(adminUrl: string, port: number): Promise<void> {
  const db = `bench_scale_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  const keep = Boolean(process.env.BENCH_KEEP_DB);
  const pgliteDir = mkdtempSync(join(tmpdir(), 'bench-scale-pglite-'));
  console.log(`Scale: sizes ${SIZES.join(', ')} over ${COUNTIES} counties, on PostgreSQL (database ${db}) and PGlite (${pgliteDir}, up to ${PGLITE_MAX}); ${CLIENTS} W1 clients, ${TIMERS} timers`);
  execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
  const rows: Row[] = [];
  const client = new pg.Client({ connectionString: url.toString() });
  let pglite: DatabaseHandle | undefined;
  try {
    let t0 = performance.now();
    const handle = openPostgres(url.toString());
    try {
      await driveTemplates(handle);
    } finally {
      await handle.close();
    }
    await client.connect();
    const q = clientQuery(client);
    await q(futureTimers);
    const mix = (await client.query<{ definition_id: string; n: string }>(`select definition_id, count(*) as n from instances where county_id = 'demo' group by 1 order by 2 desc`)).rows;
    console.log(`  templates driven through the engine in process (${((performance.now() - t0) / 1000).toFixed(1)} s): ${mix.map((m) => `${m.definition_id} ${m.n}`).join(', ')}`);
    // A fresh checkout builds designer/dist at its first start: done here, so that no cold start below includes it.
    await ensureDesignerBuilt((line) => console.log(`  ${line}`));
    let done = 0;
    let pgliteDone = 0;
    for (const size of SIZES) {
      // Grow the PostgreSQL store (whole template copies per county) and back-fill the projection.
      t0 = performance.now();
      const s: Seeded = await copyTemplates(q, { counties: COUNTIES, perCounty: size / COUNTIES, definitions: 'all', done, timersAndBallots: true });
      done = Math.max(done, s.copies);
      const ph = openPostgres(url.toString(), 2);
      let projected = 0;
      try {
        projected = await backfill(q, ph);
      } finally {
        await ph.close();
      }
      const seedS = (performance.now() - t0) / 1000;
      const total = (await client.query<{ i: string; e: string; t: string; open: string; m: string; b: string; bytes: string }>(
        `select (select count(*) from instances) as i, (select count(*) from instance_events) as e, (select count(*) from tasks) as t, (select count(*) from tasks where closed_at is null) as open,
           (select count(*) from timers) as m, (select count(*) from ballots) as b, pg_database_size(current_database()) as bytes`,
      )).rows[0]!;
      console.log(`  size ${size}: +${s.instances} instances (+${s.events} events, +${s.tasks} tasks, +${s.timers} timers, +${s.ballots} ballots) and ${projected} projection rows in ${seedS.toFixed(1)} s; store ${total.i} instances, ${total.e} events, ${total.t} tasks (${total.open} open), ${total.m} timers, ${total.b} ballots, ${(Number(total.bytes) / 2 ** 30).toFixed(2)} GiB`);
      const row: Row = { size, instances: Number(total.i), seedS, w1: NaN, inbox: NaN, register: NaN, page: NaN, dashboard: NaN, drainRate: NaN, drainLate99: NaN, drainSeconds: NaN, drained: 0, rss: NaN, coldPg: NaN, coldPglite: null, pgliteSeedS: null };
      const server = await startServer({ DATABASE_URL: url.toString() }, port);
      try {
        row.coldPg = server.coldMs;
        await measure(server, client, row);
      } finally {
        await server.stop();
      }
      // The same store on PGlite (templates driven there too, then the same copies), and its cold start.
      if (size <= PGLITE_MAX) {
        t0 = performance.now();
        pglite = await openDatabase({ dataDir: pgliteDir });
        const pq = kyselyQuery(pglite.db);
        if (pgliteDone === 0) {
          await driveTemplates(pglite);
          await pq(futureTimers);
        }
        const ps = await copyTemplates(pq, { counties: COUNTIES, perCounty: size / COUNTIES, definitions: 'all', done: pgliteDone, timersAndBallots: true });
        pgliteDone = Math.max(pgliteDone, ps.copies);
        await backfill(pq, pglite);
        await pglite.close();
        pglite = undefined;
        row.pgliteSeedS = (performance.now() - t0) / 1000;
        const embedded = await startServer({ DATA_DIR: pgliteDir }, port);
        try {
          row.coldPglite = embedded.coldMs;
        } finally {
          await embedded.stop();
        }
        console.log(`  PGlite store seeded to ${size} in ${row.pgliteSeedS.toFixed(1)} s; cold start ${row.coldPglite.toFixed(0)} ms`);
      }
      rows.push(row);
      console.log(`  size ${size}: W1 ${f(row.w1)}/s, inbox p95 ${f(row.inbox, 1)} ms, register p95 ${f(row.register, 1)} ms, page p95 ${f(row.page, 1)} ms, dashboard p95 ${f(row.dashboard, 1)} ms, drain ${f(row.drainRate)}/s, late p99 ${f(row.drainLate99, 1)} s, RSS ${f(row.rss)} MB, cold PG ${f(row.coldPg)} ms`);
    }
    printTable(rows);
  } finally {
    await pglite?.close();
    await client.end().catch(() => {});
    rmSync(pgliteDir, { recursive: true, force: true });
    if (keep) console.log(`  kept database ${db}`);
    else execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`]);
  }
}
