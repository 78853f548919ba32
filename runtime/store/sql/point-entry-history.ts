/** The history of one PointEntry in order. Index: the primary key (county_id, entry_id, seq). No lock. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function pointEntryHistory(db: Kysely<Database>, countyId: string, entryId: string) {
  return db
    .selectFrom('point_entry_events as h')
    .leftJoin('users as u', (j) => j.onRef('u.county_id', '=', 'h.county_id').onRef('u.id', '=', 'h.actor_id'))
    .select(['h.seq', 'h.action', 'h.from_state', 'h.to_state', 'h.actor_id', 'h.at', 'h.data', 'u.display_name as actor_name'])
    .where('h.county_id', '=', countyId)
    .where('h.entry_id', '=', entryId)
    .orderBy('h.seq')
    .execute();
}
