/**
 * Ballots of the voters present (`VOTERS`, migration 023), e.g. the on-the-spot satisfaction
 * test after a deputy's report-back (DOMAIN §7.7): the roll is one-time passes made at opening,
 * one per voter present, printed on the slips handed out at the door. A voter opens the slip's
 * link on a phone (no login), seals the ballot there like a deputy's phone does, and casts with
 * the pass; the sealed-ballot rules (castSealedVote: on the roll, once, proofs checked) apply
 * unchanged with `voter:<pass>` as the voter. A voter who prefers paper fills a paper ballot that
 * a teller counts (ballot-tellers.ts submitPaper); their pass stays unused.
 *
 * A pass is 10 characters of Crockford base32 from the OS source: 50 bits, so guessing one of a
 * meeting's few hundred passes takes ~10¹² tries; each invalid sealed cast counts against the
 * pass's own limit (cast-throttle.ts).
 */
import type { Kysely } from 'kysely';
import type { BallotSpec } from '../ballot/index.ts';
import { ballotContextOf } from '../ballot/sealed/index.ts';
import { AppError } from '../errors.ts';
import { castSealedVote, type SealedReceipt } from './ballot-casting.ts';
import { osRandom } from './ballot-random.ts';
import type { Database } from './schema.ts';
import { readBallot } from './sql/read-ballot.ts';
import { selectVoterBallotMeeting } from './sql/voter-ballot-meeting.ts';
import { selectVoterPasses, VOTER_PREFIX } from './sql/voter-passes.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PASS = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** `n` distinct passes. */
export function voterPasses(n: number, random: (n: number) => Uint8Array = osRandom): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const bytes = random(10);
    out.add(Array.from(bytes, (b) => ALPHABET[b & 31]).join(''));
  }
  return [...out];
}

/** 404 for anything that is not an open VOTERS ballot of the county, or a pass in the wrong shape. */
async function votersBallot(db: Kysely<Database>, countyId: string, ballotId: string, pass: string) {
  if (!PASS.test(pass)) throw new AppError('VOTER_PASS_NOT_FOUND', '测评凭证无效，请核对选票上的凭证码 / No such voter pass');
  const ballot = await readBallot(db, countyId, ballotId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'BALLOT_NOT_FOUND') throw new AppError('VOTER_PASS_NOT_FOUND', '测评凭证无效，请核对选票上的凭证码 / No such voter pass');
    throw e;
  });
  if (ballot.electorate_kind !== 'VOTERS') throw new AppError('VOTER_PASS_NOT_FOUND', '测评凭证无效，请核对选票上的凭证码 / No such voter pass');
  return ballot;
}

export interface VoterBallotFacts {
  title: string;
  status: string;
  candidates: BallotSpec['candidates'];
  /** Open only: what the phone seals against. */
  spec: BallotSpec | null;
  jointKey: string | null;
  context: string | null;
  voted: boolean;
  /** The report-back meeting the ballot belongs to, in the words the clerk scheduled (null: a ballot of no such meeting). */
  meeting: VoterBallotMeeting | null;
}

export interface VoterBallotMeeting {
  deputyName: string | null;
  termName: string | null;
  /** YYYY-MM-DD, HH:MM and the place, as scheduled. */
  date: string | null;
  time: string | null;
  place: string | null;
}

const textOrNull = (v: string | null | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

async function meetingOf(db: Kysely<Database>, countyId: string, instanceId: string | null): Promise<VoterBallotMeeting | null> {
  if (!instanceId) return null;
  const m = await selectVoterBallotMeeting(db, countyId, instanceId);
  if (!m) return null;
  return { deputyName: textOrNull(m.deputy_name), termName: textOrNull(m.term_name), date: textOrNull(m.date), time: textOrNull(m.time), place: textOrNull(m.place) };
}

/** What a voter's phone reads before sealing: the ballot's title, items, spec, joint key and context; whether this pass was used; the meeting in words. */
export async function voterBallotFacts(db: Kysely<Database>, countyId: string, ballotId: string, pass: string): Promise<VoterBallotFacts> {
  const ballot = await votersBallot(db, countyId, ballotId, pass);
  const row = await db
    .selectFrom('ballot_voters')
    .select('voted')
    .where('county_id', '=', countyId)
    .where('ballot_id', '=', ballotId)
    .where('deputy_id', '=', `${VOTER_PREFIX}${pass}`)
    .executeTakeFirst();
  if (!row) throw new AppError('VOTER_PASS_NOT_FOUND', '测评凭证无效，请核对选票上的凭证码 / No such voter pass');
  const spec = ballot.spec as BallotSpec;
  const open = ballot.status === 'open' && ballot.joint_key !== null;
  return {
    title: ballot.title,
    status: ballot.status,
    candidates: spec.candidates,
    spec: open ? spec : null,
    jointKey: open ? ballot.joint_key : null,
    context: open ? ballotContextOf(countyId, ballotId, ballot.joint_key as string) : null,
    voted: row.voted,
    meeting: await meetingOf(db, countyId, ballot.instance_id),
  };
}

/** A voter's sealed cast with a pass: the sealed-ballot rules with `voter:<pass>` as the voter. */
export async function castWithPass(db: Kysely<Database>, countyId: string, ballotId: string, pass: string, sealed: unknown, now: Date): Promise<SealedReceipt> {
  await votersBallot(db, countyId, ballotId, pass);
  return castSealedVote(db, countyId, ballotId, `${VOTER_PREFIX}${pass}`, sealed, now);
}

/** The passes of an opened VOTERS ballot, for the slips (staff). */
export async function listVoterPasses(db: Kysely<Database>, countyId: string, ballotId: string): Promise<{ pass: string; voted: boolean }[]> {
  const ballot = await readBallot(db, countyId, ballotId);
  if (ballot.electorate_kind !== 'VOTERS') throw new AppError('NOT_A_VOTERS_BALLOT', '本次表决不是到会选民测评，没有测评凭证 / This ballot has no voter passes');
  return selectVoterPasses(db, countyId, ballotId);
}
