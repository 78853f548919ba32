/**
 * Starting instances and completing or claiming tasks: each call is one transaction that
 * locks the instance, checks the caller, validates the form, steps the engine and writes
 * every effect (see step-writer.ts). Bad input changes nothing.
 */
import type { Kysely } from 'kysely';
import { choiceErrors, resolveChoices, start as startEngine, step, type Actor, type CompiledDefinition, type EngineEvent, type StepResult } from '../engine/index.ts';
import { taskSpecOf } from './documents-task.ts';
import { AppError } from '../errors.ts';
import { currentDefinition } from './county-definitions.ts';
import { termSettingsInput } from './current-term.ts';
import { attachmentErrors } from './files.ts';
import { referenceErrors } from './reference-check.ts';
import { mayAct } from './task-access.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import type { StoreEvent } from './store-events.ts';
import { getInstanceView, toInstanceView, type InstanceView } from './instance-views.ts';
import { parseJson } from './json.ts';
import { readTask, type TaskLockRow } from './sql/read-task.ts';
import { completionNeeds, dropIfNotRestorable, holdForSigner, keepRestorePoint } from './task-return.ts';
import { createInstance, needsTransaction, stepInstance, transitioned, writeComputedStep, writeStepOptimistic, type StepAnswer, type StepContext } from './step-writer.ts';
import { instanceBrief, type InstanceBrief } from './instance-brief.ts';
import { selectInstanceBrief } from './sql/instance-brief.ts';
import type { StepWritten } from './sql/step-write.ts';

export interface CallerContext {
  countyId: string;
  actor: Actor;
  /** The bench's phase marks (server/phase-timing.ts, PHASE_TIMING=1); absent otherwise. */
  timing?: PhaseMarks;
}

/** Marks the end of a phase of a completion: `read`, `prepare` (form check and engine step), `write`, `answer`. */
export interface PhaseMarks {
  mark(name: string): void;
}

/** Schema errors, unknown deputies/units and attachments the caller may not use together, so the form shows every problem at once. */
async function validate(db: Kysely<Database>, caller: CallerContext, def: CompiledDefinition, form: string | null | undefined, data: unknown): Promise<Record<string, unknown>> {
  const { countyId } = caller;
  if (!form) return {};
  const validator = def.validators[form];
  const schema = def.pkg.forms[form];
  if (!validator || !schema) throw new AppError('FORM_MISSING', `Form ${form} is not compiled`);
  const body = data ?? {};
  const errors = [...validator(body), ...(await referenceErrors(db, countyId, schema, body)), ...(await attachmentErrors(db, countyId, caller.actor, body))];
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', `表单有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { form, errors });
  }
  return body as Record<string, unknown>;
}

/**
 * How the store itself starts an instance, beside the form: `scheduled` lets a `scheduledOnly`
 * process start (the schedule page, not 发起流程); `context` adds what the store knows and the
 * form must not carry (e.g. the station manager who receives the triage task), merged after the
 * form is validated, so no caller can set it.
 */
export interface StoreStart {
  scheduled?: boolean;
  context?: Record<string, unknown>;
}

export async function startInstance(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  definitionId: string,
  data: unknown,
  store: StoreStart = {},
): Promise<string> {
  return (await start(db, rt, caller, definitionId, data, 'none', store)).id;
}

/** `startInstance`, answering with the instance view (what the HTTP API returns with 201). */
export async function startInstanceWithView(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  definitionId: string,
  data: unknown,
): Promise<InstanceView> {
  const started = await start(db, rt, caller, definitionId, data, 'view');
  return started.view ?? getInstanceView(db, rt, caller.countyId, caller.actor, started.id);
}

/** `startInstance`, answering briefly (`Prefer: return=minimal`; instance-brief.ts). */
export async function startInstanceBrief(db: Kysely<Database>, rt: Runtime, caller: CallerContext, definitionId: string, data: unknown): Promise<InstanceBrief> {
  const started = await start(db, rt, caller, definitionId, data, 'brief');
  return started.brief ?? readBrief(db, rt, caller.countyId, started.id);
}

