/**
 * Scoring an evaluation (评议测评, DOMAIN.md §5.6) from the rater groups' ballots. Pure.
 *
 * Per subject, every group that rated it contributes with its weight, normalised over those
 * groups (a group that did not rate a subject, or whose base is 0, is left out for it):
 *
 * - MAJORITY_RULE (default, §1.3 [V L19]): per group the shares S/N and (S+B)/N, N the basis
 *   (default all members of the group's roll, §11 A10). The weighted shares decide, each
 *   against ½ and strictly: SATISFIED if Σw·S/N > ½, else BASIC if Σw·(S+B)/N > ½, else
 *   UNSATISFIED. With one group this is exactly §1.3 (2·S > N). Score: weighted S/N in %.
 * - PERCENT_SATISFIED (酉阳 [V E3]): per group S/valid and (S+B)/valid (an item left unrated
 *   is still a valid ballot, §1.3 rates); weighted; grades as above but over valid ballots.
 *   Ranked by the weighted S/valid alone. Score: that rate in %.
 * - WEIGHTED_SCORE ([V E18–E20], analog): per group the mean points of those who rated the
 *   subject (S, B, U → points; 不了解/abstain left out, §1.2); the weighted mean is the score,
 *   rounded to `decimals`, and the bands grade the rounded score (≥ min, best band first;
 *   below the last: UNSATISFIED).
 * - COMPETENCE_SCALE ([V E2]; rule [R], see runtime/ballot/competence.ts): per group the
 *   cumulative shares E/N, (E+C)/N, (E+C+BC)/N; weighted; EXCELLENT if the first > ½, else
 *   COMPETENT if the second > ½, else BASIC_COMPETENT if the third > ½, else INCOMPETENT.
 *   Score: weighted (E+C)/N in % (称职率).
 *
 * Rank: by grade, then score, then the shares (PERCENT_SATISFIED: by score, then shares);
 * equal keys share a rank. Below threshold: a grade worse than `rectifyBelow[model]`.
 */
import { resolveScoringOptions, isScoringModel } from './options.ts';
import {
  GRADE_SCALES,
  type Grade,
  type GroupScore,
  type RaterGroupResult,
  type ResolvedScoringOptions,
  type ScoringError,
  type ScoringModel,
  type ScoringOptions,
  type ScoringOutcome,
  type SubjectResult,
  type SubjectVotes,
} from './types.ts';
import { roundTo, weightedShare, weightedShareAboveHalf, type ShareTerm } from './weighted-share.ts';

type Level = Exclude<keyof SubjectVotes, 'subjectId'>;

const LEVELS_OF: Record<ScoringModel, readonly Level[]> = {
  MAJORITY_RULE: ['S', 'B', 'U'],
  PERCENT_SATISFIED: ['S', 'B', 'U'],
  WEIGHTED_SCORE: ['S', 'B', 'U'],
  COMPETENCE_SCALE: ['EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT'],
};

/** One group's votes on one subject, with the group. */
interface Rating {
  group: RaterGroupResult;
  votes: Required<Pick<SubjectVotes, Level>>;
}

interface Scored {
  grade: Grade | null;
  score: number | null;
  shares: Record<string, number | null>;
  groups: GroupScore[];
}

export function scoreEvaluation(model: ScoringModel, groups: readonly RaterGroupResult[], options?: ScoringOptions): ScoringOutcome {
  const errors: ScoringError[] = [];
  if (!isScoringModel(model)) errors.push({ code: 'UNKNOWN_MODEL', pointer: '/model', message: `"${String(model)}" is not a scoring model` });
  const resolved = resolveScoringOptions(options);
  errors.push(...resolved.errors);
  if (groups.length === 0) errors.push({ code: 'NO_GROUPS', pointer: '/groups', message: 'At least one rater group is needed' });
  if (errors.length === 0) errors.push(...checkGroups(model, groups));
  if (errors.length > 0) return { ok: false, errors };

  const opts = resolved.options;
  const ratings = new Map<string, Rating[]>();
  for (const group of groups) {
    for (const c of group.counts) {
      const list = ratings.get(c.subjectId) ?? [];
      const votes = Object.fromEntries(ALL_LEVELS.map((l) => [l, c[l] ?? 0])) as Rating['votes'];
      list.push({ group, votes });
      ratings.set(c.subjectId, list);
    }
  }
  const subjects: SubjectResult[] = [...ratings].map(([subjectId, list]) => {
    const s = scoreSubject(model, list, opts);
    const scale = GRADE_SCALES[model];
    const belowThreshold = s.grade !== null && scale.indexOf(s.grade) > scale.indexOf(opts.rectifyBelow[model]);
    return { subjectId, ...s, rank: null, belowThreshold };
  });
  const ranking = rank(model, subjects);
  return {
    ok: true,
    result: {
      model,
      options: opts,
      subjects,
      ranking,
      belowThreshold: subjects.filter((s) => s.belowThreshold).map((s) => s.subjectId),
      passed: subjects.filter((s) => s.grade !== null && !s.belowThreshold).map((s) => s.subjectId),
    },
  };
}

