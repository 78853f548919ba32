/**
 * Counting a closed ballot box. Pure: the same spec and the same multiset of ballots give
 * the same result in any order (counts are sums; equal counts are ordered by the printed
 * candidate list, never by ballot position).
 *
 * Count rules (DOMAIN.md §3.5, §11 A11):
 * - MAJORITY_THEN_RANK: a candidate passes with approvals > ½ of the basis (2·a > basis, so
 *   exactly half fails); passing candidates are ranked by approvals and the top k elected.
 * - PLURALITY: the top k by approvals, no threshold; a candidate nobody approved is not elected.
 * - RANKED (Borda-style): with n candidates on the ballot, rank r earns n − r + 1 points
 *   (rank 1 → n, rank n → 1), an unranked candidate 0; the top k by points are elected, no
 *   threshold, and a candidate no ballot ranked is not elected. A deputy may rank only some.
 *   Points, not first preferences, decide because 力洋镇 deputies number all 20 projects by
 *   priority [V L11], so the whole order is the vote.
 * In every rule a tie across the k-th seat is a TIE (re-vote among the tied, see revote.ts)
 * and fewer passing candidates than seats a SHORTFALL with the spec's action.
 * SATISFACTION rates every item by §1.3 (satisfaction.ts), COMPETENCE by the same rule over
 * four levels (competence.ts); FOR_AGAINST adopts every item that passes the majority, with
 * no seats.
 */
import { AppError } from '../errors.ts';
import { ballotsNeededForQuorum, resolveSpec } from './ballot-spec.ts';
import { competenceRating } from './competence.ts';
import { markNames, marksJudge } from './marks.ts';
import { satisfactionRates, satisfactionRating } from './satisfaction.ts';
import { allocateSeats, rankContenders, type Contender, type SeatAllocation } from './seat-allocation.ts';
import {
  INVALID_BALLOT_REASONS,
  type BallotCounts,
  type BallotMarks,
  type BallotSpec,
  type ChoiceTally,
  type CompetenceTally,
  type InvalidBallotReason,
  type RankedTally,
  type ResolvedBallotSpec,
  type SatisfactionTally,
  type TallyResult,
} from './types.ts';

type Common = Omit<ChoiceTally, 'method' | 'countRule' | 'candidates' | 'status' | 'basis' | 'elected' | 'tie' | 'shortfall'>;

export function tally(spec: BallotSpec, ballots: readonly BallotMarks[]): TallyResult {
  return tallyCounts(spec, countBallots(spec, ballots));
}

/** The counts of a box of plain marks (a real-name box, or a test's). Throws MALFORMED_BALLOT on a ballot of another spec. */
export function countBallots(spec: BallotSpec, ballots: readonly BallotMarks[]): BallotCounts {
  const s = resolveSpec(spec);
  const judge = marksJudge(s);
  const invalidByReason = Object.fromEntries(INVALID_BALLOT_REASONS.map((r) => [r, 0])) as Record<InvalidBallotReason, number>;
  const names = markNames(spec);
  const marks: Record<string, Record<string, number>> = Object.fromEntries(s.candidates.map((c) => [c.id, Object.fromEntries(names.map((m) => [m, 0]))]));
  let blank = 0;
  let invalid = 0;
  ballots.forEach((ballot, index) => {
    const verdict = judge(ballot);
    if (verdict.valid) {
      if (verdict.blank) blank++;
      for (const [id, mark] of Object.entries(ballot)) {
        if (mark === 'ABSTAIN') continue;
        const perMark = marks[id] as Record<string, number>;
        perMark[String(mark)] = (perMark[String(mark)] ?? 0) + 1;
      }
    } else if (verdict.reason === 'MALFORMED') {
      // The box only ever receives ballots validateMarks accepted; this is a broken or tampered box.
      throw new AppError('MALFORMED_BALLOT', `Ballot ${index} is not a ballot of this spec`, { index, errors: verdict.errors });
    } else {
      invalid++;
      invalidByReason[verdict.reason]++;
    }
  });
  return { returned: ballots.length, invalid, invalidByReason, blank, marks };
}

