/**
 * Evaluation scoring (DOMAIN.md §5.6), pure: the four models, how rater groups combine by
 * weight, exact halves, ranks, options and the threshold that opens a rectification.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORING_OPTIONS,
  groupFromBallot,
  resolveScoringOptions,
  scoreBallots,
  scoreEvaluation,
  weightedShareAboveHalf,
  type EvaluationResult,
  type RaterGroupResult,
  type ScoringOutcome,
  type SubjectVotes,
} from '../../runtime/evaluation/index.ts';

const group = (name: string, weight: number, issued: number, counts: SubjectVotes[], returned = issued, valid = returned): RaterGroupResult => ({
  group: name,
  weight,
  issued,
  returned,
  valid,
  counts,
});
const sbu = (subjectId: string, S: number, B: number, U: number): SubjectVotes => ({ subjectId, S, B, U });
const ok = (outcome: ScoringOutcome): EvaluationResult => {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
};
const grades = (r: EvaluationResult) => Object.fromEntries(r.subjects.map((s) => [s.subjectId, s.grade]));

describe('MAJORITY_RULE', () => {
  it('with one group is §1.3: 镇海 29 members 17/11/1 满意, 14/1 基本满意, 10/4 不满意 (§9.6)', () => {
    const r = ok(scoreEvaluation('MAJORITY_RULE', [group('SC_MEMBER', 1, 29, [sbu('a', 17, 11, 1), sbu('b', 14, 1, 14), sbu('c', 10, 4, 15)])]));
    expect(grades(r)).toEqual({ a: 'SATISFIED', b: 'BASIC', c: 'UNSATISFIED' });
    expect(r.subjects.map((s) => [s.score, s.shares.SATISFIED_OR_BASIC, s.rank])).toEqual([
      [58.62, 96.55, 1],
      [48.28, 51.72, 2],
      [34.48, 48.28, 3],
    ]);
    expect([r.belowThreshold, r.passed]).toEqual([['c'], ['a', 'b']]);
  });

  it('exactly half of the members is not enough, also across weighted groups', () => {
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', [group('SC', 1, 30, [sbu('a', 15, 0, 15)])])))).toEqual({ a: 'UNSATISFIED' });
    // 0.5·(7/14) + 0.5·(10/20) = ½ exactly; one more satisfied deputy tips it.
    const half = [group('SC', 0.5, 14, [sbu('a', 7, 7, 0)]), group('DEP', 0.5, 20, [sbu('a', 10, 10, 0)])];
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', half)))).toEqual({ a: 'BASIC' });
    const more = [group('SC', 0.5, 14, [sbu('a', 7, 7, 0)]), group('DEP', 0.5, 20, [sbu('a', 11, 9, 0)])];
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', more)))).toEqual({ a: 'SATISFIED' });
    // Weights 0.1 and 0.2 do not sum to 0.3 in floats; the comparison is exact all the same.
    expect(weightedShareAboveHalf([{ weight: 0.1, votes: 1, base: 2 }, { weight: 0.2, votes: 1, base: 2 }])).toBe(false);
  });

  it('combines the groups’ shares of their rolls by weight: the committee lifts what the deputies alone rate 基本满意', () => {
    const groups = [group('SC_MEMBER', 0.4, 35, [sbu('head', 24, 9, 1)], 34), group('DEPUTY', 0.6, 1126, [sbu('head', 540, 430, 100)], 1100)];
    const r = ok(scoreEvaluation('MAJORITY_RULE', groups));
    expect(r.subjects[0]).toMatchObject({ grade: 'SATISFIED', score: 56.2, groups: [{ group: 'SC_MEMBER', weight: 0.4, base: 35, score: 68.57 }, { group: 'DEPUTY', weight: 0.6, base: 1126, score: 47.96 }] });
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', [groups[1] as RaterGroupResult])))).toEqual({ head: 'BASIC' });
    // Weights are relative: 40 and 60 score the same.
    const scaled = ok(scoreEvaluation('MAJORITY_RULE', groups.map((g) => ({ ...g, weight: g.weight * 100 }))));
    expect(scaled.subjects).toEqual(r.subjects);
  });

  it('counts against those present or the valid ballots when the county says so (§11 A10)', () => {
    // 29 members, 20 present, 11/5/4: 全体 → 基本满意, 实到 → 满意.
    const g = [group('SC', 1, 29, [sbu('a', 11, 5, 4)], 20)];
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', g)))).toEqual({ a: 'BASIC' });
    expect(grades(ok(scoreEvaluation('MAJORITY_RULE', g, { basis: 'PRESENT' })))).toEqual({ a: 'SATISFIED' });
  });

  it('leaves a group out of a subject it did not rate and renormalises the weights', () => {
    const r = ok(scoreEvaluation('MAJORITY_RULE', [group('SC', 0.4, 10, [sbu('a', 6, 4, 0), sbu('b', 2, 2, 6)]), group('DEP', 0.6, 10, [sbu('a', 2, 2, 6)])]));
    expect(r.subjects.find((s) => s.subjectId === 'b')).toMatchObject({ grade: 'UNSATISFIED', score: 20, groups: [{ group: 'SC', weight: 1 }] });
  });
});

describe('PERCENT_SATISFIED', () => {
  it('ranks by S / valid ballots (酉阳: 97 % … 73 %), an unrated item still a valid ballot', () => {
    const r = ok(scoreEvaluation('PERCENT_SATISFIED', [group('SC', 1, 35, [sbu('x', 29, 1, 0), sbu('y', 22, 6, 2), sbu('z', 30, 0, 0)], 30)]));
    expect(r.subjects.map((s) => [s.subjectId, s.score, s.grade, s.rank])).toEqual([
      ['x', 96.67, 'SATISFIED', 2],
      ['y', 73.33, 'SATISFIED', 3],
      ['z', 100, 'SATISFIED', 1],
    ]);
    expect(r.ranking).toEqual(['z', 'x', 'y']);
  });

  it('weights the groups’ rates and shares a rank on equal rates', () => {
    const r = ok(scoreEvaluation('PERCENT_SATISFIED', [group('A', 1, 10, [sbu('p', 4, 4, 2), sbu('q', 4, 4, 2), sbu('r', 9, 1, 0)]), group('B', 3, 100, [sbu('p', 40, 20, 40), sbu('q', 40, 20, 40), sbu('r', 50, 50, 0)])]));
    expect(r.subjects.map((s) => [s.subjectId, s.score, s.grade, s.rank])).toEqual([
      ['p', 40, 'BASIC', 2],
      ['q', 40, 'BASIC', 2],
      ['r', 60, 'SATISFIED', 1],
    ]);
  });
});

describe('WEIGHTED_SCORE', () => {
  it('maps S/B/U to 100/75/55, weights the groups and grades by the 85/75/60 bands', () => {
    // SC (0.3): 8 S, 2 B → 95; deputies (0.7): 50 S 30 B 20 U → 83.5. 0.3·95 + 0.7·83.5 = 86.95 → 满意.
    const r = ok(
      scoreEvaluation('WEIGHTED_SCORE', [
        group('SC', 0.3, 10, [sbu('a', 8, 2, 0), sbu('b', 0, 10, 0), sbu('c', 0, 0, 10), sbu('d', 0, 5, 5)]),
        group('DEP', 0.7, 100, [sbu('a', 50, 30, 20), sbu('b', 0, 100, 0), sbu('c', 0, 0, 100), sbu('d', 0, 50, 50)]),
      ]),
    );
    expect(r.subjects.map((s) => [s.subjectId, s.score, s.grade])).toEqual([
      ['a', 86.95, 'SATISFIED'],
      ['b', 75, 'FAIRLY_SATISFIED'],
      ['c', 55, 'UNSATISFIED'],
      ['d', 65, 'BASIC'],
    ]);
    expect(r.belowThreshold).toEqual(['c']);
    expect(r.ranking).toEqual(['a', 'b', 'd', 'c']);
  });

  it('leaves 不了解 (unrated) out of the mean, bands the rounded score, and takes the county’s points and bands', () => {
    // 2 S and 1 B of 3 rated (7 did not rate): (200 + 75) / 3 = 91.67.
    expect(ok(scoreEvaluation('WEIGHTED_SCORE', [group('X', 1, 10, [sbu('a', 2, 1, 0)])])).subjects[0]).toMatchObject({ score: 91.67, grade: 'SATISFIED' });
    // (100 + 69.99) / 2 = 84.995 rounds to 85.00 as published → 满意.
    const edge = scoreEvaluation('WEIGHTED_SCORE', [group('X', 1, 200, [sbu('a', 1, 0, 1)])], { points: { SATISFIED: 100, BASIC: 75, UNSATISFIED: 69.99 } });
    expect(ok(edge).subjects[0]).toMatchObject({ score: 85, grade: 'SATISFIED' });
    const custom = scoreEvaluation('WEIGHTED_SCORE', [group('X', 1, 10, [sbu('a', 5, 5, 0)])], {
      points: { SATISFIED: 100, BASIC: 80, UNSATISFIED: 0 },
      bands: [{ grade: 'SATISFIED', min: 90 }, { grade: 'BASIC', min: 70 }],
    });
    expect(ok(custom).subjects[0]).toMatchObject({ score: 90, grade: 'SATISFIED' });
  });
});

describe('COMPETENCE_SCALE', () => {
  const comp = (subjectId: string, EXCELLENT: number, COMPETENT: number, BASIC_COMPETENT: number, INCOMPETENT: number): SubjectVotes => ({ subjectId, EXCELLENT, COMPETENT, BASIC_COMPETENT, INCOMPETENT });

  it('grades by cumulative majorities of the roll: 优秀 > ½, 优秀+称职 > ½, … else 不称职 (武定: 3 优秀, 11 称职)', () => {
    const r = ok(scoreEvaluation('COMPETENCE_SCALE', [group('SC', 1, 29, [comp('a', 16, 10, 3, 0), comp('b', 10, 10, 9, 0), comp('c', 5, 5, 10, 9), comp('d', 2, 3, 9, 15), comp('e', 14, 1, 0, 14)])]));
    expect(grades(r)).toEqual({ a: 'EXCELLENT', b: 'COMPETENT', c: 'BASIC_COMPETENT', d: 'INCOMPETENT', e: 'COMPETENT' });
    expect(r.subjects[0]?.shares).toEqual({ EXCELLENT: 55.17, COMPETENT_OR_BETTER: 89.66, BASIC_COMPETENT_OR_BETTER: 100 });
    expect(r.belowThreshold).toEqual(['d']);
    expect(r.ranking).toEqual(['a', 'b', 'e', 'c', 'd']);
  });

  it('needs the competence counts, not S/B/U', () => {
    const r = scoreEvaluation('COMPETENCE_SCALE', [group('SC', 1, 29, [sbu('a', 20, 9, 0)])]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'BAD_COUNTS', pointer: '/groups/0/counts/0/EXCELLENT' });
  });
});

describe('options, threshold and input', () => {
  it('defaults to the documented values and refuses bad ones with pointers', () => {
    expect(resolveScoringOptions(undefined)).toEqual({ options: DEFAULT_SCORING_OPTIONS, errors: [] });
    const bad = resolveScoringOptions({ basis: 'SOME', points: { SATISFIED: -1 }, bands: [{ grade: 'BASIC', min: 60 }, { grade: 'SATISFIED', min: 85 }], rectifyBelow: { MAJORITY_RULE: 'EXCELLENT' }, colour: 'red' });
    expect(bad.errors.map((e) => e.pointer)).toEqual(['/options/colour', '/options/basis', '/options/points/SATISFIED', '/options/bands/1', '/options/rectifyBelow/MAJORITY_RULE']);
    expect(scoreEvaluation('MAJORITY_RULE', [group('SC', 1, 10, [sbu('a', 9, 0, 0)])], { decimals: 9 }).ok).toBe(false);
  });

  it('moves the threshold: with rectifyBelow SATISFIED a 基本满意 subject rectifies too', () => {
    const g = [group('SC', 1, 29, [sbu('a', 17, 11, 1), sbu('b', 14, 1, 14)])];
    expect(ok(scoreEvaluation('MAJORITY_RULE', g)).belowThreshold).toEqual([]);
    expect(ok(scoreEvaluation('MAJORITY_RULE', g, { rectifyBelow: { MAJORITY_RULE: 'SATISFIED' } })).belowThreshold).toEqual(['b']);
  });

  it('reads a BALLOT_CLOSED result, refuses one without a result, and leaves out a group of weight 0', () => {
    const closed = { ballotId: 'b1', status: 'DECIDED', issued: 29, returned: 29, valid: 29, counts: [{ candidateId: 'a', S: 17, B: 11, U: 1, abstain: 0, rating: 'SATISFIED' }] };
    expect(groupFromBallot('SC', 1, closed).group).toEqual({ group: 'SC', weight: 1, issued: 29, returned: 29, valid: 29, counts: [{ subjectId: 'a', S: 17, B: 11, U: 1 }] });
    expect(groupFromBallot('SC', 1, { ...closed, status: 'NO_QUORUM' }).errors[0]?.code).toBe('GROUP_WITHOUT_RESULT');
    expect(groupFromBallot('SC', -1, closed).errors[0]?.code).toBe('BAD_WEIGHT');
    const r = scoreBallots('MAJORITY_RULE', [{ group: 'SC', weight: 1, result: closed }, { group: 'DEP', weight: 0, result: null }]);
    expect(ok(r).subjects[0]?.groups.map((g) => g.group)).toEqual(['SC']);
    expect(scoreBallots('MAJORITY_RULE', [{ group: 'DEP', weight: 0, result: null }])).toMatchObject({ ok: false, errors: [{ code: 'NO_GROUPS' }] });
    expect(scoreBallots('BEST_OF', [{ group: 'SC', weight: 1, result: closed }])).toMatchObject({ ok: false, errors: [{ code: 'UNKNOWN_MODEL' }] });
  });

  it('refuses more ratings than valid ballots and a subject counted twice', () => {
    const r = scoreEvaluation('MAJORITY_RULE', [group('SC', 1, 10, [sbu('a', 9, 2, 0), sbu('a', 1, 1, 1)])]);
    expect(!r.ok && r.errors.map((e) => e.pointer)).toEqual(['/groups/0/counts/0', '/groups/0/counts/1']);
  });
});