const ALL_LEVELS: readonly Level[] = ['S', 'B', 'U', 'EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT'];

function checkGroups(model: ScoringModel, groups: readonly RaterGroupResult[]): ScoringError[] {
  const errors: ScoringError[] = [];
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  groups.forEach((g, i) => {
    if (typeof g.weight !== 'number' || !Number.isFinite(g.weight) || g.weight <= 0) {
      errors.push({ code: 'BAD_WEIGHT', pointer: `/groups/${i}/weight`, message: `Group ${g.group}'s weight must be a number > 0` });
    }
    for (const key of ['issued', 'returned', 'valid'] as const) {
      if (!count(g[key])) errors.push({ code: 'BAD_COUNTS', pointer: `/groups/${i}/${key}`, message: `${key} must be an integer ≥ 0` });
    }
    const seen = new Set<string>();
    g.counts.forEach((c, j) => {
      if (seen.has(c.subjectId)) errors.push({ code: 'BAD_COUNTS', pointer: `/groups/${i}/counts/${j}`, message: `Subject ${c.subjectId} is counted twice` });
      seen.add(c.subjectId);
      for (const level of LEVELS_OF[model]) {
        if (!count(c[level])) errors.push({ code: 'BAD_COUNTS', pointer: `/groups/${i}/counts/${j}/${level}`, message: `${model} needs ${level} as an integer ≥ 0` });
      }
      const rated = LEVELS_OF[model].reduce((s, l) => s + (c[l] ?? 0), 0);
      if (count(g.valid) && rated > g.valid) errors.push({ code: 'BAD_COUNTS', pointer: `/groups/${i}/counts/${j}`, message: `More ratings of ${c.subjectId} than valid ballots` });
    });
  });
  return errors;
}

function basisOf(group: RaterGroupResult, opts: ResolvedScoringOptions): number {
  return opts.basis === 'PRESENT' ? group.returned : opts.basis === 'VALID_VOTES' ? group.valid : group.issued;
}

const pct = (share: number | null, decimals: number) => (share === null ? null : roundTo(share * 100, decimals));

function scoreSubject(model: ScoringModel, list: readonly Rating[], opts: ResolvedScoringOptions): Scored {
  if (model === 'WEIGHTED_SCORE') return weightedScore(list, opts);
  const base = (r: Rating) => (model === 'PERCENT_SATISFIED' ? r.group.valid : basisOf(r.group, opts));
  const used = list.filter((r) => base(r) > 0);
  const terms = (votes: (r: Rating) => number): ShareTerm[] => used.map((r) => ({ weight: r.group.weight, votes: votes(r), base: base(r) }));
  const ladder: Array<[Grade, ShareTerm[]]> =
    model === 'COMPETENCE_SCALE'
      ? [
          ['EXCELLENT', terms((r) => r.votes.EXCELLENT)],
          ['COMPETENT', terms((r) => r.votes.EXCELLENT + r.votes.COMPETENT)],
          ['BASIC_COMPETENT', terms((r) => r.votes.EXCELLENT + r.votes.COMPETENT + r.votes.BASIC_COMPETENT)],
        ]
      : [
          ['SATISFIED', terms((r) => r.votes.S)],
          ['BASIC', terms((r) => r.votes.S + r.votes.B)],
        ];
  const shareNames = model === 'COMPETENCE_SCALE' ? ['EXCELLENT', 'COMPETENT_OR_BETTER', 'BASIC_COMPETENT_OR_BETTER'] : ['SATISFIED', 'SATISFIED_OR_BASIC'];
  const shares = Object.fromEntries(ladder.map(([, t], i) => [shareNames[i] as string, pct(weightedShare(t), opts.decimals)]));
  const bottom = model === 'COMPETENCE_SCALE' ? 'INCOMPETENT' : 'UNSATISFIED';
  const grade = used.length === 0 ? null : (ladder.find(([, t]) => weightedShareAboveHalf(t))?.[0] ?? bottom);
  // The score: share satisfied (satisfaction models) or 优秀+称职 (competence).
  const primary = model === 'COMPETENCE_SCALE' ? 1 : 0;
  const primaryVotes = (r: Rating) => (model === 'COMPETENCE_SCALE' ? r.votes.EXCELLENT + r.votes.COMPETENT : r.votes.S);
  return {
    grade,
    score: shares[shareNames[primary] as string] ?? null,
    shares,
    groups: groupScores(list, used, base, (r) => primaryVotes(r) / base(r), opts),
  };
}

