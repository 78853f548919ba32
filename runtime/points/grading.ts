/**
 * The annual assessment's grades (DOMAIN §7.4–7.5, 年度履职考核): each deputy's confirmed points of
 * the year are the base, turned into a score out of 100 by the county's mode, and the score is
 * graded by the county's bands (data with titles; default 银川 ≥80 / 60–79 / <60 [V D4]). Pure:
 * no I/O, no clock; the store reads the points and the previous year's grades and calls it.
 *
 * Modes:
 * - `NORMALISED_100` (折算百分制): score = 100 × points ÷ the highest total among the assessed
 *   deputies (the top scorer has 100; a total ≤ 0 scores 0; when nobody has points, all score 0).
 *   Points systems without a cap (璧山 118.5 points a half-year [V D2]) need this.
 * - `PERCENTILE` (百分位): score = 100 × (deputies with fewer points) ÷ (deputies − 1): the top
 *   has 100, the bottom 0, equal points share a score (one deputy alone: 100).
 *
 * A band is reached when score ≥ its `min`. The comparison is exact (integers: 100·points·100 ≥
 * min·100·top), not on the rounded float, so a deputy exactly on an edge (48 of 60 = 80) is in the
 * upper band; the score shown is rounded to 2 decimals. Ranks are competition ranks (1, 2, 2, 4).
 */
export type GradingMode = 'NORMALISED_100' | 'PERCENTILE';
export const GRADING_MODES: readonly GradingMode[] = ['NORMALISED_100', 'PERCENTILE'];

export interface GradeBand {
  grade: string;
  title: string;
  title_en: string;
  /** Lowest score (0–100, at most 2 decimals) of the band; the lowest band has 0. */
  min: number;
  /** On the commendation list (表扬名单). */
  commend?: boolean;
  /** 约谈: the grade the office talks to; two such years in a row are flagged. */
  interview?: boolean;
}

export interface GradingSettings {
  mode: GradingMode;
  bands: GradeBand[];
}

export interface GradingInput {
  deputyId: string;
  name: string;
  delegation: string | null;
  group: string | null;
  points: number;
  /** The deputy's grade last year was an `interview` grade. */
  interviewedLastYear: boolean;
  /** 自评: NONE (not written), SUBMITTED (awaiting the group's check), CHECKED (小组校核 done). */
  selfEvaluation: 'NONE' | 'SUBMITTED' | 'CHECKED';
}

export interface GradedRow extends GradingInput {
  score: number;
  rank: number;
  grade: string;
  gradeTitle: string;
  gradeTitle_en: string;
  commend: boolean;
  interview: boolean;
  /** Two `interview` years in a row (DOMAIN §7.4: recommend 劝辞/罢免 to the electoral unit). */
  secondPoorYear: boolean;
}

export type GradingCheck = { ok: true; settings: GradingSettings } | { ok: false; errors: Array<{ pointer: string; message: string; message_en: string }> };

const CODE = /^[A-Z][A-Z0-9_]{0,31}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= 40;

