/**
 * Expands a scenario's counts into individual suggestions, each with its timeline of steps
 * (who does what, when). Pure and deterministic: no clock, no database; the same scenario
 * and seed always give the same plan (test/scenario/scenario-format.test.ts). The driver
 * (drive.ts) then plays the steps through the engine in time order.
 */
import { addWorkingDays, isWorkingDay, mergeCalendars, NATIONAL_CALENDAR, type HolidayCalendar } from '../engine/index.ts';
import { ScenarioError, type Origin, type Satisfaction, type Scenario, type ScenarioUnit, type SourceCode } from './format.ts';
import { expandCounts, Random } from './random.ts';

export type StepKind = 'submit' | 'accept' | 'propose' | 'approve' | 'sign' | 'consult' | 'startDraft' | 'assistOpinion' | 'answer' | 'feedback';

export interface PlannedStep {
  /** Instant (ISO 8601, UTC). */
  at: string;
  kind: StepKind;
  /** assistOpinion: the assisting unit. */
  unitId?: string;
  /** feedback: the rating given in this round. */
  satisfaction?: Satisfaction;
  /** answer and feedback: 1, or 2 after re-handling. */
  round?: number;
}

export interface PlannedDeputy {
  username: string;
  name: string;
  delegation: string;
}

export type SupervisionLevel = 'GENERAL' | 'KEY_CHAIR' | 'KEY_GOV_LEADER';

export interface PlannedSuggestion {
  /** 1-based, in the order of submission. */
  no: number;
  origin: Origin;
  categoryCode: string;
  sourceCode: SourceCode;
  title: string;
  body: string;
  leadDeputy: string;
  coSigners: string[];
  delegation: string;
  leadUnitId: string;
  assistUnitIds: string[];
  /** An assisting unit that never sends its opinion (the assist period runs out on the timer). */
  silentUnitId: string | null;
  supervisionLevel: SupervisionLevel;
  keyTheme: { title: string; committee: string } | null;
  /** Null while in handling. */
  resultCode: string | null;
  satisfaction: Satisfaction | null;
  rehandled: boolean;
  autoAccepted: boolean;
  inHandling: boolean;
  steps: PlannedStep[];
}

export interface ScenarioPlan {
  deputies: PlannedDeputy[];
  suggestions: PlannedSuggestion[];
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华红文斌宇浩凯健俊帆旭宁琳颖倩雪婷晨鑫鹏晓辉林成建志海波亮春燕蓉川锦瑞祥福慧佳琪欣怡子涵梓轩思远国庆秀英玉兰桂英德明永红'];

/** Names for `count` deputies, unique within the scenario (surname + one or two characters). */
function deputyNames(rng: Random, count: number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.next() < 0.6 ? rng.pick(GIVEN) : '');
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}

// ------------------------------------------------------------------ local dates and times

const DAY_MS = 24 * 3600_000;
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const addMonths = (date: string, n: number): string => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
};
/** The instant of a local (UTC+8) date and minute of the day. */
const instant = (date: string, minute: number): number => Date.parse(`${date}T00:00:00+08:00`) + minute * 60_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

function workingDaysIn(calendar: HolidayCalendar, from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) out.push(d);
  return out;
}

function firstWorkingDay(calendar: HolidayCalendar, date: string): string {
  return isWorkingDay(calendar, date) ? date : addWorkingDays(calendar, date, 1);
}

export function scenarioCalendar(s: Scenario): HolidayCalendar {
  const own: HolidayCalendar = { holidays: {}, workdays: {} };
  for (const y of s.calendar ?? []) {
    own.holidays[String(y.year)] = [...y.holidays].sort();
    own.workdays[String(y.year)] = [...y.workdays].sort();
  }
  return mergeCalendars(NATIONAL_CALENDAR, own);
}

// ------------------------------------------------------------------ expansion

const RESULT_WORDS: Record<string, string> = { A: '已经解决或基本解决', B: '已列入计划逐步解决', C: '受客观条件限制暂时难以解决' };

