import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../runtime/errors.ts';
import { httpStatus } from '../../server/errors.ts';
import {
  createCounty,
  createUser,
  findLoginCandidates,
  getUser,
  hashPassword,
  listUnits,
  listUsers,
  migrateToLatest,
  seedDemo,
  updateUser,
  verifyPassword,
  type DatabaseHandle,
} from '../../runtime/store/index.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { migrations } from '../../migrations/index.ts';

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

let ids = 0;
const newId = (): string => `id-${++ids}`;

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const a = await hashPassword('s3cret-pass');
    const b = await hashPassword('s3cret-pass');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-pass', a)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', a)).toBe(false);
    expect(await verifyPassword('s3cret-pass', 'not-a-hash')).toBe(false);
  });
});

describeEachDatabase('user store', (open, database) => {
  const handles: DatabaseHandle[] = [];
  async function fresh(h: Promise<TestHandle>): Promise<TestHandle> {
    const handle = await h;
    handles.push(handle);
    return handle;
  }
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });

  it('migrates an empty database once; running it again does nothing', async () => {
    const h = await fresh(database.openEmpty());
    expect(await migrateToLatest(h.db)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(h.db)).toEqual([]);
    const tables = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = 'public' and table_name in ('regions', 'users', 'tasks', 'outbox', 'app_settings')`.execute(h.db);
    expect(tables.rows[0]?.n).toBe(5);
  });

  it('migrates once when two servers start at the same time', async () => {
    const h = await fresh(database.openEmpty());
    // postgres: a second pool on the same database, like a second server process;
    // PGlite has one connection, so both migrators share the handle (the driver serialises them).
    const other = h.reopen ? await h.reopen() : h;
    const [a, b] = await Promise.all([migrateToLatest(h.db), migrateToLatest(other.db)]);
    expect([...a, ...b]).toEqual(Object.keys(migrations));
    const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(h.db);
    expect(applied.rows[0]?.n).toBe(Object.keys(migrations).length);
  });

  it('returns int8 values (count, bigserial) as numbers on both engines', async () => {
    const h = await fresh(open());
    await sql`insert into regions (id, level, code, name) values ('c1', 'county', 'c1', 'c1')`.execute(h.db);
    const row = await h.db
      .insertInto('outbox')
      .values({ county_id: 'c1', kind: 'notify', payload: JSON.stringify([1, 2]), created_at: new Date('2026-01-01T00:00:00Z') })
      .returning(['id', 'payload', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(row.id).toBe(1);
    expect(row.payload).toEqual([1, 2]);
    expect(row.created_at).toBeInstanceOf(Date);
    const count = await h.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('seeds the demo county with its units and users, once', async () => {
    const h = await fresh(open());
    const lines: string[] = [];
    const first = await seedDemo(h.db, (l) => lines.push(l));
    expect(first.created).toBe(true);
    expect(first.countyId).toBe('demo');
    expect(lines.join('\n')).toContain('deputy5');

    const regions = await h.db.selectFrom('regions').select(['id', 'parent_id', 'level', 'code', 'name', 'name_en']).orderBy('code').execute();
    expect(regions).toEqual([
      { id: 'demo', parent_id: 'demo-city', level: 'county', code: 'demo', name: '示范县', name_en: 'Demo County' },
      { id: 'demo-city', parent_id: 'demo-province', level: 'city', code: 'demo-city', name: '示范市', name_en: 'Demo City' },
      { id: 'demo-province', parent_id: null, level: 'province', code: 'demo-province', name: '示范省', name_en: 'Demo Province' },
    ]);
    expect((await listUnits(h.db, 'demo')).map((u) => [u.id, u.name])).toEqual([
      ['office-deputy-affairs', '县人大常委会人事代表工作委员会'],
      ['office-government', '县人民政府办公室'],
      ['unit-education', '县教育局'],
      ['unit-health', '县卫生健康委员会'],
      ['unit-housing', '县住房和城乡建设局'],
    ]);

    const users = await listUsers(h.db, 'demo');
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(users.map((u) => u.username).sort()).toEqual(
      ['admin', 'deputy1', 'deputy2', 'deputy3', 'deputy4', 'deputy5', 'leader', 'staff', 'unit1', 'unit2', 'unit3'].sort(),
    );
    expect(byName.admin?.roles).toEqual(['admin', 'integrator', 'staff']);
    expect(byName.staff?.roles).toEqual(['staff']);
    expect(byName.leader?.roles).toEqual(['leader']);
    expect([byName.unit1?.unitId, byName.unit2?.unitId, byName.unit3?.unitId]).toEqual(['unit-housing', 'unit-education', 'unit-health']);
    expect(byName.unit1?.roles).toEqual(['unit']);
    expect(byName.deputy1).toMatchObject({ id: 'demo-deputy1', displayName: '王建国', roles: ['deputy'], active: true });
    const hash = await h.db.selectFrom('users').select('password_hash').where('id', '=', 'demo-deputy3').executeTakeFirstOrThrow();
    expect(await verifyPassword('demo', hash.password_hash)).toBe(true);

    const again = await seedDemo(h.db);
    expect(again.created).toBe(false);
    expect(await listUsers(h.db, 'demo')).toHaveLength(11);
  });

  it('keeps counties apart: lookups, updates and login candidates', async () => {
    const h = await fresh(open());
    await seedDemo(h.db);
    await createCounty(h.db, { code: 'other', name: '另一县' });

    expect(await getUser(h.db, 'other', 'demo-admin')).toBeUndefined();
    expect(httpStatus(await errorOf(updateUser(h.db, 'other', 'demo-staff', { displayName: 'x' })))).toBe(404);
    expect((await listUsers(h.db, 'other')).map((u) => u.id)).toEqual(['other-admin', 'other-deputy1', 'other-staff']);

    const both = await findLoginCandidates(h.db, 'admin');
    expect(both.map((c) => c.countyCode)).toEqual(['demo', 'other']);
    const one = await findLoginCandidates(h.db, 'admin', 'other');
    expect(one).toEqual([expect.objectContaining({ countyId: 'other', userId: 'other-admin' })]);
    expect(await findLoginCandidates(h.db, 'leader', 'other')).toEqual([]);
  });

  it('creates and updates users; a taken username is 409', async () => {
    const h = await fresh(open());
    await seedDemo(h.db);
    const user = await createUser(h.db, 'demo', { username: 'clerk', displayName: '赵敏', password: 'password1', roles: ['staff', 'deputy'] }, newId);
    expect(user).toMatchObject({ countyId: 'demo', username: 'clerk', roles: ['deputy', 'staff'], unitId: null, active: true });

    const taken = await errorOf(createUser(h.db, 'demo', { username: 'clerk', displayName: 'x', password: 'password1', roles: ['staff'] }, newId));
    expect([httpStatus(taken), taken.code]).toEqual([409, 'USERNAME_TAKEN']);
    // The same username in another county is fine.
    await createCounty(h.db, { code: 'other', name: '另一县', users: [] });
    await createUser(h.db, 'other', { username: 'clerk', displayName: 'y', password: 'password1', roles: ['staff'] }, newId);

    const updated = await updateUser(h.db, 'demo', user.id, { roles: ['unit'], unitId: 'unit-health', displayName: '赵敏敏', active: false, password: 'newpassword' });
    expect(updated).toMatchObject({ roles: ['unit'], unitId: 'unit-health', displayName: '赵敏敏', active: false });
    const row = await h.db.selectFrom('users').select('password_hash').where('county_id', '=', 'demo').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(await verifyPassword('newpassword', row.password_hash)).toBe(true);
    // Inactive users cannot log in.
    expect(await findLoginCandidates(h.db, 'clerk', 'demo')).toEqual([]);
  });

  it('runs inside a caller transaction and rolls back with it', async () => {
    const h = await fresh(open());
    await seedDemo(h.db);
    await expect(
      h.db.transaction().execute(async (trx) => {
        await createUser(trx, 'demo', { username: 'temp', displayName: '临时', password: 'password1', roles: ['staff'] }, newId);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await listUsers(h.db, 'demo')).some((u) => u.username === 'temp')).toBe(false);
  });
});
