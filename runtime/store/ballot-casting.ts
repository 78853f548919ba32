/**
 * Casting one vote. A sealed secret ballot arrives sealed by the deputy's phone: the proofs are
 * checked first (outside the transaction, it is the slow part), then one transaction flips the
 * deputy's roll row from not-voted to voted and puts the sealed ballot in the box under its
 * tracker. The two rows share that transaction on purpose: the box row holds only ciphertexts
 * that nobody can open without every teller's key, so there is nothing to hide the link from,
 * and no pending pool or batch is needed (README "Secret ballots").
 *
 * A real-name ballot (secret = false) sends marks, kept on the voter's roll row on purpose and
 * put in the plain box with a receipt; so does a secret ballot opened before migration 015.
 *
 * One vote per deputy is the database's doing: `update … set voted = true where … and not
 * voted` matches the roll row once; a concurrent second cast waits on that row lock and then
 * matches nothing, so it gets 409 and writes nothing.
 */
import type { Kysely } from 'kysely';
import { newReceiptCode, newVoteId, validateMarks, type BallotSpec } from '../ballot/index.ts';
import { ballotContextOf, ballotLayout, ballotTracker, checkSealedShape, sealedCastMaxBytes, verifySealedBallot, type SealedBallot } from '../ballot/sealed/index.ts';
import { AppError } from '../errors.ts';
import { osRandom } from './ballot-random.ts';
import { beginSealedCheck, sealedCheckPassed } from './cast-throttle.ts';
import { inTransaction } from './runtime.ts';
import type { Database } from './schema.ts';
import { addBoxEntry, isOnRoll, markVoted, rollEntry } from './sql/cast-vote.ts';
import { readBallot } from './sql/read-ballot.ts';
import { insertSealed } from './sql/sealed-box.ts';

export interface CastReceipt {
  ballotId: string;
  /** Random code the deputy can find in the published ballot list; known to nobody else. */
  receipt: string;
  /** Whether the marks make a valid ballot (an over-marked ballot is accepted and counted invalid). */
  valid: boolean;
}

export interface SealedReceipt {
  ballotId: string;
  /** SHA-256 of the sealed ballot: the deputy finds it in the published box (核验码). */
  tracker: string;
}

async function markOrRefuse(trx: Kysely<Database>, countyId: string, ballotId: string, deputyId: string, namedMarks: unknown): Promise<void> {
  if (!(await markVoted(trx, countyId, ballotId, deputyId, namedMarks))) {
    throw (await isOnRoll(trx, countyId, ballotId, deputyId))
      ? new AppError('ALREADY_VOTED', '您已投票 / You have already voted')
      : new AppError('NOT_ON_ROLL', '您不在本次表决的代表名单中 / You are not on the roll of this ballot');
  }
}

function notOpen(status: string): AppError {
  return new AppError('BALLOT_NOT_OPEN', status === 'ready' ? 'Voting has not started' : 'Voting has ended');
}

/** A plain cast: a real-name ballot, or a secret ballot opened before sealed ballots. */
export async function castVote(db: Kysely<Database>, countyId: string, ballotId: string, deputyId: string, marks: unknown): Promise<CastReceipt> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.sealed) throw new AppError('INVALID_BODY', '本表决为加密投票，请用手机端投票 / This ballot is sealed: send {sealed}, made by the voting page');
  if (ballot.status !== 'open') throw notOpen(ballot.status);
  const verdict = validateMarks(ballot.spec as BallotSpec, marks);
  if (!verdict.valid && verdict.reason === 'MALFORMED') {
    throw new AppError('INVALID_MARKS', `选票填写有误 / The ballot is not filled in correctly`, {
      errors: verdict.errors.map((e) => ({ pointer: `/marks${e.pointer}`, code: e.code, message: e.message })),
    });
  }
  const receipt = newReceiptCode(osRandom);
  await inTransaction(db, async (trx) => {
    // FOR SHARE: a close (FOR UPDATE) waits for casts in flight, and a cast after it sees 'closed'.
    const locked = await readBallot(trx, countyId, ballotId, 'share');
    if (locked.status !== 'open') throw notOpen(locked.status);
    await markOrRefuse(trx, countyId, ballotId, deputyId, locked.secret ? undefined : marks);
    await addBoxEntry(trx, countyId, ballotId, { id: newVoteId(osRandom), receipt, marks });
  });
  return { ballotId, receipt, valid: verdict.valid };
}

