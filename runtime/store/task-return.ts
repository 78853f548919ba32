/**
 * 退回, 加签 and 撤回 on any task whose definition declares them (issue 16 item 3; the rules
 * in words are in runtime/engine/task-return.ts). Each call is one transaction that locks the
 * task and its instance (read-task.ts FOR UPDATE), checks the caller against the task's
 * declared actions, and writes its history entry through the instance's version, so any
 * writer that computed from the version before (an optimistic completion, another action)
 * loses with a 409 and exactly one of two racing changes wins. Bad input changes nothing.
 *
 * - 退回 (sendBack): a `task.sentBack` entry with the reason, then the declared event as an
 *   ordinary machine step (its own transition record), which closes the task — and with it
 *   its signers still to answer, by the rule every step follows (sql/step-write.ts `signerCtes`).
 * - 加签 (addSigner): `before` opens a countersign task for the signer now and the holder's
 *   completion waits for its answer; `after` holds the holder's completion (event and data)
 *   until the signer agrees (then it is applied through the engine as the holder's) or
 *   disagrees (the holder's task stays open).
 * - 撤回 (withdraw): a completion of a task declaring it keeps a restore point
 *   (sql/restore-point.ts); while the instance is still at that completion's version and no
 *   task it opened is claimed, the one who completed it may put the instance back.
 */
import type { Kysely } from 'kysely';
import {
  countersignKey,
  countersignRole,
  countersignTitle,
  mayUseAction,
  restorable,
  signerPlaces,
  actionsOfTask,
  withdrawEffects,
  withdrawnSnapshot,
  type Actor,
  type CompiledDefinition,
  type EngineEvent,
  type InstanceSnapshot,
  type KeptTimer,
  type ReturnAction,
  type SignerPlace,
  type StepResult,
  type TaskActionsSpec,
} from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { mayAward } from '../points/index.ts';
import { taskSpecOf } from './documents-task.ts';
import { parseJson } from './json.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { appendTaskEvent } from './sql/append-task-event.ts';
import { readAuthUser } from './sql/auth-user.ts';
import { closeCountersignTask, insertCountersignTask } from './sql/countersign-task.ts';
import { insertTaskSigner } from './sql/insert-task-signer.ts';
import { instanceOpenWork } from './sql/instance-open-work.ts';
import { lastRestorePoint } from './sql/last-restore-point.ts';
import { readTask, type TaskLockRow } from './sql/read-task.ts';
import { reopenTasks } from './sql/reopen-tasks.ts';
import { deleteRestorePoint, insertRestorePoint } from './sql/restore-point.ts';
import { writeStepRows } from './sql/step-write.ts';
import { signerOfCountersign, taskSigners, type SignerRow } from './sql/task-signers.ts';
import { updateTaskSigner as updateSigner } from './sql/update-task-signer.ts';
import { projectionOf } from './statistics-projection.ts';
import { mayAct } from './task-access.ts';
import { instanceTitle, signersOf, stepInstance, type StepContext } from './step-writer.ts';
import type { StoreEvent } from './store-events.ts';

export interface ReturnCaller {
  countyId: string;
  actor: Actor;
}

const REASON_MAX = 500;

/** The declared actions of the task's state (meta.task.actions, else the package's taskActions). */
export function declaredActions(def: CompiledDefinition, stateId: string): TaskActionsSpec {
  return actionsOfTask(def.pkg, taskSpecOf(def.pkg, stateId));
}

function refuseAction(action: ReturnAction): AppError {
  const words = { sendBack: ['退回', 'send back'], addSigner: ['加签', 'add a signer to'], withdraw: ['撤回', 'withdraw'] }[action];
  return new AppError('FORBIDDEN', `此任务不允许您${words[0]} / You may not ${words[1]} this task`, { action });
}

function ensureOpenHolder(task: TaskLockRow, actor: Actor): void {
  if (!mayAct(actor, task)) throw new AppError('FORBIDDEN', '此任务由他人办理 / This task is for someone else');
  if (task.status !== 'open') throw new AppError('TASK_NOT_OPEN', '该任务已办理或已关闭 / The task is no longer open');
  if (task.claimed_by && task.claimed_by !== actor.id) throw new AppError('TASK_CLAIMED', '该任务已由他人认领 / Someone else has claimed this task');
}

