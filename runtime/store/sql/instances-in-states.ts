/**
 * The county's running instances of one process standing in one of `states` (top-level state
 * ids), with the few context fields a list of them shows: the candidates of an assignment
 * meeting (建议 in 已登记) or of a year-end closing list (store/meeting-lists.ts). No lock: a
 * read; the step that later sends them their event locks each one.
 *
 * Index: instances_list (county_id, definition_id, updated_at desc) narrows to the county's
 * rows of the process; the state test then reads those rows (a county registers a few
 * hundred suggestions a year: 670 in Chengdu's example, DOMAIN §2.11).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface InStateRow {
  id: string;
  definition_hash: string;
  state: string;
  title: string;
  serial_no: string | null;
  suggested_units: unknown;
}

export async function selectInstancesInStates(db: Kysely<Database>, countyId: string, definitionId: string, states: readonly string[]): Promise<InStateRow[]> {
  if (states.length === 0) return [];
  const r = await sql<InStateRow>`
    select id, definition_hash, state, title,
      snapshot->'machine'->'context'->>'serialNo' as serial_no,
      snapshot->'machine'->'context'->'suggestedUnits' as suggested_units
    from instances
    where county_id = ${countyId} and definition_id = ${definitionId} and status = 'active'
      and state in (select jsonb_array_elements_text(${JSON.stringify(states)}::jsonb))
    order by snapshot->'machine'->'context'->>'serialNo', created_at, id`.execute(db);
  return r.rows;
}