function weightedScore(list: readonly Rating[], opts: ResolvedScoringOptions): Scored {
  const p = opts.points;
  const rated = (r: Rating) => r.votes.S + r.votes.B + r.votes.U;
  const used = list.filter((r) => rated(r) > 0);
  const points = (r: Rating) => (p.SATISFIED * r.votes.S + p.BASIC * r.votes.B + p.UNSATISFIED * r.votes.U) / rated(r);
  const total = used.reduce((s, r) => s + r.group.weight, 0);
  const raw = used.length === 0 ? null : used.reduce((s, r) => s + r.group.weight * points(r), 0) / total;
  const score = raw === null ? null : roundTo(raw, opts.decimals);
  const grade = score === null ? null : (opts.bands.find((b) => score >= b.min)?.grade ?? 'UNSATISFIED');
  const terms = (votes: (r: Rating) => number): ShareTerm[] => used.map((r) => ({ weight: r.group.weight, votes: votes(r), base: rated(r) }));
  return {
    grade,
    score,
    shares: {
      SATISFIED: pct(weightedShare(terms((r) => r.votes.S)), opts.decimals),
      SATISFIED_OR_BASIC: pct(weightedShare(terms((r) => r.votes.S + r.votes.B)), opts.decimals),
    },
    groups: groupScores(list, used, rated, (r) => points(r) / 100, opts),
  };
}

/** Each group's own figure and its normalised weight (0 for a group left out). */
function groupScores(list: readonly Rating[], used: readonly Rating[], base: (r: Rating) => number, figure: (r: Rating) => number, opts: ResolvedScoringOptions): GroupScore[] {
  const total = used.reduce((s, r) => s + r.group.weight, 0);
  return list.map((r) => {
    const counted = used.includes(r);
    return { group: r.group.group, weight: counted ? r.group.weight / total : 0, base: base(r), score: counted ? pct(figure(r), opts.decimals) : null };
  });
}

/** Competition ranking ("1224"); subjects without a grade get no rank. Returns ids best first. */
function rank(model: ScoringModel, subjects: SubjectResult[]): string[] {
  const scale = GRADE_SCALES[model];
  const key = (s: SubjectResult): number[] => [
    ...(model === 'PERCENT_SATISFIED' ? [] : [-scale.indexOf(s.grade as Grade)]),
    s.score ?? -Infinity,
    ...Object.values(s.shares).map((v) => v ?? -Infinity),
  ];
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) {
      const d = (b[i] as number) - (a[i] as number);
      if (Math.abs(d) > 1e-9) return d;
    }
    return 0;
  };
  const graded = subjects.map((s, order) => ({ s, order, k: key(s) })).filter((x) => x.s.grade !== null);
  graded.sort((a, b) => compare(a.k, b.k) || a.order - b.order);
  graded.forEach((x, i) => {
    const prev = graded[i - 1];
    x.s.rank = prev && compare(prev.k, x.k) === 0 ? (prev.s.rank as number) : i + 1;
  });
  return graded.map((x) => x.s.subjectId);
}