/** Two boxes counted as one (the electronic sums and the paper ballots counted in the hall). */
export function addCounts(x: BallotCounts, y: BallotCounts): BallotCounts {
  const marks: Record<string, Record<string, number>> = {};
  for (const side of [x, y]) {
    for (const [id, perMark] of Object.entries(side.marks)) {
      const into = (marks[id] ??= {});
      for (const [mark, n] of Object.entries(perMark)) into[mark] = (into[mark] ?? 0) + n;
    }
  }
  const invalidByReason = Object.fromEntries(INVALID_BALLOT_REASONS.map((r) => [r, x.invalidByReason[r] + y.invalidByReason[r]])) as Record<InvalidBallotReason, number>;
  return { returned: x.returned + y.returned, invalid: x.invalid + y.invalid, invalidByReason, blank: x.blank + y.blank, marks };
}

/** The result of counted ballots by the spec's rules (see the top of this file). */
export function tallyCounts(spec: BallotSpec, counts: BallotCounts): TallyResult {
  const s = resolveSpec(spec);
  const returned = counts.returned;
  const valid = returned - counts.invalid;
  const common: Common = {
    kind: s.kind,
    issued: s.electorate,
    returned,
    valid,
    invalid: counts.invalid,
    blank: counts.blank,
    invalidByReason: { ...counts.invalidByReason },
    quorumMet: returned * s.quorum.denominator > s.quorum.numerator * s.electorate,
    quorumNeeded: ballotsNeededForQuorum(s),
  };
  // Checked before the quorum: more ballots than voters means the count cannot be trusted at all.
  const noResult = returned > s.electorate ? 'VOID' : common.quorumMet ? null : 'NO_QUORUM';
  const count = (id: string, mark: string) => counts.marks[id]?.[mark] ?? 0;

  if (s.kind === 'SATISFACTION') return tallySatisfaction(s, count, common, noResult);
  if (s.kind === 'COMPETENCE') return tallyCompetence(s, count, common, noResult);
  if (s.countRule === 'RANKED') return tallyRanked(s, count, common, noResult);
  return tallyChoice(s, count, common, noResult);
}

type Count = (candidateId: string, mark: string) => number;

type NoResult = 'VOID' | 'NO_QUORUM' | null;

function basisCount(s: ResolvedBallotSpec, common: Common): number {
  if (s.thresholdBasis === 'PRESENT') return common.returned;
  if (s.thresholdBasis === 'VALID_VOTES') return common.valid;
  return s.electorate;
}

function tallyChoice(s: ResolvedBallotSpec, count: Count, common: Common, noResult: NoResult): ChoiceTally {
  const approve = new Map(s.candidates.map((c) => [c.id, count(c.id, 'APPROVE')]));
  const oppose = new Map(s.candidates.map((c) => [c.id, count(c.id, 'OPPOSE')]));
  const countRule = s.countRule === 'PLURALITY' ? 'PLURALITY' : 'MAJORITY_THEN_RANK';
  const basis = countRule === 'PLURALITY' ? null : { thresholdBasis: s.thresholdBasis, count: basisCount(s, common) };
  const passes = (a: number) => (basis === null ? a > 0 : 2 * a > basis.count);

  const contenders: Contender[] = noResult
    ? []
    : s.candidates.map((c, order) => ({ id: c.id, votes: approve.get(c.id) ?? 0, order })).filter((c) => passes(c.votes));
  const outcome = decide(s, contenders, noResult);
  const elected = new Set(outcome.elected);
  const candidates = s.candidates.map((c) => {
    const a = approve.get(c.id) ?? 0;
    const o = oppose.get(c.id) ?? 0;
    return { candidateId: c.id, approve: a, oppose: o, abstain: common.valid - a - o, passed: noResult === null && passes(a), elected: elected.has(c.id) };
  });
  return { ...common, ...outcome, method: 'CHOICE', countRule, basis, candidates };
}

