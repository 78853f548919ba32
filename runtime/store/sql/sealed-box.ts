/**
 * The box of a sealed ballot: one row per cast, its tracker and the sealed ballot (ciphertexts
 * and proofs, no voter). A row is written in the casting transaction, beside the roll update,
 * on purpose: the two share a transaction id, and that links a voter to a ciphertext that no
 * one without every teller's key can read (README "Secret ballots").
 *
 * Index: ballot_sealed's primary key (county_id, ballot_id, tracker) — a duplicate tracker (the
 * same sealed ballot cast twice) conflicts on it; the box is read by its prefix.
 */
import type { Kysely } from 'kysely';
import type { SealedBallot } from '../../ballot/sealed/index.ts';
import type { Database } from '../schema.ts';

/** False when the box already holds this very ballot (a replay); the caller then aborts the cast. */
export async function insertSealed(trx: Kysely<Database>, countyId: string, ballotId: string, tracker: string, sealed: SealedBallot): Promise<boolean> {
  const rows = await trx
    .insertInto('ballot_sealed')
    .values({ county_id: countyId, ballot_id: ballotId, tracker, sealed: JSON.stringify(sealed) })
    .onConflict((oc) => oc.columns(['county_id', 'ballot_id', 'tracker']).doNothing())
    .returning('tracker')
    .execute();
  return rows.length > 0;
}

/** The whole box, by tracker. No lock: at close the caller holds the ballot row FOR UPDATE, so no cast is in flight; after close the box does not change. */
export async function selectSealed(db: Kysely<Database>, countyId: string, ballotId: string): Promise<Array<{ tracker: string; sealed: SealedBallot }>> {
  const rows = await db.selectFrom('ballot_sealed').select(['tracker', 'sealed']).where('county_id', '=', countyId).where('ballot_id', '=', ballotId).execute();
  return rows.map((r) => ({ tracker: r.tracker, sealed: r.sealed as SealedBallot })).sort((a, b) => (a.tracker < b.tracker ? -1 : a.tracker > b.tracker ? 1 : 0));
}
