/**
 * Who voted how in a real-name ballot (记名), by deputy id, for staff after close. The caller
 * has refused a secret ballot first; only a real-name ballot's roll rows carry marks. No lock:
 * the roll no longer changes after close.
 *
 * Indexes: ballot_voters' primary key prefix (county_id, ballot_id), users by their primary
 * key (county_id, id). `voted` has no index: the roll is one county's deputies (hundreds).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectNamedVotes(db: Kysely<Database>, countyId: string, ballotId: string): Promise<Array<{ deputy_id: string; display_name: string; marks: unknown }>> {
  return db
    .selectFrom('ballot_voters as v')
    .innerJoin('users as u', (j) => j.onRef('u.county_id', '=', 'v.county_id').onRef('u.id', '=', 'v.deputy_id'))
    .select(['v.deputy_id', 'u.display_name', 'v.marks'])
    .where('v.county_id', '=', countyId)
    .where('v.ballot_id', '=', ballotId)
    .where('v.voted', '=', true)
    .orderBy('v.deputy_id')
    .execute();
}
