/**
 * `npm run bench`: W1 — N concurrent HTTP clients completing suggestion screening tasks
 * against a server on real PostgreSQL, printed beside pgbench -N with the same client
 * count in the same run. The server runs as its own process (like production); this
 * process only generates load.
 *
 * Also printed: a bare Hono JSON POST driven by the same client pool (the HTTP ceiling of the
 * box and of this load generator), W-ballot (test/bench/ballot.ts): 100 deputies casting sealed
 * ballots over HTTP (every proof checked), and counting that ballot (close, the tellers'
 * checks and decryptions, publish), and W-portal (test/bench/portal.ts):
 * the inbox and the designer in Chromium for a county with 10,000 instances.
 *
 * Options (env): BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_CLIENTS (16), BENCH_TASKS_PER_CLIENT (150), BENCH_PGBENCH_SECONDS (10),
 * BENCH_NODE_FLAGS (extra node flags for the server, e.g. --cpu-prof; the profile is written to
 * the server's working directory, this repo, unless --cpu-prof-dir says otherwise),
 * BENCH_KEEP_DB=1 (keep the bench database afterwards, to EXPLAIN its queries),
 * BENCH_ONLY=w1 (only the baselines and W1, e.g. while profiling), BENCH_ONLY=register (only
 * W-register, test/bench/register.ts: the register of 12,000 suggestions; no pgbench or bare
 * Hono, and a W1 of 240 tasks only to have registered suggestions to clone).
 * W-report (test/bench/w-report.ts, its header has the options): the county dashboard and the
 * per-unit table on a store of many counties, beside a count(*) of the county's instances; last
 * in a plain run at its default size (10 counties), alone with BENCH_ONLY=w-report, the
 * province (100 counties, ~1,000,000 instances) with BENCH_WREPORT_FULL=1.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { ballotBench } from './ballot.ts';
import { portalBench } from './portal.ts';
import { registerBench } from './register.ts';
import { wReportBench } from './w-report.ts';
import { scaleBench } from './scale.ts';
import { runPgbench } from './pgbench.ts';
import { engineStepMicros } from './engine-step.ts';
import { percentile, pool, send } from './http.ts';

const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const clients = Number(process.env.BENCH_CLIENTS ?? 16);
const only = process.env.BENCH_ONLY;
const perClient = Number(process.env.BENCH_TASKS_PER_CLIENT ?? (only === 'register' ? 15 : 150));
const pgbenchSeconds = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);
const port = 3900 + (process.pid % 90);
const base = `http://127.0.0.1:${port}/api`;

async function call(path: string, token: string | null, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
  const res = await send(`${base}${path}`, body === undefined ? 'GET' : 'POST', headers, body === undefined ? undefined : JSON.stringify(body));
  return { status: res.status, json: JSON.parse(res.text) as Record<string, unknown> };
}

/** What the portal sends with a completion (designer/src/api.ts): the brief answer, not the view. */
const MINIMAL = { prefer: 'return=minimal' };
/** Completions per serial probe of the gap's breakdown (three probes). */
const PROBE = Number(process.env.BENCH_PROBE ?? 100);

