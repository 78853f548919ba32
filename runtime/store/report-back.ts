/**
 * Report-back to voters (代表向原选区选民述职, DOMAIN §7.7), the office's side outside the
 * process steps: the term's plan (which deputies report back, one `deputy-report-back`
 * instance each, started only after every deputy named passed the checks, so a bad plan writes
 * nothing), and the term's coverage (每届至少一次: who has held their meeting, who has not) with
 * the voters' satisfaction, as a read model over the instances.
 */
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import { ratio, type Ratio } from '../statistics/ratio.ts';
import { currentDefinition } from './county-definitions.ts';
import { startInstance, type CallerContext } from './instance-service.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectTerm } from './sql/read-term.ts';
import { openReportBacks, reportBackRows } from './sql/report-back-rows.ts';

export const REPORT_BACK_PROCESS = 'deputy-report-back';
const MAX_PLAN = 500;

export interface ReportBackPlan {
  termId: string;
  year: number;
  deputyIds: string[];
  electoralDistricts?: Record<string, string>;
}

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max && !/[\u0000-\u001f\u007f]/.test(v);

/** The shape of a plan body; every problem at once (400 VALIDATION_FAILED), nothing read yet. */
export function checkPlan(body: unknown): ReportBackPlan {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('INVALID_BODY', '请求内容须为 {termId, year, deputyIds} / Body must be {termId, year, deputyIds}');
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const add = (pointer: string, message: string, message_en: string) => void errors.push({ pointer, message, message_en });
  for (const key of Object.keys(b)) if (!['termId', 'year', 'deputyIds'].includes(key)) add(`/${key}`, '不支持的字段', 'is not a known field');
  if (!isText(b.termId, 64)) add('/termId', '请选择届次', 'choose a term');
  if (!Number.isSafeInteger(b.year) || (b.year as number) < 2000 || (b.year as number) > 2100) add('/year', '年度须为 2000 至 2100 的整数', 'must be a year from 2000 to 2100');
  if (!Array.isArray(b.deputyIds) || b.deputyIds.length === 0) add('/deputyIds', '请至少选择一名代表', 'choose at least one deputy');
  else if (b.deputyIds.length > MAX_PLAN) add('/deputyIds', `一次最多安排 ${MAX_PLAN} 名代表`, `at most ${MAX_PLAN} deputies at once`);
  else {
    const seen = new Set<string>();
    b.deputyIds.forEach((d, i) => {
      if (!isText(d, 64)) add(`/deputyIds/${i}`, '代表标识无效', 'is not a deputy id');
      else if (seen.has(d)) add(`/deputyIds/${i}`, '同一代表重复列入', 'is named twice');
      else seen.add(d);
    });
  }
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  return { termId: b.termId as string, year: b.year as number, deputyIds: b.deputyIds as string[] };
}

/**
 * Puts deputies on the term's plan: each must be an active deputy of this term of the county
 * and have no report-back of the term still running (409 REPORT_BACK_ALREADY_PLANNED naming
 * them). Answers the new instances' ids, in the order of `deputyIds`.
 */
export async function planReportBacks(db: Kysely<Database>, rt: Runtime, caller: CallerContext, body: unknown): Promise<{ instanceIds: string[] }> {
  const plan = checkPlan(body);
  const { countyId } = caller;
  const term = await selectTerm(db, countyId, plan.termId);
  if (!term) throw new AppError('VALIDATION_FAILED', '届次不存在 / No such term', { errors: [{ pointer: '/termId', message: '本县没有该届次', message_en: 'is not a term of this county' }] });
  const deputies = await db
    .selectFrom('deputies')
    .select(['user_id', 'name', 'term_id', 'active'])
    .where('county_id', '=', countyId)
    .where('user_id', 'in', plan.deputyIds)
    .execute();
  const byId = new Map(deputies.map((d) => [d.user_id, d]));
  const errors: FieldError[] = [];
  plan.deputyIds.forEach((id, i) => {
    const d = byId.get(id);
    if (!d || !d.active) errors.push({ pointer: `/deputyIds/${i}`, message: '不是本县在任代表', message_en: 'is not a serving deputy of this county' });
    else if (d.term_id !== plan.termId) errors.push({ pointer: `/deputyIds/${i}`, message: `${d.name}不是${term.name}代表`, message_en: `is not a deputy of ${term.name}` });
  });
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  const running = await openReportBacks(db, countyId, plan.termId, plan.deputyIds);
  if (running.length > 0) {
    const names = running.map((id) => byId.get(id)?.name ?? id).join('、');
    throw new AppError('REPORT_BACK_ALREADY_PLANNED', `以下代表本届已有进行中的述职：${names} / These deputies already have a report-back running this term: ${names}`, { deputyIds: running });
  }
  const instanceIds: string[] = [];
  for (const id of plan.deputyIds) {
    const d = byId.get(id);
    instanceIds.push(await startInstance(db, rt, caller, REPORT_BACK_PROCESS, { deputyId: id, deputyName: d?.name ?? '', termId: term.id, termName: term.name, year: plan.year }));
  }
  return { instanceIds };
}

