/**
 * Secret ballots in the store: create (ready), open (freeze the roll), close (move what is
 * pending into the box, tally with the pure rules in runtime/ballot/, publish the ballot list
 * with its hash, and send the result into the instance that opened the ballot, all in one
 * transaction), and the read views. Casting is in ballot-casting.ts.
 *
 * What links a vote to its voter, and what does not, is written down in the README
 * ("Secret ballots: what the design protects against").
 */
import type { Kysely } from 'kysely';
import { addCounts, DEFAULT_COUNT_RULE, publishBallotList, resolveSpec, revoteSpec, tally, tallyCounts, type BallotCounts, type BallotSpec, type BoxEntry, type CountRule, type TallyResult } from '../ballot/index.ts';
import {
  aggregate,
  ballotContextOf,
  countsFromSums,
  decryptSums,
  jointKey,
  sealedBoxHash,
  tellerContextOf,
  type Ciphertext,
  type PartialDecryption,
  type SealedBallot,
} from '../ballot/sealed/index.ts';
import type { Actor } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { BallotStatus, Database, ElectorateKind } from './schema.ts';
import type { StoreEvent } from './store-events.ts';
import type { DraftBallotSpec } from './ballot-creation.ts';
import { boxEntries } from './sql/box-entries.ts';
import { clearCastThrottle } from './sql/clear-cast-throttle.ts';
import { markBallotClosed, type ClosedRoll } from './sql/close-ballot.ts';
import { selectBallotViews, type BallotFilter, type BallotViewRow } from './sql/list-ballots.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { markBallotCounting, setJointKey } from './sql/ballot-counting.ts';
import { selectTellers, type TellerRow } from './sql/ballot-tellers.ts';
import { selectSealed } from './sql/sealed-box.ts';
import { selectNamedVotes } from './sql/named-votes.ts';
import { freezeRoll, markBallotOpen } from './sql/open-ballot.ts';
import { insertVoterPasses } from './sql/voter-passes.ts';
import { voterPasses } from './voter-ballot.ts';
import { readBallot, type BallotRow } from './sql/read-ballot.ts';
import { stepInstance, type StepContext } from './step-writer.ts';

export interface BallotView {
  id: string;
  title: string;
  status: BallotStatus;
  kind: BallotSpec['kind'];
  /** How the ballot is counted; under RANKED (CHOOSE_K only) the deputy ranks candidates 1..j, and the phone seals ranks. */
  countRule: CountRule;
  candidates: BallotSpec['candidates'];
  seats: number | null;
  electorate: ElectorateKind;
  /** Size of the roll once open. */
  issued: number | null;
  /** How many have voted (not what): shown while the ballot is open, and after. */
  turnout: number | null;
  instanceId: string | null;
  termId: string | null;
  /** False for a real-name ballot: who voted how is kept and shown to staff after close. */
  secret: boolean;
  openedAt: string | null;
  closedAt: string | null;
  /** For a deputy on the roll: whether they have voted. */
  voted?: boolean;
  onRoll?: boolean;
  /** A sealed secret ballot: cast as ciphertexts, counted by its tellers. */
  sealed: boolean;
  tellers: Array<{ userId: string; name: string; keyReady: boolean; decrypted: boolean }>;
  /** What teller key proofs are bound to. */
  tellerContext: string;
  /** What ballot and decryption proofs are bound to; null until every teller's key is in. */
  context: string | null;
  jointKey: string | null;
  /** Whether the caller is one of the tellers. */
  isTeller: boolean;
  /** The paper ballots counted in the hall, once a teller entered them. */
  paper: PaperCounts | null;
}

/** Paper ballots counted in the hall (POST /ballots/:id/paper): counts per candidate per mark of the valid ones. */
export interface PaperCounts {
  returned: number;
  invalid: number;
  /** Valid paper ballots with no mark at all; 0 when not given. */
  blank: number;
  counts: Record<string, Record<string, number>>;
}

/**
 * Opens a ready ballot: the roll is every active deputy of the county (or every standing-
 * committee member), frozen now; the electorate N is its size.
 */
