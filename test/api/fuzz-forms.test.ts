/**
 * Fuzzing every published form through the HTTP API (issue 13, deliverables 4, 5 and 9).
 *
 * An explorer starts instances of every startable package, then repeatedly collects every
 * open task of every demo user; for each outcome's form (and each start form) fast-check
 * sends hostile variants of a generated submission (wrong types, NUL, lone surrogates, huge
 * strings, `__proto__` keys, deep nesting, extra fields, numbers past 2^53 — see
 * test/support/schema-arbitrary.ts), then completes the task with a valid submission so the
 * process moves on and the next forms come into reach. Outcomes are taken in turn per
 * (process, state), so instances (and one instance coming back to a state) go down different
 * branches. When no task is left, the explorer holds the processes' ballots as the office,
 * the tellers and the deputies would (sealed on the "phone", test/support/sealed-ballot.ts),
 * marking each instance's ballots alternately well and badly so both sides of every
 * "not satisfied" branch open; then it lets the next timer fire on the simulated clock. A
 * branch only a county setting opens (a handling report accepted without a test) is reached by
 * the admin flipping every boolean setting in an overlay and publishing it; and while a
 * package still has an unfuzzed form, one more instance of each process whose family holds it
 * is started. Paths no valid sample gets through are driven on purpose by SCRIPTS, one instance
 * each, started with the walk's own: a 民生实事 year with more candidates than seats (its project,
 * rated 不满意, is rectified), one whose ballot closes short under 由常委会决定 (the standing
 * committee decides the empty seat), a constituent issue left in handling until its reply is overdue
 * (提请督办), and an evaluation that cannot be scored (重新测评). The first task met in a state a
 * timer leaves is held open too (a new package's forms behind a timer need no script). The
 * test asserts that the fuzzed forms are exactly all forms of all packages, in every run.
 *
 * Every response must be < 500 and a refusal a 4xx with a JSON error body that changed
 * nothing: a row trigger on every table logs each row written (in the writer's transaction),
 * and the last logged id must be the same after a refusal as before it. The query parameters
 * of every GET route of the OpenAPI document get hostile values too. The server's console
 * output during the run is captured and searched for the fuzzed values: none may appear.
 *
 * PGlite: ≥ 10,000 submissions; PostgreSQL (TEST_DATABASE_URL): ≥ 1,000, for the data errors
 * only PostgreSQL raises. Deterministic: fast-check runs from fixed seeds. FUZZ_TARGET,
 * FUZZ_PER_FORM, FUZZ_QUERIES and FUZZ_INSTANCES override the sizes; FUZZ_DEBUG=1 prints each
 * round of the walk.
 *
 * Timing, `npx vitest run test/api/fuzz-forms.test.ts` (PGlite, 10,000 submissions and 1,000
 * queries), measured on the same shared 2-core machine at a load average of 11–13:
 *   before: 237.9 s for 60/72 forms (~156 s on an idle machine). The snapshot of 8 count(*)
 *           subqueries around every write grew with the tables (101 s of a 426 s run once the
 *           walk reached all 72 forms), and the walk held every ballot with every deputy.
 *   after:  116.4 s for 72/72 forms: requests 57.8 s (the server's work), state checks 8.9 s
 *           (one index lookup, max(id) of the write log), ballots 38.1 s (sealing, proofs,
 *           decryption), timers 3.4 s, generation ~8 s. Cut by: the write-log check; fast-check
 *           stops generating once a task has moved (instead of generating, unsent, the
 *           remaining runs, megabyte strings included); valid samples generated 4 at a time;
 *           ballots cast by a quorum (just over half the roll), and held only while their
 *           process still has an unfuzzed form; the walk ends once every form is fuzzed.
 *   PostgreSQL (TEST_DATABASE_URL=… same command, both databases): 1,000 submissions, 72/72
 *   forms in 32.0 s.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApiDocument } from '../../server/openapi.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { runDueTimers } from '../../runtime/store/index.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { arbitraryFor, generatedText, mutationArb, type Pickers } from '../support/schema-arbitrary.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const USERS = ['admin', 'staff', 'leader', 'unit1', 'unit2', 'unit3', 'deputy1', 'deputy2', 'deputy3', 'deputy4', 'deputy5'];
const PICKERS: Pickers = {
  unit: ['unit-housing', 'unit-education', 'unit-health'],
  deputy: ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'],
  user: ['demo-staff', 'demo-leader', 'demo-admin'],
};
/** Goes into every string a mutation adds, so the captured log can be searched for it. */
const MARKER = 'fz\u2060mark';

interface Task {
  id: string;
  instanceId: string;
  definitionId: string;
  state: string;
  key: string;
  outcomes: Array<{ event: string; form: string | null; schema: Record<string, unknown> | null }>;
}

class Fuzzer {
  readonly statuses = new Map<number, number>();
  readonly codes = new Map<string, number>();
  readonly fuzzedForms = new Set<string>();
  submissions = 0;
  /** Milliseconds spent in requests and in the state checks around them (printed at the end). */
  readonly ms = { requests: 0, checks: 0, samples: 0, ballots: 0, timers: 0 };
  private last = '';

  constructor(
    readonly w: WorkApp,
    readonly tokens: Map<string, string>,
  ) {}

