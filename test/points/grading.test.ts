/**
 * The annual grades (runtime/points/grading.ts) against an independent computation for 200
 * deputies: scores as exact fractions with BigInt, bands by scanning, ranks by counting; both
 * modes, many ties (points drawn from a small range), and totals put exactly on band edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkGrading, gradeDeputies, type GradeBand, type GradingInput, type GradingMode } from '../../runtime/points/index.ts';

const DEFAULT_BANDS: GradeBand[] = [
  { grade: 'GOOD', title: '好', title_en: 'Good', min: 80, commend: true },
  { grade: 'FAIR', title: '较好', title_en: 'Fairly good', min: 60 },
  { grade: 'POOR', title: '差', title_en: 'Poor', min: 0, interview: true },
];
const FOUR_BANDS: GradeBand[] = [
  { grade: 'EXCELLENT', title: '优秀', title_en: 'Excellent', min: 90, commend: true },
  { grade: 'COMPETENT', title: '称职', title_en: 'Competent', min: 70 },
  { grade: 'BASIC', title: '基本称职', title_en: 'Basically competent', min: 59.5 },
  { grade: 'INCOMPETENT', title: '不称职', title_en: 'Incompetent', min: 0, interview: true },
];

/** score ≥ min, decided on exact fractions: score = num/den, min in hundredths. */
function independent(mode: GradingMode, bands: GradeBand[], deputies: GradingInput[]) {
  const n = deputies.length;
  let top = 0;
  for (const d of deputies) if (d.points > top) top = d.points;
  return deputies.map((d) => {
    let num: bigint;
    let den: bigint;
    if (mode === 'NORMALISED_100') {
      [num, den] = top <= 0 || d.points <= 0 ? [0n, 1n] : [100n * BigInt(d.points), BigInt(top)];
    } else {
      let below = 0;
      for (const o of deputies) if (o.points < d.points) below++;
      [num, den] = n === 1 ? [100n, 1n] : [100n * BigInt(below), BigInt(n - 1)];
    }
    const byMin = [...bands].sort((a, b) => b.min - a.min);
    let grade = byMin[byMin.length - 1]!;
    for (const b of byMin) {
      if (num * 100n >= BigInt(Math.round(b.min * 100)) * den) {
        grade = b;
        break;
      }
    }
    let more = 0;
    for (const o of deputies) if (o.points > d.points) more++;
    return { deputyId: d.deputyId, grade: grade.grade, rank: more + 1, score: Number(num) / Number(den), second: grade.interview === true && d.interviewedLastYear };
  });
}

const deputy = (i: number, points: number, last = false): GradingInput => ({
  deputyId: `d${String(i).padStart(3, '0')}`,
  name: `代表${i}`,
  delegation: `代表团${i % 7}`,
  group: null,
  points,
  interviewedLastYear: last,
  selfEvaluation: 'CHECKED',
});

describe('annual grading', () => {
  it('checks the settings: words, a band from 0, no repeats', () => {
    expect(checkGrading({ mode: 'NORMALISED_100', bands: DEFAULT_BANDS }).ok).toBe(true);
    const noZero = checkGrading({ mode: 'PERCENTILE', bands: [{ grade: 'A', title: '甲', title_en: 'A', min: 50 }] });
    expect(noZero.ok ? [] : noZero.errors.map((e) => e.message)).toEqual(['最低一档的分数线须为 0']);
    const bad = checkGrading({ mode: 'X', bands: [{ grade: 'a', title: '', title_en: 'A', min: 101 }] });
    expect(bad.ok).toBe(false);
  });

  for (const mode of ['NORMALISED_100', 'PERCENTILE'] as const) {
    for (const [name, bands] of [['default', DEFAULT_BANDS], ['four bands', FOUR_BANDS]] as const) {
      it(`${mode}, ${name}: 200 deputies agree with the independent computation (ties, edges)`, () => {
        fc.assert(
          fc.property(fc.array(fc.integer({ min: -10, max: 60 }), { minLength: 200, maxLength: 200 }), fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }), (pts, last) => {
            // Put deputies exactly on the edges: 60 is the top, so 48 = 80 and 36 = 60 (normalised).
            const points = [60, 48, 36, 54, 42, 35, ...pts.slice(6)];
            const list = points.map((p, i) => deputy(i, p, last[i]));
            const settings = checkGrading({ mode, bands });
            if (!settings.ok) throw new Error('settings');
            const got = gradeDeputies(settings.settings, list);
            const want = independent(mode, bands, list);
            expect(got).toHaveLength(200);
            const byId = new Map(got.map((r) => [r.deputyId, r]));
            for (const w of want) {
              const g = byId.get(w.deputyId)!;
              expect([g.grade, g.rank, g.secondPoorYear], w.deputyId).toEqual([w.grade, w.rank, w.second]);
              expect(Math.abs(g.score - w.score)).toBeLessThanOrEqual(0.005);
            }
          }),
          { numRuns: 25, seed: 20261207 },
        );
      });
    }
  }

  it('puts a deputy exactly on an edge in the upper band, and one point below in the lower', () => {
    const settings = checkGrading({ mode: 'NORMALISED_100', bands: DEFAULT_BANDS });
    if (!settings.ok) throw new Error('settings');
    const rows = gradeDeputies(settings.settings, [deputy(1, 60), deputy(2, 48), deputy(3, 47), deputy(4, 36), deputy(5, 35, true), deputy(6, 48)]);
    const grade = Object.fromEntries(rows.map((r) => [r.deputyId, [r.grade, r.score, r.rank]]));
    expect(grade).toEqual({
      d001: ['GOOD', 100, 1],
      d002: ['GOOD', 80, 2],
      d006: ['GOOD', 80, 2],
      d003: ['FAIR', 78.33, 4],
      d004: ['FAIR', 60, 5],
      d005: ['POOR', 58.33, 6],
    });
    expect(rows.find((r) => r.deputyId === 'd005')!.secondPoorYear).toBe(true);
  });
});