export async function openBallot(db: Kysely<Database>, rt: Runtime, countyId: string, ballotId: string): Promise<BallotView> {
  await inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (ballot.status !== 'ready') throw new AppError('BALLOT_NOT_READY', `The ballot is ${ballot.status}, not ready to open`);
    const sc = ballot.electorate_kind === 'STANDING_COMMITTEE';
    const n =
      ballot.electorate_kind === 'VOTERS'
        ? await insertVoterPasses(trx, countyId, ballotId, voterPasses(ballot.voter_count ?? 0))
        : await freezeRoll(trx, countyId, ballotId, { standingCommittee: sc, termId: ballot.term_id });
    if (n === 0) throw new AppError('EMPTY_ROLL', sc ? 'The county has no standing-committee members in its roster' : 'The county has no deputies in its roster');
    const spec = { ...(ballot.spec as DraftBallotSpec), electorate: n } as BallotSpec;
    resolveSpec(spec); // throws INVALID_BALLOT_SPEC if, say, seats ≥ candidates
    if (ballot.sealed) await setJointKey(trx, countyId, ballotId, await readyJointKey(trx, countyId, ballotId));
    await markBallotOpen(trx, countyId, ballotId, spec, rt.clock.now());
  });
  return getBallot(db, countyId, ballotId);
}

/** The joint key of a sealed ballot about to open: 409 NO_TELLERS / TELLER_KEYS_MISSING (naming who) otherwise. */
async function readyJointKey(trx: Kysely<Database>, countyId: string, ballotId: string): Promise<string> {
  const tellers = await selectTellers(trx, countyId, [ballotId]);
  if (tellers.length === 0) throw new AppError('NO_TELLERS', '秘密表决须先指定监票人 / Name at least one teller first');
  const missing = tellers.filter((t) => !t.public_key);
  if (missing.length > 0) {
    const names = missing.map((t) => t.display_name).join('、');
    throw new AppError('TELLER_KEYS_MISSING', `监票人尚未生成密钥：${names} / Tellers without a key yet: ${names}`, { missing: missing.map((t) => ({ userId: t.user_id, name: t.display_name })) });
  }
  return jointKey(tellers.map((t) => t.public_key as string));
}

export { boxEntries };

export interface BallotResult {
  ballotId: string;
  title: string;
  tally: TallyResult;
  listHash: string;
  /** Set when the result is a tie at the cut-off: the spec of the re-vote among the tied. */
  revote: BallotSpec | null;
  closedAt: string;
  /** How many of the returned ballots were cast electronically and how many on paper. */
  sources: { electronic: number; paper: number };
  /** A sealed ballot: the decrypted sums per indicator of the layout (electronic ballots only). */
  sums?: number[];
}

/**
 * Closes an open ballot in one transaction. A sealed ballot goes to `counting`: the aggregate
 * of its box is fixed, and the tellers decrypt it (publishBallot then publishes); the answer
 * is then `{ballot}`. Any other ballot is tallied, its ballot list published with its hash, and
 * — for a ballot a process opened — `BALLOT_CLOSED` with the result stepped into that instance.
 * Beside the answer, `roll`: the roll's counts as it closed (for the audit entry).
 */
export async function closeBallot(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  ballotId: string,
  actor: Actor,
): Promise<({ result: BallotResult; ballot?: undefined } | { ballot: BallotView; result?: undefined }) & { roll: ClosedRoll }> {
  const emitted: StoreEvent[] = [];
  const closed = await inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (ballot.status !== 'open') throw new AppError('BALLOT_NOT_CLOSABLE', `The ballot is ${ballot.status}`);
    const spec = ballot.spec as BallotSpec;
    if (ballot.sealed) {
      const box = await selectSealed(trx, countyId, ballotId);
      await markBallotCounting(trx, countyId, ballotId, aggregate(spec, box.map((e) => e.sealed)));
      await clearCastThrottle(trx, countyId, ballotId);
      return null;
    }
    const entries = await boxEntries(trx, countyId, ballotId);
    const counted = tally(spec, entries.map((e) => e.marks));
    const list = publishBallotList(entries);
    const out = resultOf(ballot.title, ballotId, spec, counted, list.hash, rt.clock.now(), { electronic: entries.length, paper: 0 });
    const roll = await finish(trx, rt, countyId, ballot, out, actor, emitted);
    return { result: out, roll };
  });
  rt.events.emitAll(emitted);
  if (closed) return closed;
  const ballot = await getBallot(db, countyId, ballotId);
  return { ballot, roll: { issued: ballot.issued ?? 0, returned: ballot.turnout ?? 0 } };
}

