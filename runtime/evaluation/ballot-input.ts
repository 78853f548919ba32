/**
 * Reading one rater group's result from what a closed ballot sends into an instance
 * (`BALLOT_CLOSED` `event.data`: {status, issued, returned, valid, counts: [{candidateId,
 * S, B, U, …} | {candidateId, EXCELLENT, …}], …}, built by the store from the tally). The
 * input is `unknown` (it comes through the instance context); problems are values.
 */
import { scoreEvaluation } from './scoring.ts';
import type { RaterGroupResult, ScoringError, ScoringModel, ScoringOptions, ScoringOutcome, SubjectVotes } from './types.ts';

const LEVELS = ['S', 'B', 'U', 'EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * `index` is the group's place in the list (for pointers). A ballot without a result
 * (NO_QUORUM, VOID) is `GROUP_WITHOUT_RESULT`: the process holds that vote again first.
 */
export function groupFromBallot(group: string, weight: unknown, data: unknown, index = 0): { group: RaterGroupResult | null; errors: ScoringError[] } {
  const at = `/groups/${index}`;
  const errors: ScoringError[] = [];
  if (!isRecord(data)) return { group: null, errors: [{ code: 'GROUP_WITHOUT_RESULT', pointer: at, message: `Group ${group} has no ballot result` }] };
  if (data.status !== undefined && data.status !== 'DECIDED') {
    return { group: null, errors: [{ code: 'GROUP_WITHOUT_RESULT', pointer: `${at}/status`, message: `Group ${group}'s ballot has no result (${String(data.status)})` }] };
  }
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
    errors.push({ code: 'BAD_WEIGHT', pointer: `${at}/weight`, message: `Group ${group}'s weight must be a number > 0` });
  }
  for (const key of ['issued', 'returned', 'valid'] as const) {
    if (!isCount(data[key])) errors.push({ code: 'BAD_COUNTS', pointer: `${at}/${key}`, message: `${key} must be an integer ≥ 0` });
  }
  const counts: SubjectVotes[] = [];
  if (!Array.isArray(data.counts)) errors.push({ code: 'BAD_COUNTS', pointer: `${at}/counts`, message: 'counts must be a list' });
  else {
    data.counts.forEach((c: unknown, i) => {
      const id = isRecord(c) ? (c.candidateId ?? c.subjectId) : undefined;
      if (!isRecord(c) || typeof id !== 'string' || id === '') {
        errors.push({ code: 'BAD_COUNTS', pointer: `${at}/counts/${i}`, message: 'A count needs a candidateId' });
        return;
      }
      const votes: SubjectVotes = { subjectId: id };
      for (const level of LEVELS) if (c[level] !== undefined) votes[level] = c[level] as number;
      counts.push(votes);
    });
  }
  if (errors.length > 0) return { group: null, errors };
  return {
    group: { group, weight: weight as number, issued: data.issued as number, returned: data.returned as number, valid: data.valid as number, counts },
    errors,
  };
}

/** One group as a definition names it: its code, weight and the closed ballot's data. */
export interface BallotGroupInput {
  group: string;
  weight: unknown;
  result: unknown;
}

/**
 * Score straight from closed ballots (what the engine action does). A group with weight 0 or
 * no weight takes no part (a county that leaves a rater group out sets its weight to 0, and
 * that group's ballot need not exist).
 */
export function scoreBallots(model: unknown, groups: readonly BallotGroupInput[], options?: unknown): ScoringOutcome {
  const errors: ScoringError[] = [];
  const results: RaterGroupResult[] = [];
  groups.forEach((g, i) => {
    if (g.weight === 0 || g.weight === null || g.weight === undefined) return;
    const read = groupFromBallot(g.group, g.weight, g.result, i);
    errors.push(...read.errors);
    if (read.group) results.push(read.group);
  });
  if (errors.length > 0) return { ok: false, errors };
  return scoreEvaluation(model as ScoringModel, results, options as ScoringOptions | undefined);
}
