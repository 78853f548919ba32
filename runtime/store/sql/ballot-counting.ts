/**
 * The counting stage of a sealed ballot, by the ballots primary key (county_id, id), each run
 * in a transaction that holds the ballot row FOR UPDATE (readBallot 'update'): close fixes the
 * aggregate and stops casting (casts hold the row FOR SHARE, so a close waits for those in
 * flight and later casts see `counting`); a teller enters the paper counts.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function markBallotCounting(trx: Kysely<Database>, countyId: string, ballotId: string, aggregate: unknown): Promise<void> {
  await trx.updateTable('ballots').set({ status: 'counting', aggregate: JSON.stringify(aggregate) }).where('county_id', '=', countyId).where('id', '=', ballotId).execute();
}

export async function setPaperCounts(trx: Kysely<Database>, countyId: string, ballotId: string, paper: unknown, by: string): Promise<void> {
  await trx.updateTable('ballots').set({ paper: JSON.stringify(paper), paper_by: by }).where('county_id', '=', countyId).where('id', '=', ballotId).execute();
}

/** The joint key, frozen as the ballot opens (same transaction as markBallotOpen). */
export async function setJointKey(trx: Kysely<Database>, countyId: string, ballotId: string, jointKey: string): Promise<void> {
  await trx.updateTable('ballots').set({ joint_key: jointKey }).where('county_id', '=', countyId).where('id', '=', ballotId).execute();
}
