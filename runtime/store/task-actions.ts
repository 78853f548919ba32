/**
 * The task actions a definition declares (runtime/engine/task-actions.ts) that hand a task on
 * or press for it — 转办 (transfer), 委托 (delegate, and taking it back), 催办 (urge) — and the
 * remarks anyone who sees a case may add to it: comments and attachments. Each is one
 * transaction: the task (or instance) locked, the caller and the declaration checked, then one
 * statement (sql/task-side-event.ts) bumps the instance version, appends the history event with
 * actor, reason and the names involved in words, changes the task row and queues the message.
 * Refusals change nothing: 400 bad input or an unsuitable target, 403 not allowed by the
 * declaration or the caller's roles, 404 no such task/user/unit in the caller's county (so a
 * 转办 to another county's unit is "not found"), 409 the task is closed.
 *
 * Decisions (for a county office):
 * - 转办 moves this task only: its holder becomes the chosen user (who must hold the task's role)
 *   or unit (which must have a user holding it); the next tasks of the case follow the
 *   definition as before (a suggestion moving to another unit for good goes through 退办/改派).
 * - 委托 is per task: the holder names one user (holding the task's role, not already able to
 *   act on it) who may act on this task until the holder (or the office) takes it back; the
 *   holder may still act too. A completion by the delegate records the delegate as completer
 *   and the holder in the event (`onBehalfOf`).
 * - 催办 is for someone who is not the task's holder; the holder is told who urged and which
 *   task, and the task counts the urges (tasks.urge_count; urge-statistics.ts adds them up per
 *   unit and process, and the per-unit table of the statistics shows them as 催办次数).
 */
import type { Kysely } from 'kysely';
import { allowedTaskActions, TASK_ACTION_TITLES, type Actor, type AllowedTaskAction, type InstanceSnapshot, type TaskActionKind } from '../engine/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { attachmentErrors } from './files.ts';
import type { CallerContext } from './instance-service.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectNames } from './sql/directory-names.ts';
import { selectFileInfos } from './sql/file-infos.ts';
import { lockInstanceForRemark } from './sql/instance-for-remark.ts';
import { readTask, type TaskLockRow } from './sql/read-task.ts';
import { selectTaskActionTarget } from './sql/task-action-target.ts';
import { writeSideEvent, type SideEvent } from './sql/task-side-event.ts';
import { isOffice, mayAct, maySeeInstanceSql, maySeeTask } from './task-access.ts';

/** What the API answers after an action: the history's new version of the instance. */
export interface TaskActionDone {
  instanceId: string;
  version: number;
}

const MAX_REASON = 500;
const MAX_COMMENT = 2000;

// ------------------------------------------------------------------ input

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_BODY', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
}

/** The body as an object with only `allowed` keys (an unknown key, `__proto__` included, is an error at its pointer). */
function fields(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid([{ pointer: '', message: '请求内容须为对象', message_en: 'must be an object' }]);
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw invalid(extra.map((k) => ({ pointer: `/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`, message: '不认识的字段', message_en: 'is not a field of this request' })));
  return body as Record<string, unknown>;
}

function text(value: unknown, pointer: string, max: number, required: boolean, what: [string, string]): string {
  const s = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : null;
  if (s === null) throw invalid([{ pointer, message: `${what[0]}须为文字`, message_en: `${what[1]} must be text` }]);
  if (required && s === '') throw invalid([{ pointer, message: `请填写${what[0]}`, message_en: `${what[1]} is required` }]);
  if (s.length > max) throw invalid([{ pointer, message: `${what[0]}不超过${max}字`, message_en: `${what[1]} must be at most ${max} characters` }]);
  return s;
}

const REASON: [string, string] = ['理由', 'The reason'];
const CANNOT_HOLD: [string, string] = ['不能办理此类任务', 'cannot hold this kind of task'];

function id(value: unknown, pointer: string, what: [string, string]): string {
  if (typeof value !== 'string' || value === '' || value.length > 200) throw invalid([{ pointer, message: `请选择${what[0]}`, message_en: `${what[1]} must be chosen` }]);
  return value;
}

// ------------------------------------------------------------------ common

interface Checked {
  task: TaskLockRow;
  allowed: AllowedTaskAction[];
}

/** What the rule of task-actions.ts reads of a task row for `actor`. */
function targetOf(task: Pick<TaskLockRow, 'state_id' | 'status' | 'completed_by' | 'delegate_id' | 'role' | 'assignee_id' | 'unit_id' | 'position'>, actor: Actor) {
  return { stateId: task.state_id, status: task.status, completedBy: task.completed_by, delegateId: task.delegate_id, holder: mayAct(actor, task), office: isOffice(actor) };
}