function invalidSealed(check: { pointer: string; reason: string }): AppError {
  return new AppError('INVALID_SEALED_BALLOT', `加密选票未通过核验 / The sealed ballot does not verify: ${check.reason}`, {
    errors: [{ pointer: `/sealed${check.pointer}`, message: check.reason }],
  });
}

/**
 * The most bytes a cast on this ballot can need: for a sealed one, bounded by its layout
 * (sealedCastMaxBytes: 10.9 kB for choose 2 of 4), so a body of junk is refused (413) before it
 * is parsed; `fallback` (the server's limit) for marks. 404 for another county's ballot.
 */
export async function castBodyLimit(db: Kysely<Database>, countyId: string, ballotId: string, fallback: number): Promise<number> {
  const ballot = await readBallot(db, countyId, ballotId);
  // Only an open ballot's spec has its electorate (and so a layout); any other is refused after reading.
  if (!ballot.sealed || ballot.status !== 'open') return fallback;
  return Math.min(fallback, sealedCastMaxBytes(ballotLayout(ballot.spec as BallotSpec)));
}

/**
 * A sealed cast, cheapest checks first, so a bad cast costs little: the ballot is open and
 * sealed; the deputy is on its roll and has not voted (403 / 409, one read by primary key);
 * the shape and sizes against the layout (422, no group arithmetic, not counted: it costs no
 * more than any other bad request); the deputy's limit of failed proof checks on this ballot
 * (429 TOO_MANY_INVALID_CASTS with `retryAfterSeconds`, cast-throttle.ts); only then the
 * proofs (~0.4 s), whose failure is 422 INVALID_SEALED_BALLOT with the pointer and counts
 * against the limit. Nothing is written to the box or the roll unless every proof holds.
 */
export async function castSealedVote(db: Kysely<Database>, countyId: string, ballotId: string, deputyId: string, sealed: unknown, now: Date): Promise<SealedReceipt> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (!ballot.sealed) throw new AppError('INVALID_BODY', 'This ballot is not sealed: send {marks}');
  if (ballot.status !== 'open' || !ballot.joint_key) throw notOpen(ballot.status);
  const entry = await rollEntry(db, countyId, ballotId, deputyId);
  if (!entry) throw new AppError('NOT_ON_ROLL', '您不在本次表决的代表名单中 / You are not on the roll of this ballot');
  if (entry.voted) throw new AppError('ALREADY_VOTED', '您已投票 / You have already voted');
  const spec = ballot.spec as BallotSpec;
  const shape = checkSealedShape(ballotLayout(spec), sealed);
  if (!shape.ok) throw invalidSealed(shape);
  const key = { countyId, ballotId, deputyId };
  const slot = await beginSealedCheck(db, key, now);
  if (!slot.ok) {
    const minutes = Math.ceil(slot.retryAfterSeconds / 60);
    throw new AppError('TOO_MANY_INVALID_CASTS', `您提交的加密选票多次未通过核验，请 ${minutes} 分钟后再试；如仍不成功，请告知工作人员 / Too many of your sealed ballots failed their check; try again in ${slot.retryAfterSeconds} s`, {
      retryAfterSeconds: slot.retryAfterSeconds,
    });
  }
  const check = verifySealedBallot(spec, ballot.joint_key, sealed, ballotContextOf(countyId, ballotId, ballot.joint_key));
  if (!check.ok) throw invalidSealed(check);
  await sealedCheckPassed(db, key);
  const tracker = ballotTracker(sealed as SealedBallot);
  await inTransaction(db, async (trx) => {
    const locked = await readBallot(trx, countyId, ballotId, 'share');
    if (locked.status !== 'open') throw notOpen(locked.status);
    await markOrRefuse(trx, countyId, ballotId, deputyId, undefined);
    // A replay of a ballot already in the box: the throw rolls the roll update back too.
    if (!(await insertSealed(trx, countyId, ballotId, tracker, sealed as SealedBallot))) {
      throw new AppError('DUPLICATE_SEALED_BALLOT', '这张加密选票已在票箱中 / This very sealed ballot is already in the box');
    }
  });
  return { ballotId, tracker };
}
