/** Ballot views of the API (GET /api/ballots…) and the words for their marks. */
import type { BallotView, SealedBox } from '../api-types.ts';
import { lang } from '../i18n.ts';

export type { BallotResult, BallotView, PaperCounts } from '../api-types.ts';
export type BallotKind = BallotView['kind'];
/** A teller (监票人) as the ballot view names them: never a key, only whether it is in. */
export type TellerState = BallotView['tellers'][number];
/** GET /api/ballots/:id/box: everything an independent check needs (ballot-contract). */
export type BallotBox = SealedBox;

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

/** Whether the deputy ranks candidates (a CHOOSE_K ballot counted by RANKED). */
export const isRanked = (b: Pick<BallotView, 'kind' | 'countRule'>): boolean => b.kind === 'CHOOSE_K' && b.countRule === 'RANKED';

/** The ballot's kind in words; a ranked one is 排序票决. */
export const kindWord = (b: Pick<BallotView, 'kind' | 'countRule'>): string => (isRanked(b) ? word(RANKED_KIND, 'RANKED') : word(KIND, b.kind));
const RANKED_KIND: Words = { RANKED: ['排序票决', 'Ranked ballot'] };
