/**
 * A unit's 发文机关代字 for its letter numbers: units.short_name (migration 034), else its full
 * name; '' for no such unit. By the units primary key (county_id, id); no lock (the name is
 * text in a number, and a rename later does not renumber issued letters).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function unitShortName(db: Kysely<Database>, countyId: string, unitId: string): Promise<string> {
  const found = await sql<{ short: string }>`select coalesce(nullif(short_name, ''), name) as short from units where county_id = ${countyId} and id = ${unitId}`.execute(db);
  return found.rows[0]?.short ?? '';
}