function tallyRanked(s: ResolvedBallotSpec, count: Count, common: Common, noResult: NoResult): RankedTally {
  const n = s.candidates.length;
  const points = new Map(s.candidates.map((c) => [c.id, 0]));
  const rankedBy = new Map(s.candidates.map((c) => [c.id, 0]));
  const firsts = new Map(s.candidates.map((c) => [c.id, count(c.id, '1')]));
  for (const c of s.candidates) {
    for (let rank = 1; rank <= n; rank++) {
      const k = count(c.id, String(rank));
      points.set(c.id, (points.get(c.id) ?? 0) + k * (n - rank + 1));
      rankedBy.set(c.id, (rankedBy.get(c.id) ?? 0) + k);
    }
  }
  const contenders: Contender[] = noResult
    ? []
    : s.candidates.map((c, order) => ({ id: c.id, votes: points.get(c.id) ?? 0, order })).filter((c) => c.votes > 0);
  const outcome = decide(s, contenders, noResult);
  const elected = new Set(outcome.elected);
  const candidates = s.candidates.map((c) => ({
    candidateId: c.id,
    points: points.get(c.id) ?? 0,
    rankedBy: rankedBy.get(c.id) ?? 0,
    firstPreferences: firsts.get(c.id) ?? 0,
    passed: noResult === null && (points.get(c.id) ?? 0) > 0,
    elected: elected.has(c.id),
  }));
  return { ...common, ...outcome, method: 'RANKED', countRule: 'RANKED', basis: null, candidates };
}

function tallySatisfaction(s: ResolvedBallotSpec, count: Count, common: Common, noResult: NoResult): SatisfactionTally {
  const N = basisCount(s, common);
  const candidates = s.candidates.map((c) => {
    const S = count(c.id, 'SATISFIED');
    const B = count(c.id, 'BASIC');
    const U = count(c.id, 'UNSATISFIED');
    return {
      candidateId: c.id,
      S,
      B,
      U,
      abstain: common.valid - S - B - U,
      rating: noResult === null && N > 0 ? satisfactionRating({ S, B, U }, N) : null,
      ...satisfactionRates({ S, B }, common.valid),
    };
  });
  return { ...ratingEnvelope(s, common, N, noResult), method: 'SATISFACTION', candidates };
}

function tallyCompetence(s: ResolvedBallotSpec, count: Count, common: Common, noResult: NoResult): CompetenceTally {
  const N = basisCount(s, common);
  const candidates = s.candidates.map((c) => {
    const votes = {
      EXCELLENT: count(c.id, 'EXCELLENT'),
      COMPETENT: count(c.id, 'COMPETENT'),
      BASIC_COMPETENT: count(c.id, 'BASIC_COMPETENT'),
      INCOMPETENT: count(c.id, 'INCOMPETENT'),
    };
    const rated = votes.EXCELLENT + votes.COMPETENT + votes.BASIC_COMPETENT + votes.INCOMPETENT;
    return {
      candidateId: c.id,
      ...votes,
      abstain: common.valid - rated,
      rating: noResult === null && N > 0 ? competenceRating(votes, N) : null,
      competentRate: common.valid > 0 ? (votes.EXCELLENT + votes.COMPETENT) / common.valid : null,
    };
  });
  return { ...ratingEnvelope(s, common, N, noResult), method: 'COMPETENCE', candidates };
}

/** What rating ballots (satisfaction, competence) share: each item gets a rating, nobody is elected. */
function ratingEnvelope(s: ResolvedBallotSpec, common: Common, N: number, noResult: NoResult) {
  return {
    ...common,
    status: noResult ?? ('DECIDED' as const),
    basis: { thresholdBasis: s.thresholdBasis, count: N },
    elected: [] as string[],
    tie: null,
    shortfall: null,
  };
}

/** From the contenders that met the rule to status, elected list, tie and shortfall. */
function decide(s: ResolvedBallotSpec, contenders: Contender[], noResult: NoResult): Pick<TallyResult, 'status' | 'elected' | 'tie' | 'shortfall'> {
  if (noResult) return { status: noResult, elected: [], tie: null, shortfall: null };
  // FOR_AGAINST has no seats: every passing item is adopted, listed by approvals.
  if (s.seats === null) return { status: 'DECIDED', elected: rankContenders(contenders).map((c) => c.id), tie: null, shortfall: null };
  const a: SeatAllocation = allocateSeats(contenders, s.seats);
  if (a.tie) return { status: 'TIE', elected: a.elected, tie: a.tie, shortfall: null };
  if (a.shortfall > 0) return { status: 'SHORTFALL', elected: a.elected, tie: null, shortfall: { seatsLeft: a.shortfall, action: s.shortfallAction } };
  return { status: 'DECIDED', elected: a.elected, tie: null, shortfall: null };
}
