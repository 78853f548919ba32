/**
 * Seeds a scenario's year through the engine: creates the county (region, units, users,
 * deputies on the roster, its holiday calendar, its published definition overlays), then plays
 * every planned step in time order with the same service functions the HTTP routes call
 * (startInstance, completeTask), as the deputy, the office, the unit or the assisting unit
 * whose task it is. The clock is simulated: before each step it stops at every timer that
 * falls due (the return window, the assist period, reminders) and fires it, as the
 * scheduler would. No instance, task or event row is written by this file.
 */
import type { Kysely } from 'kysely';
import { readPackages } from '../definition-files.ts';
import type { Actor } from '../engine/index.ts';
import { publish, saveOverlay } from '../store/county-definitions.ts';
import { completeTask, startInstance } from '../store/instance-service.ts';
import { hashPassword } from '../store/passwords.ts';
import { createRuntime, SimulatedClock, type Runtime } from '../store/runtime.ts';
import { runDueTimers } from '../store/scheduler.ts';
import type { Database } from '../store/schema.ts';
import { createUsers, DEMO_PASSWORD, userIdFor, type UserSpec } from '../store/seed.ts';
import { insertDeputies } from '../store/sql/insert-deputies.ts';
import { lockSeed } from '../store/sql/lock-seed.ts';
import { nextTimerAt } from '../store/sql/next-timer-at.ts';
import { selectOpenTasksOfTree } from '../store/sql/open-tasks-of-tree.ts';
import { upsertCalendar } from '../store/sql/upsert-calendar.ts';
import { createRegion, createUnit, findRegionByCode } from '../store/users.ts';
import { expandScenario, resultWords, type PlannedStep, type PlannedSuggestion, type ScenarioPlan } from './expand.ts';
import { ScenarioError, type Scenario } from './format.ts';

export interface ScenarioSummary {
  countyId: string;
  countyCode: string;
  suggestions: number;
  /** Engine calls: starts and task completions. */
  steps: number;
  timersFired: number;
  /** Wall time of the year's steps (county creation excluded). */
  seconds: number;
  /** Suggestions per second over `seconds`. */
  rate: number;
  /** Every user's password. */
  password: string;
}

export interface SeedScenarioOptions {
  log?: (line: string) => void;
  /** Directory of process packages (default: the repo's definitions/). */
  definitionsDir?: string;
  /**
   * Steps of different suggestions run at once (default 1). Worth it on PostgreSQL, where a
   * step waits on round trips; PGlite runs one query at a time anyway.
   */
  concurrency?: number;
}

/**
 * The shortest time from a step to a timer it creates. The packages' shortest delays are days
 * (the feedback reminder: 7 days after the answer); an hour leaves room for a county's own.
 * Batches span less than this, and the next timer is looked up only when it may have moved.
 */
const MIN_TIMER_DELAY_MS = 3600_000;
/** A batch's steps lie within this span of simulated time. */
const BATCH_SPAN_MS = MIN_TIMER_DELAY_MS;

const OUTCOME: Record<Exclude<PlannedStep['kind'], 'submit'>, string> = {
  accept: 'ACCEPT',
  propose: 'PROPOSE_ASSIGNMENT',
  approve: 'APPROVE_ASSIGNMENT',
  sign: 'ACCEPT',
  consult: 'LOG_CONSULTATION',
  startDraft: 'START_DRAFT',
  assistOpinion: 'SUBMIT_OPINION',
  answer: 'SUBMIT_DRAFT',
  feedback: 'FEEDBACK',
};

/** Creates the scenario's county and drives its year. Refuses (nothing written) when the county code exists. */
export async function seedScenario(db: Kysely<Database>, scenario: Scenario, opts: SeedScenarioOptions = {}): Promise<ScenarioSummary> {
  const log = opts.log ?? (() => {});
  const plan = expandScenario(scenario);
  const first = plan.suggestions[0]?.steps[0]?.at ?? `${scenario.dates.sessionOpens}T00:00:00+08:00`;
  // The county is created the day before the first step, so its rows carry the year's dates.
  const clock = new SimulatedClock(new Date(Date.parse(first) - 24 * 3600_000));
  const rt = createRuntime({ clock });
  await rt.registry.registerFiles(db, readPackages(opts.definitionsDir));
  const county = await createCountyOf(db, rt, scenario, plan);
  log(`County ${scenario.county.name} (code "${scenario.county.code}"): ${scenario.units.length} handling units, ${plan.deputies.length} deputies; password "${DEMO_PASSWORD}".`);

  const driver = new YearDriver(db, rt, clock, county, scenario, log, Math.max(1, opts.concurrency ?? 1));
  const started = performance.now();
  try {
    await driver.play(plan);
  } catch (err) {
    throw new Error(`Seeding ${scenario.name} stopped after ${driver.steps} steps; county ${scenario.county.code} is left half-seeded (seed into a fresh database). Cause: ${(err as Error).message}`, { cause: err });
  }
  const seconds = (performance.now() - started) / 1000;
  const summary: ScenarioSummary = {
    countyId: county.id,
    countyCode: scenario.county.code,
    suggestions: plan.suggestions.length,
    steps: driver.steps,
    timersFired: driver.timersFired,
    seconds,
    rate: plan.suggestions.length / seconds,
    password: DEMO_PASSWORD,
  };
  log(`Seeded ${summary.suggestions} suggestions through the engine: ${summary.steps} steps, ${summary.timersFired} timers fired, ${seconds.toFixed(1)} s (${summary.rate.toFixed(1)} suggestions/s).`);
  return summary;
}

