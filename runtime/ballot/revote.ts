/**
 * The re-vote after a tie at the cut-off (§3.5 `tieBreak`): only the tied candidates, for the
 * seats the first round left. Candidates elected above the tie keep their seats; the caller
 * appends the re-vote's elected list to the first round's.
 */
import { AppError } from '../errors.ts';
import type { BallotSpec, TallyResult } from './types.ts';

/**
 * The tied candidates already met the majority in the first round, so the re-vote only
 * ranks them: "应当就票数相等的候选人再次投票，以得票多的当选" (选举法, the analog of §3.5
 * rule 1). MAJORITY_THEN_RANK therefore becomes PLURALITY here; were the majority asked
 * again, two tied candidates splitting the vote could both fail and leave a seat empty that
 * the first round had filled. RANKED stays RANKED. Electorate, quorum and basis carry over.
 * A tie always spans at least seatsLeft + 1 candidates, so the spec passes the 差额 check.
 */
export function revoteSpec(spec: BallotSpec, result: TallyResult): BallotSpec {
  if (result.status !== 'TIE' || result.tie === null) {
    throw new AppError('NO_TIE', `Only a tied result has a re-vote (status is ${result.status})`);
  }
  const tied = new Set(result.tie.tiedCandidateIds);
  const candidates = spec.candidates.filter((c) => tied.has(c.id));
  if (candidates.length !== tied.size) {
    throw new AppError('RESULT_NOT_OF_SPEC', 'The tied candidates are not all candidates of this spec');
  }
  return {
    ...spec,
    candidates,
    seats: result.tie.seatsLeft,
    countRule: spec.countRule === 'RANKED' ? 'RANKED' : 'PLURALITY',
  };
}