function resultOf(title: string, ballotId: string, spec: BallotSpec, counted: TallyResult, listHash: string, closedAt: Date, sources: BallotResult['sources']): BallotResult {
  return { ballotId, title, tally: counted, listHash, revote: counted.status === 'TIE' ? revoteSpec(spec, counted) : null, closedAt: closedAt.toISOString(), sources };
}

/** Marks the ballot closed with its result and steps BALLOT_CLOSED into the instance that opened it (same transaction); the roll's counts as it closed. */
async function finish(trx: Kysely<Database>, rt: Runtime, countyId: string, ballot: BallotRow, out: BallotResult, actor: Actor, emitted: StoreEvent[]): Promise<ClosedRoll> {
  const roll = await markBallotClosed(trx, countyId, ballot.id, { at: new Date(out.closedAt), result: out, listHash: out.listHash });
  if (ballot.instance_id) {
    const instance = await lockInstance(trx, countyId, ballot.instance_id);
    if (instance && instance.status === 'active') {
      const ctx: StepContext = { trx, rt, countyId, depth: 0, emitted };
      await stepInstance(ctx, instance, { type: 'BALLOT_CLOSED', ballotKey: ballot.ballot_key ?? undefined, data: resultEventData(out), actor }, actor);
    }
  }
  return roll;
}

/** The paper counts as counts a tally adds (no reasons are known for invalid paper ballots). */
export function paperCounts(paper: PaperCounts): BallotCounts {
  return {
    returned: paper.returned,
    invalid: paper.invalid,
    invalidByReason: { TOO_MANY_MARKS: 0, DUPLICATE_RANK: 0, RANK_GAP: 0 },
    blank: paper.blank,
    marks: paper.counts,
  };
}

/**
 * Publishes a sealed ballot in `counting` once every teller has decrypted (409
 * DECRYPTIONS_MISSING naming who): the sums are decrypted, the paper counts added, the result
 * tallied, published, and sent into the instance that opened the ballot, in one transaction.
 */
export async function publishBallot(db: Kysely<Database>, rt: Runtime, countyId: string, ballotId: string, actor: Actor): Promise<BallotResult> {
  const emitted: StoreEvent[] = [];
  const result = await inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (!ballot.sealed) throw new AppError('BALLOT_NOT_SEALED', 'Only a sealed ballot is published after counting; close this one');
    if (ballot.status !== 'counting') throw new AppError('BALLOT_NOT_COUNTING', `The ballot is ${ballot.status}, not counting`);
    const tellers = await selectTellers(trx, countyId, [ballotId]);
    const missing = tellers.filter((t) => !t.decryption);
    if (missing.length > 0) {
      const names = missing.map((t) => t.display_name).join('、');
      throw new AppError('DECRYPTIONS_MISSING', `监票人尚未完成解密：${names} / Tellers who have not decrypted yet: ${names}`, { missing: missing.map((t) => ({ userId: t.user_id, name: t.display_name })) });
    }
    const spec = ballot.spec as BallotSpec;
    const box = await selectSealed(trx, countyId, ballotId);
    const sums = decryptSums(ballot.aggregate as Ciphertext[], tellers.map((t) => t.decryption as PartialDecryption), box.length);
    const electronic = countsFromSums(spec, sums, box.length);
    const paper = ballot.paper as PaperCounts | null;
    const counts = paper ? addCounts(electronic, paperCounts(paper)) : electronic;
    const counted = tallyCounts(spec, counts);
    const out: BallotResult = {
      ...resultOf(ballot.title, ballotId, spec, counted, sealedBoxHash(box.map((e) => e.tracker)), rt.clock.now(), { electronic: box.length, paper: paper?.returned ?? 0 }),
      sums,
    };
    await finish(trx, rt, countyId, ballot, out, actor, emitted);
    return out;
  });
  rt.events.emitAll(emitted);
  return result;
}

