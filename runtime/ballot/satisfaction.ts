/**
 * The standard satisfaction-test rating (满意度测评, DOMAIN.md §1.3), usable on its own for
 * tests counted on paper (F2.6) as well as by `tally` for SATISFACTION ballots.
 */
import { AppError } from '../errors.ts';
import type { Satisfaction } from './types.ts';

export interface SatisfactionVotes {
  S: number;
  B: number;
  U: number;
}

/**
 * S > N/2 → SATISFIED; else S + B > N/2 → BASIC; else UNSATISFIED. Exactly half is not
 * enough ("不足半数(含半数)" [V L19]), so the comparisons are strict, done as 2·S > N to stay
 * in integers. N is the electorate (全体组成人员) by default, or the ballots returned when the
 * county counts against those present (§11 A10); U never changes the rating, it is taken so
 * the counts can be checked against N.
 */
export function satisfactionRating(votes: SatisfactionVotes, N: number): Satisfaction {
  const { S, B, U } = votes;
  for (const [name, v] of [['S', S], ['B', B], ['U', U]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new AppError('INVALID_VOTE_COUNTS', `${name} must be an integer ≥ 0`);
  }
  if (!Number.isSafeInteger(N) || N < 1) throw new AppError('INVALID_VOTE_COUNTS', 'N must be a positive integer');
  if (2 * S > N) return 'SATISFIED';
  if (2 * (S + B) > N) return 'BASIC';
  return 'UNSATISFIED';
}

/**
 * The reported percentages (§1.3, e.g. 芦山 125 S of 126 → 99.21 %), as fractions 0..1 of the
 * valid ballots; an abstention on the item is still a valid ballot (弃权 counts in 有效票).
 * Null when there are no valid ballots, rather than NaN.
 */
export function satisfactionRates(votes: Pick<SatisfactionVotes, 'S' | 'B'>, validBallots: number): {
  satisfactionRate: number | null;
  satisfiedOrBasicRate: number | null;
} {
  if (validBallots <= 0) return { satisfactionRate: null, satisfiedOrBasicRate: null };
  return { satisfactionRate: votes.S / validBallots, satisfiedOrBasicRate: (votes.S + votes.B) / validBallots };
}
