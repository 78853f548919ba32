/**
 * The county's top-level instances of one process by their numbers (context.serialNo), any
 * status: a list sheet's number that names no candidate is told apart as "not waiting"
 * (with its state in words) from one the county never gave (store/meeting-lists.ts).
 *
 * No lock: a read. Index: instances_list (county_id, definition_id, updated_at desc) narrows to
 * the county's rows of the process (a few hundred a year, DOMAIN §2.11); the number test reads those.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SerialRow {
  id: string;
  definition_hash: string;
  state: string;
  status: string;
  title: string;
  serial_no: string;
}

export async function selectInstancesBySerial(db: Kysely<Database>, countyId: string, definitionId: string, serials: readonly string[]): Promise<SerialRow[]> {
  if (serials.length === 0) return [];
  const r = await sql<SerialRow>`
    select id, definition_hash, state, status, title, snapshot->'machine'->'context'->>'serialNo' as serial_no
    from instances
    where county_id = ${countyId} and definition_id = ${definitionId} and parent_id is null
      and snapshot->'machine'->'context'->>'serialNo' in (select jsonb_array_elements_text(${JSON.stringify(serials)}::jsonb))`.execute(db);
  return r.rows;
}
