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
import { publishBallotList, resolveSpec, revoteSpec, tally, type BallotSpec, type BoxEntry, type TallyResult } from '../ballot/index.ts';
import type { Actor } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { BallotStatus, Database, ElectorateKind } from './schema.ts';
import type { StoreEvent } from './store-events.ts';
import type { DraftBallotSpec } from './ballot-creation.ts';
import { boxEntries } from './sql/box-entries.ts';
import { markBallotClosed } from './sql/close-ballot.ts';
import { selectBallotViews, type BallotFilter, type BallotViewRow } from './sql/list-ballots.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { movePendingVotes } from './sql/move-pending-votes.ts';
import { selectNamedVotes } from './sql/named-votes.ts';
import { freezeRoll, markBallotOpen } from './sql/open-ballot.ts';
import { readBallot } from './sql/read-ballot.ts';
import { stepInstance, type StepContext } from './step-writer.ts';

export interface BallotView {
  id: string;
  title: string;
  status: BallotStatus;
  kind: BallotSpec['kind'];
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
    const n = await freezeRoll(trx, countyId, ballotId, { standingCommittee: sc, termId: ballot.term_id });
    if (n === 0) throw new AppError('EMPTY_ROLL', sc ? 'The county has no standing-committee members in its roster' : 'The county has no deputies in its roster');
    const spec = { ...(ballot.spec as DraftBallotSpec), electorate: n } as BallotSpec;
    resolveSpec(spec); // throws INVALID_BALLOT_SPEC if, say, seats ≥ candidates
    await markBallotOpen(trx, countyId, ballotId, spec, rt.clock.now());
  });
  return getBallot(db, countyId, ballotId);
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
}

/**
 * Closes an open ballot in one transaction: everything pending moves to the box, the box is
 * tallied, the ballot list is published with its hash, and — for a ballot a process opened —
 * `BALLOT_CLOSED` with the result is stepped into that instance.
 */
export async function closeBallot(db: Kysely<Database>, rt: Runtime, countyId: string, ballotId: string, actor: Actor): Promise<BallotResult> {
  const emitted: StoreEvent[] = [];
  const result = await inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (ballot.status !== 'open') throw new AppError('BALLOT_NOT_CLOSABLE', `The ballot is ${ballot.status}`);
    await movePendingVotes(trx, countyId, ballotId, ballot.batch_size, true);
    const entries = await boxEntries(trx, countyId, ballotId);
    const spec = ballot.spec as BallotSpec;
    const counted = tally(spec, entries.map((e) => e.marks));
    const list = publishBallotList(entries);
    const closedAt = rt.clock.now();
    const out: BallotResult = {
      ballotId,
      title: ballot.title,
      tally: counted,
      listHash: list.hash,
      revote: counted.status === 'TIE' ? revoteSpec(spec, counted) : null,
      closedAt: closedAt.toISOString(),
    };
    await markBallotClosed(trx, countyId, ballotId, { at: closedAt, result: out, listHash: list.hash });
    if (ballot.instance_id) {
      const instance = await lockInstance(trx, countyId, ballot.instance_id);
      if (instance && instance.status === 'active') {
        const ctx: StepContext = { trx, rt, countyId, depth: 0, emitted };
        await stepInstance(ctx, instance, { type: 'BALLOT_CLOSED', ballotKey: ballot.ballot_key ?? undefined, data: resultEventData(out), actor }, actor);
      }
    }
    return out;
  });
  rt.events.emitAll(emitted);
  return result;
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
async function ballotViews(db: Kysely<Database>, countyId: string, where: BallotFilter, deputyId?: string): Promise<BallotView[]> {
  const rows = await selectBallotViews(db, countyId, where, deputyId);
  return rows.map((r) => view(r, deputyId === undefined ? undefined : r.mine));
}

export async function getBallot(db: Kysely<Database>, countyId: string, ballotId: string, deputyId?: string): Promise<BallotView> {
  const [found] = await ballotViews(db, countyId, { ballotId }, deputyId);
  if (!found) throw new AppError('BALLOT_NOT_FOUND', 'No such ballot');
  return found;
}

function view(row: BallotViewRow, mine: boolean | null | undefined): BallotView {
  const spec = row.spec as DraftBallotSpec;
  const opened = row.status !== 'ready';
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    kind: spec.kind,
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
  };
}

/** Ballots a deputy is on the roll of; open ones first. */
export async function ballotsForDeputy(db: Kysely<Database>, countyId: string, deputyId: string): Promise<BallotView[]> {
  const views = await ballotViews(db, countyId, { onRollOf: deputyId }, deputyId);
  return views.sort((a, b) => (a.status === b.status ? (a.openedAt ?? '').localeCompare(b.openedAt ?? '') : a.status === 'open' ? -1 : 1));
}

/** Ballots of the county for staff (optionally those one instance opened), newest first. */
export async function listBallots(db: Kysely<Database>, countyId: string, filter: { instanceId?: string } = {}): Promise<BallotView[]> {
  return ballotViews(db, countyId, filter.instanceId ? { instanceId: filter.instanceId } : {});
}

/** The result, after close only. */
export async function ballotResult(db: Kysely<Database>, countyId: string, ballotId: string): Promise<BallotResult> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.status !== 'closed') throw new AppError('BALLOT_NOT_CLOSED', 'Results are published when the ballot closes');
  return ballot.result as BallotResult;
}

/** The published ballot list (receipt and marks of every ballot, canonical order) and its hash, after close only. */
export async function ballotList(db: Kysely<Database>, countyId: string, ballotId: string): Promise<{ entries: BoxEntry[]; hash: string }> {
  const ballot = await readBallot(db, countyId, ballotId);
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
