/**
 * The units directory (GET /api/directory?kind=unit): the county's handling units matching the
 * query by its Chinese name, pinyin or English name (directory-match.ts), in pinyin order; a deactivated unit (units.active, migration 009)
 * is not offered for new work. No lock. Index: units_directory (county_id,
 * name_pinyin) gives the county's rows in that order; the scan stops after `limit` matches.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { nameMatchSql } from './directory-match.ts';

export interface UnitEntryRow {
  id: string;
  name: string;
  name_en: string | null;
}

export async function searchUnits(db: Kysely<Database>, countyId: string, q: string, limit: number): Promise<UnitEntryRow[]> {
  const rows = await sql<UnitEntryRow>`
    select n.id, n.name, n.name_en
    from units n
    where n.county_id = ${countyId} and n.active and ${nameMatchSql('n', 'name', q, 'name_en')}
    order by n.name_pinyin, n.id
    limit ${limit}`.execute(db);
  return rows.rows;
}
