/**
 * One ballot row by its primary key (county_id, id), for every ballot operation.
 *
 * Locking, chosen by the caller:
 * - `update` (open, close, tellers, teller keys, decryptions, paper, publish): FOR UPDATE, so one opener or closer at a time, and a close waits
 *   for the casts in flight;
 * - `share` (a cast): FOR SHARE, so casts run side by side, a close (FOR UPDATE) waits for
 *   them, and a cast that comes after the close sees 'closed';
 * - none: the reads (result, list, named votes) and the cast's checks before its transaction.
 */
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import type { BallotStatus, Database, ElectorateKind } from '../schema.ts';

export interface BallotRow {
  id: string;
  title: string;
  status: BallotStatus;
  spec: unknown;
  electorate_kind: ElectorateKind;
  batch_size: number;
  instance_id: string | null;
  ballot_key: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
  result: unknown;
  list_hash: string | null;
  term_id: string | null;
  secret: boolean;
  sealed: boolean;
  joint_key: string | null;
  aggregate: unknown;
  paper: unknown;
  /** `VOTERS` ballots: the voters present (migration 023). */
  voter_count: number | null;
}

/** 404 BALLOT_NOT_FOUND when the county has no such ballot. */
export async function readBallot(db: Kysely<Database>, countyId: string, ballotId: string, lock?: 'update' | 'share'): Promise<BallotRow> {
  const result = await sql<BallotRow>`
    select id, title, status, spec, electorate_kind, batch_size, instance_id, ballot_key, opened_at, closed_at, result, list_hash, term_id, secret, sealed, joint_key, aggregate, paper, voter_count
    from ballots where county_id = ${countyId} and id = ${ballotId}
    ${lock === 'update' ? sql`for update` : lock === 'share' ? sql`for share` : sql``}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new AppError('BALLOT_NOT_FOUND', 'No such ballot');
  return { ...row, batch_size: Number(row.batch_size), voter_count: row.voter_count === null ? null : Number(row.voter_count) };
}
