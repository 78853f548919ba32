/**
 * The box of a ballot in canonical order (by receipt): what the tally counts at close and what
 * the published ballot list holds. No lock: at close the caller holds the ballot row FOR
 * UPDATE and has just moved the pool in; after close the box no longer changes.
 *
 * Index: ballot_box's primary key prefix (county_id, ballot_id); the order is made here, by
 * comparing the receipt strings, not by the database's collation.
 */
import type { Kysely } from 'kysely';
import type { BallotMarks, BoxEntry } from '../../ballot/index.ts';
import type { Database } from '../schema.ts';

export async function boxEntries(db: Kysely<Database>, countyId: string, ballotId: string): Promise<BoxEntry[]> {
  const rows = await db.selectFrom('ballot_box').select(['receipt', 'marks']).where('county_id', '=', countyId).where('ballot_id', '=', ballotId).execute();
  return rows.map((r) => ({ receipt: r.receipt, marks: r.marks as BallotMarks })).sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
}