/** The brief answer read after a step that ran in a transaction (its statement could not answer). */
async function readBrief(db: Kysely<Database>, rt: Runtime, countyId: string, instanceId: string): Promise<InstanceBrief> {
  const row = await selectInstanceBrief(db, countyId, instanceId);
  if (!row) throw new AppError('INSTANCE_NOT_FOUND', 'No such instance');
  return instanceBrief(await rt.registry.byHash(db, row.definition_hash), instanceId, row.state, row.status, Number(row.version), parseJson(row.open_tasks));
}

/** The brief answer from what a one-statement step wrote (undefined when it was not asked for). */
function briefFrom(def: CompiledDefinition, id: string, result: StepResult, written: StepWritten): InstanceBrief | undefined {
  return written.openTasks ? instanceBrief(def, id, result.to, result.done ? 'done' : 'active', written.version, written.openTasks) : undefined;
}

/**
 * A start whose first step touches only the new instance (no child process, ballot or serial
 * number) is written in one statement that also returns the view; any other runs in a
 * transaction (createInstance).
 */
async function start(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  definitionId: string,
  data: unknown,
  answer: StepAnswer,
  store: StoreStart = {},
): Promise<{ id: string; view?: InstanceView; brief?: InstanceBrief }> {
  const def = await currentDefinition(db, rt, caller.countyId, definitionId);
  const startSpec = def.pkg.start;
  if (!startSpec || def.pkg.child) throw new AppError('NOT_STARTABLE', `Process "${definitionId}" is started only by another process`);
  if (startSpec.scheduledOnly === true && store.scheduled !== true) throw new AppError('NOT_STARTED_BY_HAND', `“${def.pkg.title}”由排期产生，不能手工发起 / "${def.pkg.title_en ?? def.pkg.title}" is made by scheduling, not started by hand`);
  if (!startSpec.roles.some((r) => caller.actor.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `Starting "${def.pkg.title}" needs one of the roles: ${startSpec.roles.join(', ')}`);
  }
  const body = await validate(db, caller, def, startSpec.form, data);
  // The term and session of serial numbers come from the terms table (current-term.ts): one
  // more read, only for a process whose settings have `currentTerm` (the suggestion).
  const termSettings = await termSettingsInput(db, def, caller.countyId, rt.clock.now());
  const input = { ...body, ...termSettings, ...(store.context ?? {}), startedBy: caller.actor.id };
  const event = startSpec.event ? { type: startSpec.event, data: body, actor: caller.actor } : undefined;
  const calendar = await rt.calendars.forCounty(db, caller.countyId);
  const result = startEngine(def, input, { clock: rt.clock, calendar }, event);
  // Alone, the start is written outside a transaction by one statement, which also answers
  // with the view; it inserts the instance, so it has no earlier version to take a number against.
  const alone = !needsTransaction(def, result, 'started') && !result.effects.some((e) => e.type === 'allocateSerial');
  const emitted: StoreEvent[] = [];
  const started = alone
    ? await createInstance({ trx: db, rt, countyId: caller.countyId, depth: 0, emitted }, def, input, caller.actor, null, event, result, answer)
    : await inTransaction(db, async (trx) => {
        const ctx: StepContext = { trx, rt, countyId: caller.countyId, depth: 0, emitted };
        return createInstance(ctx, def, input, caller.actor, null, event, result);
      });
  rt.events.emitAll(emitted);
  return {
    id: started.id,
    view: started.written.view ? await toInstanceView(db, rt, started.written.view, caller.countyId, caller.actor) : undefined,
    brief: alone ? briefFrom(def, started.id, result, started.written) : undefined,
  };
}

function ensureOpenAndMine(task: TaskLockRow, actor: Actor): void {
  if (!mayAct(actor, task)) throw new AppError('FORBIDDEN', 'This task is for someone else');
  if (task.status !== 'open') throw new AppError('TASK_ALREADY_COMPLETED', 'The task has already been completed');
  if (task.claimed_by && task.claimed_by !== actor.id) throw new AppError('TASK_CLAIMED', 'Someone else has claimed this task');
}

