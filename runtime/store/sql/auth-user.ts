/**
 * Everything the authenticator needs about a token's user in one query: the user by the
 * primary key (county_id, id), the home region's code and level (regions primary key; a county,
 * or for a region reader of migration 018 a city or province) and the roles (a
 * subquery on the user_roles primary key prefix (county_id, user_id)). No locks: a stale read
 * is at most the authenticator's cache window old anyway.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, RegionLevel, Role } from '../schema.ts';

export interface AuthUserRow {
  id: string;
  countyId: string;
  countyCode: string;
  /** The level of the home region: 'county' for every county user; 'city' or 'province' for a region reader. */
  homeLevel: RegionLevel;
  username: string;
  displayName: string;
  unitId: string | null;
  active: boolean;
  tokenVersion: number;
  roles: Role[];
  /** Positions in the user's unit (migration 034), from the user_positions primary key prefix. */
  positions: string[];
}

export async function readAuthUser(db: Kysely<Database>, countyId: string, userId: string): Promise<AuthUserRow | undefined> {
  const result = await sql<{
    id: string;
    county_id: string;
    code: string;
    level: RegionLevel;
    username: string;
    display_name: string;
    unit_id: string | null;
    active: boolean;
    token_version: number;
    roles: string[] | null;
    positions: string[] | null;
  }>`
    select u.id, u.county_id, r.code, r.level, u.username, u.display_name, u.unit_id, u.active, u.token_version,
      (select array_agg(ur.role::text order by ur.role) from user_roles ur where ur.county_id = u.county_id and ur.user_id = u.id) as roles,
      (select array_agg(up.position order by up.position) from user_positions up where up.county_id = u.county_id and up.user_id = u.id) as positions
    from users u join regions r on r.id = u.county_id
    where u.county_id = ${countyId} and u.id = ${userId}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    countyId: row.county_id,
    countyCode: row.code,
    homeLevel: row.level,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    active: row.active,
    tokenVersion: row.token_version,
    roles: ([...(row.roles ?? [])] as Role[]).sort(),
    positions: [...(row.positions ?? [])],
  };
}
