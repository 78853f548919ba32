/**
 * The competence rating of one item on a COMPETENCE ballot (称职测评 of an appointed official,
 * DOMAIN.md §1.2 `CompetenceRating`, §5.6 `COMPETENCE_SCALE`). Sources name the scale
 * (武定县: 3 优秀, 11 称职 of 14 [V E2]) but no counting rule, so the rule is §1.3's carried
 * over to four levels [R]: a level is reached when the votes for it *or better* are more than
 * half of the basis N.
 *
 *   EXCELLENT          if 2·E > N
 *   COMPETENT          else if 2·(E + C) > N
 *   BASIC_COMPETENT    else if 2·(E + C + BC) > N
 *   INCOMPETENT        otherwise (also when exactly half is reached: "不足半数(含半数)")
 *
 * With every member voting and nobody abstaining, INCOMPETENT is the same as "不称职 votes are
 * at least half"; abstentions count against the official, as an absent S does in §1.3.
 */
import { AppError } from '../errors.ts';
import type { Competence } from './types.ts';

export interface CompetenceVotes {
  EXCELLENT: number;
  COMPETENT: number;
  BASIC_COMPETENT: number;
  INCOMPETENT: number;
}

export function competenceRating(votes: CompetenceVotes, N: number): Competence {
  for (const [name, v] of Object.entries(votes)) {
    if (!Number.isSafeInteger(v) || v < 0) throw new AppError('INVALID_VOTE_COUNTS', `${name} must be an integer ≥ 0`);
  }
  if (!Number.isSafeInteger(N) || N < 1) throw new AppError('INVALID_VOTE_COUNTS', 'N must be a positive integer');
  const e = votes.EXCELLENT;
  const ec = e + votes.COMPETENT;
  const ecb = ec + votes.BASIC_COMPETENT;
  if (2 * e > N) return 'EXCELLENT';
  if (2 * ec > N) return 'COMPETENT';
  if (2 * ecb > N) return 'BASIC_COMPETENT';
  return 'INCOMPETENT';
}
