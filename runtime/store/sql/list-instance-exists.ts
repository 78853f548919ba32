/**
 * Whether `id` is an instance of the process `definitionId` in the county: a list named in a
 * query (`?list=` of the list routes, store/meeting-lists.ts), else the caller gets 404.
 * No lock: a read. Index: the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function listInstanceExists(db: Kysely<Database>, countyId: string, definitionId: string, id: string): Promise<boolean> {
  const r = await sql<{ id: string }>`select id from instances where county_id = ${countyId} and id = ${id} and definition_id = ${definitionId}`.execute(db);
  return r.rows.length > 0;
}
