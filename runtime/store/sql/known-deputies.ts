/**
 * Which of the given ids are active deputies of the county (roster): the station form names its
 * manager and deputies by id, and an unknown one is a field error, not a foreign-key failure.
 * One SELECT by primary key (deputies (county_id, user_id)); no lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function knownDeputies(db: Kysely<Database>, countyId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    select d.user_id as id from deputies d
    where d.county_id = ${countyId} and d.active and d.user_id in (${sql.join(ids)})`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}