function bodyText(rng: Random, topic: string, delegation: string): string {
  const opening = rng.pick([
    `近年来，我市${topic}工作取得积极进展，但与群众期盼相比仍有差距。`,
    `${delegation}代表在调研中发现，${topic}方面仍存在短板弱项，群众反映较为集中。`,
    `${topic}事关群众切身利益。从走访情况看，当前仍存在投入不足、统筹不够、标准不一等问题。`,
  ]);
  return `${opening}为此建议：一是加强统筹规划，明确牵头部门和时间表；二是加大资金和政策支持，补齐${topic}短板；三是建立常态化评估和群众反馈机制，确保措施落地见效。`;
}

/**
 * The year as individual suggestions. Choices (each from the seeded generator): category,
 * origin and source are shuffled lists of the declared counts; the items left in handling are
 * the latest submitted of their origin; results go to the concluded items at random, and the
 * weaker ratings to the weaker results; every unit answers at least one item; key items,
 * re-handled, auto-accepted and assisted items are drawn from the concluded ones.
 */
export function expandScenario(s: Scenario): ScenarioPlan {
  const rng = new Random(s.seed);
  const calendar = scenarioCalendar(s);

  const taken = new Set<string>();
  const deputies: PlannedDeputy[] = [];
  for (const g of s.delegations) {
    const names = typeof g.deputies === 'number' ? deputyNames(rng, g.deputies, taken) : g.deputies;
    for (const name of names) {
      taken.add(name);
      deputies.push({ username: `d${String(deputies.length + 1).padStart(4, '0')}`, name, delegation: g.name });
    }
  }
  const byDelegation = new Map<string, PlannedDeputy[]>();
  for (const d of deputies) byDelegation.set(d.delegation, [...(byDelegation.get(d.delegation) ?? []), d]);

  const categories = rng.shuffle(expandCounts(Object.fromEntries(s.categories.map((c) => [c.code, c.count]))));
  const total = categories.length;
  const origins = rng.shuffle(expandCounts<Origin>(s.origin));
  const sources = rng.shuffle(expandCounts<SourceCode>(s.sources));

  // Submission instants: session items while the congress sits (any day, 08:00–20:00), recess
  // items on working days (09:00–17:30).
  const sessionDays: string[] = [];
  for (let d = s.dates.sessionOpens; d <= s.dates.sessionCloses; d = addDays(d, 1)) sessionDays.push(d);
  const recessDays = workingDaysIn(calendar, s.dates.recessFrom, s.dates.recessTo);
  if (recessDays.length === 0) throw new ScenarioError(s.name, ['no working day between recessFrom and recessTo']);
  const submitted = origins.map((origin) =>
    origin === 'SESSION' ? instant(rng.pick(sessionDays), rng.int(8 * 60, 20 * 60)) : instant(rng.pick(recessDays), rng.int(9 * 60, 17 * 60 + 30)),
  );
  // Items are numbered in the order of submission.
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => (submitted[a] as number) - (submitted[b] as number) || a - b);

  interface Draft {
    no: number;
    origin: Origin;
    categoryCode: string;
    sourceCode: SourceCode;
    submittedAt: number;
    inHandling: boolean;
    resultCode: string | null;
    satisfaction: Satisfaction | null;
    leadUnitId: string | null;
    assistUnitIds: string[];
    silentUnitId: string | null;
    supervisionLevel: SupervisionLevel;
    keyTheme: { title: string; committee: string } | null;
    rehandled: boolean;
    autoAccepted: boolean;
  }
  const items: Draft[] = order.map((i, k) => ({
    no: k + 1,
    origin: origins[i] as Origin,
    categoryCode: categories[i] as string,
    sourceCode: sources[i] as SourceCode,
    submittedAt: submitted[i] as number,
    inHandling: false,
    resultCode: null,
    satisfaction: null,
    leadUnitId: null,
    assistUnitIds: [],
    silentUnitId: null,
    supervisionLevel: 'GENERAL',
    keyTheme: null,
    rehandled: false,
    autoAccepted: false,
  }));

  for (const origin of ['SESSION', 'RECESS'] as const) {
    const mine = items.filter((it) => it.origin === origin);
    for (const it of mine.slice(mine.length - (s.outcome.inHandling[origin] ?? 0))) it.inHandling = true;
  }
  const concluded = items.filter((it) => !it.inHandling);

  // Results at random; then the weakest ratings to the weakest results (last listed code first).
  const resultCodes = Object.keys(s.outcome.results);
  const results = rng.shuffle(expandCounts(s.outcome.results));
  concluded.forEach((it, k) => (it.resultCode = results[k] as string));
  const weakestFirst = rng.shuffle(concluded).sort((a, b) => resultCodes.indexOf(b.resultCode as string) - resultCodes.indexOf(a.resultCode as string));
  const ratings = expandCounts<Satisfaction>({ UNSATISFIED: s.outcome.satisfaction.UNSATISFIED ?? 0, BASIC: s.outcome.satisfaction.BASIC ?? 0, SATISFIED: s.outcome.satisfaction.SATISFIED ?? 0 });
  weakestFirst.forEach((it, k) => (it.satisfaction = ratings[k] as Satisfaction));

  // Lead units: every unit gets one item of a category it answers (specialised units first),
  // then the rest go to a unit of the category, district governments ('*') less often.
  const answers = (u: ScenarioUnit, code: string): boolean => u.categories.includes('*') || u.categories.includes(code);
  const unitsInTurn = rng.shuffle(s.units).sort((a, b) => (a.categories.includes('*') ? 1 : 0) - (b.categories.includes('*') ? 1 : 0) || a.categories.length - b.categories.length);
  for (const u of unitsInTurn) {
    const free = items.filter((it) => it.leadUnitId === null && answers(u, it.categoryCode));
    if (free.length === 0) throw new ScenarioError(s.name, [`unit ${u.id} has no suggestion left in its categories; add items or categories`]);
    rng.pick(free).leadUnitId = u.id;
  }
  for (const it of items) {
    if (it.leadUnitId !== null) continue;
    const weighted = s.units.flatMap((u) => (u.categories.includes(it.categoryCode) ? [u, u, u] : u.categories.includes('*') ? [u] : []));
    it.leadUnitId = rng.pick(weighted).id;
  }

  // Key supervision: concluded session items of the theme's category.
  const problems: string[] = [];
  for (const theme of s.keySupervision?.themes ?? []) {
    const pool = rng.shuffle(concluded.filter((it) => it.origin === 'SESSION' && it.categoryCode === theme.categoryCode && it.keyTheme === null));
    if (pool.length < theme.count) problems.push(`key theme ${theme.title}: only ${pool.length} concluded session items of ${theme.categoryCode}`);
    pool.slice(0, theme.count).forEach((it, k) => {
      it.keyTheme = { title: theme.title, committee: theme.committee };
      it.supervisionLevel = k < (theme.govLeaderLed ?? 0) ? 'KEY_GOV_LEADER' : 'KEY_CHAIR';
    });
  }
  if (problems.length > 0) throw new ScenarioError(s.name, problems);

  const sessionConcluded = rng.shuffle(concluded.filter((it) => it.origin === 'SESSION'));
  const rehandled = s.outcome.rehandled ?? 0;
  sessionConcluded.slice(0, rehandled).forEach((it) => (it.rehandled = true));
  sessionConcluded.slice(rehandled, rehandled + (s.outcome.autoAccepted ?? 0)).forEach((it) => (it.autoAccepted = true));

  // Assisting units: 1–2 other units of the category (not district governments); a silent one
  // only on session items, whose timeline leaves room for the one-month assist period.
  const assisted = rng.shuffle(concluded).slice(0, s.outcome.leadAssist ?? 0);
  const silentPool = assisted.filter((it) => it.origin === 'SESSION');
  if (silentPool.length < (s.outcome.silentAssist ?? 0)) throw new ScenarioError(s.name, ['silentAssist needs that many assisted session items']);
  for (const it of assisted) {
    let pool = s.units.filter((u) => u.id !== it.leadUnitId && u.categories.includes(it.categoryCode));
    if (pool.length === 0) pool = s.units.filter((u) => u.id !== it.leadUnitId && !u.categories.includes('*'));
    it.assistUnitIds = rng.shuffle(pool).slice(0, rng.int(1, 2)).map((u) => u.id);
  }
  for (const it of silentPool.slice(0, s.outcome.silentAssist ?? 0)) it.silentUnitId = it.assistUnitIds[0] ?? null;

  // Titles: each category's topic × pattern pairs, without repetition.
  const titles = new Map<string, Array<{ title: string; topic: string }>>();
  for (const c of s.categories) {
    const pairs = c.topics.flatMap((topic) => s.titlePatterns.map((p) => ({ title: p.replace('{topic}', topic), topic })));
    titles.set(c.code, rng.shuffle(pairs));
  }
  const coSigned = new Set(rng.shuffle(items).slice(0, s.coSigned ?? 0));

  const suggestions: PlannedSuggestion[] = items.map((it) => {
    const lead = rng.pick(deputies);
    const mates = (byDelegation.get(lead.delegation) ?? []).filter((d) => d !== lead);
    const coSigners = coSigned.has(it) ? rng.shuffle(mates).slice(0, Math.min(mates.length, rng.int(1, 4))).map((d) => d.username) : [];
    const { title, topic } = titles.get(it.categoryCode)?.pop() ?? { title: '', topic: '' };
    if (title.length > 60) throw new ScenarioError(s.name, [`title longer than 60 characters: ${title}`]);
    const base: Omit<PlannedSuggestion, 'steps'> = {
      no: it.no,
      origin: it.origin,
      categoryCode: it.categoryCode,
      sourceCode: it.sourceCode,
      title,
      body: bodyText(rng, topic, lead.delegation),
      leadDeputy: lead.username,
      coSigners,
      delegation: lead.delegation,
      leadUnitId: it.leadUnitId as string,
      assistUnitIds: it.assistUnitIds,
      silentUnitId: it.silentUnitId,
      supervisionLevel: it.supervisionLevel,
      keyTheme: it.keyTheme,
      resultCode: it.resultCode,
      satisfaction: it.satisfaction,
      rehandled: it.rehandled,
      autoAccepted: it.autoAccepted,
      inHandling: it.inHandling,
    };
    return { ...base, steps: timeline(s, calendar, base, it.submittedAt) };
  });
  return { deputies, suggestions };
}

