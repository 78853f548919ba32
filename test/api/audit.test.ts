/**
 * The audit log (审计日志): the admin's actions are recorded with names at the time and codes
 * only in the detail, read back newest first with filters and a cursor, exported in words,
 * refused to everyone but the county admin, and append-only in the database itself.
 */
import { Migrator, sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { createCounty, migrateToLatest } from '../../runtime/store/index.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const ROSTER = ['姓名,代表团,代表小组,手机,常委会组成人员', '赵志远,城关镇代表团,第一小组,13912345670,否'].join('\r\n');

describeEachDatabase('audit log', (open, database) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup() {
    handle = await open();
    const w = await workApp(handle);
    await createCounty(handle.db, { code: 'other', name: '另一县' });
    return w;
  }

  it('records what the admin did, by name, with codes only in the detail, and reads it back newest first', async () => {
    const w = await setup();
    const admin = await w.login('admin', 'demo');
    const created = await w.call(admin, 'POST', '/users', { username: 'clerk', displayName: '办事员小周', password: 'secret-password-1', roles: ['staff'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    w.clock.advance(60_000);
    expect((await w.call(admin, 'PATCH', `/users/${id}`, { roles: ['staff', 'leader'], password: 'another-password-2' })).status).toBe(200);
    expect((await w.call(admin, 'PATCH', `/users/${id}`, { active: false })).status).toBe(200);
    // A refused action leaves no entry: the username is taken.
    expect((await w.call(admin, 'POST', '/users', { username: 'clerk', displayName: '又一个', password: 'secret-password-3', roles: ['staff'] })).status).toBe(409);
    const unit = await w.call(admin, 'POST', '/units', { name: '县数据局' });
    expect((await w.call(admin, 'PATCH', `/units/${unit.body.id}`, { name: '县数据管理局' })).status).toBe(200);
    const roster = await w.call(admin, 'POST', '/roster/import', { format: 'csv', text: ROSTER });
    expect(roster.status, JSON.stringify(roster.body)).toBe(201);
    expect((await w.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { delays: { feedbackWindow: { workingDays: 20 } } } })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
    const exported = await w.app.request('/api/register/export?definition=suggestion&format=csv', { headers: { authorization: `Bearer ${admin}` } });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();

    const log = await w.call(admin, 'GET', '/audit');
    expect(log.status).toBe(200);
    const rows = log.body.entries.map((e: any) => [e.title, e.actorName, e.targetName, e.detail]);
    expect(rows).toEqual([
      ['导出台账', '系统管理员', '代表建议、批评和意见办理', { format: 'csv', rows: 0 }],
      ['发布流程版本', '系统管理员', expect.any(String), { version: 1, hash: expect.any(String) }],
      ['保存本地修改', '系统管理员', expect.any(String), null],
      ['导入代表名册', '系统管理员', null, { imported: 1, termId: null }],
      ['修改承办单位', '系统管理员', '县数据管理局', { fields: ['name'], active: true }],
      ['新建承办单位', '系统管理员', '县数据局', null],
      ['停用用户', '系统管理员', '办事员小周', null],
      ['重置密码', '系统管理员', '办事员小周', null],
      ['修改角色', '系统管理员', '办事员小周', { before: ['staff'], after: ['leader', 'staff'] }],
      ['新建用户', '系统管理员', '办事员小周', { roles: ['staff'] }],
      ['登录成功', '系统管理员', '系统管理员', null],
    ]);
    expect(log.body.entries.map((e: any) => e.action).slice(-2)).toEqual(['user.created', 'login.succeeded']);
    expect(log.body.entries[9].at).toBe('2026-03-02T01:00:00.000Z');
    expect(log.body.entries[8].at).toBe('2026-03-02T01:01:00.000Z');
    // No password and no form content in any entry.
    expect(JSON.stringify(log.body)).not.toMatch(/password-[123]/);

    // Filters: by action, by county-local day, and pages by cursor.
    const roles = await w.call(admin, 'GET', '/audit?action=user.roles_changed');
    expect(roles.body.entries.map((e: any) => e.targetName)).toEqual(['办事员小周']);
    expect((await w.call(admin, 'GET', '/audit?from=2026-03-02&to=2026-03-02')).body.entries).toHaveLength(11);
    expect((await w.call(admin, 'GET', '/audit?to=2026-03-01')).body.entries).toEqual([]);
    const first = await w.call(admin, 'GET', '/audit?limit=4');
    const second = await w.call(admin, 'GET', `/audit?limit=4&cursor=${first.body.nextCursor}`);
    const third = await w.call(admin, 'GET', `/audit?limit=4&cursor=${second.body.nextCursor}`);
    expect([...first.body.entries, ...second.body.entries, ...third.body.entries].map((e: any) => e.id)).toEqual(log.body.entries.map((e: any) => e.id));
    expect(third.body.nextCursor).toBeNull();
    const byActor = await w.call(admin, 'GET', `/audit?actor=${log.body.entries[0].actorId}&limit=1`);
    expect(byActor.body.entries).toHaveLength(1);

    // Another county's admin sees none of it; staff may not read it at all.
    // (Its own sign-in is all it finds.)
    expect((await w.call(await w.login('admin', 'other'), 'GET', '/audit')).body.entries.map((e: any) => e.action)).toEqual(['login.succeeded']);
    const staff = await w.call(await w.login('staff', 'demo'), 'GET', '/audit');
    expect([staff.status, staff.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await w.call(await w.login('staff', 'demo'), 'GET', '/audit/export?format=csv')).status).toBe(403);
    // Ten admin actions and twelve reads: ~20 s on an idle 2-core box, more when it is shared.
  }, 180_000);

  it('records a ballot’s close with the roll’s counts as it closed', async () => {
    const w = await setup();
    const staff = await w.login('staff', 'demo');
    const created = await w.call(staff, 'POST', '/ballots', { title: '审计票决', spec: { kind: 'CHOOSE_K', candidates: [{ id: 'c01', title: '村道路灯' }, { id: 'c02', title: '卫生室' }], seats: 1 }, electorate: 'DEPUTIES', secret: false });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    expect((await w.call(staff, 'POST', `/ballots/${id}/open`)).status).toBe(200);
    for (const deputy of ['deputy1', 'deputy2']) expect((await w.call(await w.login(deputy, 'demo'), 'POST', `/ballots/${id}/votes`, { marks: { c01: 'APPROVE' } })).status).toBe(201);
    const closed = await w.call(staff, 'POST', `/ballots/${id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(Object.keys(closed.body)).toEqual(['result']);
    const log = await w.call(await w.login('admin', 'demo'), 'GET', '/audit?action=ballot.closed');
    // The demo county's five deputies are the roll; two of them voted.
    expect(log.body.entries.map((e: any) => [e.targetKind, e.targetId, e.targetName, e.detail])).toEqual([['ballot', id, '审计票决', { issued: 5, returned: 2 }]]);
  }, 180_000);

  it('refuses bad query parameters with 400 and a named parameter', async () => {
    const w = await setup();
    const admin = await w.login('admin', 'demo');
    for (const [query, parameter] of [
      ['limit=0', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=501', 'limit'],
      ['limit=1e3', 'limit'],
      ['cursor=99999999999999999999', 'cursor'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['action=user.eaten', 'action'],
      ['actor=a%20b', 'actor'],
      ['limit=1&limit=2', 'limit'],
      ['sort=at', 'sort'],
    ] as const) {
      const r = await w.call(admin, 'GET', `/audit?${query}`);
      expect([query, r.status, r.body.error.code, r.body.error.details.parameter]).toEqual([query, 400, 'INVALID_QUERY', parameter]);
    }
    expect((await w.call(admin, 'GET', '/audit/export?format=pdf')).status).toBe(400);
    expect((await w.call(admin, 'GET', '/audit/export?lang=fr')).status).toBe(400);
  });

  it('exports the log in words as CSV and XLSX, and records the export', async () => {
    const w = await setup();
    const admin = await w.login('admin', 'demo');
    const staff = (await w.call(admin, 'GET', '/users')).body.users.find((u: any) => u.username === 'staff');
    expect((await w.call(admin, 'PATCH', `/users/${staff.id}`, { roles: ['staff', 'leader'] })).status).toBe(200);
    const csv = await w.app.request('/api/audit/export?format=csv', { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-2026-03-02.csv");
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('时间,操作人,操作,对象,地址,详情');
    // Newest first: the export itself, then the role change, at county time (UTC+8).
    expect(lines[1]).toMatch(/^2026-03-02 09:00:00,系统管理员,导出审计日志,,,/);
    expect(lines[2]).toMatch(/^2026-03-02 09:00:00,系统管理员,修改角色,人代工委工作人员,,/);
    const xlsx = await w.app.request('/api/audit/export?format=xlsx&lang=en&action=user.roles_changed', { headers: { authorization: `Bearer ${admin}` } });
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip (xlsx)
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Audit log');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'Time', 'Who', 'Action', 'Target', 'Address', 'Detail']);
    expect((sheet?.getRow(2).values as unknown[]).slice(2, 5)).toEqual(['系统管理员', 'Roles changed', '人代工委工作人员']);
    expect(sheet?.rowCount).toBe(2);
    const log = await w.call(admin, 'GET', '/audit?action=audit.exported');
    expect(log.body.entries.map((e: any) => e.detail)).toEqual([{ format: 'xlsx', filter: 'user.roles_changed' }, { format: 'csv' }]);
  });

  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, INSERT works', async () => {
    const w = await setup();
    const admin = await w.login('admin', 'demo');
    const staff = (await w.call(admin, 'GET', '/users')).body.users.find((u: any) => u.username === 'staff');
    await w.call(admin, 'PATCH', `/users/${staff.id}`, { roles: ['staff', 'leader'] });
    const db = w.handle.db;
    for (const statement of [sql`update audit_log set actor_name = 'someone else'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
      await expect(statement.execute(db)).rejects.toThrow(/append-only/);
    }
    const rows = await db.selectFrom('audit_log').select(['actor_name', 'action']).orderBy('id').execute();
    expect(rows).toEqual([
      { actor_name: '系统管理员', action: 'login.succeeded' },
      { actor_name: '系统管理员', action: 'user.roles_changed' },
    ]);
  });

  it('records the migrations a start applied in every county', async () => {
    // A database at 011 with two counties (and a province) when 013 arrives.
    const h = await database.openEmpty();
    try {
      const migrator = new Migrator({ db: h.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('011_name_pinyin')).error).toBeUndefined();
      await sql`insert into regions (id, parent_id, level, code, name) values ('a', null, 'county', 'a', '甲县'), ('b', null, 'county', 'b', '乙县'), ('p', null, 'province', 'p', '某省')`.execute(h.db);
      const at = new Date('2026-03-02T01:00:00Z');
      const applied = await migrateToLatest(h.db, { now: () => at });
      expect(applied).toContain('013_audit_log');
      const rows = await h.db.selectFrom('audit_log').select(['county_id', 'action', 'actor_id', 'detail', 'at']).orderBy('county_id').execute();
      expect(rows.map((r) => [r.county_id, r.action, r.actor_id, r.detail, new Date(r.at).toISOString()])).toEqual([
        ['a', 'migration.applied', null, { migrations: applied }, at.toISOString()],
        ['b', 'migration.applied', null, { migrations: applied }, at.toISOString()],
      ]);
      // A start with nothing to apply writes nothing.
      expect(await migrateToLatest(h.db)).toEqual([]);
      expect(await h.db.selectFrom('audit_log').select('id').execute()).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
