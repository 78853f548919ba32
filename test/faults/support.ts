/**
 * The fault suites' pieces (`npm run test:faults`, test/faults/run.ts, and the short version in
 * `npm test`, test/faults/kill.test.ts): a fresh PostgreSQL database of their own, real server
 * processes (server/main.ts) that they kill with SIGKILL and start again, a load of task
 * completions over HTTP that survives the kills, and the invariants read back with SQL.
 *
 * Nothing here changes the PostgreSQL cluster: a database is created and dropped, that is all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { send } from '../bench/http.ts';
import { ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The admin connection the suites create their databases with. */
export function adminUrl(): string {
  return process.env.FAULTS_ADMIN_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

function urlFor(admin: string, database: string): string {
  const u = new URL(admin);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface FreshDatabase {
  name: string;
  url: string;
  /** A pool on the database, for the invariant queries. */
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** CREATE DATABASE with a fresh name (empty: the servers migrate it); drop() removes it. */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(adminUrl(), name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** One server process: server/main.ts as `npm start` runs it, on PostgreSQL. */
export class ServerProcess {
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;
  /** Milliseconds from spawn to the first healthy answer, per start. */
  readonly startMs: number[] = [];
  private spawnedAt = 0;

  constructor(
    readonly opts: { dbUrl: string; port: number; secret: string; logEvents?: boolean; name?: string; env?: Record<string, string> },
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.opts.port}/api`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process; `up()` waits for it to answer. */
  spawn(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--demo'], {
      cwd: ROOT,
      env: { ...process.env, ...this.opts.env, DATABASE_URL: this.opts.dbUrl, PORT: String(this.opts.port), TOKEN_SECRET: this.opts.secret, LOG_EVENTS: this.opts.logEvents ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      if (err.length > 20_000) err = err.slice(-20_000);
    });
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal === null) this.lines.push(`[exited with ${code}] ${err.slice(-2000)}`);
    });
    this.child = child;
    this.spawnedAt = performance.now();
  }

  /** Resolves once GET /api/health answers 200; throws if the process dies first. */
  async up(timeoutMs = 90_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`${this.opts.name ?? 'server'} exited before answering:\n${this.lines.slice(-10).join('\n')}`);
      }
      try {
        const r = await send(`${this.base}/health`, 'GET', {});
        if (r.status === 200) {
          this.startMs.push(performance.now() - this.spawnedAt);
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.opts.name ?? 'server'} did not answer within ${timeoutMs} ms`);
  }

  /** kill -9, and wait until the process is gone. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A clean stop (SIGTERM: the server closes its pool). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(sig);
    await gone;
  }
}

// ---------------------------------------------------------------- HTTP

export class NetworkError extends Error {}

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  let res: { status: number; text: string };
  try {
    res = await send(`${base}${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
  } catch (err) {
    throw new NetworkError(String((err as Error).message));
  }
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = { text: res.text.slice(0, 200) };
  }
  return { status: res.status, json };
}

export async function login(base: string, username: string): Promise<string> {
  const r = await call(base, 'POST', '/auth/login', null, { username, password: 'demo' });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}

// ---------------------------------------------------------------- load

/** Staff's steps of a suggestion, in order: the first takes a serial number (十八届一次-0001). */
const STEPS: Array<{ outcome: string; data: unknown }> = [
  { outcome: 'ACCEPT', data: REGISTRATION },
  { outcome: 'PROPOSE_ASSIGNMENT', data: ASSIGNMENT },
  { outcome: 'APPROVE_ASSIGNMENT', data: { comment: '同意交办' } },
];

export interface LoadRecord {
  /** Instances whose start was answered 201. */
  started: string[];
  /** Completions answered 200: the task and its outcome. */
  completed: Array<{ taskId: string; instanceId: string; outcome: string }>;
  /** Requests that got no answer (the server was killed under them). */
  unanswered: number;
  /** Behind a proxy (`viaProxy`): its 502/503/504 answers, each also counted as unanswered. */
  proxyErrors: string[];
  /** Answers that are neither success nor a refusal the load expects (none should occur). */
  unexpected: string[];
}

/**
 * `clients` workers, each starting a suggestion as deputy1 and walking it through staff's
 * three steps, then the next. A request that gets no answer (the server is down) is
 * unacknowledged: the worker waits for `ready()`, reads the instance again and goes on from
 * whatever state it is in. `stop()` lets every worker finish its request and returns.
 */
export function startLoad(opts: { base: string; clients: number; deputy: string; staff: string; ready: () => Promise<void>; viaProxy?: boolean }) {
  const record: LoadRecord = { started: [], completed: [], unanswered: 0, proxyErrors: [], unexpected: [] };
  let stopping = false;
  let seq = 0;

  const attempt = async <T extends { status: number; json: any }>(fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      const answer = await fn();
      // Behind a proxy, a server killed under the request is the proxy's 502 (504, or 503 when
      // none is up): no answer from a server, so unacknowledged, as a cut connection is.
      if (opts.viaProxy && answer.status >= 502 && answer.status <= 504) {
        record.unanswered++;
        record.proxyErrors.push(`${answer.status} at ${new Date().toISOString().slice(11, 23)}`);
        await opts.ready();
        return undefined;
      }
      return answer;
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      record.unanswered++;
      await opts.ready();
      return undefined;
    }
  };

  /** Staff's next step on the instance itself (the view also lists its child processes' tasks). */
  const nextTask = (view: any): { id: string; step: (typeof STEPS)[number] } | undefined => {
    for (const step of STEPS) {
      const task = (view.openTasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>).find((t) => t.instanceId === view.id && t.outcomes.some((o) => o.event === step.outcome));
      if (task) return { id: task.id, step };
    }
    return undefined;
  };

  const worker = async (): Promise<void> => {
    while (!stopping) {
      const n = ++seq;
      const started = await attempt(() => call(opts.base, 'POST', '/definitions/suggestion/instances', opts.deputy, { data: { ...SUGGESTION, title: `关于加强农村饮水安全保障的建议（故障测试 ${n}）` } }));
      if (!started) continue;
      if (started.status !== 201) {
        record.unexpected.push(`start: ${started.status} ${JSON.stringify(started.json).slice(0, 200)}`);
        continue;
      }
      const id = started.json.id as string;
      record.started.push(id);
      let view: any = started.json;
      for (;;) {
        if (stopping) return;
        const next = nextTask(view);
        if (!next) break;
        const done = await attempt(() => call(opts.base, 'POST', `/tasks/${next.id}/complete`, opts.staff, next.step));
        if (done && done.status === 200) {
          record.completed.push({ taskId: next.id, instanceId: id, outcome: next.step.outcome });
          view = done.json;
          continue;
        }
        if (done) {
          // A refusal, e.g. 409 when a completion cut off by a kill had in fact committed: go on
          // from what the instance now is, but never retry the same task after an answer.
          if (done.status !== 409) record.unexpected.push(`complete ${next.step.outcome}: ${done.status} ${JSON.stringify(done.json).slice(0, 200)}`);
          if (done.status !== 409) break;
        }
        // No answer (or a conflict): read the instance as it now is and go on from there.
        const again = await attempt(() => call(opts.base, 'GET', `/instances/${id}`, opts.staff));
        if (!again || again.status !== 200) {
          if (again) record.unexpected.push(`read: ${again.status}`);
          break;
        }
        view = again.json;
      }
    }
  };

  const workers = Array.from({ length: opts.clients }, () => worker());
  return {
    record,
    /** Acknowledged writes so far (starts + completions). */
    acked: () => record.started.length + record.completed.length,
    async stop(): Promise<LoadRecord> {
      stopping = true;
      await Promise.all(workers);
      return record;
    },
  };
}

// ---------------------------------------------------------------- the kill run

export interface KillRunResult {
  kills: number;
  /** Seconds from spawn to healthy, per start (the first migrates and seeds). */
  starts: number[];
  record: LoadRecord;
  check: InvariantReport;
  seconds: number;
}

/**
 * One server on a fresh database under load; `kills` times: let `minAckedPerLife` writes be
 * acknowledged, kill -9, start it again. Then stop the load, stop the server cleanly and check.
 */
export async function killRun(opts: { kills: number; clients: number; minAckedPerLife: number; log?: (line: string) => void }): Promise<KillRunResult> {
  const log = opts.log ?? (() => undefined);
  const t0 = performance.now();
  const db = await freshDatabase('cf_faults');
  const server = new ServerProcess({ dbUrl: db.url, port: await freePort(), secret: randomBytes(32).toString('base64url'), name: 'server' });
  try {
    server.spawn();
    await server.up();
    const deputy = await login(server.base, 'deputy1');
    const staff = await login(server.base, 'staff');
    let ready: Promise<void> = Promise.resolve();
    const load = startLoad({ base: server.base, clients: opts.clients, deputy, staff, ready: () => ready });
    let kills = 0;
    try {
      for (let i = 0; i < opts.kills; i++) {
        const target = load.acked() + opts.minAckedPerLife;
        while (load.acked() < target) await new Promise((r) => setTimeout(r, 20));
        let restarted!: () => void;
        ready = new Promise<void>((r) => (restarted = r));
        await server.kill9();
        kills++;
        log(`  kill -9 #${kills} (pid gone) after ${load.acked()} acknowledged writes; restarting`);
        server.spawn();
        await server.up();
        restarted();
      }
      const target = load.acked() + opts.minAckedPerLife;
      while (load.acked() < target) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await load.stop();
    }
    await server.stop();
    const check = await checkInvariants(db.pool, load.record);
    return { kills, starts: server.startMs.map((ms) => ms / 1000), record: load.record, check, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await server.kill9();
    await db.drop();
  }
}

// ---------------------------------------------------------------- invariants

export interface InvariantReport {
  acknowledgedStarts: number;
  foundStarts: number;
  acknowledgedCompletions: number;
  foundCompletions: number;
  instances: number;
  events: number;
  tasks: number;
  serials: number;
  /** Every broken invariant, in words; empty when all hold. */
  violations: string[];
}

const count = (rows: Array<{ n: string | number }>): number => Number(rows[0]?.n ?? 0);

/** Reads the database after the run (no server running) and checks every invariant. */
export async function checkInvariants(pool: pg.Pool, record: LoadRecord): Promise<InvariantReport> {
  const violations: string[] = [];

  // 1. Every acknowledged start and completion is there.
  const starts = await pool.query<{ id: string }>('select id from instances where id = any($1)', [record.started]);
  const found = new Set(starts.rows.map((r) => r.id));
  for (const id of record.started) if (!found.has(id)) violations.push(`acknowledged start ${id} is missing`);
  const tasks = await pool.query<{ id: string; status: string; outcome: string | null }>('select id, status, outcome from tasks where id = any($1)', [record.completed.map((c) => c.taskId)]);
  const byId = new Map(tasks.rows.map((r) => [r.id, r]));
  let foundCompletions = 0;
  for (const c of record.completed) {
    const row = byId.get(c.taskId);
    if (row?.status === 'completed' && row.outcome === c.outcome) foundCompletions++;
    else violations.push(`acknowledged completion ${c.outcome} of task ${c.taskId} is ${row ? `${row.status}/${row.outcome}` : 'missing'}`);
  }
  // A completion's event: type = the outcome, data.taskKey = the task's key (unique per instance).
  const events = await pool.query<{ n: string }>(
    `select count(*) as n from tasks t join instance_events e
        on e.county_id = t.county_id and e.instance_id = t.instance_id and e.type = t.outcome and e.data->>'taskKey' = t.key
      where t.id = any($1)`,
    [record.completed.map((c) => c.taskId)],
  );
  if (count(events.rows) !== record.completed.length) violations.push(`${record.completed.length} acknowledged completions but ${count(events.rows)} completion events for them`);

  // 2. Gapless event sequences: 1..n per instance, and n is the instance's version.
  const gaps = await pool.query<{ instance_id: string; n: string; lo: number; hi: number; version: number | null }>(
    `select e.instance_id, count(*) as n, min(e.seq) as lo, max(e.seq) as hi, i.version
       from instance_events e left join instances i on i.county_id = e.county_id and i.id = e.instance_id
      group by e.county_id, e.instance_id, i.version
     having min(e.seq) <> 1 or count(*) <> max(e.seq) or i.version is null or i.version <> max(e.seq)`,
  );
  for (const g of gaps.rows) violations.push(`instance ${g.instance_id}: ${g.n} events, seq ${g.lo}..${g.hi}, version ${g.version}`);
  const silent = await pool.query<{ id: string }>(
    `select i.id from instances i where not exists (select 1 from instance_events e where e.county_id = i.county_id and e.instance_id = i.id)`,
  );
  for (const r of silent.rows) violations.push(`instance ${r.id} has no events`);

  // 3. No task both open and completed: an open row carries no completion, a completed row is
  //    closed with its outcome, and no task has a completion event while still open.
  const mixed = await pool.query<{ id: string; status: string }>(
    `select id, status from tasks
      where (status = 'open' and (outcome is not null or completed_by is not null or closed_at is not null))
         or (status = 'completed' and (outcome is null or closed_at is null))`,
  );
  for (const r of mixed.rows) violations.push(`task ${r.id} is ${r.status} with the other state's fields`);
  const completionEvents = `select t.county_id, t.id, t.status from tasks t join instance_events e
      on e.county_id = t.county_id and e.instance_id = t.instance_id and e.data->>'taskKey' = t.key and t.outcomes ? e.type`;
  const reopened = await pool.query<{ id: string }>(`select id from (${completionEvents}) c where status = 'open'`);
  for (const r of reopened.rows) violations.push(`task ${r.id} is open but has a completion event`);
  const twice = await pool.query<{ id: string; n: string }>(`select id, count(*) as n from (${completionEvents}) c group by county_id, id having count(*) > 1`);
  for (const r of twice.rows) violations.push(`task ${r.id} completed ${r.n} times`);

  // 4. No duplicate serial number, and none skipped: the counter equals the numbers handed out
  //    (a suggestion's handling processes carry its number in their context too: top level only).
  const serials = await pool.query<{ serial: string; n: string }>(
    `select snapshot->'machine'->'context'->>'serialNo' as serial, count(*) as n from instances
      where parent_id is null and snapshot->'machine'->'context'->>'serialNo' is not null group by county_id, serial`,
  );
  for (const r of serials.rows) if (Number(r.n) > 1) violations.push(`serial number ${r.serial} given ${r.n} times`);
  const counters = await pool.query<{ n: string }>('select coalesce(sum(value), 0) as n from counters');
  if (count(counters.rows) !== serials.rows.length) violations.push(`counters stand at ${count(counters.rows)} but ${serials.rows.length} serial numbers were given`);

  const totals = await pool.query<{ instances: string; events: string; tasks: string }>(
    'select (select count(*) from instances) as instances, (select count(*) from instance_events) as events, (select count(*) from tasks) as tasks',
  );
  const t = totals.rows[0]!;
  return {
    acknowledgedStarts: record.started.length,
    foundStarts: found.size,
    acknowledgedCompletions: record.completed.length,
    foundCompletions,
    instances: Number(t.instances),
    events: Number(t.events),
    tasks: Number(t.tasks),
    serials: serials.rows.length,
    violations,
  };
}

// ---------------------------------------------------------------- two servers at once

export interface TwoServersResult {
  /** "Applied migrations: …" lines across both processes (1 = migrated once). */
  migrationRuns: number;
  migrationsApplied: number;
  /** Rows in kysely_migration: each migration once. */
  migrationRows: number;
  demoSeeded: number;
  timersDue: number;
  /** Due timers that did not fire because another timer moved their instance out of their state first. */
  cancelled: number;
  /** Due timers that fired (each once). */
  firedOfArmed: number;
  /** timer:fired log lines across both processes, and how many each process fired. */
  fired: number;
  firedBy: [number, number];
  /** Events the timers appended (task.overdue / task.remind), one per timer. */
  timerEvents: number;
  violations: string[];
  seconds: number;
}

/**
 * Two servers started together on one fresh database: the migrations (and the demo seed) run
 * once. Then `suggestions` suggestions are registered (each registration arms two timers: the
 * assignment deadline and its reminder), every timer is made due at the same instant, and both
 * schedulers race for them: each must fire exactly once.
 */
export async function twoServers(opts: { suggestions: number }): Promise<TwoServersResult> {
  const t0 = performance.now();
  const violations: string[] = [];
  const db = await freshDatabase('cf_faults2');
  const secret = randomBytes(32).toString('base64url');
  const servers = [
    new ServerProcess({ dbUrl: db.url, port: await freePort(), secret, logEvents: true, name: 'server A' }),
    new ServerProcess({ dbUrl: db.url, port: await freePort(), secret, logEvents: true, name: 'server B' }),
  ] as const;
  try {
    for (const s of servers) s.spawn();
    await Promise.all(servers.map((s) => s.up()));
    const allLines = () => [...servers[0].lines, ...servers[1].lines];
    const migrationLines = allLines().filter((l) => l.startsWith('Applied migrations:'));
    const migrationsApplied = migrationLines.reduce((n, l) => n + l.slice('Applied migrations:'.length).split(',').filter((s) => s.trim()).length, 0);
    const migrationRows = await db.pool.query<{ name: string; n: string }>('select name, count(*) as n from kysely_migration group by name');
    if (migrationLines.length !== 1) violations.push(`${migrationLines.length} processes applied migrations (want 1)`);
    if (migrationsApplied !== migrationRows.rows.length) violations.push(`${migrationsApplied} migrations applied but ${migrationRows.rows.length} recorded`);
    for (const r of migrationRows.rows) if (Number(r.n) !== 1) violations.push(`migration ${r.name} recorded ${r.n} times`);
    const demo = await db.pool.query<{ n: string }>(`select count(*) as n from regions where code = 'demo'`);
    const demoSeeded = allLines().filter((l) => l.startsWith('Demo county')).length;
    if (count(demo.rows) !== 1 || demoSeeded !== 1) violations.push(`demo county: ${count(demo.rows)} rows, seeded by ${demoSeeded} processes`);

    // Registered suggestions, each with its deadline and reminder timers, through both servers.
    const tokens = await Promise.all(servers.map(async (s) => ({ deputy: await login(s.base, 'deputy1'), staff: await login(s.base, 'staff') })));
    for (let i = 0; i < opts.suggestions; i++) {
      const s = servers[i % 2]!;
      const tok = tokens[i % 2]!;
      const started = await call(s.base, 'POST', '/definitions/suggestion/instances', tok.deputy, { data: { ...SUGGESTION, title: `关于完善村级公共服务的建议（定时器 ${i}）` } });
      if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.json)}`);
      const task = (started.json.openTasks as Array<{ id: string }>)[0]!;
      const done = await call(s.base, 'POST', `/tasks/${task.id}/complete`, tok.staff, { outcome: 'ACCEPT', data: REGISTRATION });
      if (done.status !== 200) throw new Error(`ACCEPT: ${done.status} ${JSON.stringify(done.json)}`);
    }
    const armed = await db.pool.query<{ county_id: string; instance_id: string; key: string }>('select county_id, instance_id, key from timers');
    // The registrations' timers (the demo county's reception days arm notice timers of their own,
    // which fire below with the rest and are checked to fire once like every timer).
    const ofSuggestions = await db.pool.query<{ n: string }>(`select count(*) as n from timers t join instances i on i.county_id = t.county_id and i.id = t.instance_id where i.definition_id = 'suggestion'`);
    const timersDue = armed.rows.length;
    if (count(ofSuggestions.rows) !== 2 * opts.suggestions) violations.push(`${count(ofSuggestions.rows)} timers armed for ${opts.suggestions} registrations (want 2 each)`);
    const firedBefore = allLines().filter((l) => l.includes('"timer:fired"')).length;
    // Every timer due at the same instant, in one statement: both schedulers see them all at once.
    await db.pool.query(`update timers set fire_at = now() - interval '1 second'`);
    const until = Date.now() + 60_000;
    for (;;) {
      const left = await db.pool.query<{ n: string }>('select count(*) as n from timers where fire_at <= now()');
      if (count(left.rows) === 0) break;
      if (Date.now() > until) {
        violations.push(`${count(left.rows)} due timers still pending after 60 s`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    // The log line is written after the commit: give the processes a moment to print it.
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(servers.map((s) => s.stop()));
    const firedLines = (lines: string[]) =>
      lines
        .filter((l) => l.includes('"timer:fired"'))
        .map((l) => JSON.parse(l) as { countyId: string; instanceId: string; key: string });
    const firedA = firedLines(servers[0].lines);
    const firedB = firedLines(servers[1].lines);
    const seen = new Map<string, number>();
    for (const f of [...firedA, ...firedB]) seen.set(`${f.countyId}/${f.instanceId}/${f.key}`, (seen.get(`${f.countyId}/${f.instanceId}/${f.key}`) ?? 0) + 1);
    // A timer whose state another timer left first is cancelled with it (a reception day's notice,
    // due at the same instant as the deputies' reminder, moves 已排期 → 已公告 and takes the
    // reminder of 已排期 away): it must not fire, and its instance must indeed be elsewhere.
    // Every other timer fires exactly once.
    const states = await db.pool.query<{ county_id: string; id: string; state: string }>('select county_id, id, state from instances');
    const stateOf = new Map(states.rows.map((r) => [`${r.county_id}/${r.id}`, String(r.state)]));
    let cancelled = 0;
    let firedOfArmed = 0;
    for (const t of armed.rows) {
      const n = seen.get(`${t.county_id}/${t.instance_id}/${t.key}`) ?? 0;
      // key: xstate.after.<delay>.<machine id>.<state path>
      const statePath = t.key.split('.').slice(4).join('.');
      const now = stateOf.get(`${t.county_id}/${t.instance_id}`) ?? '';
      const left = statePath !== '' && now !== statePath && !now.startsWith(`${statePath}.`);
      if (n === 0 && left) cancelled++;
      else if (n !== 1) violations.push(`timer ${t.instance_id} ${t.key} fired ${n} times (instance now in ${now})`);
      if (n === 1) firedOfArmed++;
    }
    if (firedOfArmed + cancelled !== timersDue) violations.push(`${timersDue} timers due, ${firedOfArmed} fired and ${cancelled} cancelled by their state's end`);
    if (firedBefore !== 0) violations.push(`${firedBefore} timers fired before they were due`);
    const events = await db.pool.query<{ instance_id: string; type: string; task_key: string; n: string }>(
      `select instance_id, type, data->>'taskKey' as task_key, count(*) as n from instance_events where type in ('task.overdue', 'task.remind') group by instance_id, type, data->>'taskKey'`,
    );
    for (const e of events.rows) if (Number(e.n) !== 1) violations.push(`${e.type} of ${e.instance_id} ${e.task_key} appended ${e.n} times`);
    const timerEvents = events.rows.reduce((n, e) => n + Number(e.n), 0);
    return {
      migrationRuns: migrationLines.length,
      migrationsApplied,
      migrationRows: migrationRows.rows.length,
      demoSeeded,
      timersDue,
      cancelled,
      firedOfArmed,
      fired: firedA.length + firedB.length,
      firedBy: [firedA.length, firedB.length],
      timerEvents,
      violations,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await Promise.all(servers.map((s) => s.kill9()));
    await db.drop();
  }
}