/** The task locked with its instance, seen by the caller, open, and `action` allowed to them; else the refusal. */
async function checkedTask(trx: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, action: TaskActionKind | 'revokeDelegation'): Promise<Checked> {
  const task = await readTask(trx, caller.countyId, taskId, true);
  if (!maySeeTask(caller.actor, task)) throw new AppError('TASK_NOT_FOUND', 'No such task');
  if (task.status !== 'open') throw new AppError('TASK_NOT_OPEN', `“${task.title}”已办理或已关闭 / The task is no longer open`);
  const def = await rt.registry.byHash(trx, task.instance.definition_hash);
  const allowed = allowedTaskActions(def.pkg, targetOf(task, caller.actor), caller.actor);
  if (!allowed.some((a) => a.action === action)) {
    const words = TASK_ACTION_TITLES[action];
    throw new AppError('TASK_ACTION_FORBIDDEN', `此任务不允许您${words.title} / This task does not allow you to ${words.title_en.toLowerCase()}`);
  }
  return { task, allowed };
}

/** The task's holder in words: the assignee's name and the unit's name (either may be absent). */
async function holderNames(db: Kysely<Database>, countyId: string, task: Pick<TaskLockRow, 'assignee_id' | 'unit_id'>): Promise<{ userName: string | null; unitName: string | null }> {
  const [user] = task.assignee_id ? await selectNames(db, countyId, 'user', [task.assignee_id]) : [];
  const [unit] = task.unit_id ? await selectNames(db, countyId, 'unit', [task.unit_id]) : [];
  return { userName: user?.name ?? null, unitName: unit?.name ?? null };
}

/** The caller in words, with their unit when they act for one. */
async function actorNames(db: Kysely<Database>, caller: CallerContext): Promise<{ name: string; unitName: string | null }> {
  const [user] = await selectNames(db, caller.countyId, 'user', [caller.actor.id]);
  const [unit] = caller.actor.unitId ? await selectNames(db, caller.countyId, 'unit', [caller.actor.unitId]) : [];
  return { name: user?.name ?? caller.actor.name ?? '', unitName: unit?.name ?? null };
}

/** A target the action cannot take (400 at its field): the sentence in words, and the field's own message. */
function unsuitable(pointer: string, sentence: [string, string], field: [string, string]): AppError {
  return new AppError('TASK_ACTION_TARGET_UNSUITABLE', `${sentence[0]} / ${sentence[1]}`, { errors: [{ pointer, message: field[0], message_en: field[1] }] });
}

/** No such user or unit in the caller's county (404; another county's is not found either). */
function targetNotFound(to: 'user' | 'unit'): AppError {
  return to === 'unit' ? new AppError('UNIT_NOT_FOUND', '本县没有该单位 / No such unit in this county') : new AppError('USER_NOT_FOUND', '本县没有该人员 / No such user in this county');
}

/** The history event of an action on `task` by the caller, now, written from the instance version read with the task. */
function onTask(rt: Runtime, caller: CallerContext, task: TaskLockRow, type: string): Pick<SideEvent, 'countyId' | 'instanceId' | 'fromVersion' | 'type' | 'actorId' | 'now' | 'taskKey'> {
  return { countyId: caller.countyId, instanceId: task.instance_id, fromVersion: task.instance.version, type, actorId: caller.actor.id, now: rt.clock.now(), taskKey: task.key };
}

async function write(trx: Kysely<Database>, e: SideEvent): Promise<TaskActionDone> {
  const version = await writeSideEvent(trx, e);
  if (version === undefined) throw new AppError('CONFLICT', 'The case changed meanwhile; reload and try again');
  return { instanceId: e.instanceId, version };
}

/** The snapshot with the open task `key` held by `holder` (the engine's reminders and overdue messages go to the snapshot's holder). */
function withHolder(snapshot: InstanceSnapshot, key: string, holder: { assigneeId: string | null; unitId: string | null }): InstanceSnapshot {
  return { ...snapshot, tasks: snapshot.tasks.map((t) => (t.key === key ? { ...t, ...holder } : t)) };
}

// ------------------------------------------------------------------ 转办

