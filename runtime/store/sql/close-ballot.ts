/**
 * Marks a ballot closed with its result and the hash of its published list, by primary key
 * (county_id, id). Run at the end of closeBallot (ballots.ts), whose transaction holds the
 * ballot row FOR UPDATE from readBallot: the pool has been moved into the box
 * (move-pending-votes.ts) and the box tallied in between, and casts (FOR SHARE) wait until
 * the commit and then see 'closed'.
 *
 * Returns the roll's counts as they close (the audit entry's issued / returned, the same
 * counts as list-ballots.ts's issued / turnout), from one range of ballot_voters' primary key
 * (county_id, ballot_id, deputy_id) each; the row lock keeps them still.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ClosedRoll {
  /** Deputies on the roll. */
  issued: number;
  /** Of them, those who voted. */
  returned: number;
}

export async function markBallotClosed(trx: Kysely<Database>, countyId: string, ballotId: string, closed: { at: Date; result: unknown; listHash: string }): Promise<ClosedRoll> {
  const row = await trx
    .updateTable('ballots')
    .set({ status: 'closed', closed_at: closed.at, result: JSON.stringify(closed.result), list_hash: closed.listHash })
    .where('county_id', '=', countyId)
    .where('id', '=', ballotId)
    .returning([
      sql<number>`(select count(*)::int from ballot_voters v where v.county_id = ballots.county_id and v.ballot_id = ballots.id)`.as('issued'),
      sql<number>`(select count(*) filter (where v.voted)::int from ballot_voters v where v.county_id = ballots.county_id and v.ballot_id = ballots.id)`.as('returned'),
    ])
    .executeTakeFirstOrThrow();
  return { issued: Number(row.issued), returned: Number(row.returned) };
}