/**
 * Complete a task. First optimistically: read without locks, step, and write everything in
 * one statement guarded by the instance version (2 round trips instead of BEGIN / lock /
 * write / COMMIT; a serial number is taken in that statement). When the step needs more
 * (child instances, ballots, several serial numbers) or someone
 * changed the instance meanwhile, the same work runs again under row locks, which also
 * gives the loser of a race its precise answer (409 TASK_ALREADY_COMPLETED).
 */
export async function completeTask(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  taskId: string,
  outcome: string,
  data: unknown,
): Promise<string> {
  return (await complete(db, rt, caller, taskId, outcome, data, 'none')).instanceId;
}

/**
 * `completeTask`, answering with the instance view after the step (what the HTTP API returns).
 * On the optimistic path the write statement itself returns the view, so a plain completion
 * costs 2 round trips in all (W1 before: 6 — read, write, and 4 for the view).
 */
export async function completeTaskWithView(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  taskId: string,
  outcome: string,
  data: unknown,
): Promise<InstanceView> {
  const done = await complete(db, rt, caller, taskId, outcome, data, 'view');
  return done.view ?? getInstanceView(db, rt, caller.countyId, caller.actor, done.instanceId);
}

/**
 * `completeTask`, answering briefly (`Prefer: return=minimal`; instance-brief.ts): on the
 * optimistic path the write statement returns only the version and the open tasks' ids, keys
 * and titles, not the view's tree, history and open tasks with their forms.
 */
export async function completeTaskBrief(db: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, outcome: string, data: unknown): Promise<InstanceBrief> {
  const done = await complete(db, rt, caller, taskId, outcome, data, 'brief');
  return done.brief ?? readBrief(db, rt, caller.countyId, done.instanceId);
}

async function complete(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  taskId: string,
  outcome: string,
  data: unknown,
  answer: StepAnswer,
): Promise<{ instanceId: string; view?: InstanceView; brief?: InstanceBrief }> {
  const read = await readTask(db, caller.countyId, taskId, false);
  caller.timing?.mark('read');
  const prepared = await prepareCompletion(db, rt, caller, read, outcome, data);
  caller.timing?.mark('prepare');
  // 加签 and 撤回 (task-return.ts): a task declaring them completes under the row locks.
  const returns = completionNeeds(prepared.def, read.state_id);
  if (!returns && !needsTransaction(prepared.def, prepared.result, outcome)) {
    const event = completionEvent(caller, outcome, prepared.body, read);
    const written = await writeStepOptimistic(db, rt, caller.countyId, prepared.def, read.instance, prepared.result, event, caller.actor, answer, !read.has_signers);
    caller.timing?.mark('write');
    if (written) {
      rt.events.emitAll([transitioned(caller.countyId, read.instance, event, prepared.result, caller.actor), completed(caller, read, outcome)]);
      caller.timing?.mark('log');
      const answer = {
        instanceId: read.instance_id,
        view: written.view ? await toInstanceView(db, rt, written.view, caller.countyId, caller.actor) : undefined,
        brief: briefFrom(prepared.def, read.instance_id, prepared.result, written),
      };
      caller.timing?.mark('answer');
      return answer;
    }
  }
  const emitted: StoreEvent[] = [];
  const instanceId = await inTransaction(db, async (trx) => {
    const task = await readTask(trx, caller.countyId, taskId, true);
    const ctx: StepContext = { trx, rt, countyId: caller.countyId, depth: 0, emitted };
    if (returns?.signers) {
      ensureOpenAndMine(task, caller.actor);
      // An added signer still to answer stops the completion; one added `after` holds it.
      if (await holdForSigner(trx, rt, caller, task, outcome, prepared.body)) return task.instance_id;
    }
    const before = returns?.restore ? { snapshot: task.instance.snapshot, state: task.instance.state, version: task.instance.version } : undefined;
    if (before) await keepRestorePoint(trx, rt, caller.countyId, task, caller.actor.id, before);
    let stepped: StepResult = prepared.result;
    if (task.instance.version === read.instance.version && task.claimed_by === read.claimed_by) {
      // Nothing changed since the first read (every step bumps the version; a claim does not,
      // hence claimed_by): the step computed above is still the answer, so it is written as it
      // is instead of being validated and computed again (W1-serial: ~0.5 ms of CPU each).
      ensureOpenAndMine(task, caller.actor);
      await writeComputedStep(ctx, prepared.def, task.instance, prepared.result, completionEvent(caller, outcome, prepared.body, task), caller.actor);
    } else {
      const { body } = await prepareCompletion(trx, rt, caller, task, outcome, data);
      const result = await stepInstance(ctx, task.instance, completionEvent(caller, outcome, body, task), caller.actor);
      if (!result.changed) throw rejected(outcome);
      stepped = result;
    }
    if (before) await dropIfNotRestorable(trx, caller.countyId, task.instance_id, before.version + 1, { definitionId: prepared.def.id, event: outcome, result: stepped });
    emitted.push(completed(caller, task, outcome));
    return task.instance_id;
  });
  rt.events.emitAll(emitted);
  return { instanceId };
}