export async function transferTask(db: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['to', 'userId', 'unitId', 'reason']);
  if (b.to !== 'user' && b.to !== 'unit') throw invalid([{ pointer: '/to', message: '请选择转给人员还是单位', message_en: 'must be "user" or "unit"' }]);
  const to = b.to;
  const targetId = to === 'user' ? id(b.userId, '/userId', ['人员', 'A user']) : id(b.unitId, '/unitId', ['单位', 'A unit']);
  const reason = text(b.reason, '/reason', MAX_REASON, true, REASON);
  return inTransaction(db, async (trx) => {
    const { task, allowed } = await checkedTask(trx, rt, caller, taskId, 'transfer');
    if (!allowed.find((a) => a.action === 'transfer')?.to?.includes(to)) {
      throw new AppError('TASK_ACTION_FORBIDDEN', to === 'unit' ? '此任务不能转给其他单位 / This task cannot be transferred to a unit' : '此任务不能转给其他人员 / This task cannot be transferred to a user');
    }
    const target = await selectTaskActionTarget(trx, caller.countyId, to, targetId, task.role);
    if (!target) throw targetNotFound(to);
    const pointer = to === 'unit' ? '/unitId' : '/userId';
    if (!target.holds_role) throw unsuitable(pointer, [`${target.name}不能办理此类任务`, `${target.name} cannot hold this kind of task`], CANNOT_HOLD);
    // A user takes the task with their unit when the task named one (else the unit test would bar them); a unit takes it for any of its clerks.
    const holder = to === 'user' ? { assigneeId: target.id, unitId: task.unit_id === null ? null : target.unit_id } : { assigneeId: null, unitId: target.id };
    if (holder.assigneeId === task.assignee_id && holder.unitId === task.unit_id) {
      throw unsuitable(pointer, [`任务已由${target.name}办理`, `${target.name} already holds the task`], ['已是此任务的办理者', 'already holds the task']);
    }
    const from = await holderNames(trx, caller.countyId, task);
    const me = await actorNames(trx, caller);
    const toWords = to === 'user' ? { toUserName: target.name, toUnitName: holder.unitId ? target.unit_name : null } : { toUserName: null, toUnitName: target.name };
    const toName = [toWords.toUnitName, toWords.toUserName].filter(Boolean).join(' ');
    return write(trx, {
      ...onTask(rt, caller, task, 'task.transferred'),
      data: { taskTitle: task.title, reason, to, fromUserName: from.userName, fromUnitName: from.unitName, ...toWords, toUserId: holder.assigneeId, toUnitId: holder.unitId, actorName: me.name },
      snapshot: withHolder(task.instance.snapshot, task.key, holder),
      // A delegation was the old holder's: it ends with the transfer; a claim too.
      task: { id: task.id, change: { assignee_id: holder.assigneeId, unit_id: holder.unitId, claimed_by: null, delegate_id: null, delegated_by: null } },
      notify: {
        to: { role: task.role, userId: holder.assigneeId, unitId: holder.unitId },
        message: `转办：${me.name}将“${task.title}”转给${toName}办理，理由：${reason}`,
        message_en: `Transferred: ${me.name} handed "${task.title}" to ${toName}. Reason: ${reason}`,
        data: { taskKey: task.key, taskId: task.id },
      },
    });
  });
}

// ------------------------------------------------------------------ 委托

export async function delegateTask(db: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['userId', 'reason']);
  const userId = id(b.userId, '/userId', ['受托人', 'The delegate']);
  const reason = text(b.reason, '/reason', MAX_REASON, true, REASON);
  return inTransaction(db, async (trx) => {
    const { task } = await checkedTask(trx, rt, caller, taskId, 'delegate');
    const target = await selectTaskActionTarget(trx, caller.countyId, 'user', userId, task.role);
    if (!target) throw targetNotFound('user');
    const already = target.id === caller.actor.id || mayAct({ id: target.id, roles: [task.role], unitId: target.unit_id }, { ...task, delegate_id: null });
    if (!target.holds_role || already) {
      const [zh, en] = already ? ['已可办理此任务，无需委托', 'may already act on this task'] : CANNOT_HOLD;
      throw unsuitable('/userId', [`${target.name}${zh}`, `${target.name} ${en}`], [zh, en]);
    }
    const me = await actorNames(trx, caller);
    return write(trx, {
      ...onTask(rt, caller, task, 'task.delegated'),
      data: { taskTitle: task.title, reason, delegateId: target.id, delegateName: target.name, actorName: me.name },
      task: { id: task.id, change: { delegate_id: target.id, delegated_by: caller.actor.id } },
      notify: {
        to: { role: task.role, userId: target.id },
        message: `委托：${me.name}委托您代为办理“${task.title}”，理由：${reason}`,
        message_en: `Delegated: ${me.name} asks you to act on "${task.title}" for them. Reason: ${reason}`,
        data: { taskKey: task.key, taskId: task.id },
      },
    });
  });
}

export async function revokeDelegation(db: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['reason']);
  const reason = text(b.reason, '/reason', MAX_REASON, false, REASON);
  return inTransaction(db, async (trx) => {
    const { task } = await checkedTask(trx, rt, caller, taskId, 'revokeDelegation');
    const [delegate] = task.delegate_id ? await selectNames(trx, caller.countyId, 'user', [task.delegate_id]) : [];
    const me = await actorNames(trx, caller);
    return write(trx, {
      ...onTask(rt, caller, task, 'task.delegationRevoked'),
      data: { taskTitle: task.title, reason, delegateId: task.delegate_id, delegateName: delegate?.name ?? null, actorName: me.name },
      task: { id: task.id, change: { delegate_id: null, delegated_by: null } },
    });
  });
}

