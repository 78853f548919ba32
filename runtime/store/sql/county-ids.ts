/**
 * Every county's id (the daily digest visits each once a day). A read, no lock; a sequential
 * scan of regions, a few thousand rows at most for a whole country.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function countyIds(db: Kysely<Database>): Promise<string[]> {
  const r = await sql<{ id: string }>`select id from regions where level = 'county' order by id`.execute(db);
  return r.rows.map((row) => row.id);
}