/** A reason the person typed: required (or not), one text of at most 500 characters. */
function reasonText(value: unknown, required: boolean, field = 'reason'): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (!required) return null;
    throw fieldError(field, '请填写理由', 'A reason is required');
  }
  if (typeof value !== 'string') throw fieldError(field, '应为文字', 'must be text');
  if (value.length > REASON_MAX) throw fieldError(field, `不能超过${REASON_MAX}字`, `must be at most ${REASON_MAX} characters`);
  return value.trim();
}

function fieldError(field: string, zh: string, en: string): AppError {
  return new AppError('INVALID_INPUT', `${zh} / ${en}`, { errors: [{ pointer: `/${field}`, message: zh, message_en: en }] });
}

/** Only these keys, in an object: anything else (`__proto__` too) is refused before anything is read. */
export function actionBody(body: unknown, keys: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError('INVALID_BODY', `请求内容应为对象 / The body must be an object with ${keys.join(', ')}`);
  const unknown = Object.keys(body).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw new AppError('INVALID_BODY', `请求内容含有不认识的项 / Unknown keys: ${unknown.join(', ')}`, { errors: unknown.map((k) => ({ pointer: `/${k}`, message: '不认识的项', message_en: 'unknown key' })) });
  }
  return body as Record<string, unknown>;
}

async function holderTask(trx: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string, action: ReturnAction) {
  const task = await readTask(trx, caller.countyId, taskId, true);
  ensureOpenHolder(task, caller.actor);
  if (await signerOfCountersign(trx, caller.countyId, task.id)) throw new AppError('FORBIDDEN', '会签任务只能签署意见 / A countersign task only takes an opinion', { action });
  const def = await rt.registry.byHash(trx, task.instance.definition_hash);
  if (!mayUseAction(declaredActions(def, task.state_id), action, caller.actor)) throw refuseAction(action);
  return { task, def };
}

async function history(trx: Kysely<Database>, rt: Runtime, caller: ReturnCaller, task: TaskLockRow, type: string, data: Record<string, unknown>): Promise<void> {
  const version = await appendTaskEvent(trx, { countyId: caller.countyId, instanceId: task.instance_id, fromVersion: task.instance.version, type, actorId: caller.actor.id, at: rt.clock.now(), data });
  if (version === undefined) throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试 / The instance was changed by someone else; reload and try again');
  task.instance.version = version;
}

function rejectedStep(event: string): AppError {
  return new AppError('TRANSITION_REJECTED', `流程当前不接受此操作（条件未满足） / The process does not accept ${event} now: a condition is not met`);
}

/** 退回: the declared event as a machine step, after a `task.sentBack` entry with the reason. */
export async function sendBackTask(db: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string, body: unknown): Promise<string> {
  const input = actionBody(body, ['reason']);
  const reason = reasonText(input.reason, true) as string;
  const emitted: StoreEvent[] = [];
  const instanceId = await inTransaction(db, async (trx) => {
    const { task, def } = await holderTask(trx, rt, caller, taskId, 'sendBack');
    const event = declaredActions(def, task.state_id).sendBack?.event as string;
    await history(trx, rt, caller, task, 'task.sentBack', { reason, taskKey: task.key, event });
    const ctx: StepContext = { trx, rt, countyId: caller.countyId, depth: 0, emitted };
    // Not a completion (the event is no outcome of the task): the task closes as the machine leaves its state.
    const result = await stepInstance(ctx, task.instance, { type: event, data: { reason }, actor: caller.actor }, caller.actor);
    if (!result.changed) throw rejectedStep(event);
    return task.instance_id;
  });
  rt.events.emitAll(emitted);
  return instanceId;
}

