/**
 * The county's directory of deputies, units and users, for pickers (search by name or pinyin)
 * and displays (ids to names). Who may search what is decided here, once:
 *
 * - deputies: the narrow entry (name, 代表团, 代表小组; never a phone) for deputies (to pick
 *   co-signers), units (参加代表 of their 面商记录) and the office (staff, leader, admin);
 * - units: everyone signed in (as GET /api/units);
 * - users: the office sees every active user of the county; a unit user only the users of
 *   their own unit (to pick the 签发人); nobody else.
 *
 * Names for ids (`directoryNames`) answer every signed-in user of the county: they are what
 * displays already show (history names its actors), never more than a name.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';
import { selectNames, type DirectoryKind } from './sql/directory-names.ts';
import { searchDeputies } from './sql/search-deputies.ts';
import { searchUnits } from './sql/search-units.ts';
import { searchUsers } from './sql/search-users.ts';

export type { DirectoryKind } from './sql/directory-names.ts';
export const DIRECTORY_KINDS: readonly DirectoryKind[] = ['deputy', 'unit', 'user'];

/** One entry of a directory search; a field is present only for the kinds that have it. */
export interface DirectoryEntry {
  id: string;
  name: string;
  /** Units: the English name, when the county gave one. */
  nameEn?: string | null;
  /** Deputies: 代表团 and 代表小组. */
  delegation?: string | null;
  group?: string | null;
  /** Users: the name of their unit. */
  unitName?: string | null;
  unitNameEn?: string | null;
}

export interface DirectoryQuery {
  kind: DirectoryKind;
  /** Part of a name, or pinyin (initials "zs", or the start of the full pinyin "zhangs"); trimmed. */
  q: string;
  limit: number;
}

export interface NameEntry {
  id: string;
  name: string;
  nameEn: string | null;
}

const OFFICE = ['staff', 'leader', 'admin'];
const has = (actor: Actor, roles: readonly string[]): boolean => actor.roles.some((r) => roles.includes(r));

/**
 * What `actor` may search in the directory of `kind`: everything of the county (`unitId` null),
 * one unit's users, or nothing (null).
 */
export function directoryScope(actor: Actor, kind: DirectoryKind): { unitId: string | null } | null {
  if (kind === 'unit') return { unitId: null };
  if (kind === 'deputy') return has(actor, [...OFFICE, 'deputy', 'unit']) ? { unitId: null } : null;
  if (has(actor, OFFICE)) return { unitId: null };
  if (has(actor, ['unit']) && actor.unitId) return { unitId: actor.unitId };
  return null;
}

/** Entries matching the query, in pinyin order; a kind the caller may not search → 403 FORBIDDEN. */
export async function searchDirectory(db: Kysely<Database>, countyId: string, actor: Actor, query: DirectoryQuery): Promise<DirectoryEntry[]> {
  const scope = directoryScope(actor, query.kind);
  if (!scope) throw new AppError('FORBIDDEN', `Your roles may not search the ${query.kind} directory`);
  if (query.kind === 'deputy') {
    const rows = await searchDeputies(db, countyId, query.q, query.limit);
    return rows.map((r) => ({ id: r.id, name: r.name, delegation: r.delegation, group: r.deputy_group }));
  }
  if (query.kind === 'unit') {
    const rows = await searchUnits(db, countyId, query.q, query.limit);
    return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en }));
  }
  const rows = await searchUsers(db, countyId, query.q, query.limit, scope.unitId);
  return rows.map((r) => ({ id: r.id, name: r.name, unitName: r.unit_name, unitNameEn: r.unit_name_en }));
}

/** The names of `ids` of one kind, in the order asked; ids the county does not have are listed in `notFound`. */
export async function directoryNames(db: Kysely<Database>, countyId: string, kind: DirectoryKind, ids: readonly string[]): Promise<{ names: NameEntry[]; notFound: string[] }> {
  const unique = [...new Set(ids)];
  const rows = unique.length === 0 ? [] : await selectNames(db, countyId, kind, unique);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names: NameEntry[] = [];
  const notFound: string[] = [];
  for (const id of unique) {
    const row = byId.get(id);
    if (row) names.push({ id, name: row.name, nameEn: row.name_en });
    else notFound.push(id);
  }
  return { names, notFound };
}
