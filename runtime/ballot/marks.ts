/**
 * Validating one ballot's marks. Two different "no"s (see `MarksVerdict`):
 * - invalid (spoilt) ballot: well-formed but breaks a counting rule, e.g. more than k approved.
 *   A paper ballot can be spoilt the same way; it goes into the box and counts as returned.
 * - malformed input: not a ballot of this spec (unknown candidate, a mark outside the
 *   vocabulary, a rank outside 1..n). No paper ballot looks like that, so the cast is refused.
 */
import { isRecord, pointer, resolveSpec } from './ballot-spec.ts';
import {
  CHOICES,
  COMPETENCE_LEVELS,
  SATISFACTION_LEVELS,
  type BallotSpec,
  type MarkError,
  type MarksVerdict,
  type ResolvedBallotSpec,
} from './types.ts';

const CHOICE_MARKS: ReadonlySet<string> = new Set(CHOICES);
// ABSTAIN is allowed on a satisfaction sheet: F2.6 records abstentions per item.
const SATISFACTION_MARKS: ReadonlySet<string> = new Set([...SATISFACTION_LEVELS, 'ABSTAIN']);
// ABSTAIN on a competence sheet is 不了解 / not rated: a valid ballot without a level for the item.
const COMPETENCE_MARKS: ReadonlySet<string> = new Set([...COMPETENCE_LEVELS, 'ABSTAIN']);

/**
 * The marks a candidate can get, in a fixed order (ABSTAIN left out: it is the absence of a
 * mark); RANKED marks are the ranks "1".."m". Counts and the sealed layout use this order.
 */
export function markNames(spec: BallotSpec): string[] {
  const s = resolveSpec(spec);
  if (s.kind === 'SATISFACTION') return [...SATISFACTION_LEVELS];
  if (s.kind === 'COMPETENCE') return [...COMPETENCE_LEVELS];
  if (s.kind === 'CHOOSE_K' && s.countRule === 'RANKED') return s.candidates.map((_, i) => String(i + 1));
  return ['APPROVE', 'OPPOSE'];
}

export function validateMarks(spec: BallotSpec, marks: unknown): MarksVerdict {
  return marksJudge(resolveSpec(spec))(marks);
}

/** A validator bound to one resolved spec, so a tally of 10,000 ballots checks the spec once. */
export function marksJudge(spec: ResolvedBallotSpec): (marks: unknown) => MarksVerdict {
  const ids = new Set(spec.candidates.map((c) => c.id));
  const n = spec.candidates.length;
  const ranked = spec.kind === 'CHOOSE_K' && spec.countRule === 'RANKED';
  const vocabulary = spec.kind === 'SATISFACTION' ? SATISFACTION_MARKS : spec.kind === 'COMPETENCE' ? COMPETENCE_MARKS : CHOICE_MARKS;

  return (marks) => {
    // Plain objects only: an array or a class instance is not a candidate → mark record.
    if (!isRecord(marks) || (Object.getPrototypeOf(marks) !== Object.prototype && Object.getPrototypeOf(marks) !== null)) {
      return malformed([{ code: 'NOT_AN_OBJECT', pointer: '', message: 'Marks must be an object of candidate id → mark' }]);
    }
    const errors: MarkError[] = [];
    // Own keys only, looked up in a Set: "__proto__" or "toString" is just an unknown id here.
    const keys = Object.keys(marks);
    for (const id of keys) {
      const value = marks[id];
      if (!ids.has(id)) errors.push({ code: 'UNKNOWN_CANDIDATE', pointer: pointer(id), message: `"${id}" is not a candidate of this ballot` });
      else if (ranked) {
        if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > n) {
          errors.push({ code: 'BAD_RANK', pointer: pointer(id), message: `A rank must be an integer from 1 to ${n}` });
        }
      } else if (typeof value !== 'string' || !vocabulary.has(value)) {
        errors.push({ code: 'BAD_MARK', pointer: pointer(id), message: `A mark must be one of ${[...vocabulary].join(', ')}` });
      }
    }
    if (errors.length > 0) return malformed(errors);

    if (ranked) return judgeRanks(keys.map((id) => marks[id] as number));
    let marked = 0;
    let approvals = 0;
    for (const id of keys) {
      if (marks[id] !== 'ABSTAIN') marked++;
      if (marks[id] === 'APPROVE') approvals++;
    }
    // §3.5: "a ballot marking more projects than the number of seats is invalid; fewer is valid".
    if (spec.kind === 'CHOOSE_K' && approvals > (spec.seats ?? 0)) return { valid: false, reason: 'TOO_MANY_MARKS' };
    return { valid: true, blank: marked === 0 };
  };
}

/**
 * A ranked ballot numbers some candidates 1, 2, …, m by priority (力洋镇 [V L11]); the rest are
 * unranked. Two candidates with the same number, or a skipped number, is a spoilt ballot:
 * the intended order cannot be read off it, as on paper.
 */
function judgeRanks(ranks: number[]): MarksVerdict {
  const sorted = [...ranks].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) return { valid: false, reason: 'DUPLICATE_RANK' };
  }
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i] !== i + 1) return { valid: false, reason: 'RANK_GAP' };
  }
  return { valid: true, blank: ranks.length === 0 };
}

function malformed(errors: MarkError[]): MarksVerdict {
  return { valid: false, reason: 'MALFORMED', errors };
}