export interface DimensionResult {
  dimension: string;
  S: number;
  B: number;
  U: number;
  rating: string | null;
  /** The rating in words (§1.2 Satisfaction): 满意 / 基本满意 / 不满意. */
  ratingTitle: string | null;
  ratingTitle_en: string | null;
}

const RATING_WORDS: Record<string, [string, string]> = { SATISFIED: ['满意', 'Satisfied'], BASIC: ['基本满意', 'Basically satisfied'], UNSATISFIED: ['不满意', 'Not satisfied'] };

export interface DeputyCoverage {
  deputyId: string;
  name: string;
  delegation: string | null;
  /** Report-backs of this term: planned (any state) and held (the meeting took place). */
  planned: number;
  held: number;
  reported: boolean;
  instanceId: string | null;
  state: string | null;
  /** The state's title in the definition (已安排述职会…); null when not planned. */
  stateTitle: string | null;
  stateTitle_en: string | null;
  meetingDate: string | null;
  dimensions: DimensionResult[];
  resultWords: string | null;
  resultWords_en: string | null;
}

export interface ReportBackCoverage {
  term: { id: string; name: string };
  /** Report-backs each deputy owes per term (the package setting 每届至少述职次数). */
  reportsPerTerm: number;
  /** Deputies of the term who reported back at least reportsPerTerm times, of all the term's serving deputies. */
  coverage: Ratio;
  /** Over every dimension of every result: 满意 marks, and 满意 + 基本满意 marks, of the marks given. */
  satisfaction: { satisfied: Ratio; satisfiedOrBasic: Ratio };
  deputies: DeputyCoverage[];
}

function dimensionsOf(result: unknown): DimensionResult[] {
  const counts = (result as { counts?: unknown } | null)?.counts;
  if (!Array.isArray(counts)) return [];
  return counts.map((c: Record<string, unknown>) => ({
    dimension: String(c.candidateId ?? ''),
    S: Number(c.S ?? 0),
    B: Number(c.B ?? 0),
    U: Number(c.U ?? 0),
    rating: typeof c.rating === 'string' ? c.rating : null,
    ratingTitle: typeof c.rating === 'string' && Object.hasOwn(RATING_WORDS, c.rating) ? (RATING_WORDS[c.rating] as [string, string])[0] : null,
    ratingTitle_en: typeof c.rating === 'string' && Object.hasOwn(RATING_WORDS, c.rating) ? (RATING_WORDS[c.rating] as [string, string])[1] : null,
  }));
}

/** The voters' marks over every item of some results: 满意 marks and all marks given (满意 + 基本满意 + 不满意), as the coverage page counts them. */
export function satisfactionMarks(results: readonly unknown[]): { satisfied: number; basic: number; marks: number } {
  const marks = results.flatMap(dimensionsOf);
  return {
    satisfied: marks.reduce((x, m) => x + m.S, 0),
    basic: marks.reduce((x, m) => x + m.B, 0),
    marks: marks.reduce((x, m) => x + m.S + m.B + m.U, 0),
  };
}

export async function reportBackCoverage(db: Kysely<Database>, rt: Runtime, countyId: string, termId: string): Promise<ReportBackCoverage> {
  const term = await selectTerm(db, countyId, termId);
  if (!term) throw new AppError('TERM_NOT_FOUND', `本县没有该届次 / No such term: ${termId}`);
  const def = await currentDefinition(db, rt, countyId, REPORT_BACK_PROCESS);
  const setting = (def.pkg.settings as Record<string, unknown> | undefined)?.reportsPerTerm;
  const reportsPerTerm = typeof setting === 'number' && setting >= 1 ? setting : 1;
  const states = (def.pkg.machine as { states?: Record<string, { meta?: { title?: string; title_en?: string } }> }).states ?? {};
  const stateMeta = (s: string) => (Object.hasOwn(states, s) ? states[s]?.meta : undefined);
  const rows = await reportBackRows(db, countyId, termId);
  const deputies = rows.map((r): DeputyCoverage => {
    const held = Number(r.held);
    return {
      deputyId: r.deputy_id,
      name: r.name,
      delegation: r.delegation,
      planned: Number(r.planned),
      held,
      reported: held >= reportsPerTerm,
      instanceId: r.instance_id,
      state: r.state,
      stateTitle: r.state ? (stateMeta(r.state)?.title ?? null) : null,
      stateTitle_en: r.state ? (stateMeta(r.state)?.title_en ?? null) : null,
      meetingDate: r.meeting_date,
      dimensions: dimensionsOf(r.result),
      resultWords: r.result_words,
      resultWords_en: r.result_words_en,
    };
  });
  const { satisfied: S, basic: B, marks: all } = satisfactionMarks(rows.map((r) => r.result));
  return {
    term: { id: term.id, name: term.name },
    reportsPerTerm,
    coverage: ratio(deputies.filter((d) => d.reported).length, deputies.length),
    satisfaction: { satisfied: ratio(S, all), satisfiedOrBasic: ratio(S + B, all) },
    deputies,
  };
}