/** Everything the independent verifier (tools/verify-ballot.mjs) needs of a sealed ballot, and nothing more. Any status after open. */
export interface SealedBox {
  ballotId: string;
  spec: BallotSpec;
  tellerContext: string;
  context: string;
  tellers: Array<{ userId: string; name: string; publicKey: string; proof: unknown }>;
  jointKey: string;
  ballots: Array<{ tracker: string; sealed: SealedBallot }>;
  aggregate: Ciphertext[] | null;
  decryptions: Array<{ userId: string; shares: string[]; proofs: Array<{ c: string; s: string }> }>;
  paper: PaperCounts | null;
  sums: number[] | null;
  result: TallyResult | null;
}

export async function ballotBox(db: Kysely<Database>, countyId: string, ballotId: string): Promise<SealedBox> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (!ballot.sealed) throw new AppError('BALLOT_NOT_SEALED', 'Only a sealed ballot has a sealed box');
  if (ballot.status === 'ready' || ballot.status === 'cancelled' || !ballot.joint_key) throw new AppError('BALLOT_NOT_OPEN', 'The box is shown once voting has started');
  const tellers = await selectTellers(db, countyId, [ballotId]);
  const closed = ballot.status === 'closed' ? (ballot.result as BallotResult) : null;
  return {
    ballotId,
    spec: ballot.spec as BallotSpec,
    tellerContext: tellerContextOf(countyId, ballotId),
    context: ballotContextOf(countyId, ballotId, ballot.joint_key),
    tellers: tellers.map((t) => ({ userId: t.user_id, name: t.display_name, publicKey: t.public_key as string, proof: t.key_proof })),
    jointKey: ballot.joint_key,
    ballots: await selectSealed(db, countyId, ballotId),
    aggregate: (ballot.aggregate as Ciphertext[] | null) ?? null,
    decryptions: tellers.filter((t) => t.decryption).map((t) => ({ userId: t.user_id, ...(t.decryption as PartialDecryption) })),
    paper: (ballot.paper as PaperCounts | null) ?? null,
    sums: closed?.sums ?? null,
    result: closed?.tally ?? null,
  };
}

/** What the instance learns of a result: enough for guards and for the next state's context. */
function resultEventData(r: BallotResult): Record<string, unknown> {
  const t = r.tally;
  return {
    ballotId: r.ballotId,
    status: t.status,
    elected: t.elected,
    tie: t.tie,
    shortfall: t.shortfall,
    revote: r.revote,
    issued: t.issued,
    returned: t.returned,
    valid: t.valid,
    invalid: t.invalid,
    counts: t.candidates,
    listHash: r.listHash,
  };
}

/** Ballots with their roll counts (sql/list-ballots.ts), as views. */
async function ballotViews(db: Kysely<Database>, countyId: string, where: BallotFilter, deputyId?: string, viewerId?: string): Promise<BallotView[]> {
  const rows = await selectBallotViews(db, countyId, where, deputyId);
  const tellers = await selectTellers(db, countyId, rows.filter((r) => r.sealed).map((r) => r.id));
  return rows.map((r) => view(countyId, r, deputyId === undefined ? undefined : r.mine, tellers.filter((t) => t.ballot_id === r.id), viewerId ?? deputyId));
}

/** `deputyId`: the caller when a deputy (adds onRoll, voted); `viewerId`: the caller (adds isTeller). */
export async function getBallot(db: Kysely<Database>, countyId: string, ballotId: string, deputyId?: string, viewerId?: string): Promise<BallotView> {
  const [found] = await ballotViews(db, countyId, { ballotId }, deputyId, viewerId);
  if (!found) throw new AppError('BALLOT_NOT_FOUND', 'No such ballot');
  return found;
}