/** 加签: a named user of the county gives an opinion before the holder completes, or before the completion takes effect. */
export async function addTaskSigner(db: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string, body: unknown): Promise<string> {
  const input = actionBody(body, ['userId', 'where', 'reason']);
  if (typeof input.userId !== 'string' || input.userId === '' || input.userId.length > 200) throw fieldError('userId', '请选择加签人', 'Choose the signer');
  if (input.where !== 'before' && input.where !== 'after') throw fieldError('where', '请选择办理前或办理后会签', 'where must be before or after');
  const place: SignerPlace = input.where;
  const reason = reasonText(input.reason, false);
  const signerId = input.userId;
  return inTransaction(db, async (trx) => {
    const { task, def } = await holderTask(trx, rt, caller, taskId, 'addSigner');
    if (!signerPlaces(declaredActions(def, task.state_id)).includes(place)) throw refuseAction('addSigner');
    const signer = await readAuthUser(trx, caller.countyId, signerId);
    if (!signer || !signer.active || signer.countyId !== caller.countyId) throw new AppError('USER_NOT_FOUND', '找不到该用户 / No such user', { errors: [{ pointer: '/userId', message: '找不到该用户', message_en: 'No such user' }] });
    if (signer.id === caller.actor.id) throw fieldError('userId', '不能给自己加签', 'You cannot add yourself');
    const role = countersignRole(task.role, signer.roles);
    if (!role) throw fieldError('userId', '该用户没有可办理会签的角色', 'This user holds no role that can countersign');
    const pending = (await taskSigners(trx, caller.countyId, task.id)).find((s) => s.status === 'open' || s.status === 'waiting');
    if (pending) throw new AppError('SIGNER_OPINION_PENDING', `已加签${pending.signer_name}，尚未签署意见 / ${pending.signer_name} has not given an opinion yet`);
    const now = rt.clock.now();
    const rowId = rt.newId();
    const countersignId = place === 'before' ? rt.newId() : null;
    if (countersignId) await openCountersign(trx, caller.countyId, task, { rowId, taskId: countersignId, signerId, role, at: now });
    await insertTaskSigner(trx, { countyId: caller.countyId, id: rowId, instanceId: task.instance_id, taskId: task.id, signerId, addedBy: caller.actor.id, place, status: countersignId ? 'open' : 'waiting', countersignTaskId: countersignId, reason, at: now });
    await history(trx, rt, caller, task, 'task.signerAdded', { taskKey: task.key, taskTitle: task.title, signerId, signerName: signer.displayName, holderName: caller.actor.name ?? null, where: place, reason });
    return task.instance_id;
  });
}

async function openCountersign(trx: Kysely<Database>, countyId: string, task: TaskLockRow, s: { rowId: string; taskId: string; signerId: string; role: string; at: Date }): Promise<void> {
  const words = countersignTitle({ title: task.title, title_en: task.title_en });
  await insertCountersignTask(trx, { countyId, id: s.taskId, instanceId: task.instance_id, key: countersignKey(task.key, s.rowId), stateId: task.state_id, role: s.role, assigneeId: s.signerId, title: words.title, title_en: words.title_en, at: s.at });
}

/**
 * Called by a completion (instance-service.ts) under the task's lock, when its state declares
 * 加签: a signer still to answer before stops it (409 in words); a signer waiting `after`
 * takes the completion: it is held (outcome and data) and the signer's countersign task opens.
 * Answers true when the completion was held (nothing else is to be written).
 */