interface CountyOf {
  id: string;
  staff: Actor;
  units: Map<string, Actor>;
  deputies: Map<string, Actor>;
}

async function createCountyOf(db: Kysely<Database>, rt: Runtime, s: Scenario, plan: ScenarioPlan): Promise<CountyOf> {
  const code = s.county.code;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const office: UserSpec[] = [
    { username: 'admin', displayName: '系统管理员', roles: ['admin', 'integrator', 'staff'] },
    { username: 'staff', displayName: '代表工作委员会工作人员', roles: ['staff'] },
    { username: 'leader', displayName: '主任会议成员', roles: ['leader'] },
  ];
  const clerks: UserSpec[] = s.units.map((u) => ({ username: u.id, displayName: `${u.name}办理员`, roles: ['unit'], unitId: u.id, positions: ['clerk', 'reviewer', 'signer'] }));
  await db.transaction().execute(async (trx) => {
    await lockSeed(trx);
    if (await findRegionByCode(trx, code)) throw new ScenarioError(s.name, [`county ${code} already exists; nothing was written (seed into another database, or change county.code)`]);
    const stable = (): string => code;
    await createRegion(trx, { id: code, parentId: null, level: 'county', code, name: s.county.name, nameEn: s.county.nameEn ?? null }, stable);
    for (const u of [...s.offices, ...s.units]) await createUnit(trx, code, { id: u.id, name: u.name, nameEn: u.nameEn ?? null }, stable);
    await createUsers(trx, code, code, [...office, ...clerks], passwordHash);
    const deputies = plan.deputies.map((d) => ({
      userId: userIdFor(code, d.username),
      username: d.username,
      name: d.name,
      delegation: d.delegation,
      group: null,
      phone: null,
      standingCommittee: false,
      termId: null,
    }));
    await insertDeputies(trx, code, deputies, passwordHash);
    for (const y of s.calendar ?? []) await upsertCalendar(trx, code, y.year, y.holidays, y.workdays);
  });
  rt.calendars.forget(code);
  const adminId = userIdFor(code, 'admin');
  for (const [definitionId, patch] of Object.entries(s.overlays ?? {})) {
    await saveOverlay(db, rt, code, definitionId, patch, adminId);
    await publish(db, rt, code, definitionId, adminId);
  }
  return {
    id: code,
    staff: { id: userIdFor(code, 'staff'), roles: ['staff'], unitId: null, name: '代表工作委员会工作人员' },
    units: new Map(s.units.map((u) => [u.id, { id: userIdFor(code, u.id), roles: ['unit'], unitId: u.id, positions: ['clerk', 'reviewer', 'signer'], name: `${u.name}办理员` }])),
    deputies: new Map(plan.deputies.map((d) => [d.username, { id: userIdFor(code, d.username), roles: ['deputy'], unitId: null, name: d.name }])),
  };
}