function view(countyId: string, row: BallotViewRow, mine: boolean | null | undefined, tellers: TellerRow[], viewerId: string | undefined): BallotView {
  const spec = row.spec as DraftBallotSpec;
  const opened = row.status !== 'ready';
  const tellerContext = tellerContextOf(countyId, row.id);
  const allKeys = tellers.length > 0 && tellers.every((t) => t.public_key);
  const joint = row.joint_key ?? (row.sealed && allKeys ? jointKey(tellers.map((t) => t.public_key as string)) : null);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    kind: spec.kind,
    countRule: spec.countRule ?? DEFAULT_COUNT_RULE,
    candidates: spec.candidates,
    seats: spec.seats ?? null,
    electorate: row.electorate_kind,
    issued: opened ? Number(row.issued) : null,
    turnout: opened ? Number(row.turnout) : null,
    instanceId: row.instance_id,
    termId: row.term_id,
    secret: row.secret,
    openedAt: row.opened_at ? new Date(row.opened_at).toISOString() : null,
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
    ...(mine === undefined ? {} : { onRoll: mine !== null, voted: mine === true }),
    sealed: row.sealed,
    tellers: tellers.map((t) => ({ userId: t.user_id, name: t.display_name, keyReady: t.public_key !== null, decrypted: t.decryption !== null })),
    tellerContext,
    context: joint ? ballotContextOf(countyId, row.id, joint) : null,
    jointKey: joint,
    isTeller: viewerId !== undefined && tellers.some((t) => t.user_id === viewerId),
    paper: (row.paper as PaperCounts | null) ?? null,
  };
}

/** Ballots a deputy is on the roll of, or a teller of; open ones first. */
export async function ballotsForDeputy(db: Kysely<Database>, countyId: string, deputyId: string): Promise<BallotView[]> {
  const views = await ballotViews(db, countyId, { onRollOf: deputyId }, deputyId);
  return views.sort((a, b) => (a.status === b.status ? (a.openedAt ?? '').localeCompare(b.openedAt ?? '') : a.status === 'open' ? -1 : 1));
}

/** Ballots of the county for staff (optionally those one instance opened), newest first. */
export async function listBallots(db: Kysely<Database>, countyId: string, filter: { instanceId?: string } = {}, viewerId?: string): Promise<BallotView[]> {
  return ballotViews(db, countyId, filter.instanceId ? { instanceId: filter.instanceId } : {}, undefined, viewerId);
}

/** The result, after close only. */
export async function ballotResult(db: Kysely<Database>, countyId: string, ballotId: string): Promise<BallotResult> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.status !== 'closed') throw new AppError('BALLOT_NOT_CLOSED', 'Results are published when the ballot closes');
  const result = ballot.result as BallotResult;
  // Results published before migration 015 have no sources: every ballot then was electronic.
  return { ...result, sources: result.sources ?? { electronic: result.tally.returned, paper: 0 } };
}

/** The published ballot list (receipt and marks of every ballot, canonical order) and its hash, after close only. */
export async function ballotList(db: Kysely<Database>, countyId: string, ballotId: string): Promise<{ entries: BoxEntry[]; hash: string }> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.sealed) throw new AppError('BALLOT_IS_SEALED', 'A sealed ballot publishes its box: GET /api/ballots/:id/box');
  if (ballot.status !== 'closed') throw new AppError('BALLOT_NOT_CLOSED', 'The ballot list is published when the ballot closes');
  return { entries: await boxEntries(db, countyId, ballotId), hash: ballot.list_hash ?? '' };
}

export interface NamedVote {
  deputyId: string;
  name: string;
  marks: unknown;
}

/** Who voted how, for a real-name ballot after close (staff); a secret ballot answers 409. */
export async function namedVotes(db: Kysely<Database>, countyId: string, ballotId: string): Promise<NamedVote[]> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.secret) throw new AppError('BALLOT_SECRET', 'A secret ballot keeps no link between voters and votes');
  if (ballot.status !== 'closed') throw new AppError('BALLOT_NOT_CLOSED', 'The named list is shown when the ballot closes');
  const rows = await selectNamedVotes(db, countyId, ballotId);
  return rows.map((r) => ({ deputyId: r.deputy_id, name: r.display_name, marks: r.marks }));
}