// ------------------------------------------------------------------ 催办

export async function urgeTask(db: Kysely<Database>, rt: Runtime, caller: CallerContext, taskId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['reason']);
  const reason = text(b.reason, '/reason', MAX_REASON, false, REASON);
  return inTransaction(db, async (trx) => {
    const { task } = await checkedTask(trx, rt, caller, taskId, 'urge');
    const holder = await holderNames(trx, caller.countyId, task);
    const me = await actorNames(trx, caller);
    const who = [me.unitName, me.name].filter(Boolean).join(' ');
    return write(trx, {
      ...onTask(rt, caller, task, 'task.urged'),
      data: { taskTitle: task.title, reason, holderName: holder.userName, holderUnitName: holder.unitName, actorName: me.name },
      task: { id: task.id, change: { urge: true } },
      notify: {
        to: { role: task.role, userId: task.assignee_id, unitId: task.unit_id },
        message: `催办：${who}请您尽快办理“${task.title}”${reason ? `：${reason}` : ''}`,
        message_en: `Urged: ${who} asks you to act on "${task.title}" soon${reason ? `: ${reason}` : ''}`,
        data: { taskKey: task.key, taskId: task.id },
      },
    });
  });
}

// ------------------------------------------------------------------ comments and attachments

/** The instance locked, if the caller may see it (else 404, as for one that does not exist). */
async function remarkable(trx: Kysely<Database>, caller: CallerContext, instanceId: string) {
  const row = await lockInstanceForRemark(trx, caller.countyId, instanceId, maySeeInstanceSql(caller.actor, 'i'));
  if (!row?.readable) throw new AppError('INSTANCE_NOT_FOUND', 'No such instance');
  return row;
}

export async function addComment(db: Kysely<Database>, rt: Runtime, caller: CallerContext, instanceId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['text']);
  const comment = text(b.text, '/text', MAX_COMMENT, true, ['评论内容', 'The comment']);
  return inTransaction(db, async (trx) => {
    const row = await remarkable(trx, caller, instanceId);
    const me = await actorNames(trx, caller);
    return write(trx, { countyId: caller.countyId, instanceId: row.id, fromVersion: row.version, type: 'comment.added', actorId: caller.actor.id, now: rt.clock.now(), taskKey: null, data: { text: comment, actorName: me.name } });
  });
}

/** An uploaded file (POST /api/files) added to the case: the caller must be able to read it (their own upload); then whoever sees the case may. */
export async function addAttachment(db: Kysely<Database>, rt: Runtime, caller: CallerContext, instanceId: string, body: unknown): Promise<TaskActionDone> {
  const b = fields(body, ['fileId', 'note']);
  const fileId = id(b.fileId, '/fileId', ['附件', 'A file']);
  const note = text(b.note, '/note', MAX_REASON, false, ['说明', 'The note']);
  return inTransaction(db, async (trx) => {
    const row = await remarkable(trx, caller, instanceId);
    if ((await attachmentErrors(trx, caller.countyId, caller.actor, { file: { fileId } })).length > 0) throw new AppError('FILE_NOT_FOUND', 'No such file');
    const [info] = await selectFileInfos(trx, caller.countyId, [fileId]);
    if (!info) throw new AppError('FILE_NOT_FOUND', 'No such file');
    const me = await actorNames(trx, caller);
    return write(trx, {
      countyId: caller.countyId,
      instanceId: row.id,
      fromVersion: row.version,
      type: 'attachment.added',
      actorId: caller.actor.id,
      now: rt.clock.now(),
      taskKey: null,
      data: { fileId, name: info.name, mime: info.mime, size: Number(info.size), ...(note ? { reason: note } : {}), actorName: me.name },
      fileId,
    });
  });
}

// ------------------------------------------------------------------ what the task page offers

/** The actions `actor` may take on a task they see (GET /api/tasks/:id `allowedActions`), in words. */
export function taskActionsFor(
  pkg: Parameters<typeof allowedTaskActions>[0],
  task: { state: string; status: string; completedBy: string | null; delegateId: string | null; role: string; assigneeId: string | null; unitId: string | null; position: { code: string } | null },
  actor: Actor,
): AllowedTaskAction[] {
  return allowedTaskActions(
    pkg,
    {
      stateId: task.state,
      status: task.status,
      completedBy: task.completedBy,
      delegateId: task.delegateId,
      holder: mayAct(actor, { role: task.role, assignee_id: task.assigneeId, unit_id: task.unitId, position: task.position?.code ?? null, delegate_id: task.delegateId }),
      office: isOffice(actor),
    },
    actor,
  );
}