async function login(username: string): Promise<string> {
  const r = await call('/auth/login', null, { username, password: 'demo' });
  if (r.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}

async function waitForServer(child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

function suggestion(i: number) {
  return {
    title: `关于加快农村道路亮化设施建设的建议（压测 ${i}）`,
    body: '部分村道夜间无照明，群众出行不便，建议分批安装路灯。',
    origin: 'SESSION',
    leadDeputyId: 'demo-deputy1',
    coSignerIds: ['demo-deputy2'],
    sourceCode: 'RESEARCH',
  };
}

/** Bare Hono in its own process, driven by the same client pool: the HTTP ceiling of this box. */
async function bareHono(): Promise<{ rate: number; ms: number[]; cpu: { server: number; kernel: number; client: number } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/bare-hono.ts'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/api/echo`, { method: 'POST', body: '{}' });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const n = 4000;
    const cpu0 = cpuMs(child.pid as number);
    const kernel0 = cpuMs(child.pid as number, 'kernel');
    const client0 = process.cpuUsage();
    const run = await pool(Array.from({ length: n }, (_, i) => i), clients, async (i) => {
      const res = await send(`http://127.0.0.1:${port}/api/echo`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ i }));
      JSON.parse(res.text);
    });
    const client = process.cpuUsage(client0);
    const cpu = { server: (cpuMs(child.pid as number) - cpu0) / n, kernel: (cpuMs(child.pid as number, 'kernel') - kernel0) / n, client: (client.user + client.system) / 1000 / n };
    return { rate: n / run.seconds, ms: run.ms, cpu };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

type Cpu = { server: number; serverKernel: number; postgres: number; client: number };

/**
 * The floor (test/bench/floor.ts): what a completion cannot avoid, on the same tables, driven by
 * the same pool and payload as W1. Printed: its rate, W1's ratio to it (target ≥ 0.5), and each
 * side's CPU per request, with the difference per component (the gap, measured).
 */
async function floorBaseline(dbUrl: string, ids: string[], w1: { rate: number; cpu: Cpu; n: number }, db: string, probeIds: string[]): Promise<Probe> {
  const floorPort = port + 50;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/floor.ts'], { env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(floorPort) }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${floorPort}/api/tasks/none/complete`, { method: 'POST', body: '{}' });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const meter = cpuMeter(child.pid as number, db);
    const run = await pool(ids, clients, async (id) => {
      const res = await send(`http://127.0.0.1:${floorPort}/api/tasks/${id}/complete`, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } }));
      if (res.status !== 200) throw new Error(`floor: ${res.status} ${res.text}`);
    });
    const cpu = meter();
    const n = ids.length;
    const rate = n / run.seconds;
    const per = (ms: number, count: number) => ms / count;
    console.log(`Floor (bare Hono + pg: read task and instance, one write statement), ${clients} clients, ${n} tasks:`);
    console.log(`  ${rate.toFixed(0)} completions/s, p50 ${percentile(run.ms, 50).toFixed(1)} ms, p99 ${percentile(run.ms, 99).toFixed(1)} ms`);
    console.log(`  W1 / floor: ${(w1.rate / rate).toFixed(2)} (target ≥ 0.5)`);
    const rows: Array<[string, number, number]> = [
      ['server', per(w1.cpu.server, w1.n), per(cpu.server, n)],
      ['PostgreSQL backends', per(w1.cpu.postgres, w1.n), per(cpu.postgres, n)],
      ['load generator', per(w1.cpu.client, w1.n), per(cpu.client, n)],
    ];
    rows.push(['all', rows.reduce((a, r) => a + r[1], 0), rows.reduce((a, r) => a + r[2], 0)]);
    console.log('  CPU per request (ms):        W1     floor   gap');
    for (const [name, a, b] of rows) console.log(`    ${name.padEnd(22)} ${a.toFixed(2).padStart(6)}  ${b.toFixed(2).padStart(6)}  ${(a - b).toFixed(2).padStart(6)}`);
    // The same floor, one request at a time, for the gap's breakdown (gapBreakdown).
    return await serialProbe(child.pid as number, db, probeIds, (id) => `http://127.0.0.1:${floorPort}/api/tasks/${id}/complete`, {});
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** One request at a time: CPU per request of the server and PostgreSQL, and the server's phases (Server-Timing) averaged. */
type Probe = { n: number; server: number; postgres: number; phases: Map<string, number> };

const W1_BODY = JSON.stringify({ outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } });

async function serialProbe(pid: number, db: string, ids: string[], url: (id: string) => string, headers: Record<string, string>): Promise<Probe> {
  const phases = new Map<string, number>();
  const meter = cpuMeter(pid, db);
  for (const id of ids) {
    const res = await send(url(id), 'POST', { 'content-type': 'application/json', 'x-phase-timing': '1', ...headers }, W1_BODY);
    if (res.status !== 200) throw new Error(`probe: ${res.status} ${res.text}`);
    for (const part of String(res.headers['server-timing'] ?? '').split(',')) {
      const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
      if (m) phases.set(m[1] as string, (phases.get(m[1] as string) ?? 0) + Number(m[2]) / ids.length);
    }
  }
  const cpu = meter();
  return { n: ids.length, server: cpu.server / ids.length, postgres: cpu.postgres / ids.length, phases };
}

