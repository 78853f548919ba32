import { afterEach, expect, it } from 'vitest';
import { createCounty, seedDemo, SimulatedClock } from '../../runtime/store/index.ts';
import { referenceErrors } from '../../runtime/store/reference-check.ts';
import { createApp } from '../../server/app.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';

interface ApiResult {
  status: number;
  // Assertions read arbitrary JSON.
  body: any;
}

/** The pointer and Chinese words of every field error of a refusal: what the admin page shows. */
const fieldErrors = (body: any) => (body.error.details?.errors ?? []).map((e: { pointer: string; message: string }) => [e.pointer, e.message]);

describeEachDatabase('handling units API', (open) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup() {
    const h = await open();
    handle = h;
    await seedDemo(h.db);
    await createCounty(h.db, { code: 'other', name: '另一县', units: [{ id: 'other-water', name: '另一县水务局' }] });
    let n = 0;
    const app = createApp({ db: h.db, dbKind: h.kind, secret: 'test-secret', clock: new SimulatedClock('2026-03-02T01:00:00Z'), newId: () => `generated-${++n}` });
    async function call(token: string | null, method: string, path: string, body?: unknown, raw?: string): Promise<ApiResult> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await app.request(`/api${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
      return { status: res.status, body: await res.json() };
    }
    async function login(username: string, county = 'demo'): Promise<string> {
      const r = await call(null, 'POST', '/auth/login', { username, password: 'demo', county });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.token as string;
    }
    const admin = await login('admin');
    const names = async (query = ''): Promise<Array<[string, boolean]>> =>
      (await call(admin, 'GET', `/units${query}`)).body.units.map((u: { name: string; active: boolean }) => [u.name, u.active]);
    return { h, call, login, admin, names };
  }

  it('adds a unit with a generated id, listed for everyone and offered as active', async () => {
    const { call, login, admin, names } = await setup();
    const created = await call(admin, 'POST', '/units', { name: '  县数据局 ', nameEn: 'County Data Bureau' });
    expect([created.status, created.body]).toEqual([201, { id: 'generated-1', name: '县数据局', nameEn: 'County Data Bureau', shortName: null, active: true }]);
    expect(await names('?active=1')).toContainEqual(['县数据局', true]);
    // Everyone reads units (pickers, names on instances); the demo units stay active after the migration.
    const staff = await login('staff');
    const asStaff = await call(staff, 'GET', '/units');
    expect(asStaff.status).toBe(200);
    expect(asStaff.body.units.every((u: { active: boolean }) => u.active)).toBe(true);
    expect(asStaff.body.units.map((u: { name: string }) => u.name)).toContain('县数据局');
    // Only admins change units.
    for (const [method, path, body] of [['POST', '/units', { name: '县某局' }], ['PATCH', '/units/generated-1', { name: '县某局' }]] as const) {
      const r = await call(staff, method, path, body);
      expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(await names()).not.toContainEqual(['县某局', true]);
  });

  it('refuses bad input with every field error and changes nothing', async () => {
    const { call, admin, names } = await setup();
    const before = await names();
    const bad = await call(admin, 'POST', '/units', { name: '   ', nameEn: 7, code: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_INPUT');
    expect(fieldErrors(bad.body)).toEqual([
      ['/code', '不支持的字段'],
      ['/name', '单位名称必填'],
      ['/nameEn', '英文名称须为文字'],
    ]);
    const long = await call(admin, 'POST', '/units', { name: '局'.repeat(41) });
    expect(fieldErrors(long.body)).toEqual([['/name', '单位名称不能超过40个字']]);
    const control = await call(admin, 'POST', '/units', { name: '县\u0000局' });
    expect([control.status, control.body.error.code]).toEqual([400, 'INVALID_TEXT']);
    const notObject = await call(admin, 'POST', '/units', [1]);
    expect(notObject.status).toBe(400);
    const nothing = await call(admin, 'PATCH', '/units/unit-housing', {});
    expect([nothing.status, fieldErrors(nothing.body)]).toEqual([400, [['', '至少修改一项：名称、英文名称、简称或启用状态']]]);
    const badActive = await call(admin, 'PATCH', '/units/unit-housing', { active: 'no' });
    expect(fieldErrors(badActive.body)).toEqual([['/active', '须为是或否']]);
    const badQuery = await call(admin, 'GET', '/units?active=maybe');
    expect([badQuery.status, badQuery.body.error.code]).toEqual([400, 'INVALID_QUERY']);
    expect(await names()).toEqual(before);
  });

  it('refuses a name the county already has (409 with a field error), also on rename, and allows it in another county', async () => {
    const { call, login, admin, names } = await setup();
    const dup = await call(admin, 'POST', '/units', { name: '县住房和城乡建设局' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'UNIT_NAME_TAKEN']);
    expect(fieldErrors(dup.body)).toEqual([['/name', '已有同名的承办单位“县住房和城乡建设局”']]);
    const added = await call(admin, 'POST', '/units', { name: '县数据局' });
    const rename = await call(admin, 'PATCH', `/units/${added.body.id}`, { name: '县住房和城乡建设局' });
    expect([rename.status, rename.body.error.code, fieldErrors(rename.body)]).toEqual([409, 'UNIT_NAME_TAKEN', [['/name', '已有同名的承办单位“县住房和城乡建设局”']]]);
    expect(await names()).toContainEqual(['县数据局', true]);
    // Names are per county.
    const otherAdmin = await login('admin', 'other');
    const elsewhere = await call(otherAdmin, 'POST', '/units', { name: '县住房和城乡建设局' });
    expect(elsewhere.status).toBe(201);
    // Renaming to its own name is no conflict.
    const same = await call(admin, 'PATCH', `/units/${added.body.id}`, { name: '县数据局', nameEn: 'Data Bureau' });
    expect([same.status, same.body.nameEn]).toEqual([200, 'Data Bureau']);
  });

  it('renames, deactivates and reactivates: a deactivated unit is listed with active false, not offered, and named when its name is taken', async () => {
    const { call, admin, names } = await setup();
    const renamed = await call(admin, 'PATCH', '/units/unit-housing', { name: '县住房和城乡建设局（人防办）' });
    expect([renamed.status, renamed.body]).toEqual([200, { id: 'unit-housing', name: '县住房和城乡建设局（人防办）', nameEn: 'County Housing and Urban-Rural Development Bureau', shortName: null, active: true }]);
    const off = await call(admin, 'PATCH', '/units/unit-housing', { active: false });
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect(await names()).toContainEqual(['县住房和城乡建设局（人防办）', false]);
    expect((await names('?active=1')).map(([n]) => n)).not.toContain('县住房和城乡建设局（人防办）');
    expect(await names('?active=0')).toEqual([['县住房和城乡建设局（人防办）', false]]);
    const namesake = await call(admin, 'POST', '/units', { name: '县住房和城乡建设局（人防办）' });
    expect([namesake.status, fieldErrors(namesake.body)]).toEqual([409, [['/name', '已有同名的承办单位“县住房和城乡建设局（人防办）”（已停用，可重新启用）']]]);
    const on = await call(admin, 'PATCH', '/units/unit-housing', { active: true });
    expect([on.status, on.body.active]).toEqual([200, true]);
    expect((await names('?active=1')).map(([n]) => n)).toContain('县住房和城乡建设局（人防办）');
  });

  it('gives 404 for an unknown unit and for another county\'s unit', async () => {
    const { call, login, admin } = await setup();
    const unknown = await call(admin, 'PATCH', '/units/nope', { name: '县某局' });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    const theirs = await call(admin, 'PATCH', '/units/other-water', { active: false });
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    const otherAdmin = await login('admin', 'other');
    const ours = await call(otherAdmin, 'PATCH', '/units/unit-housing', { active: false });
    expect([ours.status, ours.body.error.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    expect((await call(otherAdmin, 'GET', '/units')).body.units.map((u: { id: string }) => u.id)).toEqual(['other-water']);
    expect((await call(admin, 'GET', '/units')).body.units.find((u: { id: string }) => u.id === 'unit-housing').active).toBe(true);
  });

  it('puts no user into a deactivated unit, but lets its users keep it', async () => {
    const { call, admin } = await setup();
    await call(admin, 'PATCH', '/units/unit-housing', { active: false });
    const create = await call(admin, 'POST', '/users', { username: 'unit9', displayName: '新办理员', password: 'long-enough', roles: ['unit'], unitId: 'unit-housing' });
    expect([create.status, fieldErrors(create.body)]).toEqual([400, [['/unitId', '承办单位“县住房和城乡建设局”已停用']]]);
    const move = await call(admin, 'PATCH', '/users/demo-unit2', { unitId: 'unit-housing' });
    expect([move.status, fieldErrors(move.body)]).toEqual([400, [['/unitId', '承办单位“县住房和城乡建设局”已停用']]]);
    // unit1 belongs to it already: editing unit1 (even sending its unit again) is no move.
    const keep = await call(admin, 'PATCH', '/users/demo-unit1', { displayName: '住建局办理员甲', unitId: 'unit-housing' });
    expect([keep.status, keep.body.unitId]).toEqual([200, 'unit-housing']);
  });

  it('refuses a deactivated unit in new form data by its name, and accepts it again once reactivated', async () => {
    const { h, call, admin } = await setup();
    const schema = { type: 'object', properties: { leadUnitId: { type: 'string', 'x-ui': { widget: 'unit-picker' } } } };
    expect(await referenceErrors(h.db, 'demo', schema, { leadUnitId: 'unit-housing' })).toEqual([]);
    await call(admin, 'PATCH', '/units/unit-housing', { active: false });
    const errors = await referenceErrors(h.db, 'demo', schema, { leadUnitId: 'unit-housing' });
    expect(errors.map((e) => [e.pointer, e.message])).toEqual([['/leadUnitId', '县住房和城乡建设局：承办单位已停用，不能再指定']]);
    await call(admin, 'PATCH', '/units/unit-housing', { active: true });
    expect(await referenceErrors(h.db, 'demo', schema, { leadUnitId: 'unit-housing' })).toEqual([]);
  });
});