function completed(caller: CallerContext, task: TaskLockRow, outcome: string): StoreEvent {
  return { name: 'task:completed', payload: { countyId: caller.countyId, instanceId: task.instance_id, taskId: task.id, outcome, actorId: caller.actor.id } };
}

/** A delegate's completion (委托) names the holder they acted for: the history records both (completed_by is the delegate). */
function completionEvent(caller: CallerContext, outcome: string, body: Record<string, unknown>, task: Pick<TaskLockRow, 'key' | 'delegate_id' | 'delegated_by'>): EngineEvent {
  const forHolder = task.delegate_id !== null && task.delegate_id === caller.actor.id && task.delegated_by !== null;
  return { type: outcome, data: body, actor: caller.actor, taskKey: task.key, ...(forHolder ? { onBehalfOf: task.delegated_by } : {}) };
}

function rejected(outcome: string): AppError {
  return new AppError('TRANSITION_REJECTED', `流程当前不接受“${outcome}”（条件未满足） / The process does not accept ${outcome} now: a condition is not met`);
}

/** Values a form offers from the case (meta.task.choices: the candidates a vote left out) must be among them, no more than allowed. */
function checkChoices(def: CompiledDefinition, task: TaskLockRow, form: string | null | undefined, body: Record<string, unknown>): void {
  const specs = form ? taskSpecOf(def.pkg, task.state_id)?.choices : undefined;
  if (!specs) return;
  const errors = choiceErrors(resolveChoices(specs, task.instance.snapshot.machine.context), body);
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `表单有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { form, errors });
}

/** Check the caller, the outcome and the form, and compute the step (pure; nothing written). */
async function prepareCompletion(db: Kysely<Database>, rt: Runtime, caller: CallerContext, task: TaskLockRow, outcome: string, data: unknown) {
  ensureOpenAndMine(task, caller.actor);
  const outcomes = parseJson<Record<string, string | null>>(task.outcomes);
  if (typeof outcome !== 'string' || !Object.hasOwn(outcomes, outcome)) {
    throw new AppError('UNKNOWN_OUTCOME', `"${String(outcome)}" is not an outcome of this task`, { outcomes: Object.keys(outcomes) });
  }
  const def = await rt.registry.byHash(db, task.instance.definition_hash);
  const body = await validate(db, caller, def, outcomes[outcome], data);
  checkChoices(def, task, outcomes[outcome], body);
  // The calendar stamp came with the task (read-task.ts): no round trip of its own (W1: 3 → 2 statements).
  const calendar = await rt.calendars.forCountyAt(db, caller.countyId, task.calendar_version);
  const result = step(def, task.instance.snapshot, completionEvent(caller, outcome, body, task), { clock: rt.clock, calendar });
  if (!result.changed) throw rejected(outcome);
  return { def, body, result };
}

/** Claim a task so colleagues holding the same role see it is taken. */
export async function claimTask(db: Kysely<Database>, caller: CallerContext, taskId: string): Promise<string> {
  return inTransaction(db, async (trx) => {
    const task = await readTask(trx, caller.countyId, taskId, true);
    ensureOpenAndMine(task, caller.actor);
    await trx.updateTable('tasks').set({ claimed_by: caller.actor.id }).where('county_id', '=', caller.countyId).where('id', '=', taskId).execute();
    return task.instance_id;
  });
}
