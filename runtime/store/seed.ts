/**
 * The demo county 示范县 (code `demo`) with its handling units and users, and a quick helper
 * for tests to make another county. Every demo password is `demo`.
 */
import type { Kysely } from 'kysely';
import { pinyinColumns } from './name-pinyin.ts';
import { hashPassword } from './passwords.ts';
import type { Database, Role } from './schema.ts';
import type { UnitPosition } from '../engine/index.ts';
import { lockSeed } from './sql/lock-seed.ts';
import { createRegion, createUnit, createUser, findRegionByCode } from './users.ts';

export const DEMO_COUNTY_CODE = 'demo';
export const DEMO_PASSWORD = 'demo';

export interface SeededUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId: string | null;
}

export interface SeedSummary {
  /** False when the county already existed and nothing was written. */
  created: boolean;
  countyId: string;
  countyCode: string;
  users: SeededUser[];
  password: string;
}

export interface UserSpec {
  /** Defaults to `${countyCode}-${username}`. */
  id?: string;
  username: string;
  displayName: string;
  roles: Role[];
  unitId?: string;
  /** Positions in the unit (经办人, 审核人, 签发人; migration 034). */
  positions?: UnitPosition[];
}

/**
 * The handling units every county of the demo data starts with; `prefix` is 县, 市
 * (county-level city) or 区 (district).
 */
export function standardUnits(prefix: string): Array<{ id: string; name: string; nameEn: string }> {
  return [
    { id: 'unit-housing', name: `${prefix}住房和城乡建设局`, nameEn: 'Housing and Urban-Rural Development Bureau' },
    { id: 'unit-education', name: `${prefix}教育局`, nameEn: 'Education Bureau' },
    { id: 'unit-health', name: `${prefix}卫生健康委员会`, nameEn: 'Health Commission' },
    // Offices that answers are copied to (抄送): the congress's deputy-affairs committee and the government office.
    { id: 'office-deputy-affairs', name: `${prefix}人大常委会人事代表工作委员会`, nameEn: 'Deputy Affairs Committee of the Standing Committee' },
    { id: 'office-government', name: `${prefix}人民政府办公室`, nameEn: 'Government Office' },
  ];
}

/**
 * A demo unit user holds every position in their unit (drafts, reviews and signs, as one
 * person in a small township office does), so a demo walk needs one login per unit; a county
 * names its real 审核人 and 签发人 on the users page.
 */
const ALL_POSITIONS: UnitPosition[] = ['clerk', 'reviewer', 'signer'];

/** The users every county of the demo data starts with (unit users belong to the standard units). */
export const STANDARD_USERS: readonly UserSpec[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['admin', 'integrator', 'staff'] },
  { username: 'staff', displayName: '人代工委工作人员', roles: ['staff'] },
  { username: 'leader', displayName: '主任会议成员', roles: ['leader'] },
  { username: 'unit1', displayName: '住建局办理员', roles: ['unit'], unitId: 'unit-housing', positions: ALL_POSITIONS },
  { username: 'unit2', displayName: '教育局办理员', roles: ['unit'], unitId: 'unit-education', positions: ALL_POSITIONS },
  { username: 'unit3', displayName: '卫健委办理员', roles: ['unit'], unitId: 'unit-health', positions: ALL_POSITIONS },
  { username: 'deputy1', displayName: '王建国', roles: ['deputy'] },
  { username: 'deputy2', displayName: '李秀英', roles: ['deputy'] },
  { username: 'deputy3', displayName: '张伟', roles: ['deputy'] },
  { username: 'deputy4', displayName: '刘芳', roles: ['deputy'] },
  { username: 'deputy5', displayName: '陈志强', roles: ['deputy'] },
];

const DEMO_UNITS = standardUnits('县').map((u) => ({ ...u, nameEn: `County ${u.nameEn}` }));
const DEMO_USERS = STANDARD_USERS;

/** Stable user id: the county code and the username (`demo-deputy1`), so scripts can name users. */
export function userIdFor(countyCode: string, username: string): string {
  return `${countyCode}-${username}`;
}

/**
 * Creates the demo county unless region code `demo` exists. One transaction under an advisory
 * lock: two servers starting on an empty PostgreSQL seed once, and a crash leaves no half county.
 */
