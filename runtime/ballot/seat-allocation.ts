/**
 * Filling k seats from candidates that met the count rule, with the election rule for ties
 * (选举法: "以得票多的当选 … 如遇票数相等不能确定当选人时，应当就票数相等的候选人再次投票",
 * the analog DOMAIN.md §3.5 rule 1 and §11 A11 adopt).
 */
import { AppError } from '../errors.ts';
import type { TieInfo } from './types.ts';

export interface Contender {
  id: string;
  /** Approvals, or points under RANKED. */
  votes: number;
  /** Position in the printed candidate list. */
  order: number;
}

export interface SeatAllocation {
  /** In rank order. */
  elected: string[];
  tie: TieInfo | null;
  /** Seats neither filled nor under a tie re-vote. */
  shortfall: number;
}

/**
 * Most votes first; equal votes keep the printed order. That order only places equals inside
 * a list; it never decides who gets a seat (a tie across the cut-off is a re-vote), so the
 * result depends on the counts alone and never on ballot order.
 */
export function rankContenders(contenders: readonly Contender[]): Contender[] {
  return [...contenders].sort((a, b) => b.votes - a.votes || a.order - b.order);
}

/**
 * With at most k contenders, all are elected (fewer than k is a shortfall). With more, the
 * k-th and (k+1)-th decide: if their votes differ, the top k are elected; if equal, everyone
 * strictly above that vote count is elected and stays elected, and everyone at it is tied
 * for the seats left. Equal votes inside the elected block (not across the cut-off) are no tie.
 */
export function allocateSeats(contenders: readonly Contender[], seats: number): SeatAllocation {
  const ranked = rankContenders(contenders);
  if (ranked.length <= seats) {
    return { elected: ranked.map((c) => c.id), tie: null, shortfall: seats - ranked.length };
  }
  const last = ranked[seats - 1];
  const first = ranked[seats];
  if (last === undefined || first === undefined) throw new AppError('INTERNAL', 'unreachable: more contenders than seats');
  if (last.votes > first.votes) return { elected: ranked.slice(0, seats).map((c) => c.id), tie: null, shortfall: 0 };

  const cut = last.votes;
  const elected = ranked.filter((c) => c.votes > cut).map((c) => c.id);
  const tied = ranked.filter((c) => c.votes === cut).map((c) => c.id);
  return { elected, tie: { tiedCandidateIds: tied, seatsLeft: seats - elected.length, votes: cut }, shortfall: 0 };
}
