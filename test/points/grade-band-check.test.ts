/**
 * A county's grade bands in words (runtime/points/grade-band-check.ts): bands that cover 0–100
 * pass, by score or by percentile; a gap, an overlap, an upper end or a score out of range is
 * named by the band's title, and nothing checkGrading refuses passes.
 */
import { describe, expect, it } from 'vitest';
import { checkGrading, gradeBandProblems } from '../../runtime/points/index.ts';

const band = (grade: string, title: string, min: number, extra: Record<string, unknown> = {}) => ({ grade, title, title_en: grade, min, ...extra });
const DEFAULT = [band('GOOD', '好', 80, { commend: true }), band('FAIR', '较好', 60), band('POOR', '差', 0, { interview: true })];

describe('grade bands checked in words', () => {
  it('bands covering 0–100 pass in either mode', () => {
    expect(gradeBandProblems('NORMALISED_100', DEFAULT)).toEqual([]);
    expect(gradeBandProblems('PERCENTILE', [band('A', '甲', 90), band('B', '乙', 10), band('C', '丙', 0)])).toEqual([]);
    expect(gradeBandProblems('PERCENTILE', [band('ALL', '全体', 0)])).toEqual([]);
  });

  it('names the band of each problem', () => {
    const messages = (bands: unknown[]) => gradeBandProblems('NORMALISED_100', bands).map((p) => `${p.pointer} ${p.message}`);
    expect(messages([band('GOOD', '好', 80), band('FAIR', '较好', 60)])).toEqual(['/bands/1/min 0 至 60 分没有等次（缺口）：最低一档第2档“较好”的最低分须为 0，现为 60']);
    expect(messages([band('GOOD', '好', 60), band('FAIR', '较好', 60), band('POOR', '差', 0)])).toEqual(['/bands/1/min 第2档“较好”与第1档“好”的最低分都是 60 分，两档重叠']);
    expect(messages([band('GOOD', '好', 80, { max: 100 }), band('POOR', '差', 0)])[0]).toMatch(/^\/bands\/0\/max 第1档“好”写了上限（max）/);
    expect(messages([band('GOOD', '好', -5), band('POOR', '差', 0)])).toEqual(['/bands/0/min 第1档“好”的最低分 -5 不在 0 至 100 之间']);
    expect(messages([band('GOOD', '', 50), band('POOR', '差', 0)])).toEqual(['/bands/0/title 第1档：等次须有中文和英文名称（不超过 40 字）']);
    expect(messages([band('GOOD', '好', 50, { min: undefined }), band('POOR', '差', 0)])[0]).toBe('/bands/0/min 第1档“好”没有最低分（min）');
  });

  it('refuses whatever checkGrading refuses', () => {
    const samples: unknown[] = [[], 'x', [band('a', '甲', 0)], [band('A', '甲', 0), band('A', '乙', 50)], [band('A', '甲', 0, { other: 1 })], [band('A', '甲', 0.001)]];
    for (const bands of samples) {
      expect(checkGrading({ mode: 'NORMALISED_100', bands }).ok, JSON.stringify(bands)).toBe(false);
      expect(gradeBandProblems('NORMALISED_100', bands).length, JSON.stringify(bands)).toBeGreaterThan(0);
    }
    expect(gradeBandProblems('RANDOM', DEFAULT).map((p) => p.pointer)).toEqual(['/mode']);
  });
});
