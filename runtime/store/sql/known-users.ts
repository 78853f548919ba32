/**
 * Which of the given ids are active users of the county: the station form names its manager by
 * id, and an unknown one is a field error, not a foreign-key failure. One SELECT by primary key
 * (users (county_id, id)); no lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function knownUsers(db: Kysely<Database>, countyId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    select u.id from users u where u.county_id = ${countyId} and u.active and u.id in (${sql.join(ids)})`.execute(db);
  return new Set(rows.rows.map((r) => r.id));
}
