/**
 * Regions (the county is the tenant), handling units and users with their roles. Every
 * function but the region ones and the login lookup takes `countyId` and filters by it first
 * (the leading column of each primary key), so another county's user is simply not found.
 *
 * Functions take a `Kysely<Database>` or a `Transaction`; those that write several rows run in
 * the caller's transaction when given one and open their own otherwise.
 */
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import { pinyinColumns } from './name-pinyin.ts';
import { hashPassword } from './passwords.ts';
import { UNIT_POSITIONS, type UnitPosition } from '../engine/index.ts';
import type { Database, RegionLevel, Role } from './schema.ts';
import { insertUnit, UNIT_COLUMNS, type UnitRow } from './sql/insert-unit.ts';
import { bumpTokenVersion } from './sql/bump-token-version.ts';
import { lockUser } from './sql/lock-user.ts';
import { updateUnitRow, type UnitChange } from './sql/update-unit.ts';

export type { UnitChange } from './sql/update-unit.ts';

export type NewId = () => string;

export interface Region {
  id: string;
  parentId: string | null;
  level: RegionLevel;
  code: string;
  name: string;
  nameEn: string | null;
}

export interface Unit {
  id: string;
  name: string;
  nameEn: string | null;
  /** 简称: the 发文机关代字 in its answer letters' numbers (县卫健委函〔2026〕1号); null → the full name. */
  shortName: string | null;
  /** False once an admin deactivates it: not offered for new work, still named on old instances. */
  active: boolean;
}

export interface UserView {
  id: string;
  countyId: string;
  username: string;
  displayName: string;
  unitId: string | null;
  active: boolean;
  roles: Role[];
  /** Positions in their unit (经办人 clerk, 审核人 reviewer, 签发人 signer; migration 034). */
  positions: UnitPosition[];
  createdAt: string;
}

export interface LoginCandidate {
  countyId: string;
  countyCode: string;
  userId: string;
  passwordHash: string;
}

export interface NewUser {
  /** Stable id (e.g. the demo users'); generated with `newId` when absent. */
  id?: string;
  username: string;
  displayName: string;
  /** Either a clear password (hashed here) or an existing hash (seeding many users fast). */
  password?: string;
  passwordHash?: string;
  roles: readonly Role[];
  unitId?: string | null;
  positions?: readonly UnitPosition[];
}

export interface UserPatch {
  displayName?: string;
  password?: string;
  active?: boolean;
  /** Replaces every role of the user. */
  roles?: readonly Role[];
  unitId?: string | null;
  /** Replaces every position of the user in their unit. */
  positions?: readonly UnitPosition[];
}

