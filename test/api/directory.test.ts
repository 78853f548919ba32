/**
 * The directory pickers search (GET /api/directory) and displays read names from
 * (GET /api/directory/names): who sees what, pinyin search, bad parameters, other counties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToRoster, createCounty, createTestDeputies, migrateToLatest, namePinyin } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Entry = { id: string; name: string; delegation?: string | null; group?: string | null; unitName?: string | null };

describe('pinyin of names', () => {
  it('gives initials and full pinyin, surnames read as surnames', () => {
    expect(namePinyin('王建国')).toEqual({ initials: 'wjg', full: 'wangjianguo' });
    expect(namePinyin('张三')).toEqual({ initials: 'zs', full: 'zhangsan' });
    expect(namePinyin('曾小贤').full).toBe('zengxiaoxian');
    expect(namePinyin('吕布').full).toBe('lvbu');
    expect(namePinyin('Alice 王')).toEqual({ initials: 'aw', full: 'alicewang' });
  });
});

describe.each(databases)('directory over HTTP ($name)', ({ open }) => {
  let handle: TestHandle;
  let w: WorkApp;
  const tokens = new Map<string, string>();
  const as = async (user: string) => tokens.get(user) ?? tokens.set(user, await w.login(user, 'demo')).get(user) as string;
  const search = async (user: string, query: string) => w.call(await as(user), 'GET', `/directory?${query}`);
  const names = async (user: string, query: string) => (await search(user, query)).body.entries.map((e: Entry) => e.name);

  beforeAll(async () => {
    handle = await open();
    w = await workApp(handle);
    const admin = await as('admin');
    // The roster's personal fields: the deputies' directory must never carry the phone.
    await handle.db.updateTable('deputies').set({ delegation: '城关镇代表团', deputy_group: '第一代表小组', phone: '13900001111' }).where('user_id', '=', 'demo-deputy1').execute();
    // A second user of 县住房和城乡建设局 (the 签发人 a unit clerk picks), and a third county user elsewhere.
    expect((await w.call(admin, 'POST', '/users', { username: 'housinghead', displayName: '周建华', password: 'longenough1', roles: ['unit'], unitId: 'unit-housing' })).status).toBe(201);
    // A deputy who left: neither the users nor the deputies directory offers them.
    const left = await w.call(admin, 'POST', '/users', { username: 'deputy9', displayName: '张三丰', password: 'longenough1', roles: ['deputy'] });
    expect(left.status).toBe(201);
    await addToRoster(handle.db, 'demo', [{ id: left.body.id, username: 'deputy9', displayName: '张三丰', roles: ['deputy'], unitId: null }]);
    await handle.db.updateTable('deputies').set({ active: false }).where('user_id', '=', left.body.id).execute();
    // Another county, with a deputy 张三 and a unit of the same id as one of ours.
    const other = await createCounty(handle.db, {
      code: 'other',
      name: '邻县',
      users: [{ username: 'deputy1', displayName: '张三', roles: ['deputy'] }, { username: 'staff', roles: ['staff'] }],
      units: [{ id: 'unit-housing', name: '邻县住建局' }],
    });
    await addToRoster(handle.db, 'other', other.users);
  });
  afterAll(async () => handle?.close());

  it('finds a deputy by part of the name, by pinyin initials and by the start of the full pinyin', async () => {
    expect(await names('deputy2', 'kind=deputy&q=建国')).toEqual(['王建国']);
    expect(await names('deputy2', 'kind=deputy&q=wjg')).toEqual(['王建国']);
    expect(await names('deputy2', 'kind=deputy&q=WJ')).toEqual(['王建国']);
    expect(await names('deputy2', 'kind=deputy&q=wangj')).toEqual(['王建国']);
    expect(await names('deputy2', 'kind=deputy&q=zw')).toEqual(['张伟']);
    // Empty: every active deputy of the county, in pinyin order (chen, liufang, lixiuying, wang, zhang).
    expect(await names('deputy2', 'kind=deputy')).toEqual(['陈志强', '刘芳', '李秀英', '王建国', '张伟']);
    expect(await names('deputy2', 'kind=deputy&limit=2')).toEqual(['陈志强', '刘芳']);
  });

  it('gives deputies the narrow directory: name, delegation and group, never the phone', async () => {
    const r = await search('deputy2', 'kind=deputy&q=wjg');
    expect(r.status).toBe(200);
    expect(r.body.entries).toEqual([{ id: 'demo-deputy1', name: '王建国', delegation: '城关镇代表团', group: '第一代表小组' }]);
    expect(JSON.stringify(r.body)).not.toMatch(/phone|13900001111/);
    // Deputies may not list users at all.
    expect((await search('deputy2', 'kind=user')).status).toBe(403);
  });

  it('does not offer inactive deputies or users', async () => {
    expect(await names('staff', 'kind=deputy&q=zs')).toEqual([]);
    expect(await names('staff', 'kind=deputy&q=张三')).toEqual([]);
    await handle.db.updateTable('users').set({ active: false }).where('county_id', '=', 'demo').where('id', '=', 'demo-deputy5').execute();
    try {
      expect(await names('deputy2', 'kind=deputy&q=czq')).toEqual([]);
      expect(await names('staff', 'kind=user&q=czq')).toEqual([]);
    } finally {
      await handle.db.updateTable('users').set({ active: true }).where('county_id', '=', 'demo').where('id', '=', 'demo-deputy5').execute();
    }
    expect(await names('deputy2', 'kind=deputy&q=czq')).toEqual(['陈志强']);
  });

  it('shows a unit user the users of their own unit only, and units to everyone', async () => {
    const mine = (await search('unit1', 'kind=user')).body.entries as Entry[];
    expect(mine.map((e) => [e.name, e.unitName])).toEqual([
      ['周建华', '县住房和城乡建设局'],
      ['住建局办理员', '县住房和城乡建设局'],
    ]);
    expect(await names('unit1', 'kind=user&q=zjh')).toEqual(['周建华']);
    expect(await names('unit2', 'kind=user&q=zjh')).toEqual([]);
    expect(await names('unit2', 'kind=user')).toEqual(['教育局办理员']);
    // The office sees every user of the county.
    expect(await names('staff', 'kind=user&q=zjh')).toEqual(['周建华']);
    expect((await names('staff', 'kind=user&limit=50')).length).toBe(13);
    // Units: by name or initials, for a deputy too (建议承办单位).
    expect(await names('deputy1', 'kind=unit&q=住房')).toEqual(['县住房和城乡建设局']);
    expect(await names('unit1', 'kind=unit&q=jyj')).toEqual(['县教育局']);
    // The English portal shows units by their English names; a reader types what they see.
    expect(await names('deputy1', 'kind=unit&q=housing and urban')).toEqual(['县住房和城乡建设局']);
    expect(await names('deputy1', 'kind=unit&q=100%')).toEqual([]);
    // All of a long English name (49 characters), as the picker's list shows it.
    expect(await names('deputy1', `kind=unit&q=${encodeURIComponent('County Housing and Urban-Rural Development Bureau')}`)).toEqual(['县住房和城乡建设局']);
    // A unit clerk picks 参加代表 for a consultation record.
    expect(await names('unit1', 'kind=deputy&q=lf')).toEqual(['刘芳']);
  });

  it('never shows another county\'s names', async () => {
    for (const user of ['deputy1', 'staff', 'unit1']) {
      for (const kind of ['deputy', 'unit', 'user']) {
        const r = await search(user, `kind=${kind}&limit=50`);
        if (r.status === 403) continue;
        expect(JSON.stringify(r.body), `${user} ${kind}`).not.toMatch(/邻县|张三(?!丰)|other-/);
      }
    }
    expect(await names('deputy1', 'kind=deputy&q=zs')).toEqual([]);
    // And the other county sees only its own.
    const otherToken = await w.login('deputy1', 'other');
    expect((await w.call(otherToken, 'GET', '/directory?kind=deputy')).body.entries.map((e: Entry) => e.name)).toEqual(['张三']);
    expect((await w.call(otherToken, 'GET', '/directory/names?kind=deputy&ids=demo-deputy1')).body).toEqual({ kind: 'deputy', names: [], notFound: ['demo-deputy1'] });
  });

  it('resolves ids to names, unknown ones as not found', async () => {
    const r = await w.call(await as('deputy2'), 'GET', '/directory/names?kind=unit&ids=unit-housing,nope,unit-housing');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ kind: 'unit', names: [{ id: 'unit-housing', name: '县住房和城乡建设局', nameEn: 'County Housing and Urban-Rural Development Bureau' }], notFound: ['nope'] });
    const users = await w.call(await as('deputy2'), 'GET', '/directory/names?kind=user&ids=demo-unit1,demo-deputy1');
    expect(users.body.names.map((n: Entry) => n.name)).toEqual(['住建局办理员', '王建国']);
    const deputies = await w.call(await as('unit1'), 'GET', '/directory/names?kind=deputy&ids=demo-deputy1,demo-unit1');
    expect(deputies.body).toEqual({ kind: 'deputy', names: [{ id: 'demo-deputy1', name: '王建国', nameEn: null }], notFound: ['demo-unit1'] });
  });

  it('answers bad parameters with 400 INVALID_QUERY naming each one, and changes nothing', async () => {
    const bad: Array<[string, string[]]> = [
      ['/directory', ['/query/kind']],
      ['/directory?kind=people', ['/query/kind']],
      ['/directory?kind=deputy&kind=unit', ['/query/kind']],
      ['/directory?kind=deputy&limit=0', ['/query/limit']],
      ['/directory?kind=deputy&limit=51', ['/query/limit']],
      ['/directory?kind=deputy&limit=abc', ['/query/limit']],
      ['/directory?kind=deputy&limit=1.5', ['/query/limit']],
      [`/directory?kind=deputy&q=${'张'.repeat(121)}`, ['/query/q']],
      ['/directory?kind=deputy&phone=1', ['/query/phone']],
      ['/directory/names?kind=unit', ['/query/ids']],
      ['/directory/names?kind=unit&ids=a,,b', ['/query/ids']],
      [`/directory/names?kind=unit&ids=${Array.from({ length: 201 }, (_, i) => `u${i}`).join(',')}`, ['/query/ids']],
      ['/directory/names?ids=a', ['/query/kind']],
    ];
    for (const [path, pointers] of bad) {
      const r = await w.call(await as('staff'), 'GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.code, path).toBe('INVALID_QUERY');
      expect(r.body.error.details.errors.map((e: { pointer: string }) => e.pointer), path).toEqual(pointers);
      for (const e of r.body.error.details.errors) expect(e.message, path).toMatch(/\p{Script=Han}/u);
    }
    // A query of LIKE wildcards matches nothing rather than everything.
    expect(await names('staff', 'kind=deputy&q=%25')).toEqual([]);
    expect(await names('staff', 'kind=deputy&q=_')).toEqual([]);
  });

  it('fills the pinyin of names written without it when the server starts (after migrating)', async () => {
    await handle.db.updateTable('units').set({ name_initials: null, name_pinyin: null }).where('county_id', '=', 'demo').execute();
    await handle.db.updateTable('deputies').set({ name_initials: null, name_pinyin: null }).where('user_id', '=', 'demo-deputy3').execute();
    expect(await names('staff', 'kind=unit&q=jyj')).toEqual([]);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    expect(await names('staff', 'kind=unit&q=jyj')).toEqual(['县教育局']);
    expect(await names('staff', 'kind=deputy&q=zhangw')).toEqual(['张伟']);
  });

  it('searches a county of 2,000 deputies in one quick statement', async () => {
    await createTestDeputies(handle.db, 'demo', 2000, { prefix: 'bulk' });
    const t0 = performance.now();
    const r = await search('deputy2', 'kind=deputy&q=db0042');
    const hit = performance.now() - t0;
    const t1 = performance.now();
    await search('deputy2', 'kind=deputy&q=zzz');
    const miss = performance.now() - t1;
    // 代表0042 → initials "db0042".
    expect(r.body.entries.map((e: Entry) => e.name)).toEqual(['代表0042']);
    console.log(`directory search, 2,005 deputies: hit ${hit.toFixed(1)} ms, no match (full scan) ${miss.toFixed(1)} ms`);
    expect(miss).toBeLessThan(2000);
  });
});
