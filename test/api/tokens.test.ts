/**
 * Tokens end when they should: a token version that a password change or reset, deactivation
 * and logout bump (checked by every authenticator within its 10 s cache window, at once by the
 * one that made the change); `nbf` honoured; `exp` bounded by the server's own lifetime (12 h).
 * And the signing secret: never in the database; a 0600 file in DATA_DIR, or TOKEN_SECRET.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../runtime/errors.ts';
import { Authenticator, TOKEN_TTL_SECONDS } from '../../server/auth.ts';
import { startServer } from '../../server/main.ts';
import { loadSecret, SECRET_FILE } from '../../server/secret.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { authApp, seedAccounts } from '../support/auth-app.ts';

// Each case seeds a database and signs in many times (scrypt): minutes on a loaded CI box.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

describeEachDatabase('token versions and claims', (open) => {
  const handles: TestHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
  });
  async function setup() {
    const h = await open();
    handles.push(h);
    const clock = await seedAccounts(h);
    return { h, ...authApp(h, clock) };
  }
  const token = async (r: Promise<{ status: number; body: any }>) => {
    const res = await r;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.token as string;
  };

  it('refuses an old token after a password reset by the admin, a change by the user, a deactivation and a logout', async () => {
    const { call, login } = await setup();
    const admin = await token(login('admin', 'demo', { county: 'demo' }));
    const me = (t: string) => call('GET', '/me', { token: t }).then((r) => r.status);

    // Reset by the admin: the old token is refused (401), the new password signs in.
    const old = await token(login('leader'));
    expect(await me(old)).toBe(200);
    expect((await call('PATCH', '/users/demo-leader', { token: admin, body: { password: 'harbour-lamp-42' } })).status).toBe(200);
    const refused = await call('GET', '/me', { token: old });
    console.log(`old token after a password reset: ${refused.status} ${refused.body.error.code}`);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const fresh = await token(login('leader', 'harbour-lamp-42'));
    expect(await me(fresh)).toBe(200);

    // Changed by the user: every earlier token ends, the answer carries a working one.
    const other = await token(login('leader', 'harbour-lamp-42'));
    const wrong = await call('POST', '/auth/password', { token: fresh, body: { currentPassword: 'not-it', newPassword: 'meadow-violin-9' } });
    expect([wrong.status, wrong.body.error.details.errors[0].pointer]).toEqual([400, '/currentPassword']);
    const weak = await call('POST', '/auth/password', { token: fresh, body: { currentPassword: 'harbour-lamp-42', newPassword: '12345678' } });
    expect([weak.status, weak.body.error.details.errors[0].pointer]).toEqual([400, '/newPassword']);
    const changed = await call('POST', '/auth/password', { token: fresh, body: { currentPassword: 'harbour-lamp-42', newPassword: 'meadow-violin-9' } });
    expect(changed.status).toBe(200);
    expect([await me(fresh), await me(other), await me(changed.body.token)]).toEqual([401, 401, 200]);
    expect((await login('leader', 'harbour-lamp-42')).status).toBe(401);

    // Logout ends this token and every other token of the user; other users keep theirs.
    const staffA = await token(login('staff', 'demo', { county: 'demo' }));
    const staffB = await token(login('staff', 'demo', { county: 'demo' }));
    expect((await call('POST', '/auth/logout', { token: staffA })).status).toBe(204);
    expect([await me(staffA), await me(staffB), await me(admin)]).toEqual([401, 401, 200]);
    expect((await call('POST', '/auth/logout', { token: staffA })).status).toBe(401);

    // Deactivation: the token stays dead even after the account is reactivated.
    const unit = await token(login('unit1'));
    expect((await call('PATCH', '/users/demo-unit1', { token: admin, body: { active: false } })).status).toBe(200);
    expect((await call('PATCH', '/users/demo-unit1', { token: admin, body: { active: true } })).status).toBe(200);
    expect(await me(unit)).toBe(401);
    expect(await me(await token(login('unit1')))).toBe(200);

    // A role change or a new name keeps the token (roles are re-read within the cache window).
    const deputy = await token(login('deputy2'));
    expect((await call('PATCH', '/users/demo-deputy2', { token: admin, body: { roles: ['deputy', 'staff'], displayName: '代表二' } })).status).toBe(200);
    expect(await me(deputy)).toBe(200);
  });

  it('makes another server process refuse a revoked token within its 10 s cache window', async () => {
    const { h, clock } = await setup();
    let wall = 0;
    const here = new Authenticator({ db: h.db, secret: 's', clock, cacheNow: () => wall });
    const there = new Authenticator({ db: (h.reopen ? await h.reopen() : h).db, secret: 's', clock, cacheNow: () => wall });
    const t = await here.issueToken({ id: 'demo-leader', countyId: 'demo' });
    expect((await there.authenticate(`Bearer ${t}`)).id).toBe('demo-leader');
    await here.revoke('demo', 'demo-leader');
    await expect(here.authenticate(`Bearer ${t}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The other process still has the user cached (at most 10 s) …
    wall += 9_000;
    expect((await there.authenticate(`Bearer ${t}`)).id).toBe('demo-leader');
    // … and refuses once the copy is older than that.
    wall += 1_001;
    await expect(there.authenticate(`Bearer ${t}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('honours nbf and bounds exp by the server\'s own lifetime, on the injected clock', async () => {
    const { call, clock } = await setup();
    const now = Math.floor(clock.now().getTime() / 1000);
    const mint = (claims: Record<string, unknown>) => sign({ sub: 'demo-leader', cty: 'demo', ver: 0, ...claims }, 'test-secret', 'HS256');
    const status = async (t: string) => (await call('GET', '/me', { token: t })).status;

    expect(await status(await mint({ iat: now, exp: now + TOKEN_TTL_SECONDS }))).toBe(200);
    // Not before an hour from now: refused until the clock gets there.
    const later = await mint({ iat: now, nbf: now + 3600, exp: now + TOKEN_TTL_SECONDS });
    expect(await status(later)).toBe(401);
    clock.advance(3600_000);
    expect(await status(later)).toBe(200);
    const nowAfter = now + 3600;
    // exp − iat longer than 12 h (a token minted for a year), or no iat at all: refused though unexpired.
    expect(await status(await mint({ iat: nowAfter, exp: nowAfter + TOKEN_TTL_SECONDS + 1 }))).toBe(401);
    expect(await status(await mint({ iat: nowAfter - 60, exp: nowAfter + 365 * 86400 }))).toBe(401);
    expect(await status(await mint({ exp: nowAfter + 3600 }))).toBe(401);
    // A non-numeric nbf, or a token of an older token version, is refused.
    expect(await status(await mint({ iat: nowAfter, exp: nowAfter + 60, nbf: 'soon' }))).toBe(401);
    expect(await status(await mint({ iat: nowAfter, exp: nowAfter + 60, ver: -1 }))).toBe(401);
    // Expiry follows the injected clock too.
    const short = await mint({ iat: nowAfter, exp: nowAfter + 60 });
    expect(await status(short)).toBe(200);
    clock.advance(60_000);
    expect(await status(short)).toBe(401);
  });
});

describe('the token signing secret', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'cf-secret-'));
    dirs.push(d);
    return d;
  };
  const refusal = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  };

  it('keeps the embedded secret in DATA_DIR/token-secret with mode 0600, the same on every start', () => {
    const dir = tempDir();
    const first = loadSecret({ kind: 'pglite', dataDir: dir, env: {} });
    const file = join(dir, SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadSecret({ kind: 'pglite', dataDir: dir, env: {} })).toBe(first);
    expect(loadSecret({ kind: 'pglite', dataDir: dir, env: { TOKEN_SECRET: 'x'.repeat(40) } })).toBe('x'.repeat(40));
  });

  it('refuses a secret file others can read, saying how to fix it in Chinese and English', () => {
    const dir = tempDir();
    writeFileSync(join(dir, SECRET_FILE), 'a'.repeat(43));
    chmodSync(join(dir, SECRET_FILE), 0o644);
    const err = refusal(() => loadSecret({ kind: 'pglite', dataDir: dir, env: {} }));
    expect(err.code).toBe('TOKEN_SECRET_UNSAFE');
    expect(err.message).toContain('chmod 600');
    expect(err.message).toMatch(/拒绝启动.*refusing to start/);
    chmodSync(join(dir, SECRET_FILE), 0o600);
    expect(loadSecret({ kind: 'pglite', dataDir: dir, env: {} })).toBe('a'.repeat(43));
  });

  it('requires TOKEN_SECRET with PostgreSQL: the server does not start without it', async () => {
    const err = refusal(() => loadSecret({ kind: 'pg', env: {} }));
    expect(err.code).toBe('TOKEN_SECRET_REQUIRED');
    expect(err.message).toMatch(/必须设置环境变量 TOKEN_SECRET.*TOKEN_SECRET must be set/);
    expect(refusal(() => loadSecret({ kind: 'pg', env: { TOKEN_SECRET: 'short' } })).code).toBe('TOKEN_SECRET_REQUIRED');
    expect(loadSecret({ kind: 'pg', env: { TOKEN_SECRET: 'y'.repeat(32) } })).toBe('y'.repeat(32));
    // startServer stops before opening the database (the URL points nowhere).
    await expect(startServer({ port: 0, databaseUrl: 'postgres://nobody@127.0.0.1:1/none', env: {}, log: () => {} })).rejects.toMatchObject({ code: 'TOKEN_SECRET_REQUIRED' });
  });
});
