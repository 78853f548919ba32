/** Ballot views of the API (GET /api/ballots…) and the words for their marks. */
import type { BallotResult as ServerBallotResult, BallotView as ServerBallotView } from '../api-types.ts';
import { lang } from '../i18n.ts';

export type BallotKind = ServerBallotView['kind'];
type Hex = string;

/** A teller (监票人) of a sealed ballot as the ballot view names them: never a key, only whether it is in. */
export interface TellerState {
  userId: string;
  name: string;
  keyReady: boolean;
  decrypted: boolean;
}

/** Paper ballots counted in the hall, as a teller entered them: per candidate id, per mark, a count. */
export interface PaperCounts {
  returned: number;
  invalid: number;
  /** Valid paper ballots with no mark at all (0 when not given). */
  blank?: number;
  counts: Record<string, Record<string, number>>;
}

/**
 * GET /api/ballots/:id. The sealed-ballot fields (ballot-contract: sealed, tellers, contexts,
 * joint key, isTeller, paper; status `counting`) are optional here so the page also reads a
 * real-name ballot, and a server that does not send them yet.
 */
export type BallotView = Omit<ServerBallotView, 'status'> & {
  status: ServerBallotView['status'] | 'counting';
  sealed?: boolean;
  tellers?: TellerState[];
  tellerContext?: string;
  context?: string | null;
  jointKey?: Hex | null;
  isTeller?: boolean;
  paper?: PaperCounts | null;
  /** The full spec, when the server sends it (else the page rebuilds it from kind, candidates and seats). */
  spec?: unknown;
  countRule?: string;
};

/** GET /api/ballots/:id/result: the result, and for a sealed ballot how many ballots came from phones and from paper. */
export type BallotResult = ServerBallotResult & { sources?: { electronic: number; paper: number } };

/** GET /api/ballots/:id/box: everything an independent check needs (ballot-contract). */
export interface BallotBox {
  ballotId: string;
  spec: unknown;
  tellerContext: string;
  context: string;
  tellers: Array<{ userId: string; name: string; publicKey: Hex; proof: { c: Hex; s: Hex } }>;
  jointKey: Hex;
  ballots: Array<{ tracker: Hex; sealed: unknown }>;
  aggregate?: Array<{ a: Hex; b: Hex }> | null;
  decryptions?: Array<{ userId: string; shares: Hex[]; proofs: Array<{ c: Hex; s: Hex }> }>;
  paper?: PaperCounts | null;
  sums?: number[] | null;
  result?: unknown;
}

type Words = Record<string, [string, string]>;

/** Per-candidate marks a deputy can give, by ballot kind (leaving one out is 弃权 / blank). */
export const MARKS: Record<Exclude<BallotKind, 'CHOOSE_K'>, Words> = {
  FOR_AGAINST: { APPROVE: ['赞成', 'For'], OPPOSE: ['反对', 'Against'], ABSTAIN: ['弃权', 'Abstain'] },
  SATISFACTION: { SATISFIED: ['满意', 'Satisfied'], BASIC: ['基本满意', 'Basically satisfied'], UNSATISFIED: ['不满意', 'Not satisfied'] },
  COMPETENCE: { EXCELLENT: ['优秀', 'Excellent'], COMPETENT: ['称职', 'Competent'], BASIC_COMPETENT: ['基本称职', 'Basically competent'], INCOMPETENT: ['不称职', 'Incompetent'] },
};

export const STATUS: Words = {
  ready: ['未开始', 'Not open yet'],
  open: ['投票中', 'Voting'],
  counting: ['计票中', 'Counting'],
  closed: ['已结束', 'Closed'],
  cancelled: ['已取消', 'Cancelled'],
};

export const KIND: Words = {
  CHOOSE_K: ['差额选择', 'Choice among candidates'],
  FOR_AGAINST: ['逐项表决', 'For or against, item by item'],
  SATISFACTION: ['满意度测评', 'Satisfaction rating'],
  COMPETENCE: ['称职测评', 'Competence rating'],
};

export const word = (w: Words, key: string) => (w[key] ?? [key, key])[lang() === 'zh' ? 0 : 1];
export const candidateName = (c: { title: string; title_en?: string }) => (lang() === 'en' && c.title_en ? c.title_en : c.title);