export async function holdForSigner(trx: Kysely<Database>, rt: Runtime, caller: ReturnCaller, task: TaskLockRow, outcome: string, data: Record<string, unknown>): Promise<boolean> {
  const pending = (await taskSigners(trx, caller.countyId, task.id)).filter((s) => s.status === 'open' || s.status === 'waiting');
  const open = pending.find((s) => s.status === 'open');
  if (open) throw new AppError('SIGNER_OPINION_PENDING', `加签人${open.signer_name}尚未签署意见，暂不能办理 / ${open.signer_name} has not given an opinion yet`);
  const waiting = pending.find((s) => s.status === 'waiting');
  if (!waiting) return false;
  const signer = await readAuthUser(trx, caller.countyId, waiting.signer_id);
  const role = signer ? countersignRole(task.role, signer.roles) : undefined;
  if (!signer || !signer.active || !role) throw new AppError('USER_NOT_FOUND', `加签人${waiting.signer_name}已不能会签，请重新加签 / The added signer can no longer countersign`);
  const now = rt.clock.now();
  const countersignId = rt.newId();
  await openCountersign(trx, caller.countyId, task, { rowId: waiting.id, taskId: countersignId, signerId: waiting.signer_id, role, at: now });
  await updateSigner(trx, caller.countyId, waiting.id, { status: 'open', countersignTaskId: countersignId, held: { outcome, data } });
  await history(trx, rt, caller, task, 'task.completionHeld', { taskKey: task.key, taskTitle: task.title, outcome, signerName: waiting.signer_name });
  return true;
}

/** A countersign task's answer: 同意 or 不同意 (with a reason). An `after` agreement applies the held completion as the holder's. */
export async function answerCountersign(db: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string, body: unknown): Promise<string> {
  const input = actionBody(body, ['agree', 'opinion']);
  if (typeof input.agree !== 'boolean') throw fieldError('agree', '请选择同意或不同意', 'agree must be true or false');
  const agree = input.agree;
  const opinion = reasonText(input.opinion, !agree, 'opinion');
  const emitted: StoreEvent[] = [];
  const instanceId = await inTransaction(db, async (trx) => {
    const cs = await readTask(trx, caller.countyId, taskId, true);
    const signer = await signerOfCountersign(trx, caller.countyId, cs.id);
    if (!signer) throw new AppError('FORBIDDEN', '这不是会签任务 / This is not a countersign task');
    ensureOpenHolder(cs, caller.actor);
    const holder = await readTask(trx, caller.countyId, signer.task_id, true);
    const now = rt.clock.now();
    if (holder.status !== 'open') {
      // The case moved on without it: the step that closed the holder's task closed this one too
      // (sql/step-write.ts); a countersign left open by a step written before that rule is withdrawn here, and the answer refused after the commit.
      await closeCountersignTask(trx, caller.countyId, cs.id, { status: 'cancelled', outcome: null, by: null, at: now });
      await updateSigner(trx, caller.countyId, signer.id, { status: 'cancelled', held: null });
      return null;
    }
    await closeCountersignTask(trx, caller.countyId, cs.id, { status: 'completed', outcome: agree ? 'AGREE' : 'DISAGREE', by: caller.actor.id, at: now });
    await updateSigner(trx, caller.countyId, signer.id, { status: agree ? 'agreed' : 'disagreed', opinion, answeredAt: now, held: null });
    await history(trx, rt, caller, cs, 'task.countersigned', { taskKey: holder.key, taskTitle: holder.title, holderName: signer.added_by_name, signerName: signer.signer_name, where: signer.place, agree, opinion });
    holder.instance.version = cs.instance.version;
    const held = parseJson<{ outcome: string; data: Record<string, unknown> } | null>(signer.held);
    if (signer.place === 'after' && agree && held) await applyHeld(trx, rt, caller.countyId, holder, signer, held, emitted);
    return cs.instance_id;
  });
  if (instanceId === null) throw new AppError('TASK_NOT_OPEN', '原任务已办理或已关闭，无需会签 / The task this countersign belongs to is no longer open');
  rt.events.emitAll(emitted);
  return instanceId;
}