/** Checks a county's grading settings: a known mode, 1–10 bands with words, distinct grades and mins, one band from 0. */
export function checkGrading(value: unknown): GradingCheck {
  const errors: Array<{ pointer: string; message: string; message_en: string }> = [];
  const add = (pointer: string, message: string, message_en: string) => errors.push({ pointer, message, message_en });
  if (!isObj(value)) return { ok: false, errors: [{ pointer: '', message: '考核定档设置须为对象', message_en: 'The grading settings are an object' }] };
  const mode = value.mode;
  if (typeof mode !== 'string' || !(GRADING_MODES as readonly string[]).includes(mode)) add('/mode', '计分方式须为“折算百分制”或“百分位”', 'mode: NORMALISED_100 or PERCENTILE');
  const bands = value.bands;
  if (!Array.isArray(bands) || bands.length < 1 || bands.length > 10) {
    add('/bands', '须有 1 至 10 个等次', 'From 1 to 10 bands');
    return { ok: false, errors };
  }
  const grades = new Set<string>();
  const mins = new Set<number>();
  bands.forEach((b: unknown, i) => {
    const p = `/bands/${i}`;
    if (!isObj(b)) return add(p, '等次须为对象', 'A band is an object');
    if (typeof b.grade !== 'string' || !CODE.test(b.grade)) add(`${p}/grade`, '等次代码须为大写字母', 'grade: an upper-case code');
    else if (grades.has(b.grade)) add(`${p}/grade`, '等次重复', 'Repeated grade');
    else grades.add(b.grade);
    if (!text(b.title) || !text(b.title_en)) add(`${p}/title`, '等次须有中文和英文名称（不超过 40 字）', 'title and title_en (at most 40 characters)');
    if (typeof b.min !== 'number' || !Number.isFinite(b.min) || b.min < 0 || b.min > 100 || Math.round(b.min * 100) !== b.min * 100) {
      add(`${p}/min`, '分数线须为 0 至 100 的数，最多两位小数', 'min: 0–100 with at most 2 decimals');
    } else if (mins.has(b.min)) add(`${p}/min`, '分数线重复', 'Repeated min');
    else mins.add(b.min);
    for (const k of ['commend', 'interview'] as const) if (b[k] !== undefined && typeof b[k] !== 'boolean') add(`${p}/${k}`, '须为是或否', 'true or false');
    for (const k of Object.keys(b)) if (!['grade', 'title', 'title_en', 'min', 'commend', 'interview'].includes(k)) add(`${p}/${k}`, '未知字段', 'Unknown field');
  });
  if (errors.length === 0 && !mins.has(0)) add('/bands', '最低一档的分数线须为 0', 'The lowest band starts at 0');
  if (errors.length > 0) return { ok: false, errors };
  const sorted = (bands as GradeBand[]).map((b) => ({ ...b })).sort((a, b) => b.min - a.min);
  return { ok: true, settings: { mode: mode as GradingMode, bands: sorted } };
}

/** Score × 10,000 as a fraction num/den (exact), for the band test. */
function scoreFraction(mode: GradingMode, points: number, top: number, below: number, n: number): { num: number; den: number } {
  if (mode === 'PERCENTILE') return n <= 1 ? { num: 100, den: 1 } : { num: 100 * below, den: n - 1 };
  if (top <= 0 || points <= 0) return { num: 0, den: 1 };
  return { num: 100 * points, den: top };
}

/** The grades of every deputy, ordered by rank then name. Settings must have passed checkGrading. */
export function gradeDeputies(settings: GradingSettings, deputies: readonly GradingInput[]): GradedRow[] {
  const bands = [...settings.bands].sort((a, b) => b.min - a.min);
  const n = deputies.length;
  const top = deputies.reduce((m, d) => Math.max(m, d.points), 0);
  const sortedPoints = deputies.map((d) => d.points).sort((a, b) => a - b);
  /** How many totals are < p (strict) or ≤ p (`orEqual`): a binary search in the sorted totals. */
  const countBelow = (p: number, orEqual = false) => {
    let lo = 0;
    let hi = sortedPoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedPoints[mid]! < p || (orEqual && sortedPoints[mid] === p)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const rows = deputies.map((d) => {
    const { num, den } = scoreFraction(settings.mode, d.points, top, countBelow(d.points), n);
    // score ≥ min ⇔ num·100 ≥ round(min·100)·den, all integers (points are whole numbers).
    const band = bands.find((b) => num * 100 >= Math.round(b.min * 100) * den) ?? bands[bands.length - 1]!;
    const interview = band.interview === true;
    return {
      ...d,
      score: Math.round((num / den) * 100) / 100,
      // Competition rank: 1 + the number of deputies with more points.
      rank: 1 + n - countBelow(d.points, true),
      grade: band.grade,
      gradeTitle: band.title,
      gradeTitle_en: band.title_en,
      commend: band.commend === true,
      interview,
      secondPoorYear: interview && d.interviewedLastYear,
    };
  });
  return rows.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh') || a.deputyId.localeCompare(b.deputyId));
}