/** Plays the plan's steps in time order on one simulated clock. */
class YearDriver {
  steps = 0;
  timersFired = 0;
  /** No timer can be due before this instant (fireTimersUntil). */
  private horizon: number | null = null;
  private readonly instanceOf = new Map<number, string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly rt: Runtime,
    private readonly clock: SimulatedClock,
    private readonly county: CountyOf,
    private readonly s: Scenario,
    private readonly log: (line: string) => void,
    private readonly concurrency: number,
  ) {}

  async play(plan: ScenarioPlan): Promise<void> {
    const queue = plan.suggestions.flatMap((item) => item.steps.map((step, k) => ({ at: Date.parse(step.at), item, step, k })));
    queue.sort((a, b) => a.at - b.at || a.item.no - b.item.no || a.k - b.k);
    let logged = 0;
    for (let i = 0; i < queue.length; ) {
      const head = queue[i] as (typeof queue)[number];
      await this.fireTimersUntil(head.at);
      // A batch: the next steps of different suggestions, within the hour and before the
      // horizon (no timer can be due before it), with at most one registration (serial
      // numbers are taken in queue order). Each step runs on a clock of its own that reads its
      // planned instant.
      const batch = [head];
      const items = new Set([head.item.no]);
      let registrations = head.step.kind === 'accept' ? 1 : 0;
      for (let j = i + 1; j < queue.length && batch.length < this.concurrency; j++) {
        const e = queue[j] as (typeof queue)[number];
        if (items.has(e.item.no) || e.at - head.at >= BATCH_SPAN_MS || (this.horizon !== null && e.at >= this.horizon)) break;
        if (e.step.kind === 'accept' && registrations++ > 0) break;
        batch.push(e);
        items.add(e.item.no);
      }
      const last = (batch[batch.length - 1] as (typeof queue)[number]).at;
      this.clock.set(new Date(Math.max(last, this.clock.now().getTime())));
      // Form data first, in queue order (document numbers count per unit).
      const work = batch.map((e) => ({ e, data: e.step.kind === 'submit' ? undefined : this.dataFor(e.item, e.step) }));
      await Promise.all(work.map(({ e, data }) => this.perform(e.item, e.step, data, { ...this.rt, clock: { now: () => new Date(e.at) } })));
      this.steps += batch.length;
      i += batch.length;
      if (this.steps - logged >= 1000) {
        logged = this.steps;
        this.log(`  … ${this.steps}/${queue.length} steps, simulated ${new Date(last + 8 * 3600_000).toISOString().slice(0, 10)}`);
      }
    }
    const yearEnd = Date.parse(`${this.s.dates.yearEnd}T23:59:59+08:00`);
    await this.fireTimersUntil(yearEnd);
    this.clock.set(new Date(yearEnd));
  }

  /**
   * Stops the clock at each timer due by `until` and fires what is due then, as the scheduler
   * would. The next timer is looked up again only past the horizon: the earliest timer seen,
   * or MIN_TIMER_DELAY after the first step since the last look, whichever comes first (no
   * step creates a timer sooner). Measured on sample-small (PGlite): the lookup before every
   * step was 188 of 1,107 statements and 6 % of the database time.
   */
  private async fireTimersUntil(until: number): Promise<void> {
    if (this.horizon !== null && until < this.horizon) return;
    for (;;) {
      const next = (await nextTimerAt(this.db))?.getTime() ?? null;
      this.horizon = Math.min(next ?? Infinity, until + MIN_TIMER_DELAY_MS);
      if (next === null || next > until) return;
      this.clock.set(new Date(Math.max(next, this.clock.now().getTime())));
      this.timersFired += await runDueTimers(this.db, this.rt);
    }
  }

  private async perform(item: PlannedSuggestion, step: PlannedStep, data: Record<string, unknown> | undefined, rt: Runtime): Promise<void> {
    const countyId = this.county.id;
    if (step.kind === 'submit') {
      const id = await startInstance(this.db, rt, { countyId, actor: this.deputy(item.leadDeputy) }, 'suggestion', this.suggestionData(item));
      this.instanceOf.set(item.no, id);
      return;
    }
    const actor = this.actorFor(item, step);
    const outcome = OUTCOME[step.kind];
    const rootId = this.instanceOf.get(item.no);
    if (rootId === undefined) throw new Error(`suggestion ${item.no}: ${step.kind} before submit`);
    const tasks = await selectOpenTasksOfTree(this.db, countyId, rootId);
    const task = tasks.find(
      (t) => Object.hasOwn(t.outcomes as Record<string, unknown>, outcome) && (t.unit_id === null || t.unit_id === actor.unitId) && (t.assignee_id === null || t.assignee_id === actor.id),
    );
    if (!task) {
      throw new Error(`suggestion ${item.no} 《${item.title}》: no open task offers ${outcome} to ${actor.id} at ${step.at} (open: ${tasks.map((t) => Object.keys(t.outcomes as object).join('/')).join(', ') || 'none'})`);
    }
    await completeTask(this.db, rt, { countyId, actor }, task.id, outcome, data);
    // The unit's clerk holds every position of the scenario's unit (seed.ts): the letter is reviewed and signed at once.
    if (step.kind === 'answer') {
      for (const next of ['APPROVE_DRAFT', 'SUBMIT_ANSWER']) {
        const open = (await selectOpenTasksOfTree(this.db, countyId, rootId)).find((t) => Object.hasOwn(t.outcomes as Record<string, unknown>, next) && t.unit_id === actor.unitId);
        if (!open) throw new Error(`suggestion ${item.no}: no open task offers ${next} to ${actor.id}`);
        await completeTask(this.db, rt, { countyId, actor }, open.id, next, undefined);
      }
    }
  }

  private deputy(username: string): Actor {
    const d = this.county.deputies.get(username);
    if (!d) throw new Error(`unknown deputy ${username}`);
    return d;
  }

  private unit(unitId: string): Actor {
    const u = this.county.units.get(unitId);
    if (!u) throw new Error(`unknown unit ${unitId}`);
    return u;
  }

  private actorFor(item: PlannedSuggestion, step: PlannedStep): Actor {
    switch (step.kind) {
      case 'accept':
      case 'propose':
      case 'approve':
        return this.county.staff;
      case 'assistOpinion':
        return this.unit(step.unitId as string);
      case 'feedback':
        return this.deputy(item.leadDeputy);
      default:
        return this.unit(item.leadUnitId);
    }
  }

  private suggestionData(item: PlannedSuggestion): Record<string, unknown> {
    const code = this.s.county.code;
    return {
      title: item.title,
      body: item.body,
      origin: item.origin,
      leadDeputyId: userIdFor(code, item.leadDeputy),
      ...(item.coSigners.length > 0 ? { coSignerIds: item.coSigners.map((u) => userIdFor(code, u)) } : {}),
      ...(item.origin === 'SESSION' ? { delegationId: item.delegation } : {}),
      sourceCode: item.sourceCode,
      agreePublish: true,
    };
  }

  private dataFor(item: PlannedSuggestion, step: PlannedStep): Record<string, unknown> | undefined {
    const localDate = new Date(Date.parse(step.at) + 8 * 3600_000).toISOString().slice(0, 10);
    const unit = this.s.units.find((u) => u.id === item.leadUnitId);
    switch (step.kind) {
      case 'accept':
        return { categoryCode: item.categoryCode, screeningResult: 'ACCEPT', ...this.s.numbering[item.origin] };
      case 'propose':
        return {
          mode: item.assistUnitIds.length > 0 ? 'LEAD_ASSIST' : 'SINGLE',
          leadUnitId: item.leadUnitId,
          ...(item.assistUnitIds.length > 0 ? { assistUnitIds: item.assistUnitIds } : {}),
          viaGovOffice: unit?.government !== false,
          supervisionLevel: item.supervisionLevel,
        };
      case 'approve':
        return { comment: item.keyTheme ? `同意交办。列为重点督办件，督办主题：${item.keyTheme.title}，由${item.keyTheme.committee}跟踪督办${item.supervisionLevel === 'KEY_GOV_LEADER' ? '，市政府领导领衔办理' : '，主任会议成员领衔督办'}。` : '同意交办。' };
      case 'sign':
      case 'startDraft':
        return undefined;
      case 'consult':
        return {
          date: localDate,
          mode: item.supervisionLevel === 'GENERAL' ? 'FACE_TO_FACE' : 'SITE_VISIT',
          deputyIds: [userIdFor(this.s.county.code, item.leadDeputy)],
          summary: `与领衔代表面商办理思路，听取对“${item.title.replace(/^关于/, '').replace(/的建议$/, '')}”的具体意见。`,
          ...(item.supervisionLevel === 'GENERAL' ? {} : { deputyInvitedToResearch: true }),
        };
      case 'assistOpinion': {
        const helper = this.s.units.find((u) => u.id === step.unitId);
        return { opinion: `${helper?.name ?? ''}将结合职责积极配合主办单位做好相关工作。`, signer: `${helper?.name ?? ''}负责人` };
      }
      case 'answer': {
        const code = item.resultCode as string;
        const office = this.s.offices.map((o) => o.id);
        return {
          resultCode: code,
          body: `${step.round === 2 ? '根据代表意见重新办理。' : ''}经认真研究，现答复如下：所提建议${resultWords(code)}。我单位将持续跟踪，加强与代表的沟通联系。`,
          ...(item.assistUnitIds.length > 0 ? { assistOpinionsSummary: item.silentUnitId ? '部分协办单位未在期限内反馈意见。' : '已吸收协办单位意见。' } : {}),
          ...(code === 'A' ? {} : { commitments: [{ text: '列入下一年度工作计划，分步推进并向代表报告进展', dueDate: `${Number(localDate.slice(0, 4)) + 1}-06-30` }] }),
          contactPerson: `${unit?.abbr ?? ''}联系人`,
          contactPhone: '028-61881234',
          sealed: true,
          ccOffices: unit?.government === false ? office.slice(0, 1) : office.slice(0, 2),
          publishable: true,
        };
      }
      case 'feedback':
        return step.satisfaction === 'UNSATISFIED'
          ? { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '答复措施不够具体，请进一步研究落实。', requestRehandle: true, channel: 'DIRECT_TO_OFFICE' }
          : { consultationHappened: 'FACE', resultSatisfaction: step.satisfaction, channel: 'DIRECT_TO_OFFICE' };
      default:
        return undefined;
    }
  }
}
