/**
 * Deputies' annual assessment (DOMAIN §7.4): the office opens a year (one `deputy-assessment`
 * campaign and one `deputy-self-evaluation` per serving deputy, in one transaction), reads the
 * year's progress and graded list in words, and a deputy reads their own grade only. The steps
 * themselves (self-evaluation, group check, scoring, chair council, commendation, 约谈) are tasks
 * of the two processes; the grades are computed by the `gradeDeputies` effect
 * (assessment-grading.ts → runtime/points/grading.ts).
 *
 * Why two processes: the campaign's context holds every deputy's grade, so no deputy may see it;
 * a deputy sees an instance where a task involves them (task-access.ts), and a parent through its
 * children, so the self-evaluations are top-level instances of their own, not the campaign's tasks
 * or children.
 */
import type { Kysely } from 'kysely';
import { start as startEngine, type Actor, type CompiledDefinition } from '../engine/index.ts';
import { checkTextInput } from '../engine/text-input.ts';
import { AppError } from '../errors.ts';
import type { GradedRow } from '../points/index.ts';
import { ASSESSMENT, SELF_EVALUATION, type AssessmentScoring } from './assessment-grading.ts';
import { currentDefinition } from './county-definitions.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { assessedDeputies } from './sql/assessed-deputies.ts';
import { assessmentRows, type AssessmentRow } from './sql/assessment-rows.ts';
import { createInstance, type StepContext } from './step-writer.ts';
import type { StoreEvent } from './store-events.ts';
import { isOffice } from './task-access.ts';

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const invalid = (pointer: string, zh: string, en: string) => new AppError('INVALID_INPUT', `${zh} / ${en}`, [{ pointer, message: zh, message_en: en }]);

const OPEN_KEYS = new Set(['year', 'selfEvaluationBy', 'notice']);

/** The words of a process's state (its meta.title), or the state itself when it has none. */
function stateWords(def: CompiledDefinition, state: string): { title: string; title_en: string } {
  const s = def.pkg.machine.states?.[state.split('.')[0] ?? ''];
  const meta = s?.meta as { title?: string; title_en?: string } | undefined;
  return { title: meta?.title ?? state, title_en: meta?.title_en ?? meta?.title ?? state };
}

