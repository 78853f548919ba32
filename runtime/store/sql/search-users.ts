/**
 * The users directory (GET /api/directory?kind=user): active users of the county, or of one
 * unit (`unitId`: a unit clerk picks 签发人 among their own unit's users), matching the query
 * (directory-match.ts), in pinyin order, with their unit's name. No lock.
 *
 * Index: users_directory (county_id, name_pinyin) gives the county's rows in pinyin order and
 * the scan stops after `limit` matches; the unit filter is checked on those rows (a unit has a
 * handful of users); units by primary key for the unit's name.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { nameMatchSql } from './directory-match.ts';

export interface UserEntryRow {
  id: string;
  name: string;
  unit_name: string | null;
  unit_name_en: string | null;
}

export async function searchUsers(db: Kysely<Database>, countyId: string, q: string, limit: number, unitId: string | null): Promise<UserEntryRow[]> {
  const rows = await sql<UserEntryRow>`
    select u.id, u.display_name as name, n.name as unit_name, n.name_en as unit_name_en
    from users u
    left join units n on n.county_id = u.county_id and n.id = u.unit_id
    where u.county_id = ${countyId} and u.active
      and ${unitId === null ? sql`true` : sql`u.unit_id = ${unitId}`}
      and ${nameMatchSql('u', 'display_name', q)}
    order by u.name_pinyin, u.id
    limit ${limit}`.execute(db);
  return rows.rows;
}
