/**
 * Sign-in throttling (runtime/store/login-throttle.ts): per account name 5 failures in 15 min,
 * per client address 20, then a lock of 1, 2, 4 … min (at most 1 h) answered 429 with
 * Retry-After — the same for a name that does not exist; a success clears the account; kept in
 * the database, so every server process shares it. The clock is simulated: no sleeping.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { addressBucket } from '../../runtime/store/index.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { authApp, seedAccounts } from '../support/auth-app.ts';

// Each case seeds a database and signs in many times (scrypt): minutes on a loaded CI box.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

describeEachDatabase('login throttling', (open) => {
  const handles: TestHandle[] = [];
  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
  });
  async function setup(opts: { trustProxy?: number } = {}) {
    const h = await open();
    handles.push(h);
    const clock = await seedAccounts(h);
    return { h, ...authApp(h, clock, opts) };
  }

  it('answers 400 wrong passwords with 401 × 5 then 429 with Retry-After, refuses the right one while locked, and the same for a name that does not exist', async () => {
    const { login, clock } = await setup();
    const address = '203.0.113.7';
    const statuses = new Map<number, number>();
    let firstRefusal: { status: number; body: any; retryAfter: string | null } | undefined;
    for (let i = 0; i < 400; i++) {
      const r = await login('leader', `wrong-${i}`, { address });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (i === 4) expect(r.status).toBe(401);
      if (r.status === 429) firstRefusal ??= r;
    }
    console.log(`400 wrong passwords for "leader": ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
    expect(Object.fromEntries(statuses)).toEqual({ 401: 5, 429: 395 });
    expect(firstRefusal?.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    expect(firstRefusal?.retryAfter).toBe('60');

    // The right password is refused too while the lock runs, with the seconds left.
    clock.advance(20_000);
    const right = await login('leader', 'demo', { address });
    expect([right.status, right.body.error.code, right.retryAfter]).toEqual([429, 'TOO_MANY_ATTEMPTS', '40']);

    // A name nobody has answers exactly alike, attempt by attempt (nothing learnt about the account).
    const ghost: unknown[] = [];
    const real: unknown[] = [];
    for (let i = 0; i < 8; i++) ghost.push(await login('no-such-user', `guess-${i}`));
    for (let i = 0; i < 8; i++) real.push(await login('staff', `guess-${i}`));
    expect(ghost).toEqual(real);
    expect(ghost.map((r: any) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);

    // After the lock the right password works and clears the count: 5 more failures before the next lock.
    clock.advance(41_000);
    expect((await login('leader', 'demo', { address })).status).toBe(200);
    const again: number[] = [];
    for (let i = 0; i < 6; i++) again.push((await login('leader', `wrong-again-${i}`, { address })).status);
    expect(again).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('doubles the lock with each further failure, up to an hour, and starts afresh 15 min after the last', async () => {
    const { login, clock } = await setup();
    for (let i = 0; i < 5; i++) expect((await login('staff', `w${i}`)).status).toBe(401);
    const locks: string[] = [];
    for (let i = 0; i < 8; i++) {
      const refused = await login('staff', 'still-wrong');
      expect(refused.status).toBe(429);
      locks.push(refused.retryAfter ?? '');
      clock.advance(Number(refused.retryAfter) * 1000);
      expect((await login('staff', `after-lock-${i}`)).status).toBe(401);
    }
    // 1, 2, 4, 8, 16, 32 min, then the cap of 1 h.
    expect(locks).toEqual(['60', '120', '240', '480', '960', '1920', '3600', '3600']);

    // A quiet quarter of an hour after the lock ends: the count starts again.
    clock.advance(3600_000 + 15 * 60_000);
    const fresh: number[] = [];
    for (let i = 0; i < 5; i++) fresh.push((await login('staff', `fresh-${i}`)).status);
    expect(fresh).toEqual([401, 401, 401, 401, 401]);
    // Four failures spread over more than 15 min never lock.
    clock.advance(16 * 60_000);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await login('deputy1', `slow-${round}-${i}`)).status).toBe(401);
      clock.advance(16 * 60_000);
    }
  });

  it('locks a client address after 20 failures across names, counts only failures, and reads X-Forwarded-For only with TRUST_PROXY', async () => {
    const { login, clock } = await setup();
    // Successful sign-ins from one address never count: 30 in a row.
    for (let i = 0; i < 30; i++) expect((await login('leader', 'demo', { address: '198.51.100.1' })).status).toBe(200);
    // 20 names, one wrong password each, from one address: then even a right password from there is refused.
    for (let i = 0; i < 20; i++) expect((await login(`spray-${i}`, 'Password1', { address: '198.51.100.2' })).status).toBe(401);
    const blocked = await login('leader', 'demo', { address: '198.51.100.2' });
    expect([blocked.status, blocked.retryAfter]).toEqual([429, '60']);
    // The same person from another address is let in; the blocked address again after a minute.
    expect((await login('leader', 'demo', { address: '198.51.100.3' })).status).toBe(200);
    clock.advance(60_000);
    expect((await login('leader', 'demo', { address: '198.51.100.2' })).status).toBe(200);
    // IPv6 counts by /64: another address of the same /64 is the same client.
    for (let i = 0; i < 20; i++) expect((await login(`v6-${i}`, 'x', { address: `2001:db8:1:2::${i + 1}` })).status).toBe(401);
    expect((await login('leader', 'demo', { address: '2001:db8:1:2:ffff::9' })).status).toBe(429);
    expect((await login('leader', 'demo', { address: '2001:db8:1:3::1' })).status).toBe(200);

    // Without TRUST_PROXY a forged X-Forwarded-For changes nothing: the socket address is locked.
    const { call } = await setup();
    const viaHeader = (app: typeof call, forwarded: string, password: string, username = 'leader') =>
      app('POST', '/auth/login', { body: { username, password }, address: '10.0.0.1', headers: { 'x-forwarded-for': forwarded } });
    for (let i = 0; i < 20; i++) expect((await viaHeader(call, `192.0.2.${i}`, 'wrong', `n${i}`)).status).toBe(401);
    expect((await viaHeader(call, '192.0.2.200', 'demo')).status).toBe(429);
    // With TRUST_PROXY=1 (one proxy of ours) the last entry is the client: a different client passes.
    const proxied = authApp((await setup()).h, clock, { trustProxy: 1 });
    for (let i = 0; i < 20; i++) expect((await viaHeader(proxied.call, `6.6.6.6, 192.0.2.9`, 'wrong', `m${i}`)).status).toBe(401);
    expect((await viaHeader(proxied.call, '192.0.2.9', 'demo')).status).toBe(429);
    expect((await viaHeader(proxied.call, '6.6.6.6, 192.0.2.10', 'demo')).status).toBe(200);
  });

  it('holds under parallel guesses and is shared by every server process on the database', async () => {
    const { h, login, clock } = await setup();
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => login('unit1', `parallel-${i}`)));
    const counts = burst.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    console.log(`30 parallel wrong passwords for "unit1": ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ 401: 5, 429: 25 });
    if (!h.reopen) return;
    // Postgres: a second "server" (its own pool and app) sees the lock made through the first.
    const second = authApp(await h.reopen(), clock);
    for (let i = 0; i < 5; i++) expect((await login('unit2', `first-${i}`)).status).toBe(401);
    const elsewhere = await second.login('unit2', 'demo');
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([429, 'TOO_MANY_ATTEMPTS']);
  });

  it('groups IPv6 addresses by /64 and keeps IPv4 as is', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
