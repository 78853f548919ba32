/**
 * The input edges of issue 13 that the form fuzz (fuzz-forms.test.ts) does not aim at one by
 * one: query ranges (server/request-body.ts `integerQuery`/`enumQuery`), names looked up
 * own-property only (`__proto__`, `constructor`, `toString` as outcome and form names), line
 * breaks in single-line fields and URLs, PostgreSQL data errors mapped to 4xx
 * (server/errors.ts `databaseInputError`), the X-Request-Id, and error log lines with codes
 * and ids but no SQL, parameters or form contents.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseInputError } from '../../server/errors.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const REQUEST = { topic: '城区学校周边交通安全', purpose: '了解上下学时段交通组织和安全设施情况。', unitIds: ['unit-education'] };

async function get(w: WorkApp, token: string, path: string) {
  const t0 = performance.now();
  const r = await w.call(token, 'GET', path);
  if (process.env.DEBUG_EDGES) process.stderr.write(`${path.slice(0, 60)} ${(performance.now() - t0).toFixed(0)} ms\n`);
  return [r.status, r.body.error?.code ?? 'ok', r.body.error?.details?.errors?.[0]?.pointer ?? null];
}

describe('PostgreSQL errors the input can cause', () => {
  it('map to 400 (data), 409 (unique) or 400 (unknown reference), with the column as a pointer; others are not mapped', () => {
    const map = (e: object) => {
      const m = databaseInputError(e);
      return m && [m.code, m.kind, (m.details as { errors?: Array<{ pointer: string }> }).errors?.[0]?.pointer ?? null];
    };
    expect(map({ code: '22P02' })).toEqual(['INVALID_DATA', 'invalid', null]); // invalid text representation
    expect(map({ code: '22003', column: 'due_at' })).toEqual(['INVALID_DATA', 'invalid', '/dueAt']); // numeric out of range
    expect(map({ code: '22001' })?.[0]).toBe('INVALID_DATA'); // string data right truncation
    expect(map({ code: '22021' })?.[0]).toBe('INVALID_DATA'); // invalid byte sequence
    expect(map({ code: '22P05' })?.[0]).toBe('INVALID_DATA'); // untranslatable character
    expect(map({ code: '22008' })?.[0]).toBe('INVALID_DATA'); // datetime field overflow
    expect(map({ code: '23502', column: 'display_name' })).toEqual(['INVALID_DATA', 'invalid', '/displayName']);
    expect(map({ code: '23505' })).toEqual(['ALREADY_EXISTS', 'conflict', null]);
    expect(map({ code: '23503' })).toEqual(['UNKNOWN_REFERENCE', 'invalid', null]);
    expect(map({ code: '54001' })?.[0]).toBe('INVALID_DATA'); // stack depth (a deeply nested value)
    expect(map({ message: 'x', cause: { code: '22007' } })?.[0]).toBe('INVALID_DATA'); // along the cause chain
    expect(map({ code: '53300' })).toBeNull(); // too many connections: the server's problem
    expect(map({ code: 'EPIPE' })).toBeNull();
  });
});

describe.each(databases)('input edges ($name)', { timeout: 120_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await handle?.close();
    handle = undefined;
  });

  it('checks query parameters against their ranges and choices, with the pointer /query/<name>', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const staff = await w.login('staff');
    const admin = await w.login('admin');
    expect(await get(w, staff, '/instances?limit=-1')).toEqual([400, 'INVALID_QUERY', '/query/limit']);
    expect(await get(w, staff, '/instances?limit=0')).toEqual([400, 'INVALID_QUERY', '/query/limit']);
    expect(await get(w, staff, '/instances?limit=1e3')).toEqual([400, 'INVALID_QUERY', '/query/limit']);
    expect(await get(w, staff, '/instances?offset=-5')).toEqual([400, 'INVALID_QUERY', '/query/offset']);
    expect(await get(w, staff, '/instances?offset=99999999999999999999')).toEqual([400, 'INVALID_QUERY', '/query/offset']);
    expect(await get(w, staff, '/instances?mine=yes')).toEqual([400, 'INVALID_QUERY', '/query/mine']);
    expect(await get(w, staff, `/instances?q=${'长'.repeat(201)}`)).toEqual([400, 'INVALID_QUERY', '/query/q']);
    expect(await get(w, staff, '/instances?limit=500&offset=0&mine=1')).toEqual([200, 'ok', null]);
    expect(await get(w, staff, '/tasks?state=__proto__')).toEqual([400, 'INVALID_QUERY', '/query/state']);
    expect(await get(w, staff, '/tasks?overdue=maybe')).toEqual([400, 'INVALID_QUERY', '/query/overdue']);
    expect(await get(w, staff, '/tasks?state=all&mine=0&overdue=false')).toEqual([200, 'ok', null]);
    // 催办 statistics: the period as every statistics route reads it.
    expect(await get(w, staff, '/statistics/urges?period=year:99999')).toEqual([400, 'INVALID_QUERY', null]);
    expect(await get(w, staff, '/statistics/urges?period=__proto__')).toEqual([400, 'INVALID_QUERY', null]);
    expect((await get(w, staff, '/statistics/urges?period=year:2026&toString=1')).slice(0, 2)).toEqual([400, 'INVALID_QUERY']);
    expect(await get(w, staff, '/statistics/urges?period=year:2026')).toEqual([200, 'ok', null]);
    // Versions past 2^31 − 1 were a 500 (integer out of range).
    expect(await get(w, admin, '/definitions/suggestion/diff?from=2147483648')).toEqual([400, 'INVALID_QUERY', '/query/from']);
    expect(await get(w, admin, '/definitions/suggestion/diff?to=-1')).toEqual([400, 'INVALID_QUERY', '/query/to']);
    const migration = await w.call(admin, 'POST', '/definitions/suggestion/migrations', { from: 1, to: 2 ** 31, dryRun: true });
    expect([migration.status, migration.body.error.code]).toEqual([400, 'INVALID_BODY']);
    // A line break in a URL is a control character there (a query value is one line).
    expect(await get(w, staff, '/instances?q=a%0Ab')).toEqual([400, 'INVALID_TEXT', '/query/q/0']);
  });

  it('takes __proto__, constructor and toString as unknown names: outcomes, form names of a package, keys', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');
    const started = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: REQUEST });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const task = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks.find((t: { instanceId: string }) => t.instanceId === started.body.id);
    for (const outcome of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const r = await w.call(staff, 'POST', `/tasks/${task.id}/complete`, { outcome, data: {} });
      expect([outcome, r.status, r.body.error.code]).toEqual([outcome, 422, 'UNKNOWN_OUTCOME']);
    }
    // A `__proto__` key in form data is an unknown field, not a prototype.
    const proto = await w.app.request('/api/definitions/inspection-request/instances', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deputy}` },
      body: `{"data": {"topic": "t", "purpose": "p", "unitIds": ["unit-education"], "__proto__": {"topic": 1}}}`,
    });
    expect([proto.status, ((await proto.json()) as { error: { code: string } }).error.code]).toEqual([400, 'VALIDATION_FAILED']);

    // A package naming `constructor` as its start form, or `toString` as a delay, does not check (it was a 500 when used).
    const admin = await w.login('admin');
    const pkg = miniPackage();
    const bad = { ...pkg, id: 'mini-proto', machine: { ...pkg.machine, id: 'mini-proto' }, start: { ...pkg.start!, form: 'constructor' } };
    const refused = await w.call(admin, 'POST', '/definitions', { package: bad });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'DEFINITION_INVALID']);
    expect(JSON.stringify(refused.body.error.details)).toContain('UNKNOWN_FORM');
  });

  it('refuses a line break in a single-line field and keeps it in a multi-line one', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const deputy = await w.login('deputy1');
    const oneLine = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: { ...REQUEST, topic: '城区\n学校' } });
    expect([oneLine.status, oneLine.body.error.code, oneLine.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, 'VALIDATION_FAILED', ['/topic']]);
    const multi = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: { ...REQUEST, topic: '城区\t学校', purpose: '第一行\r\n第二行' } });
    expect(multi.status, JSON.stringify(multi.body)).toBe(201);
  });

  it('answers with an X-Request-Id: a safe incoming one is kept, anything else replaced', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const ask = async (id?: string) => (await w.app.request('/api/health', { headers: id === undefined ? {} : { 'x-request-id': id } })).headers.get('x-request-id');
    expect(await ask()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await ask('edge-7f3a_01')).toBe('edge-7f3a_01');
    for (const unsafe of ['a b', 'x'.repeat(65), '<script>', 'id\u00e9']) expect(await ask(unsafe)).not.toBe(unsafe);
  });

  it('logs a failed request as one line of codes and ids — no SQL, no parameters, no form contents', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const deputy = await w.login('deputy1');
    const lines: string[] = [];
    for (const m of ['log', 'error', 'warn', 'info'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : String(a))).join(' ')));
    }
    // The database fails the write: first as a server fault (XX000), then as a data error (22003).
    const fail = async (state: string) => {
      await sql
        .raw(`create or replace function fz_fail() returns trigger language plpgsql as $$ begin raise exception 'refused row %', row_to_json(new) using errcode = '${state}'; end $$`)
        .execute(handle!.db);
      await sql.raw('drop trigger if exists fz_fail on instance_events').execute(handle!.db);
      await sql.raw('create trigger fz_fail before insert on instance_events for each row execute function fz_fail()').execute(handle!.db);
    };
    const secret = '机密的建议内容-7Q2';
    const send = () =>
      w.app.request('/api/definitions/inspection-request/instances', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deputy}`, 'x-request-id': 'req-42' },
        body: JSON.stringify({ data: { ...REQUEST, topic: secret } }),
      });

    await fail('XX000');
    const internal = await send();
    expect([internal.status, ((await internal.json()) as { error: { code: string } }).error.code]).toEqual([500, 'INTERNAL']);
    await fail('22003');
    const data = await send();
    expect([data.status, ((await data.json()) as { error: { code: string } }).error.code], lines.join('\n')).toEqual([400, 'INVALID_DATA']);

    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toMatchObject({ level: 'error', code: 'INTERNAL', status: 500, requestId: 'req-42', method: 'POST', route: '/api/definitions/:id/instances', userId: 'demo-deputy1', sqlstate: 'XX000' });
    expect(b).toMatchObject({ level: 'warn', code: 'INVALID_DATA', status: 400, requestId: 'req-42', route: '/api/definitions/:id/instances', userId: 'demo-deputy1', sqlstate: '22003' });
    for (const line of lines) {
      expect(line).not.toContain(secret);
      expect(line).not.toContain('refused row');
      expect(line.toLowerCase()).not.toMatch(/insert into|select |\$1/);
    }
  });
});
