/**
 * Casting one vote. One transaction flips the deputy's roll row from not-voted to voted and
 * puts the marks, under a random id and a random receipt, into the sealed pending pool; the
 * roll row and the pending row share that transaction (its xmin), which is why the vote does
 * not stay there: once at least k votes wait, another transaction moves them to the box in
 * shuffled order under fresh ids (sql/move-pending-votes.ts), and closing moves the rest.
 *
 * A real-name ballot (secret = false) also writes the marks on the voter's roll row, on purpose.
 *
 * One vote per deputy is the database's doing: `update … set voted = true where … and not
 * voted` matches the roll row once; a concurrent second cast waits on that row lock and then
 * matches nothing, so it gets 409 and writes nothing.
 */
import type { Kysely } from 'kysely';
import { newReceiptCode, newVoteId, validateMarks, type BallotSpec } from '../ballot/index.ts';
import { AppError } from '../errors.ts';
import { osRandom } from './ballot-random.ts';
import { inTransaction } from './runtime.ts';
import type { Database } from './schema.ts';
import { addPendingVote, isOnRoll, markVoted } from './sql/cast-vote.ts';
import { movePendingVotes } from './sql/move-pending-votes.ts';
import { readBallot } from './sql/read-ballot.ts';

export interface CastReceipt {
  ballotId: string;
  /** Random code the deputy can find in the published ballot list; known to nobody else. */
  receipt: string;
  /** Whether the marks make a valid ballot (an over-marked ballot is accepted and counted invalid). */
  valid: boolean;
}

export async function castVote(db: Kysely<Database>, countyId: string, ballotId: string, deputyId: string, marks: unknown): Promise<CastReceipt> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.status !== 'open') throw new AppError('BALLOT_NOT_OPEN', ballot.status === 'ready' ? 'Voting has not started' : 'Voting has ended');
  const verdict = validateMarks(ballot.spec as BallotSpec, marks);
  if (!verdict.valid && verdict.reason === 'MALFORMED') {
    throw new AppError('INVALID_MARKS', `选票填写有误 / The ballot is not filled in correctly`, {
      errors: verdict.errors.map((e) => ({ pointer: `/marks${e.pointer}`, code: e.code, message: e.message })),
    });
  }
  const receipt = newReceiptCode(osRandom);
  const pendingCount = await inTransaction(db, async (trx) => {
    // FOR SHARE: a close (FOR UPDATE) waits for casts in flight, and a cast after it sees 'closed'.
    const locked = await readBallot(trx, countyId, ballotId, 'share');
    if (locked.status !== 'open') throw new AppError('BALLOT_NOT_OPEN', 'Voting has ended');
    if (!(await markVoted(trx, countyId, ballotId, deputyId, locked.secret ? undefined : marks))) {
      throw (await isOnRoll(trx, countyId, ballotId, deputyId))
        ? new AppError('ALREADY_VOTED', '您已投票 / You have already voted')
        : new AppError('NOT_ON_ROLL', '您不在本次表决的代表名单中 / You are not on the roll of this ballot');
    }
    return addPendingVote(trx, countyId, ballotId, { id: newVoteId(osRandom), receipt, marks });
  });
  if (pendingCount >= ballot.batch_size) {
    // A separate transaction, so the box rows do not carry this voter's transaction id.
    await inTransaction(db, (trx) => movePendingVotes(trx, countyId, ballotId, ballot.batch_size, false));
  }
  return { ballotId, receipt, valid: verdict.valid };
}