  /**
   * Counts every row written, in every table: a row trigger on each table (and a truncate
   * trigger) appends to `fuzz_writes` in the writer's own transaction, so a write that is rolled
   * back leaves nothing and a committed one leaves a row with a higher id. Then "nothing changed"
   * is one index lookup, `max(id)` unchanged — stricter than the counts of 8 tables it replaces
   * (an update that keeps every count and version sum the same is seen too), and the same price
   * however large the tables grow.
   */
  async install(): Promise<void> {
    const db = this.w.handle.db;
    const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = current_schema()`.execute(db);
    // row_id: the id of an inserted row, so openTasks can walk tasks in the order they were made.
    await sql`create table fuzz_writes (id bigserial primary key, tbl text not null, row_id text)`.execute(db);
    await sql`create index fuzz_writes_tasks on fuzz_writes (row_id) where tbl = 'tasks'`.execute(db);
    await sql`create function fuzz_write() returns trigger language plpgsql as $$ begin insert into fuzz_writes (tbl) values (TG_TABLE_NAME); return null; end $$`.execute(db);
    await sql`create function fuzz_write_task() returns trigger language plpgsql as $$ begin insert into fuzz_writes (tbl, row_id) values ('tasks', NEW.id); return null; end $$`.execute(db);
    for (const { t } of tables.rows) {
      if (t === 'tasks') {
        await sql`create trigger fuzz_write_task after insert on tasks for each row execute function fuzz_write_task()`.execute(db);
        await sql`create trigger fuzz_write after update or delete on tasks for each row execute function fuzz_write()`.execute(db);
      } else await sql`create trigger fuzz_write after insert or update or delete on ${sql.table(t)} for each row execute function fuzz_write()`.execute(db);
      await sql`create trigger fuzz_truncate after truncate on ${sql.table(t)} for each statement execute function fuzz_write()`.execute(db);
    }
  }

  /** The id of the last row written anywhere (see `install`). */
  async snapshot(): Promise<string> {
    const t0 = performance.now();
    const r = await sql<{ last: string | null }>`select max(id)::text as last from fuzz_writes`.execute(this.w.handle.db);
    this.ms.checks += performance.now() - t0;
    return r.rows[0]?.last ?? '0';
  }

  /** Which tables were written since `since` (for the failure message). */
  async writtenSince(since: string): Promise<string> {
    const r = await sql<{ tbl: string; n: number }>`select tbl, count(*)::int as n from fuzz_writes where id > ${since}::bigint group by tbl`.execute(this.w.handle.db);
    return r.rows.map((x) => `${x.tbl} ×${x.n}`).join(', ');
  }

  async reset(): Promise<void> {
    this.last = await this.snapshot();
  }

  /**
   * Sends one request; asserts < 500, an X-Request-Id, and a JSON error body on refusal; after
   * a refused write, the state is what it was after the last accepted one.
   */
  async send(user: string | null, method: string, path: string, body?: string, what = ''): Promise<{ status: number; body: any }> {
    const t0 = performance.now();
    const res = await this.w.app.request(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${this.tokens.get(user)}` } : {}) },
      body,
    });
    const text = await res.text();
    this.ms.requests += performance.now() - t0;
    this.statuses.set(res.status, (this.statuses.get(res.status) ?? 0) + 1);
    const context = `${what} ${method} ${path} → ${res.status} ${text.slice(0, 300)} (body ${String(body).slice(0, 200)})`;
    expect(res.status, context).toBeLessThan(500);
    expect(res.headers.get('x-request-id'), context).toMatch(/^[0-9a-f-]{36}$/);
    let parsed: any = null;
    if (res.headers.get('content-type')?.includes('json')) parsed = JSON.parse(text);
    if (res.status >= 400) {
      expect(parsed?.error?.code, context).toMatch(/^[A-Z_0-9]+$/);
      expect(typeof parsed.error.message, context).toBe('string');
      this.codes.set(parsed.error.code, (this.codes.get(parsed.error.code) ?? 0) + 1);
      if (method !== 'GET') {
        const now = await this.snapshot();
        if (now !== this.last) expect.fail(`state changed after a refusal (${await this.writtenSince(this.last)}): ${context}`);
      }
    } else if (method !== 'GET') {
      this.last = await this.snapshot();
    }
    return { status: res.status, body: parsed };
  }

  /** `runs` hostile variants of a generated value of `schema`, sent as `wrap(data)` to `path`. */
  /** Answers whether a variant moved the task on (completed it, or found it closed). */
  async fuzzForm(formKey: string, user: string, path: string, schema: Record<string, unknown>, wrap: (d: unknown) => Record<string, unknown>, runs: number, seed: number): Promise<boolean> {
    this.fuzzedForms.add(formKey);
    const arb = arbitraryFor(schema, PICKERS).chain((data) => mutationArb(data, wrap, MARKER));
    const isTask = path.startsWith('/tasks/');
    let moved = false;
    try {
      await fc.assert(
        fc.asyncProperty(arb, async (m) => {
          this.submissions++;
          const r = await this.send(user, 'POST', path, m.body, `${formKey} ${m.kind}`);
          // A variant that happens to be valid (an extra field where the form allows one)
          // completed the task, or a sibling's completion closed it: nothing more to send here,
          // so stop generating (fast-check ends on this "failure" without shrinking).
          if (isTask && (r.status < 300 || r.status === 409)) {
            moved = true;
            throw new Error('moved');
          }
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    } catch (e) {
      if (!moved) throw e;
    }
    return moved;
  }

  /** A valid submission of `schema` as the form's own validator sees it (fixed seed). */
  *validSamples(schema: Record<string, unknown>, seed: number, n = 30): Generator<unknown> {
    // Most forms take the first value or so: generate 4, and all n (the same sequence, as the
    // seed is the same) only when none of those passes.
    const arb = arbitraryFor(schema, PICKERS);
    const t0 = performance.now();
    const head = fc.sample(arb, { numRuns: Math.min(4, n), seed });
    this.ms.samples += performance.now() - t0;
    yield* head;
    if (n <= head.length) return;
    const t1 = performance.now();
    const all = fc.sample(arb, { numRuns: n, seed });
    this.ms.samples += performance.now() - t1;
    yield* all.slice(head.length);
  }
}

async function runFuzz(w: WorkApp, opts: { target: number; perForm: number; instancesPerPackage: number; queries: number }) {
  const tokens = new Map<string, string>();
  for (const u of USERS) tokens.set(u, await w.login(u));
  const f = new Fuzzer(w, tokens);
  await f.install();
  await f.reset();
  const defs = w.rt.registry.list();
  const allForms = defs.flatMap((d) => Object.keys(d.pkg.forms).map((name) => `${d.id}/${name}`));
  let seed = 1;

  // Start forms: hostile variants, then valid starts that the explorer drives on.
  const startable = defs.filter((d) => d.pkg.start && !d.pkg.child && d.pkg.start.scheduledOnly !== true);
  // Made by scheduling only (reception days): the hand start route refuses every variant (422);
  // their instances come from the demo's cadences, and the walk reaches their other forms.
  for (const d of defs.filter((x) => x.pkg.start?.scheduledOnly === true && !x.pkg.child)) {
    const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
    await f.fuzzForm(`${d.id}/${d.pkg.start!.form}`, user, `/definitions/${d.id}/instances`, d.pkg.forms[d.pkg.start!.form]!, (data) => ({ data }), Math.min(opts.perForm, 20), seed++);
  }
  // Reception days as the schedule page makes them (POST /api/receptions), from tomorrow on, so
  // the explorer reaches their record and cancellation forms as it fires their timers.
  const station = await f.send('staff', 'POST', '/stations', JSON.stringify({ name: '模糊测试代表联络站', level: 'STATION', deputyIds: ['demo-deputy1', 'demo-deputy2'] }), 'a station for reception days');
  expect(station.status, JSON.stringify(station.body)).toBe(201);
  for (let i = 1; i <= opts.instancesPerPackage; i++) {
    const date = new Date(w.clock.now().getTime() + 8 * 3600_000 + i * 86400_000).toISOString().slice(0, 10);
    const r = await f.send('staff', 'POST', '/receptions', JSON.stringify({ stationId: station.body.id, date, startTime: '09:00', endTime: '11:00' }), 'schedule a reception day');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  const startOne = async (d: (typeof defs)[number], user: string, n: number) => {
    const form = d.pkg.start!.form;
    let started = 0;
    const refusals: unknown[] = [];
    for (const sample of f.validSamples(d.pkg.forms[form]!, seed++, 60)) {
      if (started >= n) break;
      const data = await withListed(d, sample);
      const errors = d.validators[form]!(data);
      if (errors.length > 0) {
        refusals.push(errors);
        continue;
      }
      const r = await f.send(user, 'POST', `/definitions/${d.id}/instances`, JSON.stringify({ data }), `start ${d.id}`);
      if (r.status === 201) started++;
      else refusals.push(r.body);
    }
    if (started === 0) process.stderr.write(`${d.id}: ${JSON.stringify(refusals.slice(0, 3))}\n`);
    return started;
  };
  // A start form listing suggestions (x-ui.widget suggestion-list: a 重点督办专题) must name real
  // running ones, which no generated id does: its lists are filled from the county's suggestions
  // in no theme yet and listed by no running theme (a suggestion is in one theme at
  // most), one per theme so they last; it starts after the packages that make them.
  const listFields = (d: (typeof defs)[number]): string[] =>
    Object.entries((d.pkg.forms[d.pkg.start!.form]!.properties ?? {}) as Record<string, { 'x-ui'?: { widget?: string } }>).filter(([, p]) => p['x-ui']?.widget === 'suggestion-list').map(([k]) => k);
  // A 交办会 or year-end list's rows (form `list`, rows of {instanceId, …}) are held on submission
  // (one open list per suggestion, instance_holds), which no generated id gets through: each row
  // names a running suggestion held by no running list, one row a list, and only while the list's
  // process has forms not yet reached (the county's suggestions would run out otherwise).
  const withHeldRows = async (definitionId: string, data: unknown): Promise<unknown> => {
    if (!wanted(definitionId) || data === null || typeof data !== 'object' || Array.isArray(data) || !Array.isArray((data as { rows?: unknown }).rows)) return data;
    const rows = (data as { rows: unknown[] }).rows.slice(0, 1);
    const free = await sql<{ id: string }>`
      select i.id from instances i
      where i.county_id = 'demo' and i.definition_id = 'suggestion' and i.status = 'active' and i.parent_id is null
        and not exists (select 1 from instance_holds h join instances l on l.county_id = h.county_id and l.id = h.holder_id
                        where h.county_id = i.county_id and h.target_id = i.id and l.status = 'active')
      order by i.id limit ${rows.length}`.execute(w.handle.db);
    if (free.rows.length < rows.length) return data;
    return { ...data, rows: rows.map((r, i) => (r !== null && typeof r === 'object' ? { ...r, instanceId: free.rows[i]!.id } : r)) };
  };
  const withListed = async (d: (typeof defs)[number], data: unknown): Promise<unknown> => {
    const fields = listFields(d);
    if (fields.length === 0 || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
    const free = () => sql<{ instanceId: string; title: string; serialNo: string | null }>`
      select id as "instanceId", title, snapshot #>> '{machine,context,serialNo}' as "serialNo" from instances
      where county_id = 'demo' and definition_id = 'suggestion' and status = 'active' and parent_id is null
        and snapshot #>> '{machine,context,keyTheme,instanceId}' is null
        and not exists (select 1 from instances t where t.county_id = 'demo' and t.definition_id = 'key-supervision' and t.status = 'active'
                        and t.snapshot #> '{machine,context,suggestions}' @> jsonb_build_array(jsonb_build_object('instanceId', instances.id)))
      order by id limit 1`.execute(w.handle.db);
    let rows = await free();
    if (rows.rows.length === 0) {
      // All taken by themes already: a deputy submits one more to list.
      const more = { title: '关于增设社区养老服务站的建议', body: '建议在城区增设社区养老服务站。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
      await f.send('deputy1', 'POST', '/definitions/suggestion/instances', JSON.stringify({ data: more }), 'a suggestion to list in a theme');
      rows = await free();
    }
    return { ...data, ...Object.fromEntries(fields.map((k) => [k, rows.rows])) };
  };
  for (const d of [...startable].sort((a, b) => listFields(a).length - listFields(b).length)) {
    const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
    await f.fuzzForm(`${d.id}/${d.pkg.start!.form}`, user, `/definitions/${d.id}/instances`, d.pkg.forms[d.pkg.start!.form]!, (data) => ({ data }), opts.perForm, seed++);
    expect(await startOne(d, user, opts.instancesPerPackage), `valid starts of ${d.id}`).toBeGreaterThan(0);
  }
  // The hard paths (SCRIPTS): one instance each, started with the script's data; its tasks (and
  // its children's) take the script's steps where it has one, the walk's way elsewhere.
  const scriptOf = new Map<string, Script | undefined>();
  /** Instances whose choose-k ballots the holder marks one short of the seats (Script.ballot). */
  const shortBallots = new Set<string>();
  for (const script of SCRIPTS) {
    const d = defs.find((x) => x.id === script.definition);
    if (!d?.pkg.start) continue;
    const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
    if (script.settings) {
      // The county's setting the path needs, published as the admin would before the instance starts.
      const admin = f.tokens.get('admin')!;
      const saved = await w.call(admin, 'PUT', `/definitions/${d.id}/overlay`, { patch: { settings: script.settings } });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect((await w.call(admin, 'POST', `/definitions/${d.id}/publish`)).status).toBe(201);
    }
    const data = script.start(w.clock.now());
    expect(d.validators[d.pkg.start.form]!(data), `script ${script.definition}: start data`).toEqual([]);
    const r = await f.send(user, 'POST', `/definitions/${d.id}/instances`, JSON.stringify({ data }), `script ${d.id}`);
    expect(r.status, `script ${script.definition}: ${JSON.stringify(r.body)}`).toBe(201);
    scriptOf.set(r.body.id as string, script);
    if (script.ballot === 'short') shortBallots.add(r.body.id as string);
  }
  /** The script of an instance: its own, or its parent's (a spawned child follows its parent's script). */
  const scriptFor = async (instanceId: string): Promise<Script | undefined> => {
    if (scriptOf.has(instanceId)) return scriptOf.get(instanceId);
    const r = await sql<{ parent_id: string | null }>`select parent_id from instances where id = ${instanceId}`.execute(w.handle.db);
    const parent = r.rows[0]?.parent_id;
    const script = parent ? await scriptFor(parent) : undefined;
    // Kept either way (undefined too): the scripted instances are all started before the walk.
    scriptOf.set(instanceId, script);
    return script;
  };
  /** How often a scripted instance met a state (the script's steps for it are taken in turn). */
  const scriptTurns = new Map<string, number>();

  // Explore: every open task of every user; fuzz each outcome's form once, then move the task on.
  // When no task is left, hold the processes' ballots, then let the next timer fire.
  // The walk ends once every form has been fuzzed (what lies beyond reaches no new form).
  const allFuzzed = () => allForms.every((k) => f.fuzzedForms.has(k));
  /** A process and the processes it spawns, and their children in turn. */
  const family = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    const d = defs.find((x) => x.id === id);
    for (const m of JSON.stringify(d?.pkg.machine ?? {}).matchAll(/"spawn":\{"process":"([^"]+)"/g)) family(m[1]!, seen);
    return seen;
  };
  /** Whether a form of `definitionId`'s family is still to be fuzzed (only then are its ballots worth holding). */
  const wanted = (definitionId: string) => [...family(definitionId)].some((id) => allForms.some((k) => k.startsWith(`${id}/`) && !f.fuzzedForms.has(k)));
  const visited = new Set<string>();
  const branch = new Map<string, number>();
  const visits = new Map<string, number>();
  const ballots = new BallotHolder(w, f, wanted, shortBallots);
  // States left by a delayed transition to another state (overdue, escalation): the first task met
  // in each is fuzzed but left open while its process (one that spawns no other) still has forms
  // to fuzz, so the timer can
  // fire and reach what lies behind it (e.g. a constituent issue's 提请督办 after its reply is late).
  const timedStates = new Set<string>();
  for (const d of defs) {
    const walk = (states: Record<string, { after?: Record<string, unknown>; states?: Record<string, unknown> }> | undefined, prefix: string) => {
      for (const [name, st] of Object.entries(states ?? {})) {
        const targets = Object.values(st.after ?? {}).map((t) => (typeof t === 'string' ? t : (t as { target?: string })?.target));
        if (targets.some((t) => typeof t === 'string' && t !== name)) timedStates.add(`${d.id}:${prefix}${name}`);
        walk(st.states as typeof states, `${prefix}${name}.`);
      }
    };
    // Task state ids start with the machine's id ("constituent-issue.inHandling"), so the keys do too.
    walk((d.pkg.machine as unknown as { states?: Parameters<typeof walk>[0] }).states, `${d.pkg.machine.id}.`);
  }
  const spawned = new Set(defs.flatMap((d) => [...family(d.id)].filter((id) => id !== d.id)));
  const held = new Set<string>();
  const holds = (task: Task) => {
    const k = `${task.definitionId}:${task.state}`;
    // Only in a process started by people that spawns none: a parent's few instances carry its
    // children's forms on, and a child has only the instances its parent made.
    if (!timedStates.has(k) || held.has(k) || family(task.definitionId).size > 1 || spawned.has(task.definitionId) || !wanted(task.definitionId)) return false;
    held.add(k);
    return true;
  };
  const explore = async () => {
    let timerSteps = 0;
    for (let round = 0; round < 200 && !allFuzzed(); round++) {
      // A task that comes back in the same state (a report logged, an idea recorded, a plan
      // returned) is done at most 4 times per instance, so loops do not hold the walk.
      const open = (await openTasks(w)).filter((o) => {
        if (visited.has(o.task.id)) return false;
        const v = `${o.task.instanceId}:${o.task.state}`;
        visits.set(v, (visits.get(v) ?? 0) + 1);
        if (visits.get(v)! <= 4) return true;
        visited.add(o.task.id);
        return false;
      });
      if (process.env.FUZZ_DEBUG) process.stderr.write(`round ${round}: ${open.length} ${[...new Set(open.map((o) => `${o.task.definitionId}:${o.task.state}:${o.task.key}`))].join(' | ')}\n`);
      if (open.length === 0) {
        if ((await ballots.holdReady()) > 0) continue;
        if (timerSteps++ < 400 && (await nextTimer(w, f, wanted))) continue;
        break;
      }
      for (const { user, task } of open) {
        visited.add(task.id);
        const path = `/tasks/${task.id}/complete`;
        const script = await scriptFor(task.instanceId);
        const local = task.state.slice(task.state.indexOf('.') + 1);
        const steps = script?.steps[`${task.definitionId}:${local}`];
        const turnKey = `${task.instanceId}:${local}`;
        const step = steps ? steps[Math.min(scriptTurns.get(turnKey) ?? 0, steps.length - 1)] : undefined;
        if (step) scriptTurns.set(turnKey, (scriptTurns.get(turnKey) ?? 0) + 1);
        let moved = false;
        for (const o of task.outcomes) {
          const key = o.form ? `${task.definitionId}/${o.form}` : null;
          // A task a script holds open is not fuzzed (a valid variant would close it); the others
          // are, scripted or not (a scripted year's projects are the only ones there are).
          if (step !== 'hold' && key && o.schema && !f.fuzzedForms.has(key)) moved = (await f.fuzzForm(key, user, path, o.schema, (data) => ({ outcome: o.event, data }), opts.perForm, seed++)) || moved;
        }
        const k = `${task.definitionId}:${task.state}`;
        if (step && !moved) {
          if (step === 'hold') continue; // left open for its timer
          const o = task.outcomes.find((x) => x.event === step.event);
          expect(o, `script ${script!.definition}: ${k} has no outcome ${step.event}`).toBeDefined();
          const validator = o!.form ? defs.find((d) => d.id === task.definitionId)?.validators[o!.form] : undefined;
          const data = step.data ? step.data(w.clock.now()) : o!.schema ? [...f.validSamples(o!.schema, seed++, 40)].find((x) => !validator || validator(x).length === 0) : undefined;
          const r = await f.send(user, 'POST', path, JSON.stringify({ outcome: step.event, data }), `script ${k} ${step.event}`);
          expect(r.status, `script ${script!.definition}: ${k} ${step.event} → ${JSON.stringify(r.body)}`).toBe(200);
          continue;
        }
        if (moved) continue;
        if (holds(task)) continue;
        // Move on: outcomes taken in turn per (process, state), so instances (and one instance
        // coming back to a state) go down different branches.
        const turn = branch.get(k) ?? 0;
        branch.set(k, turn + 1);
        const choices = [...task.outcomes.slice(turn % task.outcomes.length), ...task.outcomes.slice(0, turn % task.outcomes.length)];
        done: for (const o of choices) {
          // The richest samples first: guards more often ask for more than for less (差额: more
          // candidates than seats), and a task no sample gets through holds its instance for good.
          const candidates = o.schema ? [...f.validSamples(o.schema, seed++, 40)].sort((a, b) => JSON.stringify(b ?? null).length - JSON.stringify(a ?? null).length) : [undefined];
          const validator = o.form ? w.rt.registry.list().find((d) => d.id === task.definitionId)?.validators[o.form] : undefined;
          for (const sample of candidates) {
            const data = o.form === 'list' ? await withHeldRows(task.definitionId, sample) : sample;
            if (validator && validator(data).length > 0) continue;
            const r = await f.send(user, 'POST', path, JSON.stringify({ outcome: o.event, data }), `complete ${k} ${o.event}`);
            if (r.status === 200) break done;
            if (r.status === 409 || r.status === 403 || r.status === 404) break done; // closed meanwhile (a sibling moved the instance)
          }
        }
      }
    }
  };
  await explore();
  const phase = (name: string) => {
    if (process.env.FUZZ_DEBUG) process.stderr.write(`after ${name}: not reached ${allForms.filter((k) => !f.fuzzedForms.has(k)).join(', ') || 'none'}\n`);
  };
  phase('the first walk');

  // Branches only a county's settings open (e.g. a handling report accepted without a test when
  // the county does not test them): the admin flips every boolean setting of every package in
  // an overlay and publishes it, as in the designer; fresh instances then go down the other side.
  const admin = tokens.get('admin')!;
  if (!allFuzzed()) for (const d of defs) {
    const flipped = Object.fromEntries(Object.entries(d.pkg.settings ?? {}).filter(([, v]) => typeof v === 'boolean').map(([k, v]) => [k, !v]));
    if (Object.keys(flipped).length === 0) continue;
    const saved = await w.call(admin, 'PUT', `/definitions/${d.id}/overlay`, { patch: { settings: flipped } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await w.call(admin, 'POST', `/definitions/${d.id}/publish`)).status).toBe(201);
  }
  await f.reset();
  if (!allFuzzed()) {
    for (const d of startable) {
      const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
      expect(await startOne(d, user, 1), `valid starts of ${d.id} under the flipped settings`).toBeGreaterThan(0);
    }
    await explore();
    phase('the flipped settings');
  }

  // A branch chosen by generated data (a supervision item's method, a deputy's rating) may
  // still be unvisited: start more instances of each process whose family (itself and the
  // children it spawns) has a form not fuzzed yet, and walk again.
  for (let extra = 0; extra < 12 && !allFuzzed(); extra++) {
    for (const d of startable.filter((x) => wanted(x.id))) {
      const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
      await startOne(d, user, opts.instancesPerPackage);
    }
    await explore();
  }

  // Top up to the target with the start forms (they are always in reach).
  let i = 0;
  while (f.submissions < opts.target) {
    const d = startable[i++ % startable.length]!;
    const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
    await f.fuzzForm(`${d.id}/${d.pkg.start!.form}`, user, `/definitions/${d.id}/instances`, d.pkg.forms[d.pkg.start!.form]!, (data) => ({ data }), Math.min(200, opts.target - f.submissions), seed++);
  }
  const queries = await fuzzQueries(w, f, opts.queries, seed++);
  return { f, allForms, queries };
}

/**
 * Holds the ballots the processes opened, as the office and the deputies would: staff name the
 * tellers (whose browsers post their keys: test/support/sealed-ballot.ts), open it, every demo
 * deputy on the roll seals and casts, staff close it, the tellers decrypt, staff publish. Each
 * instance is marked alike on all of its ballots, alternately well (elect the first seats,
 * 满意, 优秀, approve) and badly (不满意, 不称职, oppose) from one instance to the next of a
 * process, so both sides of every "rated not satisfied" branch come into reach.
 */
class BallotHolder {
  private readonly harsh = new Map<string, boolean>();
  private readonly perProcess = new Map<string, number>();

  constructor(
    readonly w: WorkApp,
    readonly f: Fuzzer,
    /** Whether the ballots of this process's instances are worth holding. */
    readonly wanted: (definitionId: string) => boolean,
    /** Instances whose choose-k ballots elect one fewer than the seats (a ballot closing short). */
    readonly short: ReadonlySet<string> = new Set(),
  ) {}

  /** Holds every ready ballot of an instance of a wanted process; answers how many. */
  async holdReady(): Promise<number> {
    const t0 = performance.now();
    const staff = this.f.tokens.get('staff')!;
    const list = (await this.w.call(staff, 'GET', '/ballots')).body.ballots as Array<{ id: string; status: string; instanceId: string | null; kind: string; candidates: Array<{ id: string }>; seats: number | null; sealed: boolean; electorate?: string }>;
    const ready: typeof list = [];
    for (const b of list) if (b.status === 'ready' && b.instanceId && this.wanted(await this.definitionOf(b.instanceId))) ready.push(b);
    // Tellers signed in now (the clock may have moved since the last ballot).
    const sealed = new SealedBallots(this.w, await tellersOf(this.w));
    for (const b of ready) {
      const marks = this.marks(b, await this.isHarsh(b.instanceId!), this.short.has(b.instanceId!));
      if (b.sealed) await sealed.prepare(staff, b.id);
      await sealed.open(staff, b.id);
      // Just over half of the roll vote (the quorum), all alike: enough to decide every rule.
      const issued = (await this.w.call(staff, 'GET', `/ballots/${b.id}`)).body.ballot.issued as number;
      // The voters present (VOTERS, a report-back's on-the-spot test): no deputy is on that roll; every voter's paper ballot, counted by a teller.
      if (b.electorate === 'VOTERS') {
        await sealed.closeAndPublish(staff, b.id, { returned: issued, invalid: 0, counts: Object.fromEntries(Object.entries(marks).map(([id, m]) => [id, { [m]: issued }])) });
        continue;
      }
      let cast = 0;
      for (const u of USERS.filter((x) => roleOf(x) === 'deputy')) {
        if (cast > issued / 2) break;
        const token = this.f.tokens.get(u)!;
        const view = (await this.w.call(token, 'GET', `/ballots/${b.id}`)).body.ballot;
        if (!view.onRoll) continue;
        cast++;
        const r = b.sealed ? await sealed.cast(token, b.id, marks) : await this.w.call(token, 'POST', `/ballots/${b.id}/votes`, { marks });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      if (b.sealed) await sealed.closeAndPublish(staff, b.id);
      else expect((await this.w.call(staff, 'POST', `/ballots/${b.id}/close`)).status).toBe(200);
    }
    await this.f.reset();
    this.f.ms.ballots += performance.now() - t0;
    return ready.length;
  }

  private async definitionOf(instanceId: string): Promise<string> {
    const r = await sql<{ definition_id: string }>`select definition_id from instances where id = ${instanceId}`.execute(this.w.handle.db);
    return r.rows[0]?.definition_id ?? '';
  }

  private async isHarsh(instanceId: string): Promise<boolean> {
    if (!this.harsh.has(instanceId)) {
      const def = await this.definitionOf(instanceId);
      const n = this.perProcess.get(def) ?? 0;
      this.perProcess.set(def, n + 1);
      this.harsh.set(instanceId, n % 2 === 0);
    }
    return this.harsh.get(instanceId)!;
  }

  private marks(b: { kind: string; candidates: Array<{ id: string }>; seats: number | null }, harsh: boolean, short = false): Record<string, string> {
    const mark =
      b.kind === 'SATISFACTION' ? (harsh ? 'UNSATISFIED' : 'SATISFIED') : b.kind === 'COMPETENCE' ? (harsh ? 'INCOMPETENT' : 'EXCELLENT') : harsh && b.kind === 'FOR_AGAINST' ? 'OPPOSE' : 'APPROVE';
    const seats = b.seats ?? b.candidates.length;
    const marked = b.kind === 'CHOOSE_K' ? b.candidates.slice(0, short ? Math.max(0, seats - 1) : seats) : b.candidates;
    return Object.fromEntries(marked.map((c) => [c.id, mark]));
  }
}

/**
 * Lets the earliest pending timer of a process with forms still to fuzz fire (the simulated clock
 * moves to it, the scheduler runs every timer due by then) and signs everyone in again at the new
 * time (tokens live 12 hours). False when none is pending. The demo's reception days (a notice
 * timer each, weeks ahead) would otherwise take the steps one day at a time.
 */
async function nextTimer(w: WorkApp, f: Fuzzer, wanted: (definitionId: string) => boolean): Promise<boolean> {
  const r = await sql<{ at: Date | string; definition_id: string }>`
    select min(t.fire_at) as at, i.definition_id from timers t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    group by i.definition_id order by 1`.execute(w.handle.db);
  const at = r.rows.find((x) => wanted(x.definition_id))?.at;
  if (!at) return false;
  const t0 = performance.now();
  const when = new Date(at);
  if (when > w.clock.now()) w.clock.set(when);
  await runDueTimers(w.handle.db, w.rt);
  for (const u of USERS) f.tokens.set(u, await w.login(u));
  await f.reset();
  f.ms.timers += performance.now() - t0;
  return true;
}

/**
 * A hard path, driven on purpose: the one instance the walk starts with this data, and the steps
 * its tasks (and its children's) take, keyed `definition:state` (the state id after the machine's
 * id), taken in turn each time the instance meets the state (the last one repeats); 'hold' leaves
 * the task open so a timer can fire on the simulated clock. States without steps go the walk's
 * way; a step without data takes the first generated sample the form's validator accepts.
 * Every other path is reached by generated samples: a new package needs a script only where
 * valid samples cannot get through a guard.
 */
interface Script {
  definition: string;
  /** Why the walk's own samples do not get there. */
  why: string;
  start: (now: Date) => Record<string, unknown>;
  steps: Record<string, Array<'hold' | { event: string; data?: (now: Date) => unknown }>>;
  /** County settings the path needs, published in an overlay just before the script's instance starts (and kept). */
  settings?: Record<string, unknown>;
  /** `short`: the instance's choose-k ballots approve one candidate fewer than the seats, so they close short. */
  ballot?: 'short';
}

const day = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);

const SCRIPTS: Script[] = [
  {
    definition: 'livelihood-vote',
    why: '差额: the candidates must outnumber the seats (1–100 generated), and the elected projects must be the demo units\' for their tasks to be held',
    start: (now) => ({ year: now.getUTCFullYear(), seats: 1, collectionEnd: day(now, 30) }),
    steps: {
      'livelihood-vote:collecting.office.open': [{ event: 'RECORD_IDEA' }, { event: 'CLOSE_COLLECTION' }],
      'livelihood-vote:triage': [{ event: 'SHORTLIST', data: () => ({}) }],
      'livelihood-vote:screening': [
        {
          event: 'PROPOSE_CANDIDATES',
          data: (now) => ({
            candidates: [
              { id: 'P1', name: '老旧小区改造', domain: 'HOUSING', content: '改造老旧小区十个', totalInvestment: 800, fundingSource: 'COUNTY_BUDGET', responsibleUnitId: 'unit-housing', completionDate: day(now, 240) },
              { id: 'P2', name: '乡村学校食堂', domain: 'EDUCATION', content: '新建学校食堂五所', totalInvestment: 300, fundingSource: 'MIXED', responsibleUnitId: 'unit-education', completionDate: day(now, 240) },
            ],
          }),
        },
      ],
      'livelihood-vote:candidateReview': [{ event: 'APPROVE_LIST' }],
      'livelihood-vote:readyForSession': [{ event: 'ADOPT_VOTING_RULES', data: (now) => ({ adoptedOn: day(now, 0), reportDelivered: true }) }],
      // The elected project (P1, the housing bureau's): its supervision group is led by the demo leader.
      'livelihood-project:planning': [{ event: 'SUBMIT_PLAN', data: (now) => ({ milestones: [{ text: '开工', dueDate: day(now, 60) }], annualInvestment: 800, supervisionLeaderId: 'demo-leader', supervisionDeputyIds: ['demo-deputy1'] }) }],
      'livelihood-project:inProgress.reporting.open': [{ event: 'QUARTERLY_REPORT' }, { event: 'COMPLETE' }],
      // Its tests are rated by the ballot holder: the first instance of a process is rated 不满意 (rectification).
    },
  },
  {
    definition: 'livelihood-vote',
    why: '由常委会决定: the standing committee decides the empty seats only after a ballot closed short of them, under the county setting SC_DECIDES',
    settings: { shortfallAction: 'SC_DECIDES' },
    ballot: 'short',
    start: (now) => ({ year: now.getUTCFullYear(), seats: 2, collectionEnd: day(now, 30) }),
    steps: {
      'livelihood-vote:collecting.office.open': [{ event: 'RECORD_IDEA' }, { event: 'CLOSE_COLLECTION' }],
      'livelihood-vote:triage': [{ event: 'SHORTLIST', data: () => ({}) }],
      'livelihood-vote:screening': [
        {
          event: 'PROPOSE_CANDIDATES',
          data: (now) => ({
            candidates: [
              { id: 'P1', name: '老旧小区改造', domain: 'HOUSING', content: '改造老旧小区十个', totalInvestment: 800, fundingSource: 'COUNTY_BUDGET', responsibleUnitId: 'unit-housing', completionDate: day(now, 240) },
              { id: 'P2', name: '乡村学校食堂', domain: 'EDUCATION', content: '新建学校食堂五所', totalInvestment: 300, fundingSource: 'MIXED', responsibleUnitId: 'unit-education', completionDate: day(now, 240) },
              { id: 'P3', name: '公共场所AED配置', domain: 'HEALTH', content: '配置AED五十台', totalInvestment: 200, fundingSource: 'COUNTY_BUDGET', responsibleUnitId: 'unit-health', completionDate: day(now, 240) },
            ],
          }),
        },
      ],
      'livelihood-vote:candidateReview': [{ event: 'APPROVE_LIST' }],
      'livelihood-vote:readyForSession': [{ event: 'ADOPT_VOTING_RULES', data: (now) => ({ adoptedOn: day(now, 0), reportDelivered: true }) }],
    },
  },
  {
    definition: 'evaluation',
    why: 'a retest follows only an evaluation that could not be scored',
    // Both rater groups left out (weight 0): no ballot, nothing to score → 计分未得出结果 → 重新测评.
    start: (now) => ({ year: now.getUTCFullYear(), type: 'DEPARTMENT', subjects: [{ id: 'S1', kind: 'DEPARTMENT', name: '县住建局', unitId: 'unit-housing' }], contentItems: ['LAW_IMPLEMENTATION'], weights: { SC_MEMBER: 0, DEPUTY: 0 } }),
    steps: {},
  },
  {
    definition: 'constituent-issue',
    why: 'the escalation form opens only once a reply is overdue (15 working days on the clock)',
    start: () => ({ stationId: 'station-fuzz', contactMode: 'IN_PERSON', category: 'URBAN_RURAL', subject: '路灯不亮', content: '村口路灯坏了三个月' }),
    steps: {
      'constituent-issue:recorded': [{ event: 'TRIAGE' }],
      'constituent-issue:triaged': [{ event: 'ROUTE', data: () => ({ targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请核实并答复' }) }],
      'constituent-issue:transferred': [{ event: 'ACK' }],
      'constituent-issue:inHandling': ['hold'],
    },
  },
];

/** Query values that have broken servers: negative and huge numbers, NUL, surrogates, prototype names, long text. */
const HOSTILE_QUERY = ['-1', '0', '1e3', '2147483648', '99999999999999999999', '1.5', 'NaN', '%00', '%0A', '%ED%A0%80', '__proto__', 'constructor', 'toString', 'true', 'maybe', '', encodeURIComponent('長'.repeat(5000)), `${MARKER}q`, '2026-02-30', '9999-99-99', '-infinity'];
const QUERY_NAMES = ['limit', 'offset', 'page', 'from', 'to', 'version', 'state', 'status', 'q', 'mine', 'overdue', 'definition', 'kind', 'ids', 'termId', 'active', 'standingCommittee', 'format', 'lang', 'instance', 'since', 'until', 'sort', '__proto__'];

/**
 * Every GET route of the OpenAPI document, with `{id}` filled by a real instance or task id
 * (or a hostile one), and each of its declared query parameters and the usual names set to a
 * hostile value: `runs` requests, each < 500 (checked in `send`).
 */
async function fuzzQueries(w: WorkApp, f: Fuzzer, runs: number, seed: number): Promise<number> {
  const doc = openApiDocument({ version: 'fuzz' }) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
  const routes = Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([path, ops]) => ({ path: path.replace(/^\/api/, ''), names: [...new Set([...(ops.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), ...QUERY_NAMES])] }));
  const ids = await sql<{ id: string }>`(select id from instances limit 3) union all (select id from tasks limit 3)`.execute(w.handle.db);
  const idArb = fc.constantFrom(...ids.rows.map((r) => r.id), '%00', '__proto__', 'x'.repeat(3000), '-1', '2147483648');
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes).chain((r) => fc.record({ r: fc.constant(r), id: idArb, params: fc.uniqueArray(fc.tuple(fc.constantFrom(...r.names), fc.constantFrom(...HOSTILE_QUERY)), { minLength: 1, maxLength: 3, selector: (t) => t[0] }), user: fc.constantFrom('staff', 'admin', 'deputy1', 'unit1') })),
      async ({ r, id, params, user }) => {
        sent++;
        const path = r.path.replace(/\{\w+\}/g, id);
        await f.send(user, 'GET', `${path}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`, undefined, 'query fuzz');
      },
    ),
    { numRuns: runs, seed, endOnFailure: true },
  );
  return sent;
}

const UNIT_USERS: Record<string, string> = { 'unit-housing': 'unit1', 'unit-education': 'unit2', 'unit-health': 'unit3' };

/**
 * Every open task and the demo user who holds it, read from the tables (one query a round
 * instead of eleven inboxes), in the order the tasks were made (so the walk is the same each run): staff and leader tasks by role, unit tasks by unit, deputy tasks
 * by assignee. A task no demo user holds (an office's) is left alone.
 */
async function openTasks(w: WorkApp): Promise<Array<{ user: string; task: Task }>> {
  const rows = await sql<{ id: string; instance_id: string; key: string; state_id: string; role: string; unit_id: string | null; assignee_id: string | null; outcomes: unknown; definition_id: string }>`
    select t.id, t.instance_id, t.key, t.state_id, t.role, t.unit_id, t.assignee_id, t.outcomes, i.definition_id
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.status = 'open'
    order by (select min(w.id) from fuzz_writes w where w.tbl = 'tasks' and w.row_id = t.id), t.id`.execute(w.handle.db);
  const out: Array<{ user: string; task: Task }> = [];
  for (const r of rows.rows) {
    const user =
      r.role === 'unit' ? UNIT_USERS[r.unit_id ?? ''] : r.role === 'deputy' ? (r.assignee_id?.replace(/^demo-/, '') ?? 'deputy1') : USERS.includes(r.role) ? r.role : undefined;
    if (!user || !USERS.includes(user)) continue;
    const def = w.rt.registry.list().find((d) => d.id === r.definition_id);
    const outcomes = (typeof r.outcomes === 'string' ? JSON.parse(r.outcomes) : r.outcomes) as Record<string, string | null>;
    out.push({
      user,
      task: {
        id: r.id,
        instanceId: r.instance_id,
        definitionId: r.definition_id,
        state: r.state_id,
        key: r.key,
        outcomes: Object.entries(outcomes).map(([event, form]) => ({ event, form, schema: form && def && Object.hasOwn(def.pkg.forms, form) ? (def.pkg.forms[form] as Record<string, unknown>) : null })),
      },
    });
  }
  return out;
}

function roleOf(user: string): string {
  return user.replace(/\d+$/, '');
}

describe.each(databases)('fuzzing every published form ($name)', ({ name, open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await handle?.close();
    handle = undefined;
  });

  it('answers every hostile submission with a 4xx and a JSON error, changes nothing on a refusal, and logs no fuzzed value', { timeout: 1_800_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const log: string[] = [];
    for (const m of ['log', 'error', 'warn', 'info', 'debug'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        log.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
    const started = performance.now();
    const target = Number(process.env.FUZZ_TARGET ?? (name === 'pglite' ? 10_000 : 1_000));
    const { f, allForms, queries } = await runFuzz(w, { target, perForm: Number(process.env.FUZZ_PER_FORM ?? (name === 'pglite' ? 120 : 12)), instancesPerPackage: Number(process.env.FUZZ_INSTANCES ?? (name === 'pglite' ? 4 : 2)), queries: Number(process.env.FUZZ_QUERIES ?? (name === 'pglite' ? 1000 : 200)) });
    const seconds = (performance.now() - started) / 1000;
    const missed = allForms.filter((k) => !f.fuzzedForms.has(k));
    process.stdout.write(
      `fuzz-forms (${name}): ${f.submissions} hostile submissions over ${f.fuzzedForms.size}/${allForms.length} forms and ${queries} hostile GET queries in ${seconds.toFixed(1)} s\n` +
        `  statuses ${JSON.stringify(Object.fromEntries([...f.statuses].sort()))}\n  codes ${JSON.stringify(Object.fromEntries([...f.codes].sort((a, b) => b[1] - a[1])))}\n` +
        `  fuzzed ${f.fuzzedForms.size}/${allForms.length} forms; not reached: ${missed.join(', ') || 'none'}\n` +
        `  time (s): ${Object.entries(f.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')} (requests include the server's work; the rest is generating and sending)\n`,
    );
    if (missed.length > 0) {
      const states = await sql<{ definition_id: string; state: string; n: number }>`select definition_id, state, count(*)::int as n from instances group by 1, 2 order by 1, 2`.execute(handle.db);
      process.stdout.write(`  where the instances stopped: ${states.rows.map((r) => `${r.definition_id} ${r.state} ×${r.n}`).join('; ')}\n`);
    }
    expect([...f.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    // Every published form of every package was fuzzed (the set computed from the packages).
    expect(missed).toEqual([]);
    expect(f.submissions).toBeGreaterThanOrEqual(target);
    const leaked = log.filter((line) => line.includes(MARKER) || [...generatedText].some((t) => line.includes(t)));
    expect(leaked).toEqual([]);
  });
});