function validated(def: CompiledDefinition, form: string, data: Record<string, unknown>): void {
  const errors = def.validators[form]?.(data) ?? [];
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `表单有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { form, errors });
}

/**
 * Opens a year's assessment: the campaign (start form `opening`) and one self-evaluation per
 * serving deputy (start form `assignment`), all in one transaction. A year already opened (a
 * campaign not cancelled) is 409 ASSESSMENT_EXISTS; nothing is written for a refusal.
 */
export async function openAssessment(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, body: unknown): Promise<{ campaignId: string; year: number; selfEvaluations: number }> {
  if (!actor.roles.includes('staff')) throw new AppError('FORBIDDEN', '只有代表工作机构可以启动年度考核 / The office opens the assessment');
  if (!isObj(body)) throw new AppError('INVALID_BODY', '请求内容应为 {year, selfEvaluationBy?, notice?} / The body is {year, selfEvaluationBy?, notice?}');
  const verdict = checkTextInput(body);
  if (!verdict.ok) throw new AppError(verdict.code, '内容含有不允许的字符 / The body contains text that cannot be stored', verdict.errors);
  for (const k of Object.keys(body)) if (!OPEN_KEYS.has(k)) throw invalid(`/${k}`, '未知字段', 'Unknown field');
  const year = own(body, 'year') ? body.year : undefined;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('/year', '考核年度须为 2000 至 2100 的整数', 'year: a whole number from 2000 to 2100');
  const data: Record<string, unknown> = { year };
  for (const k of ['selfEvaluationBy', 'notice'] as const) if (own(body, k) && body[k] !== null && body[k] !== '') data[k] = body[k];
  const campaignDef = await currentDefinition(db, rt, countyId, ASSESSMENT);
  const selfDef = await currentDefinition(db, rt, countyId, SELF_EVALUATION);
  validated(campaignDef, 'opening', data);
  const existing = (await assessmentRows(db, countyId, ASSESSMENT, year)).filter((r) => r.status !== 'cancelled');
  if (existing.length > 0) throw new AppError('ASSESSMENT_EXISTS', `${year} 年度的考核已经启动 / The ${year} assessment is already open`);
  const deputies = await assessedDeputies(db, countyId);
  if (deputies.length === 0) throw new AppError('NO_DEPUTIES');
  const calendar = await rt.calendars.forCounty(db, countyId);
  const emitted: StoreEvent[] = [];
  const campaignId = await inTransaction(db, async (trx) => {
    const ctx: StepContext = { trx, rt, countyId, depth: 0, emitted };
    const startOne = async (def: CompiledDefinition, form: string, event: string, body: Record<string, unknown>) => {
      validated(def, form, body);
      const input = { ...body, startedBy: actor.id };
      const ev = { type: event, data: body, actor };
      const result = startEngine(def, input, { clock: rt.clock, calendar }, ev);
      return (await createInstance(ctx, def, input, actor, null, ev, result)).id;
    };
    const id = await startOne(campaignDef, 'opening', campaignDef.pkg.start?.event ?? 'OPEN', data);
    for (const d of deputies) {
      await startOne(selfDef, 'assignment', selfDef.pkg.start?.event ?? 'ASSIGN', { year, deputyId: d.user_id, deputyName: d.name, group: d.deputy_group ?? d.delegation ?? null });
    }
    return id;
  });
  rt.events.emitAll(emitted);
  return { campaignId, year, selfEvaluations: deputies.length };
}

const SELF_WORDS: Record<GradedRow['selfEvaluation'], { title: string; title_en: string }> = {
  NONE: { title: '未提交自评', title_en: 'No self-evaluation' },
  SUBMITTED: { title: '已自评，待小组校核', title_en: 'Written, awaiting the group check' },
  CHECKED: { title: '已自评并经小组校核', title_en: 'Written and checked by the group' },
};
const SECOND_POOR = {
  title: '连续两年考核为约谈档：建议原选举单位劝其辞去代表职务',
  title_en: 'In the interview band two years in a row: the electoral unit is advised to ask the deputy to resign',
};

function rowWords(r: GradedRow) {
  return {
    ...r,
    selfEvaluationTitle: SELF_WORDS[r.selfEvaluation].title,
    selfEvaluationTitle_en: SELF_WORDS[r.selfEvaluation].title_en,
    flag: r.secondPoorYear ? SECOND_POOR : null,
  };
}

function newest(rows: AssessmentRow[]): AssessmentRow | undefined {
  return rows.find((r) => r.status !== 'cancelled');
}

/** The office's view of a year: progress, the graded list in words, approval, follow-ups. */
export async function assessmentOverview(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, year: number) {
  if (!isOffice(actor)) throw new AppError('FORBIDDEN', '年度考核名单只对代表工作机构和主任会议开放 / The office and the chair council read the assessment');
  const campaignDef = await currentDefinition(db, rt, countyId, ASSESSMENT);
  const campaign = newest(await assessmentRows(db, countyId, ASSESSMENT, year));
  const selfRows = await assessmentRows(db, countyId, SELF_EVALUATION, year);
  const latest = new Map<string, AssessmentRow>();
  for (const r of selfRows) if (typeof r.context.deputyId === 'string' && !latest.has(r.context.deputyId)) latest.set(r.context.deputyId, r);
  const states = [...latest.values()].map((r) => r.state);
  const progress = { deputies: latest.size, written: states.filter((s) => s === 'groupCheck' || s === 'checked').length, checked: states.filter((s) => s === 'checked').length };
  if (!campaign) return { year, opened: false, campaign: null, progress, scoring: null, approved: false, approval: null, commended: [], commendation: null, interviews: [], flagged: [] };
  const ctx = campaign.context;
  const scoring = (ctx.scoring ?? null) as AssessmentScoring | null;
  const rows = scoring && scoring.ok ? scoring.rows.map(rowWords) : [];
  const approved = Boolean(ctx.approval);
  const interviewed = new Set(((ctx.interviewed ?? []) as Array<{ deputyId?: string }>).map((i) => i.deputyId));
  return {
    year,
    opened: true,
    campaign: { id: campaign.id, state: campaign.state, stateTitle: stateWords(campaignDef, campaign.state).title, stateTitle_en: stateWords(campaignDef, campaign.state).title_en },
    progress,
    scoring: scoring ? (scoring.ok ? { ok: true as const, mode: scoring.mode, modeTitle: scoring.mode === 'PERCENTILE' ? '百分位' : '折算百分制', modeTitle_en: scoring.mode === 'PERCENTILE' ? 'percentile' : 'normalised to 100', counts: scoring.counts, rows } : { ok: false as const, errors: scoring.errors }) : null,
    approved,
    approval: ctx.approval ?? null,
    commended: approved ? rows.filter((r) => r.commend).map((r) => ({ deputyId: r.deputyId, name: r.name, gradeTitle: r.gradeTitle, gradeTitle_en: r.gradeTitle_en, score: r.score })) : [],
    commendation: ctx.commendation ?? null,
    interviews: approved ? rows.filter((r) => r.interview).map((r) => ({ deputyId: r.deputyId, name: r.name, gradeTitle: r.gradeTitle, gradeTitle_en: r.gradeTitle_en, done: interviewed.has(r.deputyId) })) : [],
    flagged: rows.filter((r) => r.secondPoorYear).map((r) => ({ deputyId: r.deputyId, name: r.name, ...SECOND_POOR })),
  };
}

/** A deputy's own grade of a year, once the chair council has approved the list; nobody else's. */
export async function myAssessment(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, year: number) {
  if (!actor.roles.includes('deputy')) throw new AppError('FORBIDDEN', '只有代表本人可以查看自己的考核结果 / A deputy reads their own grade');
  const selfDef = await currentDefinition(db, rt, countyId, SELF_EVALUATION);
  const self = (await assessmentRows(db, countyId, SELF_EVALUATION, year)).find((r) => r.context.deputyId === actor.id);
  const campaign = newest(await assessmentRows(db, countyId, ASSESSMENT, year));
  const scoring = (campaign?.context.scoring ?? null) as AssessmentScoring | null;
  const approved = Boolean(campaign?.context.approval);
  const mine = approved && scoring && scoring.ok ? scoring.rows.find((r) => r.deputyId === actor.id) : undefined;
  return {
    year,
    opened: campaign !== undefined,
    selfEvaluation: self ? { instanceId: self.id, state: self.state, ...stateWords(selfDef, self.state) } : null,
    published: approved,
    result: mine
      ? { points: mine.points, score: mine.score, rank: mine.rank, of: scoring && scoring.ok ? scoring.rows.length : 0, grade: mine.grade, gradeTitle: mine.gradeTitle, gradeTitle_en: mine.gradeTitle_en, commend: mine.commend, interview: mine.interview, flag: mine.secondPoorYear ? SECOND_POOR : null }
      : null,
  };
}
