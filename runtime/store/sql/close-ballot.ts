/**
 * Marks a ballot closed with its result and the hash of its published list, by primary key
 * (county_id, id). Run at the end of closeBallot (ballots.ts), whose transaction holds the
 * ballot row FOR UPDATE from readBallot: the pool has been moved into the box
 * (move-pending-votes.ts) and the box tallied in between, and casts (FOR SHARE) wait until
 * the commit and then see 'closed'.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function markBallotClosed(trx: Kysely<Database>, countyId: string, ballotId: string, closed: { at: Date; result: unknown; listHash: string }): Promise<void> {
  await trx
    .updateTable('ballots')
    .set({ status: 'closed', closed_at: closed.at, result: JSON.stringify(closed.result), list_hash: closed.listHash })
    .where('county_id', '=', countyId)
    .where('id', '=', ballotId)
    .execute();
}