export async function seedDemo(db: Kysely<Database>, log?: (line: string) => void): Promise<SeedSummary> {
  // One scrypt hash (~50 ms) shared by the demo users: their password is public anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const summary = await db.transaction().execute(async (trx) => {
    await lockSeed(trx);
    const existing = await findRegionByCode(trx, DEMO_COUNTY_CODE);
    if (existing) return { created: false, countyId: existing.id, countyCode: existing.code, users: [], password: DEMO_PASSWORD };

    const noIds = (): string => {
      throw new Error('demo rows have stable ids');
    };
    const province = await createRegion(trx, { id: 'demo-province', parentId: null, level: 'province', code: 'demo-province', name: '示范省', nameEn: 'Demo Province' }, noIds);
    const city = await createRegion(trx, { id: 'demo-city', parentId: province.id, level: 'city', code: 'demo-city', name: '示范市', nameEn: 'Demo City' }, noIds);
    const county = await createRegion(trx, { id: DEMO_COUNTY_CODE, parentId: city.id, level: 'county', code: DEMO_COUNTY_CODE, name: '示范县', nameEn: 'Demo County' }, noIds);
    for (const unit of DEMO_UNITS) await createUnit(trx, county.id, unit, noIds);
    const users = await createUsers(trx, county.id, county.code, DEMO_USERS, passwordHash);
    await addToRoster(trx, county.id, users);
    return { created: true, countyId: county.id, countyCode: county.code, users, password: DEMO_PASSWORD };
  });
  if (log && summary.created) printUsers(summary, log);
  return summary;
}

export async function createUsers(trx: Kysely<Database>, countyId: string, countyCode: string, specs: readonly UserSpec[], passwordHash: string): Promise<SeededUser[]> {
  const out: SeededUser[] = [];
  for (const spec of specs) {
    const id = spec.id ?? userIdFor(countyCode, spec.username);
    await createUser(trx, countyId, { id, username: spec.username, displayName: spec.displayName, passwordHash, roles: spec.roles, unitId: spec.unitId ?? null, positions: spec.positions ?? [] }, () => id);
    out.push({ id, username: spec.username, displayName: spec.displayName, roles: spec.roles, unitId: spec.unitId ?? null });
  }
  return out;
}

/**
 * Puts the deputies among `users` on the county's roster (代表名册); the first two are
 * standing-committee members, so the demo county can run both kinds of ballot.
 */
export async function addToRoster(trx: Kysely<Database>, countyId: string, users: SeededUser[]): Promise<void> {
  const deputies = users.filter((u) => u.roles.includes('deputy'));
  if (deputies.length === 0) return;
  await trx
    .insertInto('deputies')
    .values(deputies.map((u, i) => ({ county_id: countyId, user_id: u.id, name: u.displayName, ...pinyinColumns(u.displayName), standing_committee: i < 2 })))
    .execute();
}

function printUsers(summary: SeedSummary, log: (line: string) => void): void {
  log(`Demo county 示范县 (code "${summary.countyCode}") created. Every password is "${summary.password}".`);
  const rows = summary.users.map((u) => [u.username, u.roles.join(', '), u.displayName, u.unitId ?? '']);
  const header = ['user', 'roles', 'name', 'unit'];
  // Chinese characters take two columns in a terminal.
  const width = (s: string): number => [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string => cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join('  ').trimEnd();
  log('  ' + line(header));
  for (const r of rows) log('  ' + line(r));
}

export interface CountyInput {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: string | null;
  /** Defaults: `admin` (admin, integrator, staff), `staff`, `deputy1`; password `demo`. */
  users?: Array<{ username: string; displayName?: string; roles: Role[]; unitId?: string }>;
  units?: Array<{ id: string; name: string; nameEn?: string }>;
}

/**
 * A county with a few users in one go, for tests (e.g. another county's admin gets 404 for
 * this county's objects). Ids are stable: the region id is the code, users `${code}-${username}`.
 */
export async function createCounty(db: Kysely<Database>, input: CountyInput): Promise<SeedSummary> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const specs: UserSpec[] = (
    input.users ?? [
      { username: 'admin', roles: ['admin', 'integrator', 'staff'] },
      { username: 'staff', roles: ['staff'] },
      { username: 'deputy1', roles: ['deputy'] },
    ]
  ).map((u) => ({ username: u.username, displayName: u.displayName ?? `${input.name}${u.username}`, roles: u.roles, ...(u.unitId ? { unitId: u.unitId } : {}) }));
  return db.transaction().execute(async (trx) => {
    const noIds = (): string => input.code;
    const county = await createRegion(trx, { id: input.code, parentId: input.parentId ?? null, level: 'county', code: input.code, name: input.name, nameEn: input.nameEn ?? null }, noIds);
    for (const unit of input.units ?? []) await createUnit(trx, county.id, unit, noIds);
    const users = await createUsers(trx, county.id, county.code, specs, passwordHash);
    return { created: true, countyId: county.id, countyCode: county.code, users, password: DEMO_PASSWORD };
  });
}