export function resultWords(code: string): string {
  return RESULT_WORDS[code] ?? code;
}

// ------------------------------------------------------------------ timelines

/**
 * The steps of one suggestion. Gaps are drawn from an item's own generator (seed and number),
 * so a tighter retry (speed 0.5, then 0: every gap at its minimum) reuses the same draws. A
 * concluded item must end by yearEnd; an item in handling keeps the steps that fall before it.
 */
function timeline(s: Scenario, calendar: HolidayCalendar, it: Omit<PlannedSuggestion, 'steps'>, submittedAt: number): PlannedStep[] {
  const yearEnd = instant(s.dates.yearEnd, 24 * 60 - 1);
  for (const speed of [1, 0.5, 0]) {
    const steps = tryTimeline(s, calendar, it, submittedAt, speed);
    const last = Date.parse(steps[steps.length - 1]?.at ?? '');
    if (it.inHandling) return steps.filter((st) => Date.parse(st.at) <= yearEnd);
    if (last <= yearEnd) return steps;
  }
  throw new ScenarioError(s.name, [`suggestion ${it.no} (${it.origin}, submitted ${new Date(submittedAt).toISOString()}) cannot be concluded by yearEnd; move recessTo earlier`]);
}

function tryTimeline(s: Scenario, calendar: HolidayCalendar, it: Omit<PlannedSuggestion, 'steps'>, submittedAt: number, speed: number): PlannedStep[] {
  const rng = new Random((s.seed ^ Math.imul(it.no, 0x9e3779b1)) >>> 0);
  const gap = (min: number, max: number): number => min + Math.round((max - min) * rng.next() * speed);
  const wd = (date: string, n: number): string => addWorkingDays(calendar, date, n);
  const office = (): number => rng.int(9 * 60, 17 * 60 + 30);
  const steps: PlannedStep[] = [];
  let prev = 0;
  const push = (at: number, step: Omit<PlannedStep, 'at'>): string => {
    const t = Math.max(at, prev + 5 * 60_000);
    prev = t;
    steps.push({ at: new Date(t).toISOString(), ...step });
    return new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
  };
  const submittedDate = push(submittedAt, { kind: 'submit' });
  let approved: string;
  if (it.origin === 'SESSION') {
    const accepted = push(instant(wd(s.dates.sessionCloses, gap(1, 4)), office()), { kind: 'accept' });
    const meeting = firstWorkingDay(calendar, s.dates.assignmentMeeting);
    const proposeOn = wd(meeting, -gap(1, 6));
    push(instant(proposeOn > accepted ? proposeOn : accepted, office()), { kind: 'propose' });
    approved = push(instant(meeting, rng.int(9 * 60 + 30, 11 * 60 + 30)), { kind: 'approve' });
  } else {
    const accepted = push(instant(wd(submittedDate, gap(1, 3)), office()), { kind: 'accept' });
    const proposed = push(instant(wd(accepted, gap(1, 3)), office()), { kind: 'propose' });
    approved = push(instant(wd(proposed, gap(1, 2)), office()), { kind: 'approve' });
  }
  // The return window is 7 working days from assignment; an unsigned assignment is accepted
  // by the timer at the end of the 7th, so the unit's next step comes after it.
  const signed = it.autoAccepted ? wd(approved, 7) : push(instant(wd(approved, gap(1, 4)), office()), { kind: 'sign' });
  const consulted = push(instant(wd(signed, gap(it.autoAccepted ? 1 : 2, 15)), office()), { kind: 'consult' });
  const drafting = push(instant(wd(consulted, gap(0, 5)), office()), { kind: 'startDraft' });
  if (it.inHandling) return steps;
  let answerOn = wd(drafting, gap(3, 25));
  for (const unitId of it.assistUnitIds) {
    if (unitId === it.silentUnitId) continue;
    const on = wd(approved, gap(3, 20));
    steps.push({ at: new Date(instant(on, office())).toISOString(), kind: 'assistOpinion', unitId });
    if (on >= answerOn) answerOn = wd(on, 1);
  }
  // A silent assisting unit: the assist period (1 month) ends on the timer first.
  if (it.silentUnitId !== null) {
    const periodEnds = addMonths(approved, 1);
    if (answerOn <= periodEnds) answerOn = wd(periodEnds, 1);
  }
  // Answer before the 3-month deadline.
  const due = addDays(addMonths(approved, 3), -1);
  if (answerOn > due) answerOn = wd(due, -1);
  const answered = push(instant(answerOn, office()), { kind: 'answer', round: 1 });
  const feedbackAt = (after: string): number => instant(addDays(after, gap(1, 8)), rng.int(8 * 60, 21 * 60));
  if (it.rehandled) {
    const first = push(feedbackAt(answered), { kind: 'feedback', round: 1, satisfaction: 'UNSATISFIED' });
    let again = wd(first, gap(8, 18));
    if (daysBetween(first, again) > 28) again = addDays(first, 28);
    const reanswered = push(instant(again, office()), { kind: 'answer', round: 2 });
    push(feedbackAt(reanswered), { kind: 'feedback', round: 2, satisfaction: it.satisfaction as Satisfaction });
  } else {
    push(feedbackAt(answered), { kind: 'feedback', round: 1, satisfaction: it.satisfaction as Satisfaction });
  }
  steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return steps;
}
