/**
 * Fuzzing every published form through the HTTP API (issue 13, deliverables 4, 5 and 9).
 *
 * An explorer starts instances of every startable package, then repeatedly collects every
 * open task of every demo user; for each outcome's form (and each start form) fast-check
 * sends hostile variants of a generated submission (wrong types, NUL, lone surrogates, huge
 * strings, `__proto__` keys, deep nesting, extra fields, numbers past 2^53 — see
 * test/support/schema-arbitrary.ts), then completes the task with a valid submission so the
 * process moves on and the next forms come into reach. Every response must be < 500 and a
 * refusal a 4xx with a JSON error body that changed nothing (instances, versions, events,
 * tasks, timers, outbox compared before and after). The query parameters of every GET route of
 * the OpenAPI document get hostile values too. The server's console output during the run is
 * captured and searched for the fuzzed values: none may appear.
 *
 * PGlite: ≥ 10,000 submissions; PostgreSQL (TEST_DATABASE_URL): ≥ 1,000, for the data errors
 * only PostgreSQL raises. Deterministic: fast-check runs from fixed seeds.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApiDocument } from '../../server/openapi.ts';
import { databases, type TestHandle } from '../support/databases.ts';
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
  private last = '';

  constructor(
    readonly w: WorkApp,
    readonly tokens: Map<string, string>,
  ) {}

  /** Everything a request could change, in one row. */
  async snapshot(): Promise<string> {
    const r = await sql<Record<string, string>>`select
      (select count(*) from instances) as instances, (select coalesce(sum(version), 0) from instances) as versions,
      (select count(*) from instance_events) as events, (select count(*) from tasks) as tasks,
      (select count(*) from tasks where status = 'open') as open, (select count(*) from timers) as timers,
      (select count(*) from outbox) as outbox, (select count(*) from files) as files`.execute(this.w.handle.db);
    return JSON.stringify(r.rows[0]);
  }

  async reset(): Promise<void> {
    this.last = await this.snapshot();
  }

  /**
   * Sends one request; asserts < 500, an X-Request-Id, and a JSON error body on refusal; after
   * a refused write, the state is what it was after the last accepted one.
   */
  async send(user: string | null, method: string, path: string, body?: string, what = ''): Promise<{ status: number; body: any }> {
    const res = await this.w.app.request(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${this.tokens.get(user)}` } : {}) },
      body,
    });
    const text = await res.text();
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
      if (method !== 'GET') expect(await this.snapshot(), `state changed after a refusal: ${context}`).toBe(this.last);
    } else if (method !== 'GET') {
      this.last = await this.snapshot();
    }
    return { status: res.status, body: parsed };
  }

  /** `runs` hostile variants of a generated value of `schema`, sent as `wrap(data)` to `path`. */
  async fuzzForm(formKey: string, user: string, path: string, schema: Record<string, unknown>, wrap: (d: unknown) => Record<string, unknown>, runs: number, seed: number): Promise<void> {
    this.fuzzedForms.add(formKey);
    const arb = arbitraryFor(schema, PICKERS).chain((data) => mutationArb(data, wrap, MARKER));
    const isTask = path.startsWith('/tasks/');
    let moved = false;
    await fc.assert(
      fc.asyncProperty(arb, async (m) => {
        // A variant that happens to be valid (an extra field where the form allows one) completed
        // the task, or a sibling's completion closed it: nothing more to send here.
        if (moved) return;
        this.submissions++;
        const r = await this.send(user, 'POST', path, m.body, `${formKey} ${m.kind}`);
        if (isTask && (r.status < 300 || r.status === 409)) moved = true;
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
  }

  /** A valid submission of `schema` as the form's own validator sees it (fixed seed). */
  validSamples(schema: Record<string, unknown>, seed: number, n = 30): unknown[] {
    return fc.sample(arbitraryFor(schema, PICKERS), { numRuns: n, seed });
  }
}

async function runFuzz(w: WorkApp, opts: { target: number; perForm: number; instancesPerPackage: number; queries: number }) {
  const tokens = new Map<string, string>();
  for (const u of USERS) tokens.set(u, await w.login(u));
  const f = new Fuzzer(w, tokens);
  await f.reset();
  const defs = w.rt.registry.list();
  const allForms = defs.flatMap((d) => Object.keys(d.pkg.forms).map((name) => `${d.id}/${name}`));
  let seed = 1;

  // Start forms: hostile variants, then valid starts that the explorer drives on.
  const startable = defs.filter((d) => d.pkg.start && !d.pkg.child);
  const startOne = async (d: (typeof defs)[number], user: string, n: number) => {
    const form = d.pkg.start!.form;
    let started = 0;
    const refusals: unknown[] = [];
    for (const data of f.validSamples(d.pkg.forms[form]!, seed++, 60)) {
      if (started >= n) break;
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
  for (const d of startable) {
    const user = USERS.find((u) => d.pkg.start!.roles.some((r) => roleOf(u) === r))!;
    await f.fuzzForm(`${d.id}/${d.pkg.start!.form}`, user, `/definitions/${d.id}/instances`, d.pkg.forms[d.pkg.start!.form]!, (data) => ({ data }), opts.perForm, seed++);
    expect(await startOne(d, user, opts.instancesPerPackage), `valid starts of ${d.id}`).toBeGreaterThan(0);
  }

  // Explore: every open task of every user; fuzz each outcome's form once, then move the task on.
  const visited = new Set<string>();
  const branch = new Map<string, number>();
  for (let round = 0; round < 60; round++) {
    const open = (await openTasks(w)).filter((o) => !visited.has(o.task.id));
    if (open.length === 0) break;
    for (const { user, task } of open) {
      visited.add(task.id);
      const path = `/tasks/${task.id}/complete`;
      for (const o of task.outcomes) {
        const key = o.form ? `${task.definitionId}/${o.form}` : null;
        if (key && o.schema && !f.fuzzedForms.has(key)) await f.fuzzForm(key, user, path, o.schema, (data) => ({ outcome: o.event, data }), opts.perForm, seed++);
      }
      // Move on: outcomes taken in turn per (process, state), so instances go down different branches.
      const k = `${task.definitionId}:${task.state}:${task.key}`;
      const turn = branch.get(k) ?? 0;
      branch.set(k, turn + 1);
      const choices = [...task.outcomes.slice(turn % task.outcomes.length), ...task.outcomes.slice(0, turn % task.outcomes.length)];
      done: for (const o of choices) {
        const candidates = o.schema ? f.validSamples(o.schema, seed++, 40) : [undefined];
        const validator = o.form ? w.rt.registry.list().find((d) => d.id === task.definitionId)?.validators[o.form] : undefined;
        for (const data of candidates) {
          if (validator && validator(data).length > 0) continue;
          const r = await f.send(user, 'POST', path, JSON.stringify({ outcome: o.event, data }), `complete ${k} ${o.event}`);
          if (r.status === 200) break done;
          if (r.status === 409 || r.status === 403 || r.status === 404) break done; // closed meanwhile (a sibling moved the instance)
        }
      }
    }
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
 * instead of eleven inboxes): staff and leader tasks by role, unit tasks by unit, deputy tasks
 * by assignee. A task no demo user holds (an office's) is left alone.
 */
async function openTasks(w: WorkApp): Promise<Array<{ user: string; task: Task }>> {
  const rows = await sql<{ id: string; instance_id: string; key: string; state_id: string; role: string; unit_id: string | null; assignee_id: string | null; outcomes: unknown; definition_id: string }>`
    select t.id, t.instance_id, t.key, t.state_id, t.role, t.unit_id, t.assignee_id, t.outcomes, i.definition_id
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.status = 'open' order by t.created_at, t.id`.execute(w.handle.db);
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
    const { f, allForms, queries } = await runFuzz(w, { target, perForm: Number(process.env.FUZZ_PER_FORM ?? (name === 'pglite' ? 120 : 12)), instancesPerPackage: name === 'pglite' ? 4 : 2, queries: Number(process.env.FUZZ_QUERIES ?? (name === 'pglite' ? 1000 : 200)) });
    const seconds = (performance.now() - started) / 1000;
    const missed = allForms.filter((k) => !f.fuzzedForms.has(k));
    process.stdout.write(
      `fuzz-forms (${name}): ${f.submissions} hostile submissions over ${f.fuzzedForms.size}/${allForms.length} forms and ${queries} hostile GET queries in ${seconds.toFixed(1)} s\n` +
        `  statuses ${JSON.stringify(Object.fromEntries([...f.statuses].sort()))}\n  codes ${JSON.stringify(Object.fromEntries([...f.codes].sort((a, b) => b[1] - a[1])))}\n` +
        `  forms not reached by a task: ${missed.join(', ') || 'none'}\n`,
    );
    expect(f.submissions).toBeGreaterThanOrEqual(target);
    expect([...f.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    const leaked = log.filter((line) => line.includes(MARKER) || [...generatedText].some((t) => line.includes(t)));
    expect(leaked).toEqual([]);
  });
});

