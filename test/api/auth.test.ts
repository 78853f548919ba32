import { afterEach, expect, it, vi } from 'vitest';
import { createCounty, seedDemo, type DatabaseHandle } from '../../runtime/store/index.ts';
import { createApp } from '../../server/app.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';

// The first case builds the migrated PGlite dump and seeds two counties: over a minute on a loaded 2-core box.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

interface ApiResult {
  status: number;
  // Assertions read arbitrary JSON.
  body: any;
}

class TestClock {
  t = new Date('2026-03-02T01:00:00Z').getTime();
  now(): Date {
    return new Date(this.t);
  }
}

describeEachDatabase('auth and user API', (open) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    vi.restoreAllMocks();
  });

  async function setup() {
    const h: DatabaseHandle = await open();
    handle = h;
    await seedDemo(h.db);
    await createCounty(h.db, { code: 'other', name: '另一县' });
    const clock = new TestClock();
    const app = createApp({
      db: h.db,
      dbKind: h.kind,
      secret: 'test-secret',
      clock,
      extra: (api) => {
        api.get('/boom', () => {
          throw new Error('secret internals at /srv/app.ts:42');
        });
      },
    });
    async function call(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResult> {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await app.request(path, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    }
    async function login(username: string, county?: string): Promise<string> {
      const res = await call('POST', '/api/auth/login', { body: { username, password: 'demo', ...(county ? { county } : {}) } });
      expect(res.status).toBe(200);
      return res.body.token as string;
    }
    return { h, app, call, login, clock };
  }

  it('answers health without a token', async () => {
    const { h, call } = await setup();
    // `calendar` (which holiday year is missing) is tested in test/api/calendar.test.ts.
    expect(await call('GET', '/api/health')).toEqual({ status: 200, body: { status: 'ok', database: h.kind, calendar: expect.objectContaining({ complete: expect.any(Boolean) }) } });
  });

  it('logs in, and rejects a wrong password or unknown user with the same 401', async () => {
    const { call } = await setup();
    const ok = await call('POST', '/api/auth/login', { body: { username: 'leader', password: 'demo' } });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(ok.body.user).toEqual({
      id: 'demo-leader',
      username: 'leader',
      displayName: '主任会议成员',
      roles: ['leader'],
      unitId: null,
      county: { id: 'demo', code: 'demo', name: '示范县', nameEn: 'Demo County', level: 'county' },
    });
    for (const body of [{ username: 'leader', password: 'wrong' }, { username: 'nobody', password: 'demo' }]) {
      const res = await call('POST', '/api/auth/login', { body });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const missing = await call('POST', '/api/auth/login', { body: { username: '' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/username', '/password']);
  });

  it('answers a name of several counties without the county code as any wrong login (401), and logs in with the code', async () => {
    const { call } = await setup();
    const ambiguous = await call('POST', '/api/auth/login', { body: { username: 'admin', password: 'demo' } });
    const wrong = await call('POST', '/api/auth/login', { body: { username: 'leader', password: 'not-demo' } });
    const unknown = await call('POST', '/api/auth/login', { body: { username: 'nobody-at-all', password: 'demo' } });
    expect(ambiguous).toEqual(wrong);
    expect(unknown).toEqual(wrong);
    expect([ambiguous.status, ambiguous.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const other = await call('POST', '/api/auth/login', { body: { username: 'admin', password: 'demo', county: 'other' } });
    expect(other.status).toBe(200);
    expect(other.body.user.county.code).toBe('other');
  });

  it('GET /api/me needs a valid, unexpired token', async () => {
    const { call, login, clock } = await setup();
    const token = await login('unit1');
    const me = await call('GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: 'demo-unit1', displayName: '住建局办理员', roles: ['unit'], unitId: 'unit-housing', county: { code: 'demo' } });

    expect((await call('GET', '/api/me')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await call('GET', '/api/me', { token: token.slice(0, -2) + 'xx' })).status).toBe(401);
    clock.t += 13 * 3600_000;
    const expired = await call('GET', '/api/me', { token });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('lets an admin create a user, listing every field error and refusing a taken username', async () => {
    const { call, login } = await setup();
    const admin = await login('admin', 'demo');
    const before = (await call('GET', '/api/users', { token: admin })).body.users.length;
    expect(before).toBe(11);

    const bad = await call('POST', '/api/users', { token: admin, body: { username: 'a', password: 'short', roles: ['boss', 'staff', 'unit'], unitId: 'unit-nowhere', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    const pointers = bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/displayName', '/extra', '/password', '/roles/0', '/username']);
    for (const e of bad.body.error.details.errors) expect(e).toEqual({ pointer: expect.any(String), message: expect.any(String), message_en: expect.any(String) });
    const badUnit = await call('POST', '/api/users', { token: admin, body: { username: 'clerk', displayName: '赵敏', password: 'lotus-river-7', roles: ['unit'], unitId: 'unit-nowhere' } });
    expect(badUnit.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/unitId']);
    expect((await call('GET', '/api/users', { token: admin })).body.users.length).toBe(before);

    const created = await call('POST', '/api/users', { token: admin, body: { username: 'clerk', displayName: '赵敏', password: 'lotus-river-7', roles: ['unit'], unitId: 'unit-health' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'clerk', countyId: 'demo', roles: ['unit'], unitId: 'unit-health', active: true });
    expect(created.body.password_hash).toBeUndefined();
    const clerkLogin = await call('POST', '/api/auth/login', { body: { username: 'clerk', password: 'lotus-river-7' } });
    expect(clerkLogin.status).toBe(200);

    const dup = await call('POST', '/api/users', { token: admin, body: { username: 'clerk', displayName: '另一个', password: 'lotus-river-7', roles: ['staff'] } });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'USERNAME_TAKEN']);
  });

  it('updates roles, and the change applies at once on this server', async () => {
    const { call, login } = await setup();
    const admin = await login('admin', 'demo');
    const leader = await login('leader');
    expect((await call('GET', '/api/users', { token: leader })).status).toBe(403);
    const patched = await call('PATCH', '/api/users/demo-leader', { token: admin, body: { roles: ['leader', 'admin'], displayName: '周主任' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ roles: ['admin', 'leader'], displayName: '周主任' });
    expect((await call('GET', '/api/users', { token: leader })).status).toBe(200);

    const deactivated = await call('PATCH', '/api/users/demo-leader', { token: admin, body: { active: false } });
    expect(deactivated.body.active).toBe(false);
    expect((await call('GET', '/api/me', { token: leader })).status).toBe(401);

    const empty = await call('PATCH', '/api/users/demo-staff', { token: admin, body: {} });
    expect(empty.status).toBe(400);
    const self = await call('PATCH', '/api/users/demo-admin', { token: admin, body: { roles: ['staff'] } });
    expect([self.status, self.body.error.code]).toEqual([422, 'SELF_LOCKOUT']);
  });

  it('forbids user management to staff (403)', async () => {
    const { call, login } = await setup();
    const staff = await login('staff', 'demo');
    for (const [method, path, body] of [
      ['GET', '/api/users', undefined],
      ['POST', '/api/users', { username: 'x1', displayName: 'x', password: 'lotus-river-7', roles: ['staff'] }],
      ['PATCH', '/api/users/demo-deputy1', { displayName: 'x' }],
    ] as const) {
      const res = await call(method, path, { token: staff, body });
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    const units = await call('GET', '/api/units', { token: staff });
    expect(units.body.units.map((u: { id: string }) => u.id)).toEqual(['office-deputy-affairs', 'office-government', 'unit-education', 'unit-health', 'unit-housing']);
  });

  it('gives an admin of another county 404 for this county\'s user', async () => {
    const { call, login } = await setup();
    const otherAdmin = await login('admin', 'other');
    for (const [method, path, body] of [
      ['GET', '/api/users/demo-staff', undefined],
      ['PATCH', '/api/users/demo-staff', { displayName: '入侵者' }],
    ] as const) {
      const res = await call(method, path, { token: otherAdmin, body });
      expect([res.status, res.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    }
    const list = await call('GET', '/api/users', { token: otherAdmin });
    expect(list.body.users.map((u: { id: string }) => u.id)).toEqual(['other-admin', 'other-deputy1', 'other-staff']);
  });

  it('answers malformed JSON with 400, an oversized body with 413, unknown routes with 404 JSON', async () => {
    const { call, login } = await setup();
    const bad = await call('POST', '/api/auth/login', { raw: '{"username": "admin",' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_JSON']);
    const admin = await login('admin', 'demo');
    expect((await call('POST', '/api/users', { token: admin, raw: 'not json' })).body.error.code).toBe('INVALID_JSON');

    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(1024 * 1024) });
    const declared = await call('POST', '/api/auth/login', { raw: big, headers: { 'content-length': String(Buffer.byteLength(big)) } });
    expect([declared.status, declared.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const streamed = await call('POST', '/api/users', { token: admin, raw: big });
    expect([streamed.status, streamed.body.error.code]).toEqual([413, 'BODY_TOO_LARGE']);

    const missing = await call('GET', '/api/no-such-thing', { token: admin });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers an unexpected error with 500 INTERNAL and no internals', async () => {
    const { call, login } = await setup();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await call('GET', '/api/boom', { token: await login('leader') });
    expect(res).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } });
    expect(logged).toHaveBeenCalled();
  });

  it('serves an OpenAPI 3.1 document with the error schema and bearer auth', async () => {
    const { call } = await setup();
    const doc = await call('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.body.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/logout', '/api/auth/password', '/api/me', '/api/users', '/api/users/{id}', '/api/units', '/api/health']));
    expect(doc.body.paths['/api/auth/login'].post.security).toEqual([]);
    expect(Object.keys(doc.body.paths['/api/auth/login'].post.responses)).toEqual(['200', '400', '401', '429', 'default']);
    expect(doc.body.paths['/api/users/{id}'].patch.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('keeps no token secret in app_settings', async () => {
    const { h, login } = await setup();
    await login('leader');
    expect(await h.db.selectFrom('app_settings').select('key').where('key', '=', 'token_secret').execute()).toEqual([]);
  });
});
