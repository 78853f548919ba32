/**
 * A county's grade bands as a person reads them, checked when the county saves its overlay of
 * the annual assessment (county-definitions.ts → store/settings-check.ts), so bad bands are a
 * clear refusal at the desk, not an error months later when the office scores the year.
 *
 * Bands are written by their lowest score (`min`, 0–100): a band runs from its min up to the
 * next band's min, so the bands cover 0–100 exactly when one starts at 0 (else 0 up to the lowest
 * min is a gap) and no two start at the same score (those two overlap). The same holds for
 * percentile bands: a min is then the percentile a deputy must reach, and the shares of the
 * bands (each the distance to the next min, the top one to 100) add up to 100 % exactly when
 * the bands start at 0 and are distinct. Every problem names the band by its title (or its place
 * when it has none), in Chinese and English; checkGrading (grading.ts) remains the last word on
 * the shape, so nothing it refuses passes here.
 */
import { checkGrading } from './grading.ts';

export interface BandProblem {
  pointer: string;
  message: string;
  message_en: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const title = (b: unknown, i: number): { zh: string; en: string } => {
  const zh = isObj(b) && typeof b.title === 'string' && b.title.trim() ? b.title : null;
  const en = isObj(b) && typeof b.title_en === 'string' && b.title_en.trim() ? b.title_en : zh;
  return { zh: zh ? `第${i + 1}档“${zh}”` : `第${i + 1}档`, en: en ? `band ${i + 1} "${en}"` : `band ${i + 1}` };
};

/** Problems of `{mode, bands}` in words naming the band; none when the bands cover 0–100 and check. */
export function gradeBandProblems(mode: unknown, bands: unknown): BandProblem[] {
  const problems: BandProblem[] = [];
  if (Array.isArray(bands)) {
    const mins = bands.map((b) => (isObj(b) && typeof b.min === 'number' && Number.isFinite(b.min) ? b.min : null));
    bands.forEach((b, i) => {
      const t = title(b, i);
      const min = mins[i] ?? null;
      if (isObj(b) && Object.hasOwn(b, 'max')) {
        problems.push({
          pointer: `/bands/${i}/max`,
          message: `${t.zh}写了上限（max）：等次只写最低分（min），上一档的最低分就是本档的上限，这样各档之间不会有缺口或重叠`,
          message_en: `${t.en} has a max: a band gives only its lowest score (min); the next band's min is its upper end, so bands can have no gap or overlap`,
        });
      }
      if (min === null) {
        problems.push({ pointer: `/bands/${i}/min`, message: `${t.zh}没有最低分（min）`, message_en: `${t.en} has no lowest score (min)` });
      } else if (min < 0 || min > 100) {
        problems.push({ pointer: `/bands/${i}/min`, message: `${t.zh}的最低分 ${min} 不在 0 至 100 之间`, message_en: `${t.en}: its lowest score ${min} is not within 0–100` });
      } else {
        const j = mins.findIndex((m, k) => k < i && m === min);
        if (j >= 0) {
          const o = title(bands[j], j);
          problems.push({ pointer: `/bands/${i}/min`, message: `${t.zh}与${o.zh}的最低分都是 ${min} 分，两档重叠`, message_en: `${t.en} and ${o.en} both start at ${min}: they overlap` });
        }
      }
    });
    const valid = mins.filter((m): m is number => m !== null && m >= 0 && m <= 100);
    if (valid.length > 0 && !valid.includes(0)) {
      const lowest = Math.min(...valid);
      const i = mins.indexOf(lowest);
      const t = title(bands[i], i);
      problems.push({
        pointer: `/bands/${i}/min`,
        message: `0 至 ${lowest} 分没有等次（缺口）：最低一档${t.zh}的最低分须为 0，现为 ${lowest}`,
        message_en: `Scores from 0 to ${lowest} have no band (a gap): the lowest band, ${t.en}, must start at 0, not ${lowest}`,
      });
    }
  }
  // The shape (mode, codes, titles, 1–10 bands): grading.ts's own words, the band named where it has one.
  const shape = checkGrading({ mode, bands });
  if (!shape.ok) {
    for (const e of shape.errors) {
      const at = /^\/bands\/(\d+)(\/.*)?$/.exec(e.pointer);
      // min and the lowest band are said above in the words of coverage.
      if ((at?.[2] === '/min' || e.pointer === '/bands') && problems.some((p) => p.pointer.startsWith(at ? `/bands/${at[1]}` : '/bands'))) continue;
      if (at?.[2] === '/max') continue;
      if (at && Array.isArray(bands)) {
        const t = title(bands[Number(at[1])], Number(at[1]));
        problems.push({ pointer: e.pointer, message: `${t.zh}：${e.message}`, message_en: `${t.en}: ${e.message_en}` });
      } else problems.push(e);
    }
  }
  return problems;
}