/** Runs `fn` in the caller's transaction if `db` is one, else in a new transaction. */
async function atomically<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** A row with the same key is there already (PostgreSQL's unique_violation). */
/** A unique violation, bare or as the cause of the CONFLICT that `inTransaction` turns it into. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: unknown } | null;
  if (e?.code === '23505') return true;
  return (e?.cause as { code?: unknown } | null | undefined)?.code === '23505';
}

// ---------------------------------------------------------------- regions

export async function createRegion(
  db: Kysely<Database>,
  input: { id?: string; parentId: string | null; level: RegionLevel; code: string; name: string; nameEn?: string | null },
  newId: NewId,
): Promise<Region> {
  const region: Region = {
    id: input.id ?? newId(),
    parentId: input.parentId,
    level: input.level,
    code: input.code,
    name: input.name,
    nameEn: input.nameEn ?? null,
  };
  try {
    await db
      .insertInto('regions')
      .values({ id: region.id, parent_id: region.parentId, level: region.level, code: region.code, name: region.name, name_en: region.nameEn })
      .execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('REGION_CODE_TAKEN', `Region code ${input.code} is already used`, undefined, { cause: err });
    throw err;
  }
  return region;
}

const regionColumns = ['id', 'parent_id', 'level', 'code', 'name', 'name_en'] as const;

function toRegion(r: { id: string; parent_id: string | null; level: RegionLevel; code: string; name: string; name_en: string | null }): Region {
  return { id: r.id, parentId: r.parent_id, level: r.level, code: r.code, name: r.name, nameEn: r.name_en };
}

/** Region by its unique code (index on regions.code). */
export async function findRegionByCode(db: Kysely<Database>, code: string): Promise<Region | undefined> {
  const row = await db.selectFrom('regions').select(regionColumns).where('code', '=', code).executeTakeFirst();
  return row ? toRegion(row) : undefined;
}

export async function getCounty(db: Kysely<Database>, countyId: string): Promise<Region | undefined> {
  const row = await db.selectFrom('regions').select(regionColumns).where('id', '=', countyId).where('level', '=', 'county').executeTakeFirst();
  return row ? toRegion(row) : undefined;
}

/** A region of any level by id (a region reader's home: a city or province, migration 018). */
export async function getRegion(db: Kysely<Database>, regionId: string): Promise<Region | undefined> {
  const row = await db.selectFrom('regions').select(regionColumns).where('id', '=', regionId).executeTakeFirst();
  return row ? toRegion(row) : undefined;
}

// ---------------------------------------------------------------- units

function toUnit(r: UnitRow): Unit {
  return { id: r.id, name: r.name, nameEn: r.name_en, shortName: r.short_name, active: r.active };
}

/** 409 UNIT_NAME_TAKEN with a field error on /name; says so when the namesake is deactivated. */
async function unitNameTaken(db: Kysely<Database>, countyId: string, name: string, cause?: unknown): Promise<AppError> {
  const other = await db.selectFrom('units').select(['active']).where('county_id', '=', countyId).where('name', '=', name).executeTakeFirst();
  const inactive = other?.active === false;
  const error: FieldError = inactive
    ? { pointer: '/name', message: `已有同名的承办单位“${name}”（已停用，可重新启用）`, message_en: `a deactivated unit is already named "${name}"; reactivate it instead` }
    : { pointer: '/name', message: `已有同名的承办单位“${name}”`, message_en: `another unit is already named "${name}"` };
  return new AppError('UNIT_NAME_TAKEN', `A unit named ${name} already exists in this county`, { errors: [error] }, cause === undefined ? undefined : { cause });
}

/**
 * Adds a unit (active). The id is `input.id` (seeds) or `newId()` — people know a unit by its
 * name, never its id. A name the county already has → 409 UNIT_NAME_TAKEN (sql/insert-unit.ts).
 */
export async function createUnit(
  db: Kysely<Database>,
  countyId: string,
  input: { id?: string; name: string; nameEn?: string | null; shortName?: string | null },
  newId: NewId,
): Promise<Unit> {
  const row = await insertUnit(db, countyId, { id: input.id ?? newId(), name: input.name, nameEn: input.nameEn ?? null, shortName: input.shortName ?? null });
  if (!row) throw await unitNameTaken(db, countyId, input.name);
  return toUnit(row);
}

/**
 * Renames, sets or clears the short name of, deactivates or reactivates a unit (sql/update-unit.ts). Unknown here (or another
 * county's) → 404 UNIT_NOT_FOUND; a name another unit has → 409 UNIT_NAME_TAKEN.
 */
export async function updateUnit(db: Kysely<Database>, countyId: string, unitId: string, change: UnitChange): Promise<Unit> {
  let row: UnitRow | undefined;
  try {
    row = await updateUnitRow(db, countyId, unitId, change);
  } catch (err) {
    if (isUniqueViolation(err) && change.name !== undefined) throw await unitNameTaken(db, countyId, change.name, err);
    throw err;
  }
  if (!row) throw new AppError('UNIT_NOT_FOUND', 'No such unit');
  return toUnit(row);
}

/**
 * The county's units by id (primary key prefix county_id); `active` narrows to the units
 * offered for new work (true) or the deactivated ones (false). Without it every unit, so old
 * instances can still show a deactivated unit's name.
 */
export async function listUnits(db: Kysely<Database>, countyId: string, query: { active?: boolean } = {}): Promise<Unit[]> {
  let q = db.selectFrom('units').select(UNIT_COLUMNS).where('county_id', '=', countyId);
  if (query.active !== undefined) q = q.where('active', '=', query.active);
  const rows = await q.orderBy('id').execute();
  return rows.map(toUnit);
}

export async function getUnit(db: Kysely<Database>, countyId: string, unitId: string): Promise<Unit | undefined> {
  const r = await db.selectFrom('units').select(UNIT_COLUMNS).where('county_id', '=', countyId).where('id', '=', unitId).executeTakeFirst();
  return r ? toUnit(r) : undefined;
}

// ---------------------------------------------------------------- users

const userColumns = ['id', 'county_id', 'username', 'display_name', 'unit_id', 'active', 'created_at'] as const;

type UserRow = { id: string; county_id: string; username: string; display_name: string; unit_id: string | null; active: boolean; created_at: Date };

function toUserView(r: UserRow, roles: Role[], positions: UnitPosition[]): UserView {
  return {
    id: r.id,
    countyId: r.county_id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id,
    active: r.active,
    roles: [...roles].sort(),
    positions: UNIT_POSITIONS.filter((p) => positions.includes(p)),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Creates a user with roles. A username taken in the county → 409 USERNAME_TAKEN. */
export async function createUser(db: Kysely<Database>, countyId: string, input: NewUser, newId: NewId): Promise<UserView> {
  const passwordHash = input.passwordHash ?? (input.password !== undefined ? await hashPassword(input.password) : undefined);
  if (passwordHash === undefined) throw new AppError('INVALID_INPUT', 'A user needs a password');
  const id = input.id ?? newId();
  const roles = [...new Set(input.roles)];
  try {
    await atomically(db, async (trx) => {
      await trx
        .insertInto('users')
        .values({
          county_id: countyId,
          id,
          username: input.username,
          display_name: input.displayName,
          ...pinyinColumns(input.displayName),
          password_hash: passwordHash,
          unit_id: input.unitId ?? null,
        })
        .execute();
      if (roles.length > 0) {
        await trx.insertInto('user_roles').values(roles.map((role) => ({ county_id: countyId, user_id: id, role }))).execute();
      }
      await writePositions(trx, countyId, id, input.positions ?? []);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('USERNAME_TAKEN', `Username ${input.username} is already taken in this county`, { username: input.username }, { cause: err });
    }
    throw err;
  }
  const user = await getUser(db, countyId, id);
  if (!user) throw new AppError('INTERNAL', 'User vanished after insert');
  return user;
}

/** Every user of the county with roles, by username (primary key prefix county_id). */
export async function listUsers(db: Kysely<Database>, countyId: string): Promise<UserView[]> {
  const rows = await db.selectFrom('users').select(userColumns).where('county_id', '=', countyId).orderBy('username').execute();
  const roleRows = await db.selectFrom('user_roles').select(['user_id', 'role']).where('county_id', '=', countyId).execute();
  const rolesByUser = new Map<string, Role[]>();
  for (const r of roleRows) {
    const list = rolesByUser.get(r.user_id) ?? [];
    list.push(r.role);
    rolesByUser.set(r.user_id, list);
  }
  const positionRows = await db.selectFrom('user_positions').select(['user_id', 'position']).where('county_id', '=', countyId).execute();
  const positionsByUser = new Map<string, UnitPosition[]>();
  for (const r of positionRows) positionsByUser.set(r.user_id, [...(positionsByUser.get(r.user_id) ?? []), r.position]);
  return rows.map((r) => toUserView(r, rolesByUser.get(r.id) ?? [], positionsByUser.get(r.id) ?? []));
}

export async function getUser(db: Kysely<Database>, countyId: string, userId: string): Promise<UserView | undefined> {
  const row = await db.selectFrom('users').select(userColumns).where('county_id', '=', countyId).where('id', '=', userId).executeTakeFirst();
  if (!row) return undefined;
  const roles = await db.selectFrom('user_roles').select('role').where('county_id', '=', countyId).where('user_id', '=', userId).execute();
  const positions = await db.selectFrom('user_positions').select('position').where('county_id', '=', countyId).where('user_id', '=', userId).execute();
  return toUserView(row, roles.map((r) => r.role), positions.map((r) => r.position));
}

/** Replaces a user's positions in their unit (primary key (county_id, user_id, position)). */
async function writePositions(trx: Kysely<Database>, countyId: string, userId: string, positions: readonly UnitPosition[]): Promise<void> {
  await trx.deleteFrom('user_positions').where('county_id', '=', countyId).where('user_id', '=', userId).execute();
  const unique = [...new Set(positions)];
  if (unique.length > 0) await trx.insertInto('user_positions').values(unique.map((position) => ({ county_id: countyId, user_id: userId, position }))).execute();
}

/**
 * Applies a patch; an unknown id (or one of another county) → 404 USER_NOT_FOUND. With
 * `revokeTokens` the user's token_version goes up in the same transaction, so the change and
 * the end of the old tokens are one (sql/bump-token-version.ts).
 */
export async function updateUser(db: Kysely<Database>, countyId: string, userId: string, patch: UserPatch, opts: { revokeTokens?: boolean } = {}): Promise<UserView> {
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  await atomically(db, async (trx) => {
    if (!(await lockUser(trx, countyId, userId))) throw new AppError('USER_NOT_FOUND', 'No such user');
    const set: { display_name?: string; name_initials?: string; name_pinyin?: string; password_hash?: string; active?: boolean; unit_id?: string | null } = {};
    if (patch.displayName !== undefined) Object.assign(set, { display_name: patch.displayName, ...pinyinColumns(patch.displayName) });
    if (passwordHash !== undefined) set.password_hash = passwordHash;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.unitId !== undefined) set.unit_id = patch.unitId;
    if (Object.keys(set).length > 0) {
      await trx.updateTable('users').set(set).where('county_id', '=', countyId).where('id', '=', userId).execute();
    }
    if (opts.revokeTokens) await bumpTokenVersion(trx, countyId, userId);
    if (patch.roles !== undefined) {
      const roles = [...new Set(patch.roles)];
      await trx.deleteFrom('user_roles').where('county_id', '=', countyId).where('user_id', '=', userId).execute();
      if (roles.length > 0) {
        await trx.insertInto('user_roles').values(roles.map((role) => ({ county_id: countyId, user_id: userId, role }))).execute();
      }
    }
    if (patch.positions !== undefined) await writePositions(trx, countyId, userId, patch.positions);
  });
  const user = await getUser(db, countyId, userId);
  if (!user) throw new AppError('USER_NOT_FOUND', 'No such user');
  return user;
}

/**
 * Active users named `username` in any county (index users_username), or only in the county
 * with region code `countyCode`. Login runs before the county is known, so this is the one
 * user query not scoped by county id.
 */
export async function findLoginCandidates(db: Kysely<Database>, username: string, countyCode?: string): Promise<LoginCandidate[]> {
  let q = db
    .selectFrom('users')
    .innerJoin('regions', 'regions.id', 'users.county_id')
    .select(['users.county_id', 'regions.code', 'users.id', 'users.password_hash'])
    .where('users.username', '=', username)
    .where('users.active', '=', true);
  if (countyCode !== undefined) q = q.where('regions.code', '=', countyCode);
  const rows = await q.orderBy('regions.code').execute();
  return rows.map((r) => ({ countyId: r.county_id, countyCode: r.code, userId: r.id, passwordHash: r.password_hash }));
}
