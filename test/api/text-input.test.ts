/**
 * Text PostgreSQL cannot keep is refused at the edge (server/request-body.ts →
 * runtime/engine/text-input.ts): a NUL or a lone surrogate in a value or a key, and a body
 * nested 20,000 deep, answer 400 with the JSON pointer — before this check a NUL in a form
 * value was a 500 from `jsonb` — and nothing is written. A NUL in the path or query
 * (`/api/tasks/%00`, `?q=%00`) is refused the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestForm } from '../../definitions/inspection-request/types.d.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const REQUEST: RequestForm = {
  topic: '城区学校周边交通安全',
  purpose: '了解上下学时段交通组织和安全设施情况。',
  unitIds: ['unit-education'],
};

const DEEP = 20_000;
const nested = (inner: string) => `${'['.repeat(DEEP)}${inner}${']'.repeat(DEEP)}`;
/** The pointer of the first array below the 64 levels allowed, under `base`. */
const tooDeepAt = (base: string, levelsAbove: number) => `${base}${'/0'.repeat(64 - levelsAbove)}`;

/** A body with a bad character; `JSON.stringify` writes a lone surrogate as the escape `\ud800`. */
interface BadBody {
  what: string;
  body: string;
  code: 'INVALID_TEXT' | 'TOO_DEEP';
  pointer: string;
}

async function post(w: WorkApp, token: string | null, path: string, body: string): Promise<{ status: number; body: any }> {
  const res = await w.app.request(`/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, body: await res.json() };
}

/** Rows a start or a completion writes. */
async function rowCounts(w: WorkApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['instances', 'instance_events', 'tasks', 'timers', 'outbox'] as const) {
    const row = await w.handle.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

async function expectRefused(w: WorkApp, token: string | null, path: string, cases: BadBody[]): Promise<void> {
  for (const c of cases) {
    const r = await post(w, token, path, c.body);
    expect([c.what, r.status, r.body.error?.code], JSON.stringify(r.body).slice(0, 500)).toEqual([c.what, 400, c.code]);
    const errors = r.body.error.details.errors as Array<{ pointer: string; message: string; message_en: string }>;
    expect(errors.map((e) => e.pointer)).toEqual([c.pointer]);
    expect(errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
    expect(errors[0]!.message_en).toMatch(/[a-z]/);
  }
}

describe.each(databases)('text the database cannot keep is refused at the edge ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('starting an instance, completing a task and logging in answer 400 with the pointer, and write nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');

    const before = await rowCounts(w);
    await expectRefused(w, deputy, '/definitions/inspection-request/instances', [
      { what: 'NUL in a form value', body: JSON.stringify({ data: { ...REQUEST, topic: '城区\u0000学校' } }), code: 'INVALID_TEXT', pointer: '/data/topic' },
      { what: 'NUL in a key', body: JSON.stringify({ data: { ...REQUEST, 'pur\u0000pose': 'x' } }), code: 'INVALID_TEXT', pointer: '/data/pur\u0000pose' },
      { what: 'lone surrogate in a list item', body: JSON.stringify({ data: { ...REQUEST, unitIds: ['unit-\uD800education'] } }), code: 'INVALID_TEXT', pointer: '/data/unitIds/0' },
      { what: 'bell in a value', body: JSON.stringify({ data: { ...REQUEST, purpose: '了解\u0007情况' } }), code: 'INVALID_TEXT', pointer: '/data/purpose' },
      { what: '20,000 deep', body: `{"data": {"topic": ${nested('"x"')}}}`, code: 'TOO_DEEP', pointer: tooDeepAt('/data/topic', 2) },
    ]);
    expect(await rowCounts(w)).toEqual(before);

    // Tab, newline and carriage return are ordinary text in a textarea; astral characters are pairs, not lone surrogates.
    const started = await post(w, deputy, '/definitions/inspection-request/instances', JSON.stringify({ data: { ...REQUEST, purpose: '第一行\r\n\t第二行 𠀀 👍🏽' } }));
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body.context.purpose).toBe('第一行\r\n\t第二行 𠀀 👍🏽');
    const [arrange] = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks;

    const afterStart = await rowCounts(w);
    await expectRefused(w, staff, `/tasks/${arrange.id}/complete`, [
      { what: 'NUL in a form value', body: JSON.stringify({ outcome: 'ARRANGE', data: { date: '2026-04-15', itinerary: '县实验小学\u0000' } }), code: 'INVALID_TEXT', pointer: '/data/itinerary' },
      { what: 'NUL in a key', body: JSON.stringify({ outcome: 'ARRANGE', data: { date: '2026-04-15', itinerary: 'x', '\u0000': 'y' } }), code: 'INVALID_TEXT', pointer: '/data/\u0000' },
      { what: 'NUL in the outcome', body: JSON.stringify({ outcome: 'ARRANGE\u0000', data: { date: '2026-04-15', itinerary: 'x' } }), code: 'INVALID_TEXT', pointer: '/outcome' },
      { what: 'lone low surrogate', body: JSON.stringify({ outcome: 'ARRANGE', data: { date: '2026-04-15', itinerary: '\uDC00' } }), code: 'INVALID_TEXT', pointer: '/data/itinerary' },
      { what: '20,000 deep', body: `{"outcome": "ARRANGE", "data": ${nested('')}}`, code: 'TOO_DEEP', pointer: tooDeepAt('/data', 1) },
    ]);
    expect(await rowCounts(w)).toEqual(afterStart);
    expect((await w.call(staff, 'GET', `/tasks/${arrange.id}`)).body.status).toBe('open');

    await expectRefused(w, null, '/auth/login', [
      { what: 'NUL in the username', body: JSON.stringify({ username: 'staff\u0000', password: 'demo' }), code: 'INVALID_TEXT', pointer: '/username' },
      { what: 'NUL in a key', body: JSON.stringify({ username: 'staff', password: 'demo', 'county\u0000': 'x' }), code: 'INVALID_TEXT', pointer: '/county\u0000' },
      { what: 'lone surrogate in the password', body: JSON.stringify({ username: 'staff', password: 'demo\uD83D' }), code: 'INVALID_TEXT', pointer: '/password' },
      { what: '20,000 deep', body: `{"username": ${nested('')}, "password": "demo"}`, code: 'TOO_DEEP', pointer: tooDeepAt('/username', 1) },
    ]);
  });

  it('a control character in the path or query answers 400 with its pointer (it was a 500 from PostgreSQL)', async () => {
    handle = await open();
    const w = await workApp(handle);
    const admin = await w.login('admin');
    const cases: Array<[string, string, string]> = [
      ['GET', '/tasks/%00', '/path/3'],
      ['POST', '/tasks/x%00y/claim', '/path/3'],
      ['GET', '/instances/%00', '/path/3'],
      ['GET', '/users/%00', '/path/3'],
      ['GET', '/instances?q=%00', '/query/q/0'],
      ['GET', '/tasks?state=open&definition=suggestion%1B', '/query/definition/0'],
    ];
    for (const [method, path, pointer] of cases) {
      const r = await w.call(admin, method, path, method === 'POST' ? {} : undefined);
      expect([path, r.status, r.body.error?.code, r.body.error?.details?.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([path, 400, 'INVALID_TEXT', [pointer]]);
    }
    // Ordinary escapes still reach the routes: a Chinese search term.
    expect((await w.call(admin, 'GET', `/instances?q=${encodeURIComponent('交通')}`)).status).toBe(200);
  });
});
