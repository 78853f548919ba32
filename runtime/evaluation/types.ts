/**
 * Types of evaluation scoring (评议测评计分, DOMAIN.md §5.6): the per-group vote counts that go
 * in, the options a county may change, and the per-subject results that come out. Pure data.
 */

/** §5.6 `evaluationScoring` (DOMAIN §12 `evaluation.scoring`). */
export const SCORING_MODELS = ['MAJORITY_RULE', 'PERCENT_SATISFIED', 'WEIGHTED_SCORE', 'COMPETENCE_SCALE'] as const;
export type ScoringModel = (typeof SCORING_MODELS)[number];

/** Grades of all scales; each model uses one scale (`GRADE_SCALES`). */
export type Grade =
  | 'SATISFIED' // 满意
  | 'FAIRLY_SATISFIED' // 比较满意 (WEIGHTED_SCORE's 4-level bands, §1.2 variant)
  | 'BASIC' // 基本满意
  | 'UNSATISFIED' // 不满意
  | 'EXCELLENT' // 优秀
  | 'COMPETENT' // 称职
  | 'BASIC_COMPETENT' // 基本称职
  | 'INCOMPETENT'; // 不称职

/** Each model's grades, best first. */
export const GRADE_SCALES: Readonly<Record<ScoringModel, readonly Grade[]>> = {
  MAJORITY_RULE: ['SATISFIED', 'BASIC', 'UNSATISFIED'],
  PERCENT_SATISFIED: ['SATISFIED', 'BASIC', 'UNSATISFIED'],
  WEIGHTED_SCORE: ['SATISFIED', 'FAIRLY_SATISFIED', 'BASIC', 'UNSATISFIED'],
  COMPETENCE_SCALE: ['EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT'],
};

/** Vote counts of one subject in one group: S/B/U (satisfaction ballots) or the four competence levels. */
export interface SubjectVotes {
  subjectId: string;
  S?: number;
  B?: number;
  U?: number;
  EXCELLENT?: number;
  COMPETENT?: number;
  BASIC_COMPETENT?: number;
  INCOMPETENT?: number;
}

/** One rater group's closed ballot (e.g. the standing committee's) and its weight. */
export interface RaterGroupResult {
  /** Group code, e.g. `SC_MEMBER`, `DEPUTY` (F4.1 `voterGroups[].group`). */
  group: string;
  /** > 0; weights are relative (0.4 and 0.6, or 40 and 60, score the same) and taken to 6 decimals. */
  weight: number;
  /** Ballots issued = the roll N. */
  issued: number;
  returned: number;
  valid: number;
  counts: readonly SubjectVotes[];
}

/** What "more than half" is counted against for MAJORITY_RULE and COMPETENCE_SCALE (§11 A10). */
export type ScoringBasis = 'ALL_MEMBERS' | 'PRESENT' | 'VALID_VOTES';

export interface GradeBand {
  grade: Grade;
  /** A score at or above `min` earns the grade. */
  min: number;
}

export interface ScoringOptions {
  /** MAJORITY_RULE and COMPETENCE_SCALE: default `ALL_MEMBERS` (全体组成人员, §1.3 [V L19]). */
  basis?: ScoringBasis;
  /** WEIGHTED_SCORE: points per rating, default S 100 · B 75 · U 55 (§5.6 [V E18]). */
  points?: { SATISFIED: number; BASIC: number; UNSATISFIED: number };
  /** WEIGHTED_SCORE: bands, best first, default ≥85 满意 · ≥75 比较满意 · ≥60 基本满意; below the last: 不满意 (§5.6 [V E20]). */
  bands?: readonly GradeBand[];
  /** Per model, the lowest grade that needs no rectification; default 基本满意 / 基本称职. */
  rectifyBelow?: Partial<Record<ScoringModel, Grade>>;
  /** Decimals of the published score (default 2); WEIGHTED_SCORE bands compare the rounded score. */
  decimals?: number;
}

export interface ResolvedScoringOptions {
  basis: ScoringBasis;
  points: { SATISFIED: number; BASIC: number; UNSATISFIED: number };
  bands: GradeBand[];
  rectifyBelow: Record<ScoringModel, Grade>;
  decimals: number;
}

/** One group's part in a subject's result. */
export interface GroupScore {
  group: string;
  /** Weight share after normalising over the groups that rated the subject (sums to 1). */
  weight: number;
  /** The denominator used: N, returned, valid ballots or rated ballots, by model. */
  base: number;
  /** The group's own figure (percent or points), rounded; null when its base is 0. */
  score: number | null;
}

export interface SubjectResult {
  subjectId: string;
  grade: Grade | null;
  /**
   * The model's figure, rounded to `decimals`: weighted percent satisfied (MAJORITY_RULE, of
   * the basis; PERCENT_SATISFIED, of valid ballots), weighted points (WEIGHTED_SCORE), weighted
   * percent 优秀+称职 of the basis (COMPETENCE_SCALE). Null when no group has a base for it.
   */
  score: number | null;
  /**
   * The weighted cumulative shares in percent, rounded, best level first: `SATISFIED`,
   * `SATISFIED_OR_BASIC` (satisfaction models; WEIGHTED_SCORE of rated ballots), or
   * `EXCELLENT`, `COMPETENT_OR_BETTER`, `BASIC_COMPETENT_OR_BETTER` (COMPETENCE_SCALE).
   */
  shares: Record<string, number | null>;
  /** 1 = best; equal figures share a rank (1, 2, 2, 4). Null without a grade. */
  rank: number | null;
  belowThreshold: boolean;
  groups: GroupScore[];
}

export interface EvaluationResult {
  model: ScoringModel;
  options: ResolvedScoringOptions;
  /** In the order subjects first appear in the groups' counts. */
  subjects: SubjectResult[];
  /** Subject ids best first. */
  ranking: string[];
  /** Subjects whose grade is below the threshold: they get a rectification (§5.4). */
  belowThreshold: string[];
  /** The others with a grade: they close. */
  passed: string[];
}

export type ScoringErrorCode =
  | 'UNKNOWN_MODEL'
  | 'NO_GROUPS'
  | 'BAD_WEIGHT'
  | 'BAD_COUNTS'
  | 'GROUP_WITHOUT_RESULT'
  | 'BAD_OPTIONS';

export interface ScoringError {
  code: ScoringErrorCode;
  /** Where: `/groups/1/counts/3/S`, `/options/bands`, `/model`. */
  pointer: string;
  message: string;
}

/** Expected failures are values: the engine writes them into the context instead of throwing. */
export type ScoringOutcome = { ok: true; result: EvaluationResult } | { ok: false; errors: ScoringError[] };
