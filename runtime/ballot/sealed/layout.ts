/**
 * What a sealed ballot encrypts: a vector of 0/1 indicators, and the linear constraints whose
 * ranges every ballot proves (ballot-contract "Layout"). The constraints are exactly the rules
 * of a valid ballot (marks.ts), so a ballot that would be spoilt on paper cannot be proven:
 * - CHOOSE_K: per candidate APPROVE, OPPOSE; APPROVE+OPPOSE ∈ [0,1]; Σ APPROVE ∈ [0, seats].
 * - FOR_AGAINST: per item APPROVE, OPPOSE; their sum ∈ [0,1].
 * - SATISFACTION: per item SATISFIED, BASIC, UNSATISFIED; their sum ∈ [0,1].
 * - COMPETENCE: per item the four levels; their sum ∈ [0,1].
 * - RANKED: per candidate c and rank r ∈ 1..m an indicator (mark "r"); per candidate Σ_r ∈ [0,1];
 *   per rank Σ_c ∈ [0,1]; per r < m col_r − col_{r+1} ∈ [0,1] (ranks used are 1..j, no gap).
 * - every kind: a last BLANK indicator; BLANK + x ∈ [0,1] for every other x, and
 *   BLANK + Σ others ∈ [1, M], so BLANK is 1 exactly when nothing else is marked.
 * Constraint order: one [0,1] per indicator (in indicator order), then the kind's constraints in
 * the order above, then the blank ones. The independent verifier derives the same list.
 */
import { resolveSpec } from '../ballot-spec.ts';
import { markNames } from '../marks.ts';
import type { BallotSpec } from '../types.ts';

export { markNames };

export interface Indicator {
  candidateId: string | null;
  mark: string;
}

export interface Constraint {
  terms: Array<[index: number, coef: number]>;
  min: number;
  max: number;
}

export interface BallotLayout {
  indicators: Indicator[];
  constraints: Constraint[];
}

export const BLANK = 'BLANK';

export function ballotLayout(spec: BallotSpec): BallotLayout {
  const s = resolveSpec(spec);
  const marks = markNames(spec);
  const per = marks.length;
  const n = s.candidates.length;
  const indicators: Indicator[] = [];
  for (const c of s.candidates) for (const mark of marks) indicators.push({ candidateId: c.id, mark });
  const M = indicators.length;
  const blank = M;
  indicators.push({ candidateId: null, mark: BLANK });

  const constraints: Constraint[] = indicators.map((_, i) => ({ terms: [[i, 1]], min: 0, max: 1 }));
  const at = (c: number, m: number) => c * per + m;
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  for (let c = 0; c < n; c++) constraints.push({ terms: range(at(c, 0), per).map((i) => [i, 1]), min: 0, max: 1 });
  if (s.kind === 'CHOOSE_K' && s.countRule === 'RANKED') {
    for (let r = 0; r < n; r++) constraints.push({ terms: range(0, n).map((c) => [at(c, r), 1]), min: 0, max: 1 });
    for (let r = 0; r + 1 < n; r++) {
      constraints.push({ terms: range(0, n).flatMap((c): Array<[number, number]> => [[at(c, r), 1], [at(c, r + 1), -1]]), min: 0, max: 1 });
    }
  } else if (s.kind === 'CHOOSE_K') {
    constraints.push({ terms: range(0, n).map((c) => [at(c, 0), 1]), min: 0, max: s.seats ?? 0 });
  }
  for (let i = 0; i < M; i++) constraints.push({ terms: [[blank, 1], [i, 1]], min: 0, max: 1 });
  constraints.push({ terms: [[blank, 1], ...range(0, M).map((i): [number, number] => [i, 1])], min: 1, max: M });
  return { indicators, constraints };
}
