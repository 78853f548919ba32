/**
 * Tasks of active states: opened when their state is entered (one, or one per item of a
 * `forEach` list), closed when it is left or the task completed, with their due and reminder
 * timers; `tasks.done` raised when a list's tasks are complete.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { delayBefore, delayEnd } from './calendar.ts';
import { readPath, renderTemplate, type Scope } from './paths.ts';
import { shortName } from './state-value.ts';
import { nextKey, type StepWork } from './step-work.ts';
import type { EngineEvent, OpenTask, TaskSpec } from './types.ts';
import { AppError } from '../errors.ts';

/** Keep the state's task (or task list) open; on entry open it; return `tasks.done` once a list is complete. */
export function reconcileTask(work: StepWork, current: AnyMachineSnapshot, stateId: string, spec: TaskSpec, entered: boolean): EngineEvent[] {
  const snap = work.snapshot;
  if (!spec.forEach) {
    if (!snap.tasks.some((t) => t.stateId === stateId)) openTask(work, current.context, stateId, spec, undefined);
    return [];
  }
  if (entered || !snap.taskGroups[stateId]) {
    const items = readPath({ context: current.context }, spec.forEach);
    const list = Array.isArray(items) ? items : [];
    snap.taskGroups[stateId] = { total: list.length, done: 0, rule: spec.complete ?? 'all', raised: false };
    for (const item of list) openTask(work, current.context, stateId, spec, item);
  }
  const group = snap.taskGroups[stateId];
  if (!group || group.raised) return [];
  const complete = group.rule === 'any' ? group.done >= 1 || group.total === 0 : group.done >= group.total;
  if (!complete) return [];
  group.raised = true;
  for (const task of snap.tasks.filter((t) => t.stateId === stateId)) closeTask(work, task, 'cancelled');
  return [{ type: 'tasks.done', state: stateId }];
}

/** Open one task of a state. `remind: false` arms no reminder (a migrated instance's tasks keep only their due time). */
export function openTask(work: StepWork, context: Record<string, unknown>, stateId: string, spec: TaskSpec, item: unknown, remind = true): OpenTask {
  const scope: Scope = { context, item };
  const key = nextKey(work, shortName(stateId));
  const asId = (path: string | undefined): string | null => {
    if (!path) return null;
    const v = readPath(scope, path);
    return v === undefined || v === null ? null : String(v);
  };
  const delays = work.def.pkg.delays;
  const read = (path: string) => readPath(scope, path);
  const dueSpec = spec.due ? delays[spec.due] : undefined;
  const due = dueSpec ? delayEnd(dueSpec, work.at, work.env.calendar, read) : null;
  const remindSpec = spec.remindBefore ? delays[spec.remindBefore] : undefined;
  const reminder = remind && due && remindSpec ? delayBefore(remindSpec, due, work.env.calendar) : null;
  const task: OpenTask = {
    key,
    stateId,
    role: spec.role,
    assigneeId: asId(spec.assignee),
    unitId: asId(spec.unit),
    ...(spec.position ? { position: spec.position } : {}),
    item: item ?? null,
    title: renderTemplate(spec.title, scope),
    title_en: spec.title_en ? renderTemplate(spec.title_en, scope) : null,
    outcomes: spec.outcomes,
    dueAt: due ? due.toISOString() : null,
    openedAt: work.at.toISOString(),
  };
  work.snapshot.tasks.push(task);
  work.effects.push({ type: 'openTask', task, remindAt: reminder ? reminder.toISOString() : null });
  if (due) {
    work.effects.push({ type: 'scheduleTimer', key: `task:${key}:due`, fireAt: due.toISOString(), event: { type: 'task.overdue', taskKey: key } });
  }
  if (reminder && reminder.getTime() > work.at.getTime()) {
    work.effects.push({ type: 'scheduleTimer', key: `task:${key}:remind`, fireAt: reminder.toISOString(), event: { type: 'task.remind', taskKey: key } });
  }
  return task;
}

export function closeTask(work: StepWork, task: OpenTask, reason: 'completed' | 'cancelled', outcome?: string): void {
  work.snapshot.tasks = work.snapshot.tasks.filter((t) => t.key !== task.key);
  work.effects.push(outcome === undefined ? { type: 'closeTask', key: task.key, reason } : { type: 'closeTask', key: task.key, reason, outcome });
  work.effects.push({ type: 'cancelTimer', key: `task:${task.key}:due` }, { type: 'cancelTimer', key: `task:${task.key}:remind` });
}

/** The task a completion names, checked: open, and the event one of its outcomes. */
export function completedTask(work: StepWork, event: EngineEvent): OpenTask {
  const task = work.snapshot.tasks.find((t) => t.key === event.taskKey);
  if (!task) throw new AppError('TASK_NOT_OPEN', 'The task is no longer open');
  if (!Object.hasOwn(task.outcomes, event.type)) {
    throw new AppError('UNKNOWN_OUTCOME', `Outcome ${event.type} is not one of this task's outcomes`, { outcomes: Object.keys(task.outcomes) });
  }
  return task;
}

/** The engine's own timer events about a task: `task.remind` notifies its holder, `task.overdue` flags it and notifies. */
export function taskTimerEffects(work: StepWork, event: EngineEvent): boolean {
  const task = work.snapshot.tasks.find((t) => t.key === event.taskKey);
  if (!task) return false;
  const to = { role: task.role, userId: task.assigneeId, unitId: task.unitId };
  if (event.type === 'task.overdue') {
    work.effects.push({ type: 'markTaskOverdue', key: task.key });
    work.effects.push({ type: 'notify', to, message: `已逾期：${task.title}`, message_en: `Overdue: ${task.title_en ?? task.title}`, data: { taskKey: task.key } });
  } else {
    work.effects.push({ type: 'notify', to, message: `即将到期：${task.title}`, message_en: `Due soon: ${task.title_en ?? task.title}`, data: { taskKey: task.key, dueAt: task.dueAt } });
  }
  return true;
}