/** The held completion, through the engine as the holder's (the task closes as completed by them). */
async function applyHeld(trx: Kysely<Database>, rt: Runtime, countyId: string, holder: TaskLockRow, signer: SignerRow, held: { outcome: string; data: Record<string, unknown> }, emitted: StoreEvent[]): Promise<void> {
  const user = await readAuthUser(trx, countyId, signer.added_by);
  if (!user) throw new AppError('USER_NOT_FOUND', '找不到原办理人 / The holder no longer exists');
  const actor: Actor = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
  const event: EngineEvent = { type: held.outcome, data: held.data, actor, taskKey: holder.key };
  const def = await rt.registry.byHash(trx, holder.instance.definition_hash);
  const withdrawable = declaredActions(def, holder.state_id).withdraw !== undefined;
  const before = { snapshot: holder.instance.snapshot, state: holder.instance.state, version: holder.instance.version };
  if (withdrawable) await keepRestorePoint(trx, rt, countyId, holder, actor.id, before);
  const ctx: StepContext = { trx, rt, countyId, depth: 0, emitted };
  const result = await stepInstance(ctx, holder.instance, event, actor);
  if (!result.changed) throw rejectedStep(held.outcome);
  if (withdrawable) await dropIfNotRestorable(trx, countyId, holder.instance_id, before.version + 1, { definitionId: def.id, event: held.outcome, result });
  emitted.push({ name: 'task:completed', payload: { countyId, instanceId: holder.instance_id, taskId: holder.id, outcome: held.outcome, actorId: actor.id } });
}

/**
 * Before a completion of a task declaring 撤回 is written (the caller holds the instance row):
 * the instance as it is, the tasks open and timers pending, under the version the completion
 * is about to write.
 */
export async function keepRestorePoint(trx: Kysely<Database>, rt: Runtime, countyId: string, task: TaskLockRow, completedBy: string, before: { snapshot: InstanceSnapshot; state: string; version: number }): Promise<void> {
  await insertRestorePoint(trx, { countyId, instanceId: task.instance_id, seq: before.version + 1, taskId: task.id, completedBy, snapshot: before.snapshot, state: before.state, at: rt.clock.now() });
}

/** After the step: one that reached other processes, numbers or the end cannot be undone by restoring the instance. */
export async function dropIfNotRestorable(trx: Kysely<Database>, countyId: string, instanceId: string, seq: number, step: { definitionId: string; event: string; result: Pick<StepResult, 'effects' | 'done' | 'from' | 'to'> }): Promise<void> {
  // Points a deputy earned by the step (points/triggers.ts) would stay: such a step is not restorable either.
  const awarded = mayAward(step.definitionId, step.event, step.result.from, step.result.to);
  if (awarded || !restorable(step.result.effects, step.result.done)) await deleteRestorePoint(trx, countyId, instanceId, seq);
}

/** 撤回: the completer takes back their last completion of this task while nothing after it has begun. */
export async function withdrawTask(db: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string, body: unknown): Promise<string> {
  const input = actionBody(body, ['reason']);
  const reason = reasonText(input.reason, false);
  const emitted: StoreEvent[] = [];
  const instanceId = await inTransaction(db, async (trx) => {
    const task = await readTask(trx, caller.countyId, taskId, true);
    const def = await rt.registry.byHash(trx, task.instance.definition_hash);
    if (!mayUseAction(declaredActions(def, task.state_id), 'withdraw', caller.actor)) throw refuseAction('withdraw');
    if (task.status !== 'completed' || task.completed_by !== caller.actor.id) throw new AppError('FORBIDDEN', '只有办理人可以撤回自己的办理 / Only the one who completed the task may withdraw it');
    const point = await lastRestorePoint(trx, caller.countyId, task.id);
    if (!point || point.completed_by !== caller.actor.id) throw new AppError('NOT_WITHDRAWABLE', '该次办理已启动其他流程或已办结，不能撤回 / This completion reached other processes or ended the case; it cannot be withdrawn');
    const work = await instanceOpenWork(trx, caller.countyId, task.instance_id);
    const openBefore = parseJson<string[]>(point.open_task_ids);
    const begun = work.tasks.some((t) => !openBefore.includes(t.id) && t.claimed_by !== null);
    if (point.seq !== task.instance.version || task.instance.status !== 'active' || begun) {
      throw new AppError('NEXT_TASK_STARTED', '下一环节已开始办理，不能撤回 / The next step has already started; the completion can no longer be withdrawn');
    }
    await reopenTasks(trx, caller.countyId, task.instance_id, openBefore, { taskId: task.id, holderId: caller.actor.id });
    const snapshot = withdrawnSnapshot(parseJson<InstanceSnapshot>(point.snapshot), task.instance.snapshot);
    const effects = withdrawEffects({ openTasks: work.tasks, timerKeys: work.timerKeys }, { openTaskIds: openBefore, timers: parseJson<KeptTimer[]>(point.timers) });
    const event: EngineEvent = { type: 'task.withdrawn', data: { reason, taskKey: task.key, taskTitle: task.title }, actor: caller.actor };
    const written = await writeStepRows(trx, {
      countyId: caller.countyId,
      instanceId: task.instance_id,
      fromVersion: task.instance.version,
      snapshot,
      state: point.state,
      status: 'active',
      title: instanceTitle(def, snapshot),
      from: task.instance.state,
      event,
      actor: caller.actor,
      effects,
      now: rt.clock.now(),
      newId: rt.newId,
      projection: projectionOf(def.id, snapshot),
      signers: signersOf(def),
    });
    if (!written) throw new AppError('CONFLICT', '该事项已被他人修改，请刷新后重试 / The instance was changed by someone else; reload and try again');
    emitted.push({ name: 'instance:transitioned', payload: { countyId: caller.countyId, instanceId: task.instance_id, definitionId: def.id, event: 'task.withdrawn', from: task.instance.state, to: point.state, actorId: caller.actor.id } });
    return task.instance_id;
  });
  rt.events.emitAll(emitted);
  return instanceId;
}

