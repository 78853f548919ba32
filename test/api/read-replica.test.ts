/**
 * DATABASE_READ_URL (runtime/store/db.ts `readDb`, server/routes/lagging-reads.ts): the
 * register, the statistics and their exports read from the read database, while logins,
 * starts, completions and the exports' audit rows go to the primary. Proved with two
 * PostgreSQL databases of different content standing in for a primary and its replica (the
 * real streaming replica is `npm run test:cluster`, test/cluster/run.ts): every answer of a
 * lagging read is the second database's, every write lands in the first. Unset, it is as
 * before: one database for all.
 *
 * PostgreSQL only (DATABASE_READ_URL is refused with PGlite): it runs where the PostgreSQL
 * suites run (TEST_DATABASE_URL, or CI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { openDatabase } from '../../runtime/store/index.ts';
import { REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const postgres = databases.find((d) => d.name === 'postgres');

describe.skipIf(!postgres)('DATABASE_READ_URL on postgres (needs TEST_DATABASE_URL or CI)', () => {
  let primary: TestHandle;
  let replica: TestHandle;
  /** Each database alone (today's server, no read database). */
  let onPrimary: WorkApp;
  let onReplica: WorkApp;
  /** The server with DATABASE_READ_URL: writes to `primary`, lagging reads from `replica`. */
  let split: { call: WorkApp['call']; request: (path: string, token: string) => Promise<Response> };
  let staff: string;
  let deputy: string;

  const titles = (r: { body: { rows: Array<{ cells: unknown[] }> } }) => r.body.rows.map((row) => row.cells.find((c) => typeof c === 'string' && c.startsWith('关于')));

  beforeAll(async () => {
    primary = await postgres!.open();
    replica = await postgres!.open();
    // Both seeded alike (stable ids: the same county, units and users), then different content.
    onPrimary = await workApp(primary);
    onReplica = await workApp(replica);
    const app = createApp({
      db: primary.db,
      dbKind: 'pg',
      readDb: replica.db,
      secret: 'test-secret',
      clock: onPrimary.clock,
      extra: (api) => mountWorkRoutes(api, { db: primary.db, readDb: replica.db, rt: onPrimary.rt }),
    });
    const request = (path: string, token: string) => Promise.resolve(app.request(`/api${path}`, { headers: { authorization: `Bearer ${token}` } }));
    split = {
      request,
      async call(token, method, path, body) {
        const res = await app.request(`/api${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, body: await res.json() };
      },
    };
    // Three registered suggestions only the replica holds.
    const rDeputy = await onReplica.login('deputy1');
    const rStaff = await onReplica.login('staff');
    for (let i = 1; i <= 3; i++) {
      const s = await onReplica.call(rDeputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: `关于副本第${i}件的建议` } });
      expect(s.status, JSON.stringify(s.body)).toBe(201);
      const done = await onReplica.call(rStaff, 'POST', `/tasks/${s.body.openTasks[0].id}/complete`, { outcome: 'ACCEPT', data: REGISTRATION });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
    // Logins go to the primary (the token check of every request too).
    const login = async (username: string) => {
      const r = await split.call(null, 'POST', '/auth/login', { username, password: 'demo' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.token as string;
    };
    staff = await login('staff');
    deputy = await login('deputy1');
  }, 120_000);

  afterAll(async () => {
    await primary?.close();
    await replica?.close();
  });

  it('writes a start and a completion to the primary while the register and statistics answer from the read database', async () => {
    const started = await split.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: '关于主库唯一一件的建议' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const taskId = started.body.openTasks[0].id as string;
    const done = await split.call(staff, 'POST', `/tasks/${taskId}/complete`, { outcome: 'ACCEPT', data: REGISTRATION });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // The completion is in the primary, and nowhere in the replica.
    const task = await primary.db.selectFrom('tasks').select(['status', 'outcome']).where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'completed', outcome: 'ACCEPT' });
    expect(await replica.db.selectFrom('instances').select('id').where('id', '=', started.body.id).executeTakeFirst()).toBeUndefined();

    // The register: the replica's three, not the primary's one.
    const reg = await split.call(staff, 'GET', '/register?definition=suggestion&sort=serialNo&order=asc');
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    expect(reg.body.total).toBe(3);
    expect(titles(reg)).toEqual(['关于副本第1件的建议', '关于副本第2件的建议', '关于副本第3件的建议']);
    const regPrimary = await onPrimary.call(await onPrimary.login('staff'), 'GET', '/register?definition=suggestion');
    expect(regPrimary.body.total).toBe(1);

    // The statistics: the replica's figures, which differ from the primary's.
    const period = '/statistics/suggestion?period=year:2026';
    const stats = await split.call(staff, 'GET', period);
    expect(stats.status, JSON.stringify(stats.body)).toBe(200);
    const fromReplica = await onReplica.call(await onReplica.login('staff'), 'GET', period);
    const fromPrimary = await onPrimary.call(await onPrimary.login('staff'), 'GET', period);
    expect(stats.body.metrics).toEqual(fromReplica.body.metrics);
    expect(stats.body.metrics).not.toEqual(fromPrimary.body.metrics);
    const units = await split.call(staff, 'GET', '/statistics/suggestion/units?period=year:2026');
    expect(units.body.rows).toEqual((await onReplica.call(await onReplica.login('staff'), 'GET', '/statistics/suggestion/units?period=year:2026')).body.rows);

    // Asked again: still the replica's (the cache's stamp is read from the replica too).
    const again = await split.call(staff, 'GET', period);
    expect(again.body.metrics).toEqual(fromReplica.body.metrics);
  });

  it('exports from the read database and writes the audit row to the primary', async () => {
    const auditRows = async (h: TestHandle) => (await h.db.selectFrom('audit_log').select('action').where('action', '=', 'register.exported').execute()).length;
    const before = await auditRows(primary);
    const csv = await split.request('/register/export?definition=suggestion&format=csv', staff);
    expect(csv.status).toBe(200);
    const text = new TextDecoder().decode(new Uint8Array(await csv.arrayBuffer()));
    expect(text).toContain('关于副本第3件的建议');
    expect(text).not.toContain('关于主库');
    const stats = await split.request('/statistics/suggestion/export?period=year:2026&format=csv', staff);
    expect(stats.status).toBe(200);
    expect(await auditRows(primary)).toBe(before + 2);
    expect(await auditRows(replica)).toBe(0);
  });

  it('reports the read database in /api/health', async () => {
    const h = await split.call(null, 'GET', '/health');
    expect(h.status).toBe(200);
    // A database that is not in recovery has no replay lag to report.
    expect(h.body.read).toEqual({ database: 'pg', status: 'ok', replica: false, lagSeconds: null });
    const plain = await onPrimary.call(null, 'GET', '/health');
    expect(plain.body.read).toBeUndefined();
  });

  it('a read database that does not answer: the lagging reads get 503 DATABASE_UNAVAILABLE (never 500), the health says so, completions go on', async () => {
    // Nothing listens on port 1: every connection is refused.
    const gone = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres', readUrl: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 });
    try {
      const app = createApp({ db: primary.db, dbKind: 'pg', readDb: gone.readDb, secret: 'test-secret', clock: onPrimary.clock, extra: (api) => mountWorkRoutes(api, { db: primary.db, readDb: gone.readDb, rt: onPrimary.rt }) });
      const get = (path: string) => app.request(`/api${path}`, { headers: { authorization: `Bearer ${staff}` } });
      for (const path of ['/register?definition=suggestion', '/statistics/suggestion?period=year:2026']) {
        const res = await get(path);
        expect([path, res.status, res.headers.get('retry-after'), ((await res.json()) as { error: { code: string } }).error.code]).toEqual([path, 503, '5', 'DATABASE_UNAVAILABLE']);
      }
      const health = await app.request('/api/health');
      expect([health.status, ((await health.json()) as { read: { status: string } }).read.status]).toEqual([200, 'unavailable']);
      const started = await app.request('/api/definitions/suggestion/instances', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${deputy}` }, body: JSON.stringify({ data: { ...SUGGESTION, title: '关于读库停机时照常提交的建议' } }) });
      expect(started.status).toBe(201);
    } finally {
      await gone.close();
    }
  });

  it('opens a second pool on DATABASE_READ_URL, and none without it', async () => {
    const admin = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const nameOf = async (h: { db: TestHandle['db'] }) => (await h.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('n')).executeTakeFirstOrThrow()).n;
    const urlOf = (name: string) => Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
    const [p, r] = [await nameOf(primary), await nameOf(replica)];
    const both = await openDatabase({ databaseUrl: urlOf(p), readUrl: urlOf(r), poolSize: 1 });
    try {
      expect(both.readSeparate).toBe(true);
      expect(await nameOf(both)).toBe(p);
      expect(await nameOf({ db: both.readDb })).toBe(r);
    } finally {
      await both.close();
    }
    const one = await openDatabase({ databaseUrl: urlOf(p), poolSize: 1 });
    try {
      expect(one.readSeparate).toBe(false);
      expect(one.readDb).toBe(one.db);
    } finally {
      await one.close();
    }
    await expect(openDatabase({ dataDir: 'memory://', readUrl: urlOf(r) })).rejects.toThrow(/DATABASE_READ_URL/);
  });
});
