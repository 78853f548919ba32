/**
 * The deputies directory (GET /api/directory?kind=deputy): active deputies of the county whose
 * user is active too, matching the query (directory-match.ts), in pinyin order. Only the narrow
 * columns a co-signer picker needs (name, 代表团, 代表小组): never the phone or anything else
 * of the roster. No lock.
 *
 * Index: deputies_directory (county_id, name_pinyin) gives the county's rows in pinyin order,
 * so the scan stops after `limit` matches; users by primary key for the active flag. With
 * 2,005 deputies in the county (test/api/directory.test.ts), a query matching one deputy or
 * none (a scan of them all) answered in 2.5 ms on PostgreSQL 15 and 15–60 ms on PGlite, on a
 * 2-core box under a load of ~16.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { nameMatchSql } from './directory-match.ts';

export interface DeputyEntryRow {
  id: string;
  name: string;
  delegation: string | null;
  deputy_group: string | null;
}

export async function searchDeputies(db: Kysely<Database>, countyId: string, q: string, limit: number): Promise<DeputyEntryRow[]> {
  const rows = await sql<DeputyEntryRow>`
    select d.user_id as id, d.name, d.delegation, d.deputy_group
    from deputies d
    join users u on u.county_id = d.county_id and u.id = d.user_id
    where d.county_id = ${countyId} and d.active and u.active and ${nameMatchSql('d', 'name', q)}
    order by d.name_pinyin, d.user_id
    limit ${limit}`.execute(db);
  return rows.rows;
}
