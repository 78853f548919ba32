/**
 * The scoring options a county may change (DOMAIN §12 `evaluation.*`), their documented
 * defaults, and their check. Input is `unknown` because options come from definition
 * settings and overlays; every problem is returned, none thrown.
 */
import { GRADE_SCALES, SCORING_MODELS, type Grade, type ResolvedScoringOptions, type ScoringError, type ScoringModel } from './types.ts';

export const DEFAULT_SCORING_OPTIONS: Readonly<ResolvedScoringOptions> = Object.freeze({
  basis: 'ALL_MEMBERS',
  // §5.6 [V E18, analog]: S = 100 %, B = 75 %, U = 55 % of the item's weight.
  points: { SATISFIED: 100, BASIC: 75, UNSATISFIED: 55 },
  // §5.6 [V E20, analog]: ≥85 满意 / 75–85 比较满意 / 60–75 基本满意 / <60 不满意.
  bands: [
    { grade: 'SATISFIED', min: 85 },
    { grade: 'FAIRLY_SATISFIED', min: 75 },
    { grade: 'BASIC', min: 60 },
  ],
  // Only the bottom grade opens a rectification: 不满意 (A7: only 不满意 triggers re-handling) or 不称职.
  rectifyBelow: { MAJORITY_RULE: 'BASIC', PERCENT_SATISFIED: 'BASIC', WEIGHTED_SCORE: 'BASIC', COMPETENCE_SCALE: 'BASIC_COMPETENT' },
  decimals: 2,
} satisfies ResolvedScoringOptions);

const OPTION_KEYS = new Set(['basis', 'points', 'bands', 'rectifyBelow', 'decimals']);
const BASES = ['ALL_MEMBERS', 'PRESENT', 'VALID_VOTES'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function isScoringModel(value: unknown): value is ScoringModel {
  return typeof value === 'string' && (SCORING_MODELS as readonly string[]).includes(value);
}

/** Fill in the defaults; `null`/absent options mean "the default". */
export function resolveScoringOptions(input: unknown): { options: ResolvedScoringOptions; errors: ScoringError[] } {
  const errors: ScoringError[] = [];
  const bad = (pointer: string, message: string) => void errors.push({ code: 'BAD_OPTIONS', pointer: `/options${pointer}`, message });
  const d = DEFAULT_SCORING_OPTIONS;
  const options: ResolvedScoringOptions = { basis: d.basis, points: { ...d.points }, bands: d.bands.map((b) => ({ ...b })), rectifyBelow: { ...d.rectifyBelow }, decimals: d.decimals };
  if (input === undefined || input === null) return { options, errors };
  if (!isRecord(input)) return { options, errors: [{ code: 'BAD_OPTIONS', pointer: '/options', message: 'Options must be an object' }] };
  for (const key of Object.keys(input)) if (!OPTION_KEYS.has(key)) bad(`/${key}`, `Unknown option "${key}"`);

  const { basis, points, bands, rectifyBelow, decimals } = input;
  if (basis !== undefined && basis !== null) {
    if (typeof basis === 'string' && BASES.includes(basis)) options.basis = basis as ResolvedScoringOptions['basis'];
    else bad('/basis', `basis must be one of ${BASES.join(', ')}`);
  }
  if (points !== undefined && points !== null) {
    if (!isRecord(points)) bad('/points', 'points must be {SATISFIED, BASIC, UNSATISFIED}');
    else {
      for (const level of ['SATISFIED', 'BASIC', 'UNSATISFIED'] as const) {
        const v = points[level];
        if (v === undefined) continue;
        if (isNumber(v) && v >= 0) options.points[level] = v;
        else bad(`/points/${level}`, 'Points must be a number ≥ 0');
      }
      const p = options.points;
      if (!(p.SATISFIED >= p.BASIC && p.BASIC >= p.UNSATISFIED)) bad('/points', 'Points must not rise from 满意 to 不满意');
    }
  }
  if (bands !== undefined && bands !== null) checkBands(bands, options, bad);
  if (rectifyBelow !== undefined && rectifyBelow !== null) {
    if (!isRecord(rectifyBelow)) bad('/rectifyBelow', 'rectifyBelow must map a scoring model to a grade');
    else {
      for (const [model, grade] of Object.entries(rectifyBelow)) {
        if (!isScoringModel(model)) bad(`/rectifyBelow/${model}`, `"${model}" is not a scoring model`);
        else if (typeof grade === 'string' && (GRADE_SCALES[model] as readonly string[]).includes(grade)) options.rectifyBelow[model] = grade as Grade;
        else bad(`/rectifyBelow/${model}`, `${model} grades are ${GRADE_SCALES[model].join(', ')}`);
      }
    }
  }
  if (decimals !== undefined && decimals !== null) {
    if (Number.isInteger(decimals) && (decimals as number) >= 0 && (decimals as number) <= 6) options.decimals = decimals as number;
    else bad('/decimals', 'decimals must be an integer from 0 to 6');
  }
  return { options, errors };
}

/** Bands: grades of the WEIGHTED_SCORE scale in its order, each `min` below the one before. */
function checkBands(bands: unknown, options: ResolvedScoringOptions, bad: (pointer: string, message: string) => void): void {
  const scale = GRADE_SCALES.WEIGHTED_SCORE;
  if (!Array.isArray(bands) || bands.length === 0) return bad('/bands', 'bands must be a non-empty list of {grade, min}');
  const out: ResolvedScoringOptions['bands'] = [];
  let lastIndex = -1;
  let lastMin = Infinity;
  bands.forEach((b: unknown, i) => {
    if (!isRecord(b) || typeof b.grade !== 'string' || !isNumber(b.min)) return bad(`/bands/${i}`, 'A band is {grade, min}');
    const index = (scale as readonly string[]).indexOf(b.grade);
    if (index < 0 || index === scale.length - 1) return bad(`/bands/${i}/grade`, `A band's grade is one of ${scale.slice(0, -1).join(', ')} (below the last band: ${scale[scale.length - 1]})`);
    if (index <= lastIndex || b.min >= lastMin) return bad(`/bands/${i}`, 'Bands go from the best grade down, each min below the one before');
    lastIndex = index;
    lastMin = b.min;
    out.push({ grade: b.grade as Grade, min: b.min });
  });
  if (out.length === bands.length) options.bands = out;
}
