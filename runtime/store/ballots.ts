/**
 * Secret ballots in the store: create (ready), open (freeze the roll), close (move what is
 * pending into the box, tally with the pure rules in runtime/ballot/, publish the ballot list
 * with its hash, and send the result into the instance that opened the ballot, all in one
 * transaction), and the read views. Casting is in ballot-casting.ts.
 *
 * What links a vote to its voter, and what does not, is written down in the README
 * ("Secret ballots: what the design protects against").
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  publishBallotList,
  resolveSpec,
  revoteSpec,
  shuffle,
  tally,
  type BallotMarks,
  type BallotSpec,
  type BoxEntry,
  type TallyResult,
} from '../ballot/index.ts';
import type { Actor } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { BallotStatus, Database, ElectorateKind } from './schema.ts';
import type { StoreEvent } from './store-events.ts';
import type { DraftBallotSpec } from './ballot-creation.ts';
import { lockInstance } from './sql/lock-instance.ts';
import { stepInstance, type StepContext } from './step-writer.ts';

/** Random bytes for receipts, vote ids and shuffles: the OS source, never Math.random. */
export const osRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

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

interface BallotRow {
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
}

export async function readBallot(db: Kysely<Database>, countyId: string, ballotId: string, lock?: 'update' | 'share'): Promise<BallotRow> {
  const result = await sql<BallotRow>`
    select id, title, status, spec, electorate_kind, batch_size, instance_id, ballot_key, opened_at, closed_at, result, list_hash, term_id, secret
    from ballots where county_id = ${countyId} and id = ${ballotId}
    ${lock === 'update' ? sql`for update` : lock === 'share' ? sql`for share` : sql``}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new AppError('BALLOT_NOT_FOUND', 'No such ballot');
  return { ...row, batch_size: Number(row.batch_size) };
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
    const inserted = await sql<{ n: number }>`
      with roll as (
        insert into ballot_voters (county_id, ballot_id, deputy_id)
        select d.county_id, ${ballotId}, d.user_id
        from deputies d join users u on u.county_id = d.county_id and u.id = d.user_id
        where d.county_id = ${countyId} and d.active and u.active ${sc ? sql`and d.standing_committee` : sql``}
          ${ballot.term_id ? sql`and d.term_id = ${ballot.term_id}` : sql``}
        returning 1
      ) select count(*)::int as n from roll`.execute(trx);
    const n = Number(inserted.rows[0]?.n ?? 0);
    if (n === 0) throw new AppError('EMPTY_ROLL', sc ? 'The county has no standing-committee members in its roster' : 'The county has no deputies in its roster');
    const spec = { ...(ballot.spec as DraftBallotSpec), electorate: n } as BallotSpec;
    resolveSpec(spec); // throws INVALID_BALLOT_SPEC if, say, seats ≥ candidates
    await trx
      .updateTable('ballots')
      .set({ status: 'open', opened_at: rt.clock.now(), spec: JSON.stringify(spec) })
      .where('county_id', '=', countyId)
      .where('id', '=', ballotId)
      .execute();
  });
  return getBallot(db, countyId, ballotId);
}

/**
 * Moves pending votes into the box in shuffled order under fresh random ids. With `all`
 * (closing) everything moves; otherwise only when at least a batch waits, so no batch is
 * smaller than k: rows are claimed with SKIP LOCKED, and a mover that got fewer than k
 * (another took them) moves nothing.
 */
export async function moveToBox(trx: Kysely<Database>, countyId: string, ballotId: string, batchSize: number, all: boolean): Promise<number> {
  const claimed = await sql<{ id: string; receipt: string; marks: unknown }>`
    select id, receipt, marks from ballot_pending where county_id = ${countyId} and ballot_id = ${ballotId}
    for update skip locked`.execute(trx);
  if (claimed.rows.length === 0 || (!all && claimed.rows.length < batchSize)) return 0;
  const ids = claimed.rows.map((r) => r.id);
  // The ids as one jsonb list joined on the key, not an IN list: a prepared statement's generic
  // plan tests `id = ANY(ARRAY[$3 … $10002])` row by row, quadratic for a box of 10,000 votes.
  await sql`delete from ballot_pending p using jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x(id)
    where p.county_id = ${countyId} and p.ballot_id = ${ballotId} and p.id = x.id`.execute(trx);
  const rows = shuffle(claimed.rows, osRandom).map((r) => ({
    county_id: countyId,
    ballot_id: ballotId,
    id: Buffer.from(osRandom(16)).toString('hex'),
    receipt: r.receipt,
    marks: JSON.stringify(r.marks),
  }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('ballot_box').values(rows.slice(i, i + 500)).execute();
  return rows.length;
}

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
    await moveToBox(trx, countyId, ballotId, ballot.batch_size, true);
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
    await trx
      .updateTable('ballots')
      .set({ status: 'closed', closed_at: closedAt, result: JSON.stringify(out), list_hash: list.hash })
      .where('county_id', '=', countyId)
      .where('id', '=', ballotId)
      .execute();
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

/** The box in canonical order (by receipt): what the published list holds. */
export async function boxEntries(db: Kysely<Database>, countyId: string, ballotId: string): Promise<BoxEntry[]> {
  const rows = await db.selectFrom('ballot_box').select(['receipt', 'marks']).where('county_id', '=', countyId).where('ballot_id', '=', ballotId).execute();
  return rows.map((r) => ({ receipt: r.receipt, marks: r.marks as BallotMarks })).sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
}

interface BallotViewRow {
  id: string;
  title: string;
  status: BallotStatus;
  spec: unknown;
  electorate_kind: ElectorateKind;
  instance_id: string | null;
  term_id: string | null;
  secret: boolean;
  opened_at: Date | null;
  closed_at: Date | null;
  issued: number;
  turnout: number;
  mine: boolean | null;
}

/**
 * Ballots with their roll counts in one statement (ballot_voters' primary key starts with
 * county and ballot, so each ballot's roll is one index range). `deputyId` adds whether that
 * deputy is on the roll and has voted; `onRollOf` keeps only ballots that deputy may vote in.
 */
async function ballotViews(
  db: Kysely<Database>,
  countyId: string,
  where: { ballotId?: string; instanceId?: string; onRollOf?: string },
  deputyId?: string,
): Promise<BallotView[]> {
  const result = await sql<BallotViewRow>`
    select b.id, b.title, b.status, b.spec, b.electorate_kind, b.instance_id, b.term_id, b.secret, b.opened_at, b.closed_at, b.created_at,
      count(v.deputy_id)::int as issued, count(*) filter (where v.voted)::int as turnout,
      bool_or(v.voted) filter (where v.deputy_id = ${deputyId ?? ''}) as mine
    from ballots b left join ballot_voters v on v.county_id = b.county_id and v.ballot_id = b.id
    where b.county_id = ${countyId}
      ${where.ballotId !== undefined ? sql`and b.id = ${where.ballotId}` : sql``}
      ${where.instanceId !== undefined ? sql`and b.instance_id = ${where.instanceId}` : sql``}
      ${where.onRollOf !== undefined ? sql`and b.status in ('open', 'closed') and exists (select 1 from ballot_voters m where m.county_id = b.county_id and m.ballot_id = b.id and m.deputy_id = ${where.onRollOf})` : sql``}
    group by b.county_id, b.id
    order by b.created_at desc, b.id`.execute(db);
  return result.rows.map((r) => view(r, deputyId === undefined ? undefined : r.mine));
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
  const rows = await db
    .selectFrom('ballot_voters as v')
    .innerJoin('users as u', (j) => j.onRef('u.county_id', '=', 'v.county_id').onRef('u.id', '=', 'v.deputy_id'))
    .select(['v.deputy_id', 'u.display_name', 'v.marks'])
    .where('v.county_id', '=', countyId)
    .where('v.ballot_id', '=', ballotId)
    .where('v.voted', '=', true)
    .orderBy('v.deputy_id')
    .execute();
  return rows.map((r) => ({ deputyId: r.deputy_id, name: r.display_name, marks: r.marks }));
}