/**
 * What a completion of a task in `stateId` must do besides its step (instance-service.ts): look
 * at its added signers (加签 declared) and keep a restore point (撤回 declared). Undefined for
 * a task declaring neither, which keeps the one-statement optimistic path.
 */
export function completionNeeds(def: CompiledDefinition, stateId: string): { signers: boolean; restore: boolean } | undefined {
  const actions = declaredActions(def, stateId);
  const needs = { signers: actions.addSigner !== undefined, restore: actions.withdraw !== undefined };
  return needs.signers || needs.restore ? needs : undefined;
}

/** What the task page offers of these actions to this caller, and the signers of the task in words. */
export interface TaskReturnInfo {
  sendBack: boolean;
  addSigner: SignerPlace[];
  withdraw: boolean;
  /** This task is a countersign: whose task, and where. */
  countersign: { holderName: string; taskTitle: string; where: SignerPlace } | null;
  signers: Array<{ name: string; where: SignerPlace; status: SignerRow['status']; opinion: string | null }>;
}

export async function taskReturnInfo(db: Kysely<Database>, rt: Runtime, caller: ReturnCaller, taskId: string): Promise<TaskReturnInfo> {
  const task = await readTask(db, caller.countyId, taskId, false);
  if (!mayAct(caller.actor, task) && task.completed_by !== caller.actor.id) throw new AppError('TASK_NOT_FOUND', '找不到该任务 / No such task');
  const cs = await signerOfCountersign(db, caller.countyId, task.id);
  const signers = (await taskSigners(db, caller.countyId, task.id)).map((s) => ({ name: s.signer_name, where: s.place, status: s.status, opinion: s.opinion }));
  if (cs) {
    const holder = await readTask(db, caller.countyId, cs.task_id, false);
    return { sendBack: false, addSigner: [], withdraw: false, countersign: { holderName: cs.added_by_name, taskTitle: holder.title, where: cs.place }, signers };
  }
  const def = await rt.registry.byHash(db, task.instance.definition_hash);
  const actions = declaredActions(def, task.state_id);
  const holding = task.status === 'open' && mayAct(caller.actor, task) && (!task.claimed_by || task.claimed_by === caller.actor.id);
  const point = task.status === 'completed' && mayUseAction(actions, 'withdraw', caller.actor) ? await lastRestorePoint(db, caller.countyId, task.id) : undefined;
  return {
    sendBack: holding && mayUseAction(actions, 'sendBack', caller.actor),
    addSigner: holding && mayUseAction(actions, 'addSigner', caller.actor) ? signerPlaces(actions) : [],
    withdraw: point !== undefined && point.completed_by === caller.actor.id && point.seq === task.instance.version,
    countersign: null,
    signers,
  };
}