/**
 * What the gap to the floor consists of, measured in this run: W1's completion (brief answer, as
 * W1 sends), the same with the full view, and the floor, each one request at a time on fresh
 * tasks, so the server's CPU per phase (Server-Timing, server/phase-timing.ts) is exactly that
 * request's; "HTTP and the rest" is the server's CPU from /proc less the phases (parsing the
 * request, writing the answer, GC, the event loop). Serial CPU per request is lower than under
 * load (no contention), so the probe's totals differ from the lines above.
 */
function gapBreakdown(brief: Probe, full: Probe, floor: Probe): void {
  const f = (ms: number) => ms.toFixed(3);
  const named = [...brief.phases].map(([name, ms]) => `${name} ${f(ms)}`).join(', ');
  const phased = [...brief.phases.values()].reduce((a, b) => a + b, 0);
  console.log(`  The gap, measured (one request at a time, ${brief.n} completions each; CPU ms per request):`);
  console.log(`    server      W1 ${f(brief.server)} vs floor ${f(floor.server)}: gap ${f(brief.server - floor.server)}`);
  console.log(`      W1's phases: ${named}; HTTP and the rest ${f(brief.server - phased)}`);
  console.log(`      floor's (read, write, answer in one handler): ${f(floor.server)} in all`);
  console.log(`    PostgreSQL  W1 ${f(brief.postgres)} vs floor ${f(floor.postgres)}: gap ${f(brief.postgres - floor.postgres)} (2 statements each: the task read, the step's write)`);
  console.log(`    the full view instead of the brief answer (no Prefer header) would add: server ${f(full.server - brief.server)}, PostgreSQL ${f(full.postgres - brief.postgres)}`);
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere or once it is gone. */
function cpuMs(pid: number, part: 'all' | 'kernel' = 'all'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (((part === 'all' ? Number(fields[11]) : 0) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU used by the server process, the PostgreSQL backends serving the bench database and this
 * load generator. Wall-clock figures on a shared 2-core box move with whatever else runs;
 * CPU per completion moves only with the work a completion costs.
 */
function cpuMeter(serverPid: number, db: string): () => { server: number; serverKernel: number; postgres: number; client: number } {
  const backends = (): Map<number, number> => {
    const out = execFileSync('psql', [adminUrl, '-Atc', `select pid from pg_stat_activity where datname = '${db}' and pid <> pg_backend_pid()`], { encoding: 'utf8' });
    return new Map(out.split('\n').filter(Boolean).map((pid) => [Number(pid), cpuMs(Number(pid))]));
  };
  const server0 = cpuMs(serverPid);
  const serverKernel0 = cpuMs(serverPid, 'kernel');
  const pg0 = backends();
  const client0 = process.cpuUsage();
  return () => {
    const client = process.cpuUsage(client0);
    let postgres = 0;
    for (const [pid, ms] of backends()) postgres += ms - (pg0.get(pid) ?? 0);
    return { server: cpuMs(serverPid) - server0, serverKernel: cpuMs(serverPid, 'kernel') - serverKernel0, postgres, client: (client.user + client.system) / 1000 };
  };
}

function report(name: string, n: number, run: { ms: number[]; seconds: number; startUs: bigint; endUs: bigint }, baselineTps: number, bareRate: number, cpu: { server: number; serverKernel: number; postgres: number; client: number }): void {
  const rate = n / run.seconds;
  console.log(`${name}, ${clients} clients, ${n} tasks:`);
  console.log(`  ${rate.toFixed(0)} completions/s, p50 ${percentile(run.ms, 50).toFixed(1)} ms, p99 ${percentile(run.ms, 99).toFixed(1)} ms`);
  console.log(`  ratio to pgbench -N TPS: ${(rate / baselineTps).toFixed(2)} (target ≥ 0.5); to bare Hono: ${(rate / bareRate).toFixed(2)}`);
  const per = (ms: number) => (ms / n).toFixed(2);
  console.log(`  CPU per completion: server ${per(cpu.server)} ms (kernel ${per(cpu.serverKernel)}), PostgreSQL backends ${per(cpu.postgres)} ms, load generator ${per(cpu.client)} ms`);
  // All three share this box's cores: what the CPU per completion allows at best, and what the target needs.
  const all = (cpu.server + cpu.postgres + cpu.client) / n;
  const cores = cpus().length;
  console.log(`  CPU ceiling on ${cores} cores: ${((cores * 1000) / all).toFixed(0)}/s at ${all.toFixed(2)} ms in all; 0.5 × pgbench needs ≤ ${((cores * 1000) / (0.5 * baselineTps)).toFixed(2)} ms`);
  // The same clock as a .cpuprofile's startTime/endTime (CLOCK_MONOTONIC, µs), to cut the profile to this phase.
  if (process.env.BENCH_NODE_FLAGS?.includes('--cpu-prof')) console.log(`  profile window (monotonic µs): ${run.startUs}-${run.endUs}`);
}

async function main(): Promise<void> {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  if (only === 'w-report') return wReportBench(adminUrl, port + 100);
  // `npm run bench -- --scale`: test/bench/scale.ts (its header has the options).
  if (process.argv.includes('--scale')) return scaleBench(adminUrl, Number(process.env.BENCH_SCALE_PORT ?? 4242));
  console.log(`pgbench -N, ${clients} clients, ${pgbenchSeconds}s …`);
  const pg = only === 'register' ? { tps: NaN, latencyMs: NaN } : runPgbench(adminUrl, clients, pgbenchSeconds);
  console.log(`  baseline pgbench -N: ${pg.tps.toFixed(0)} TPS, latency avg ${pg.latencyMs.toFixed(2)} ms`);

  const bare = only === 'register' ? { rate: NaN, ms: [], cpu: { server: NaN, kernel: NaN, client: NaN } } : await bareHono();
  console.log(`  baseline bare Hono (JSON POST, ${clients} clients): ${bare.rate.toFixed(0)} req/s, p50 ${percentile(bare.ms, 50).toFixed(1)} ms, p99 ${percentile(bare.ms, 99).toFixed(1)} ms`);
  console.log(`    CPU per request: server ${bare.cpu.server.toFixed(2)} ms (kernel ${bare.cpu.kernel.toFixed(2)}), load generator ${bare.cpu.client.toFixed(2)} ms`);

  const db = `bench_w1_${process.pid}`;
  execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  // Known to the load generator, so W-ballot can sign deputies' tokens as a login would.
  const tokenSecret = randomBytes(32).toString('base64url');
  const server = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'server/main.ts', '--demo'], {
    // PHASE_TIMING: the server times the phases of a completion that asks (the gap's breakdown only).
    env: { ...process.env, DATABASE_URL: url.toString(), PORT: String(port), TOKEN_SECRET: tokenSecret, PHASE_TIMING: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer(server);
    const deputy = await login('deputy1');
    const staff = await login('staff');
    const total = clients * perClient;
    // W1 and W1-serial take half each; the floor (test/bench/floor.ts) as many as W1, on suggestions of its own.
    const floorCount = only === 'register' ? 0 : Math.floor(total / 2);
    // The gap's breakdown (gapBreakdown): W1 brief, W1 full view and the floor, one at a time.
    const probeCount = only === 'register' ? 0 : 3 * PROBE;
    const taskIds: string[] = [];
    const floorIds: string[] = [];
    const probeIds: string[] = [];
    const starts = await pool(
      Array.from({ length: total + floorCount + probeCount }, (_, i) => i),
      clients,
      async (i) => {
        const r = await call('/definitions/suggestion/instances', deputy, { data: suggestion(i) });
        if (r.status !== 201) throw new Error(`start: ${r.status} ${JSON.stringify(r.json)}`);
        const open = r.json.openTasks as Array<{ id: string }>;
        (i < total ? taskIds : i < total + floorCount ? floorIds : probeIds).push((open[0] as { id: string }).id);
      },
    );
    console.log(`  setup: ${total + floorCount} suggestions started at ${(total / starts.seconds).toFixed(0)}/s (p50 ${percentile(starts.ms, 50).toFixed(1)} ms)`);
    // Statistics, as a database in use has them (autovacuum had not analysed these tables a minute
    // after they were filled): without them the server's generic plans, prepared on empty tables,
    // looked an instance's open tasks up through tasks_open_due (every open task of the county,
    // filtered) instead of tasks_instance — W1's PostgreSQL CPU grew with the county's open tasks
    // (EXPLAIN of the prepared lookup on the bench database: 0.81 ms, 1,740 rows filtered; 0.03 ms
    // after ANALYZE). ANALYZE invalidates the cached plans, so both servers plan afresh.
    execFileSync('psql', [url.toString(), '-qc', 'ANALYZE']);

    // W1: a plain task completion (form check, one task closed, one opened, a notification),
    // asking for the brief answer as the portal does (Prefer: return=minimal; it navigates afterwards).
    const half = Math.floor(taskIds.length / 2);
    let meter = cpuMeter(server.pid as number, db);
    const w1 = await pool(taskIds.slice(0, half), clients, async (id) => {
      const r = await call(`/tasks/${id}/complete`, staff, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' } }, MINIMAL);
      if (r.status !== 200) throw new Error(`complete: ${r.status} ${JSON.stringify(r.json)}`);
    });
    const w1Cpu = meter();
    report('W1 task completions over HTTP (Prefer: return=minimal, as the portal sends)', half, w1, pg.tps, bare.rate, w1Cpu);
    if (floorCount > 0) {
      const floor = await floorBaseline(url.toString(), floorIds, { rate: half / w1.seconds, cpu: w1Cpu, n: half }, db, probeIds.slice(0, PROBE));
      const complete = (id: string) => `${base}/tasks/${id}/complete`;
      const brief = await serialProbe(server.pid as number, db, probeIds.slice(PROBE, 2 * PROBE), complete, { authorization: `Bearer ${staff}`, ...MINIMAL });
      const full = await serialProbe(server.pid as number, db, probeIds.slice(2 * PROBE), complete, { authorization: `Bearer ${staff}` });
      gapBreakdown(brief, full, floor);
    }
    // (Skipped for W-register alone: its seconds of in-process work let the server close the idle keep-alive sockets.)
    if (only !== 'register') console.log(`  the engine step alone (pure, in process, the same step): ${engineStepMicros().toFixed(0)} µs`);
    // W1-serial: registration, which also takes the county's next serial number (十八届一次-0001):
    // one counter row per county and session, so these serialise on that row by design.
    const registration = { categoryCode: 'URBAN_RURAL_CONSTRUCTION', termNo: '十八届', sessionNo: '一次' };
    meter = cpuMeter(server.pid as number, db);
    const w1s = await pool(taskIds.slice(half), clients, async (id) => {
      const r = await call(`/tasks/${id}/complete`, staff, { outcome: 'ACCEPT', data: registration }, MINIMAL);
      if (r.status !== 200) throw new Error(`complete: ${r.status} ${JSON.stringify(r.json)}`);
    });
    report('W1-serial registrations (ACCEPT + serial number) over HTTP (Prefer: return=minimal)', taskIds.length - half, w1s, pg.tps, bare.rate, meter());

    if (only === 'w1') return;
    if (only !== 'register') {
      await ballotBench({ dbUrl: url.toString(), secret: tokenSecret, clients, call, pool, percentile, staff }, pg.tps);
      await portalBench({ dbUrl: url.toString(), baseUrl: `http://127.0.0.1:${port}`, staff, admin: await login('admin') });
    }
    await registerBench({ dbUrl: url.toString(), baseUrl: `http://127.0.0.1:${port}`, staff });
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (process.env.BENCH_KEEP_DB) console.log(`  kept database ${db}`);
    else execFileSync('psql', [adminUrl, '-q', '-c', `DROP DATABASE IF EXISTS ${db}`]);
  }
  if (only === undefined) await wReportBench(adminUrl, port + 100);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
