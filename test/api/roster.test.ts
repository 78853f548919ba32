import { afterEach, expect, it } from 'vitest';
import { createCounty, createRuntime, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { createTestDeputies } from '../../runtime/store/roster.ts';
import { createApp } from '../../server/app.ts';
import { mountWorkRoutes } from '../../server/routes/instances.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { xlsxBase64 } from '../roster/xlsx-fixture.ts';

interface ApiResult {
  status: number;
  // Assertions read arbitrary JSON.
  body: any;
}

const CSV_HEADER = '姓名,代表团,代表小组,手机,常委会组成人员';
const GOOD_CSV = [CSV_HEADER, '王建国,城关镇代表团,第一小组,13800138000,是', '李秀英,城关镇代表团,第二小组,13900139000,否', '"欧阳, 明",河西代表团,,13700137000,Y'].join('\r\n');

/** line, column, code of every row error: what the preview shows a person. */
const where = (errors: Array<{ line: number; column: string; code: string }>) => errors.map((e) => [e.line, e.column, e.code]);

describeEachDatabase('roster, terms and sessions API', (open) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup() {
    const h = await open();
    handle = h;
    await seedDemo(h.db);
    await createCounty(h.db, { code: 'other', name: '另一县' });
    const clock = new SimulatedClock('2026-03-02T01:00:00Z');
    const rt = createRuntime({ clock });
    const app = createApp({
      db: h.db,
      dbKind: h.kind,
      secret: 'test-secret',
      clock,
      // The work routes include the roster routes.
      extra: (api) => mountWorkRoutes(api, { db: h.db, rt }),
    });
    async function call(token: string | null, method: string, path: string, opts: { body?: unknown; raw?: string } = {}): Promise<ApiResult> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const res = await app.request(`/api${path}`, { method, headers, body });
      return { status: res.status, body: await res.json() };
    }
    async function login(username: string, county = 'demo', password = 'demo'): Promise<string> {
      const r = await call(null, 'POST', '/auth/login', { body: { username, password, county } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.token as string;
    }
    const admin = await login('admin');
    /** Users and deputies of the demo county, to show that a refused import wrote nothing. */
    async function counts(): Promise<{ users: number; deputies: number }> {
      const users = await call(admin, 'GET', '/users');
      const deputies = await call(admin, 'GET', '/deputies');
      return { users: users.body.users.length, deputies: deputies.body.deputies.length };
    }
    return { h, call, login, admin, counts };
  }

  it('previews a CSV with one bad row: line, column and reason, and writes nothing', async () => {
    const { call, admin, counts } = await setup();
    const before = await counts();
    const text = [CSV_HEADER, '王建国,城关镇代表团,第一小组,13800138000,是', '李秀英,城关镇代表团,第二小组,1390013900,否', '张伟,河西代表团,,13700137000,否'].join('\r\n');
    const res = await call(admin, 'POST', '/roster/preview', { body: { format: 'csv', text } });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([
      { line: 3, column: '手机', code: 'PHONE_INVALID', message: '“1390013900”不是11位手机号码', message_en: expect.stringContaining('11-digit') },
    ]);
    expect(res.body.summary).toEqual({ rows: 3, valid: 2, invalid: 1, standingCommittee: 1, errors: 1 });
    expect(res.body.rows.map((r: { line: number; name: string; username: string | null }) => [r.line, r.name, r.username])).toEqual([
      [2, '王建国', '13800138000'],
      [3, '李秀英', null],
      [4, '张伟', '13700137000'],
    ]);
    expect(res.body.conflicts).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('previews an XLSX with one bad row and a username the county already has', async () => {
    const { call, admin } = await setup();
    const base64 = await xlsxBase64(
      [
        ['姓名', '代表团', '手机', '常委会组成人员', '用户名'],
        ['王建国', '城关镇代表团', 13800138000, '是', null],
        ['李秀英', '城关镇代表团', 13900139000, '也许', null],
        ['张伟', '河西代表团', 13700137000, '否', 'deputy1'],
      ],
      { title: '示范县第十八届人民代表大会代表名册' },
    );
    const res = await call(admin, 'POST', '/roster/preview', { body: { format: 'xlsx', base64 } });
    expect(res.status).toBe(200);
    // The title is row 1 of the sheet, the header row 2: lines are sheet rows.
    expect(where(res.body.errors)).toEqual([
      [4, '常委会组成人员', 'STANDING_COMMITTEE_INVALID'],
      [5, '用户名', 'USERNAME_TAKEN'],
    ]);
    expect(res.body.errors[0].message).toBe('“也许”无法识别，请填“是”或“否”');
    expect(res.body.conflicts).toEqual([{ line: 5, code: 'USERNAME_TAKEN', userId: 'demo-deputy1', name: '王建国' }]);
    expect(res.body.summary).toMatchObject({ rows: 3, valid: 1, invalid: 2 });
  });

  it('refuses an import with any bad row, listing every error, and writes nothing', async () => {
    const { call, admin, counts } = await setup();
    const before = await counts();
    const text = [CSV_HEADER, '王建国,城关镇代表团,第一小组,13800138000,是', ',城关镇代表团,,13900139000,否', '张伟,河西代表团,,13800138000,否'].join('\n');
    const res = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ROSTER_INVALID');
    expect(where(res.body.error.details.errors)).toEqual([
      [2, '手机', 'DUPLICATE_PHONE'],
      [3, '姓名', 'NAME_REQUIRED'],
      [4, '手机', 'DUPLICATE_PHONE'],
    ]);
    expect(await counts()).toEqual(before);
    // Refused for a conflict alone, too: the good rows before it are not kept.
    const taken = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: `${CSV_HEADER},用户名\n王建国,,,13800138000,是,\n张伟,,,13700137000,否,staff\n` } });
    expect([taken.status, taken.body.error.code]).toEqual([400, 'ROSTER_INVALID']);
    expect(where(taken.body.error.details.errors)).toEqual([[3, '用户名', 'USERNAME_TAKEN']]);
    expect(await counts()).toEqual(before);
  });

  it('imports a good roster: deputy users without a usable password until an admin sets one', async () => {
    const { call, admin, counts, login } = await setup();
    const before = await counts();
    const res = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.imported).toBe(3);
    expect(res.body.deputies[2]).toEqual({
      userId: 'demo-13700137000',
      username: '13700137000',
      name: '欧阳, 明',
      delegation: '河西代表团',
      group: null,
      phone: '13700137000',
      standingCommittee: true,
      termId: null,
      active: true,
    });
    expect(await counts()).toEqual({ users: before.users + 3, deputies: before.deputies + 3 });
    const user = await call(admin, 'GET', '/users/demo-13800138000');
    expect(user.body).toMatchObject({ username: '13800138000', displayName: '王建国', roles: ['deputy'], active: true, unitId: null });

    for (const password of ['demo', '', '!no-password', 'no-password']) {
      const denied = await call(null, 'POST', '/auth/login', { body: { username: '13800138000', password: password || 'x', county: 'demo' } });
      expect([denied.status, denied.body.error.code], password).toEqual([401, 'INVALID_CREDENTIALS']);
    }
    const set = await call(admin, 'PATCH', '/users/demo-13800138000', { body: { password: 'deputy-pass-1' } });
    expect(set.status).toBe(200);
    await login('13800138000', 'demo', 'deputy-pass-1');

    // The same file again: every line's username and phone are now taken.
    const again = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV } });
    expect([again.status, again.body.error.code]).toEqual([400, 'ROSTER_INVALID']);
    expect(where(again.body.error.details.errors)).toEqual([
      [2, '手机', 'USERNAME_TAKEN'],
      [2, '手机', 'PHONE_TAKEN'],
      [3, '手机', 'USERNAME_TAKEN'],
      [3, '手机', 'PHONE_TAKEN'],
      [4, '手机', 'USERNAME_TAKEN'],
      [4, '手机', 'PHONE_TAKEN'],
    ]);
    expect((await counts()).users).toBe(before.users + 3);
  });

  it('imports once when two admins send the same roster at the same time', async () => {
    const { call, admin, counts } = await setup();
    const before = await counts();
    const results = await Promise.all([1, 2].map(() => call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(results.find((r) => r.status === 400)?.body.error.code).toBe('ROSTER_INVALID');
    expect(await counts()).toEqual({ users: before.users + 3, deputies: before.deputies + 3 });
  });

  it('lists deputies to staff, filtered by standing committee; units may not read them', async () => {
    const { call, admin, login } = await setup();
    expect((await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV } })).status).toBe(201);
    const staff = await login('staff');
    const all = await call(staff, 'GET', '/deputies');
    expect(all.status).toBe(200);
    // By delegation (bytewise, none last), then user id: the seeded demo deputies have no delegation.
    const seeded = all.body.deputies.filter((d: { userId: string }) => !d.userId.startsWith('demo-13'));
    expect(seeded.every((d: { delegation: string | null }) => d.delegation === null)).toBe(true);
    expect(all.body.deputies.map((d: { name: string }) => d.name)).toEqual(['王建国', '李秀英', '欧阳, 明', ...seeded.map((d: { name: string }) => d.name)]);
    const ids = (list: Array<{ userId: string }>) => list.map((d) => d.userId);
    const seededSc = ids(seeded.filter((d: { standingCommittee: boolean }) => d.standingCommittee));
    const seededOthers = ids(seeded.filter((d: { standingCommittee: boolean }) => !d.standingCommittee));
    const sc = await call(staff, 'GET', '/deputies?standingCommittee=1');
    expect(ids(sc.body.deputies)).toEqual(['demo-13800138000', 'demo-13700137000', ...seededSc]);
    const others = await call(staff, 'GET', '/deputies?standingCommittee=false');
    expect(ids(others.body.deputies)).toEqual(['demo-13900139000', ...seededOthers]);
    expect(sc.body.deputies.length + others.body.deputies.length).toBe(all.body.deputies.length);
    const bad = await call(staff, 'GET', '/deputies?standingCommittee=maybe');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_QUERY']);
    const one = await call(staff, 'GET', '/deputies/demo-13900139000');
    expect(one.body).toMatchObject({ name: '李秀英', delegation: '城关镇代表团', group: '第二小组', standingCommittee: false });

    const unit = await login('unit1');
    for (const path of ['/deputies', '/deputies/demo-13900139000', '/terms', '/sessions']) {
      const res = await call(unit, 'GET', path);
      expect([res.status, res.body.error.code], path).toEqual([403, 'FORBIDDEN']);
    }
    for (const path of ['/roster/preview', '/roster/import']) {
      const res = await call(staff, 'POST', path, { body: { format: 'csv', text: GOOD_CSV } });
      expect([res.status, res.body.error.code], path).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('creates terms and sessions: field errors, duplicates, and a roster imported into a term', async () => {
    const { call, admin, login, counts } = await setup();
    const term = await call(admin, 'POST', '/terms', { body: { id: '18', name: '十八届', startsOn: '2026-01-10', endsOn: '2031-01-09' } });
    expect([term.status, term.body]).toEqual([201, { id: '18', name: '十八届', startsOn: '2026-01-10', endsOn: '2031-01-09' }]);
    expect((await call(admin, 'POST', '/terms', { body: { id: '17', name: '十七届', startsOn: '2021-01-10' } })).status).toBe(201);
    const dup = await call(admin, 'POST', '/terms', { body: { id: '18', name: '又一个十八届' } });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'TERM_EXISTS']);
    const bad = await call(admin, 'POST', '/terms', { body: { id: '十八', name: '', startsOn: '2026-02-30', endsOn: '2025-01-01', color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/color', '/id', '/name', '/startsOn']);
    const backwards = await call(admin, 'POST', '/terms', { body: { id: '19', name: '十九届', startsOn: '2031-01-10', endsOn: '2030-01-01' } });
    expect(backwards.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/endsOn']);

    const session = await call(admin, 'POST', '/terms/18/sessions', { body: { id: '18-1', name: '十八届一次会议', heldOn: '2026-01-10' } });
    expect([session.status, session.body]).toEqual([201, { id: '18-1', termId: '18', name: '十八届一次会议', heldOn: '2026-01-10' }]);
    expect((await call(admin, 'POST', '/terms/17/sessions', { body: { id: '17-5', name: '十七届五次会议', heldOn: '2025-01-08' } })).status).toBe(201);
    const dupSession = await call(admin, 'POST', '/terms/17/sessions', { body: { id: '18-1', name: '重复' } });
    expect([dupSession.status, dupSession.body.error.code]).toEqual([409, 'SESSION_EXISTS']);
    const noTerm = await call(admin, 'POST', '/terms/99/sessions', { body: { id: '99-1', name: '九十九届一次' } });
    expect([noTerm.status, noTerm.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect(noTerm.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/termId']);
    const outside = await call(admin, 'POST', '/terms/18/sessions', { body: { id: '18-9', name: '十八届九次', heldOn: '2032-01-01' } });
    expect(outside.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/heldOn']);

    const staff = await login('staff');
    expect((await call(staff, 'GET', '/terms')).body.terms.map((t: { id: string }) => t.id)).toEqual(['17', '18']);
    expect((await call(staff, 'GET', '/sessions')).body.sessions.map((s: { id: string }) => s.id)).toEqual(['17-5', '18-1']);
    expect((await call(staff, 'GET', '/sessions?termId=18')).body.sessions.map((s: { id: string }) => s.id)).toEqual(['18-1']);
    const staffWrite = await call(staff, 'POST', '/terms', { body: { id: '20', name: '二十届' } });
    expect([staffWrite.status, staffWrite.body.error.code]).toEqual([403, 'FORBIDDEN']);

    const before = await counts();
    const unknownTerm = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV, termId: '99' } });
    expect([unknownTerm.status, unknownTerm.body.error.code]).toEqual([400, 'INVALID_INPUT']);
    expect(await counts()).toEqual(before);
    const imported = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV, termId: '18' } });
    expect(imported.status).toBe(201);
    expect((await call(staff, 'GET', '/deputies?termId=18')).body.deputies).toHaveLength(3);
    expect((await call(staff, 'GET', '/deputies?termId=17')).body.deputies).toHaveLength(0);
  });

  it("shows another county's admin none of this county's roster, terms or sessions", async () => {
    const { call, admin, login } = await setup();
    expect((await call(admin, 'POST', '/terms', { body: { id: '18', name: '十八届' } })).status).toBe(201);
    expect((await call(admin, 'POST', '/terms/18/sessions', { body: { id: '18-1', name: '十八届一次会议' } })).status).toBe(201);
    expect((await call(admin, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV, termId: '18' } })).status).toBe(201);

    const other = await login('admin', 'other');
    const otherBefore = (await call(other, 'GET', '/deputies')).body.deputies;
    expect(otherBefore.map((d: { userId: string }) => d.userId.startsWith('other-'))).not.toContain(false);
    expect(otherBefore.map((d: { name: string }) => d.name)).not.toContain('王建国');
    const deputy = await call(other, 'GET', '/deputies/demo-13800138000');
    expect([deputy.status, deputy.body.error.code]).toEqual([404, 'DEPUTY_NOT_FOUND']);
    const user = await call(other, 'GET', '/users/demo-13800138000');
    expect([user.status, user.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect((await call(other, 'GET', '/terms')).body).toEqual({ terms: [] });
    expect((await call(other, 'GET', '/sessions')).body).toEqual({ sessions: [] });
    const session = await call(other, 'POST', '/terms/18/sessions', { body: { id: '18-2', name: '入侵' } });
    expect([session.status, session.body.error.details.errors[0].pointer]).toEqual([400, '/termId']);

    // Ids and usernames are per county: the other county may use the same ones.
    expect((await call(other, 'POST', '/terms', { body: { id: '18', name: '十八届' } })).status).toBe(201);
    const preview = await call(other, 'POST', '/roster/preview', { body: { format: 'csv', text: GOOD_CSV } });
    expect([preview.body.errors, preview.body.conflicts]).toEqual([[], []]);
    const imported = await call(other, 'POST', '/roster/import', { body: { format: 'csv', text: GOOD_CSV } });
    expect(imported.body.deputies.map((d: { userId: string }) => d.userId)).toEqual(['other-13800138000', 'other-13900139000', 'other-13700137000']);
    const demoIds = (await call(admin, 'GET', '/deputies')).body.deputies.map((d: { userId: string }) => d.userId);
    expect(demoIds.slice(0, 3)).toEqual(['demo-13800138000', 'demo-13900139000', 'demo-13700137000']);
    expect(demoIds.filter((id: string) => !id.startsWith('demo-'))).toEqual([]);
    expect((await call(admin, 'GET', '/sessions')).body.sessions).toHaveLength(1);
  });

  it('answers malformed JSON, bodies and files with 400, never 500', async () => {
    const { call, admin, counts } = await setup();
    const before = await counts();
    const notJson = await call(admin, 'POST', '/roster/import', { raw: '{"format": "csv",' });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'INVALID_JSON']);
    const csvBytes = Buffer.from(GOOD_CSV).toString('base64');
    for (const [body, code, pointers] of [
      [{ format: 'pdf', text: 'x' }, 'INVALID_INPUT', ['/format']],
      [{ format: 'csv' }, 'INVALID_INPUT', ['/text']],
      [{ format: 'csv', text: 42 }, 'INVALID_INPUT', ['/text']],
      [{ format: 'xlsx', text: GOOD_CSV }, 'INVALID_INPUT', ['/text']],
      [{ format: 'csv', text: GOOD_CSV, extra: true }, 'INVALID_INPUT', ['/extra']],
      [{ format: 'csv', text: GOOD_CSV, termId: '十八' }, 'INVALID_INPUT', ['/termId']],
      [[1, 2], 'INVALID_INPUT', ['']],
      [{ format: 'xlsx', base64: '!!!not base64' }, 'INVALID_BASE64', undefined],
      [{ format: 'csv', base64: 'abcde' }, 'INVALID_BASE64', undefined],
      [{ format: 'xlsx', base64: csvBytes }, 'INVALID_XLSX', undefined],
      [{ format: 'xlsx', base64: Buffer.from('PK\u0003\u0004garbage').toString('base64') }, 'INVALID_XLSX', undefined],
      [{ format: 'xlsx', base64: '' }, 'INVALID_FILE', undefined],
    ] as const) {
      const res = await call(admin, 'POST', '/roster/import', { body });
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([400, code]);
      if (pointers) expect(res.body.error.details.errors.map((e: { pointer: string }) => e.pointer), JSON.stringify(body)).toEqual(pointers);
    }
    const preview = await call(admin, 'POST', '/roster/preview', { body: { format: 'csv', base64: csvBytes, termId: '18' } });
    expect(preview.body.error.details.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/termId']);
    expect((await call(admin, 'POST', '/terms', { raw: 'nope' })).body.error.code).toBe('INVALID_JSON');
    expect((await call(admin, 'POST', '/terms/18/sessions', { raw: '' })).body.error.code).toBe('INVALID_JSON');
    expect(await counts()).toEqual(before);
  });

  it('imports a CSV sent as GB18030 bytes, as Excel on a Chinese Windows saves it', async () => {
    const { call, admin } = await setup();
    // 姓名,代表团,手机 / 王建国,城关镇代表团,13800138000 in GB18030.
    const gb18030 = Buffer.from('d0d5c3fb2cb4fab1edcdc52ccad6bbfa0d0acdf5bda8b9fa2cb3c7b9d8d5f2b4fab1edcdc52c31333830303133383030300d0a', 'hex');
    const res = await call(admin, 'POST', '/roster/import', { body: { format: 'csv', base64: gb18030.toString('base64') } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.deputies[0]).toMatchObject({ name: '王建国', delegation: '城关镇代表团', phone: '13800138000' });
  });

  it('creates test deputies in bulk, the first ones in the standing committee', async () => {
    const { h, call, admin } = await setup();
    const seeded = (await call(admin, 'GET', '/deputies')).body.deputies;
    const seededSc = (await call(admin, 'GET', '/deputies?standingCommittee=1')).body.deputies;
    const ids = await createTestDeputies(h.db, 'demo', 1200, { standingCommittee: 25, prefix: 'bulk' });
    expect(ids).toHaveLength(1200);
    expect(ids[0]).toBe('demo-bulk0001');
    expect(ids[1199]).toBe('demo-bulk1200');
    expect((await call(admin, 'GET', '/deputies')).body.deputies).toHaveLength(seeded.length + 1200);
    const sc = (await call(admin, 'GET', '/deputies?standingCommittee=1')).body.deputies;
    expect(sc.map((d: { userId: string }) => d.userId).filter((id: string) => id.startsWith('demo-bulk'))).toEqual(ids.slice(0, 25));
    expect(sc).toHaveLength(seededSc.length + 25);
    expect((await call(admin, 'GET', '/users/demo-bulk0700')).body.roles).toEqual(['deputy']);
    // Every one can be found by its own county only.
    expect(await createTestDeputies(h.db, 'other', 3)).toEqual(['other-dep0001', 'other-dep0002', 'other-dep0003']);
  });

  // A 2 MB workbook is ~2.7 MB as base64 in JSON: the roster routes take up to 4 MiB, the rest 1 MiB.
  it('imports a 2 MB XLSX over HTTP', async () => {
    const { call, admin } = await setup();
    const rows = Array.from({ length: 300 }, (_, i) => [`代表${i}`, `第${i % 12}代表团`, `138${String(i).padStart(8, '0')}`, i < 30 ? '是' : '否']);
    const base64 = await xlsxBase64([['姓名', '代表团', '手机', '常委会组成人员'], ...rows], { pictureBytes: 2 * 1024 * 1024 - 30_000 });
    const res = await call(admin, 'POST', '/roster/import', { body: { format: 'xlsx', base64 } });
    expect(res.status, JSON.stringify(res.body.error)).toBe(201);
    expect(res.body.imported).toBe(300);
  });
});
