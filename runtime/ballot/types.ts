/**
 * Types of the secret-ballot rules (票决, 测评): the spec of one ballot, one ballot's marks,
 * the published ballot list and the tally result. Pure data; the rules live beside this
 * file and the store applies them (ARCHITECTURE.md "Secret ballots", DOMAIN.md §3.5).
 */

/**
 * - `CHOOSE_K`: choose up to `seats` of the candidates (差额票决, more candidates than seats);
 *   per candidate APPROVE ○ · OPPOSE × · ABSTAIN (blank), or a rank under `countRule: RANKED`.
 * - `FOR_AGAINST`: every item is decided on its own (APPROVE / OPPOSE / ABSTAIN); no seats.
 * - `SATISFACTION`: every item is rated 满意 / 基本满意 / 不满意 (DOMAIN.md §1.3).
 * - `COMPETENCE`: every item (an appointed official) is rated 优秀 / 称职 / 基本称职 / 不称职
 *   (the §1.2 `CompetenceRating` scale, §5.6 `COMPETENCE_SCALE`).
 */
export const BALLOT_KINDS = ['CHOOSE_K', 'FOR_AGAINST', 'SATISFACTION', 'COMPETENCE'] as const;
export type BallotKind = (typeof BALLOT_KINDS)[number];

/** What "more than half" is counted against: 全体 (the roll), 实到 (ballots returned), 有效票 (valid ballots). */
export const THRESHOLD_BASES = ['ALL_MEMBERS', 'PRESENT', 'VALID_VOTES'] as const;
export type ThresholdBasis = (typeof THRESHOLD_BASES)[number];

export const COUNT_RULES = ['MAJORITY_THEN_RANK', 'PLURALITY', 'RANKED'] as const;
export type CountRule = (typeof COUNT_RULES)[number];

/** What happens to seats left empty when fewer candidates pass than there are seats (DOMAIN.md §11 A12). */
export const SHORTFALL_ACTIONS = ['LEAVE_EMPTY', 'SC_DECIDES', 'NEXT_SESSION'] as const;
export type ShortfallAction = (typeof SHORTFALL_ACTIONS)[number];

export const CHOICES = ['APPROVE', 'OPPOSE', 'ABSTAIN'] as const;
export type Choice = (typeof CHOICES)[number];

/** The §1.2 `Satisfaction` enum. */
export const SATISFACTION_LEVELS = ['SATISFIED', 'BASIC', 'UNSATISFIED'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

/** The §1.2 `CompetenceRating` enum, best first. */
export const COMPETENCE_LEVELS = ['EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT'] as const;
export type Competence = (typeof COMPETENCE_LEVELS)[number];

export interface Candidate {
  /** Stable id; the key of this candidate in every ballot's marks. */
  id: string;
  title: string;
  title_en?: string;
}

/**
 * Quorum as a fraction with "more than" semantics: returned × denominator > numerator × electorate.
 * A fraction of integers, not a float, because 2/3 as a float is 0.666…6 and 20 of 30 would
 * then pass a "more than two thirds" quorum it does not meet.
 */
export interface QuorumRule {
  numerator: number;
  denominator: number;
}

export interface BallotSpec {
  kind: BallotKind;
  /** Candidates (or items) in printed order; that order also breaks no ties, it only orders equals in lists. */
  candidates: readonly Candidate[];
  /** CHOOSE_K only: number of seats k; a ballot approving more than k is invalid. */
  seats?: number;
  /** N, the size of the voter roll (all deputies, or the standing committee); also the ballots issued. */
  electorate: number;
  /** Default: more than half of the electorate must return ballots (§1.3, §3.5). */
  quorum?: QuorumRule;
  /** Default `ALL_MEMBERS` (全体代表过半数, §3.5 rule 1; §11 A10). Used by MAJORITY_THEN_RANK, SATISFACTION and COMPETENCE; PLURALITY and RANKED have no threshold. */
  thresholdBasis?: ThresholdBasis;
  /** Default `MAJORITY_THEN_RANK` (§11 A11). Ignored by SATISFACTION and COMPETENCE, which always use §1.3 (and its four-level form). */
  countRule?: CountRule;
  /** Default `LEAVE_EMPTY` (§11 A12). */
  shortfallAction?: ShortfallAction;
}

/** A spec with every default filled in. */
export interface ResolvedBallotSpec {
  kind: BallotKind;
  candidates: readonly Candidate[];
  seats: number | null;
  electorate: number;
  quorum: QuorumRule;
  thresholdBasis: ThresholdBasis;
  countRule: CountRule;
  shortfallAction: ShortfallAction;
}

export type BallotSpecErrorCode =
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_PROPERTY'
  | 'REQUIRED'
  | 'UNKNOWN_ENUM_VALUE'
  | 'NOT_A_LIST'
  | 'NO_CANDIDATES'
  | 'NOT_A_STRING'
  | 'DUPLICATE_CANDIDATE_ID'
  | 'NOT_A_POSITIVE_INTEGER'
  | 'SEATS_NOT_APPLICABLE'
  | 'NOT_ENOUGH_CANDIDATES'
  | 'BAD_QUORUM'
  | 'RULE_NOT_APPLICABLE';

/** One problem of a spec: a stable code and the JSON pointer (RFC 6901, root = "") of the offending place. */
export interface BallotSpecError {
  code: BallotSpecErrorCode;
  pointer: string;
  message: string;
}

/**
 * One mark: a Choice (CHOOSE_K, FOR_AGAINST), a Satisfaction level or ABSTAIN (SATISFACTION),
 * a Competence level or ABSTAIN (COMPETENCE), or a rank 1..m (CHOOSE_K under RANKED). A
 * candidate left out of the marks is ABSTAIN (blank).
 */
export type Mark = Choice | Satisfaction | Competence | number;

/** One ballot's marks, candidate id → mark (F2.3). Never holds who cast it. */
export type BallotMarks = Readonly<Record<string, Mark>>;

/** Why a well-formed ballot does not count. It is still a returned ballot (§3.5). */
export type InvalidBallotReason = 'TOO_MANY_MARKS' | 'DUPLICATE_RANK' | 'RANK_GAP';
export const INVALID_BALLOT_REASONS: readonly InvalidBallotReason[] = ['TOO_MANY_MARKS', 'DUPLICATE_RANK', 'RANK_GAP'];

export type MarkErrorCode = 'NOT_AN_OBJECT' | 'UNKNOWN_CANDIDATE' | 'BAD_MARK' | 'BAD_RANK';

/** Why some input is not a ballot of this spec at all. */
export interface MarkError {
  code: MarkErrorCode;
  pointer: string;
  message: string;
}

/**
 * The verdict on one ballot:
 * - `{valid: true}`: counted.
 * - `{valid: false, reason: InvalidBallotReason}`: a spoilt ballot (e.g. more than k approved).
 *   Accept the cast, put it in the box; it counts as returned and as invalid.
 * - `{valid: false, reason: 'MALFORMED'}`: not a ballot of this spec (unknown candidate id,
 *   a mark outside the vocabulary). Refuse the cast (HTTP 422); nothing is stored and the
 *   deputy has not voted. `tally` throws on such input, because the box can never hold it.
 */
export type MarksVerdict =
  | { valid: true; blank: boolean }
  | { valid: false; reason: InvalidBallotReason }
  | { valid: false; reason: 'MALFORMED'; errors: MarkError[] };

export type TallyStatus =
  /** The result stands: all seats filled (or, for FOR_AGAINST / SATISFACTION, every item decided). */
  | 'DECIDED'
  /** Fewer candidates passed than seats; `shortfall` says how many are left and what to do. */
  | 'SHORTFALL'
  /** Candidates tie across the cut-off; re-vote among `tie.tiedCandidateIds` for `tie.seatsLeft` seats. */
  | 'TIE'
  /** Not more than the quorum fraction of the electorate returned ballots: no result. */
  | 'NO_QUORUM'
  /** More ballots returned than issued: the poll is void and is held again (§3.5 VOID_POLL). */
  | 'VOID';

export interface TieInfo {
  tiedCandidateIds: string[];
  seatsLeft: number;
  /** The approvals (or points) every tied candidate has. */
  votes: number;
}

export interface ShortfallInfo {
  seatsLeft: number;
  action: ShortfallAction;
}

interface TallyCommon {
  kind: BallotKind;
  status: TallyStatus;
  /** Ballots issued = the electorate N. */
  issued: number;
  returned: number;
  valid: number;
  invalid: number;
  /** Valid ballots with no mark at all (every candidate left blank / abstained). */
  blank: number;
  invalidByReason: Record<InvalidBallotReason, number>;
  quorumMet: boolean;
  /** The smallest number of returned ballots that meets the quorum. */
  quorumNeeded: number;
  /** The threshold's basis and its count; null when the rule has no threshold (PLURALITY, RANKED). */
  basis: { thresholdBasis: ThresholdBasis; count: number } | null;
  /**
   * Elected candidates (FOR_AGAINST: adopted items) in rank order. Empty under NO_QUORUM and VOID,
   * and always for SATISFACTION and COMPETENCE, whose result is each item's rating. Under TIE: those above the tie.
   */
  elected: string[];
  tie: TieInfo | null;
  shortfall: ShortfallInfo | null;
}

export interface ChoiceCount {
  candidateId: string;
  approve: number;
  oppose: number;
  /** Valid ballots that neither approved nor opposed this candidate. */
  abstain: number;
  /** Met the count rule's threshold (MAJORITY: approvals > ½ basis; PLURALITY: at least one approval). */
  passed: boolean;
  elected: boolean;
}

export interface RankedCount {
  candidateId: string;
  /** Borda-style points, see tally.ts. */
  points: number;
  /** Valid ballots that ranked this candidate at all. */
  rankedBy: number;
  firstPreferences: number;
  /** RANKED has no threshold: passed = at least one point. */
  passed: boolean;
  elected: boolean;
}

export interface SatisfactionCount {
  candidateId: string;
  S: number;
  B: number;
  U: number;
  /** Valid ballots that left this item unrated (弃权). */
  abstain: number;
  /** §1.3 rating; null when there is no result (NO_QUORUM, VOID). */
  rating: Satisfaction | null;
  /** S / valid ballots; null when there are no valid ballots. */
  satisfactionRate: number | null;
  /** (S + B) / valid ballots. */
  satisfiedOrBasicRate: number | null;
}

export interface CompetenceCount {
  candidateId: string;
  EXCELLENT: number;
  COMPETENT: number;
  BASIC_COMPETENT: number;
  INCOMPETENT: number;
  /** Valid ballots that left this item unrated (弃权 / 不了解). */
  abstain: number;
  /** The cumulative-majority rating of competence.ts; null when there is no result (NO_QUORUM, VOID). */
  rating: Competence | null;
  /** (EXCELLENT + COMPETENT) / valid ballots (称职率, 优秀 included); null without valid ballots. */
  competentRate: number | null;
}

export interface ChoiceTally extends TallyCommon {
  method: 'CHOICE';
  countRule: 'MAJORITY_THEN_RANK' | 'PLURALITY';
  candidates: ChoiceCount[];
}

export interface RankedTally extends TallyCommon {
  method: 'RANKED';
  countRule: 'RANKED';
  candidates: RankedCount[];
}

export interface SatisfactionTally extends TallyCommon {
  method: 'SATISFACTION';
  candidates: SatisfactionCount[];
}

export interface CompetenceTally extends TallyCommon {
  method: 'COMPETENCE';
  candidates: CompetenceCount[];
}

/** Per-candidate counts are listed in the spec's candidate order. */
export type TallyResult = ChoiceTally | RankedTally | SatisfactionTally | CompetenceTally;

/**
 * What a tally needs of a box: how many ballots came back, how many of them were invalid (and
 * why, where known: a paper ballot counted in the hall is just "invalid"), how many valid ones
 * were blank, and per candidate per mark the number of valid ballots with that mark. ABSTAIN
 * is not kept: it is the valid ballots less the candidate's other marks. RANKED marks are the
 * ranks as strings ("1".."m"). The same counts come from plain marks (`countBallots`), from
 * decrypted sealed sums (`countsFromSums`) and from paper, and add up (`addCounts`).
 */
export interface BallotCounts {
  returned: number;
  invalid: number;
  /** Invalid ballots by known reason; their total may be below `invalid` (paper gives no reason). */
  invalidByReason: Record<InvalidBallotReason, number>;
  blank: number;
  marks: Record<string, Record<string, number>>;
}

/** One entry of the ballot box as published: a receipt code given to the voter, and the marks. No voter id. */
export interface BoxEntry {
  receipt: string;
  marks: BallotMarks;
}

export const BALLOT_LIST_ALGORITHM = 'sha256-chain/v1';

export interface PublishedBallotList {
  algorithm: typeof BALLOT_LIST_ALGORITHM;
  /** Sorted by receipt (UTF-16 code-unit order). */
  entries: BoxEntry[];
  /** Lower-case hex SHA-256 chain head over the entries, see ballot-list.ts. */
  hash: string;
}

export type BallotListProblem = 'NOT_CANONICAL_ORDER' | 'DUPLICATE_RECEIPT' | 'HASH_MISMATCH';

export type BallotListCheck =
  | { ok: true; hash: string }
  /** `index` is the first out-of-order or duplicate entry; `hash` the hash the entries really have. */
  | { ok: false; problem: BallotListProblem; index: number | null; hash: string };

/** A source of random bytes, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. Injected so tests are deterministic. */
export type RandomBytes = (n: number) => Uint8Array;
