/**
 * The title a person reads for an event: the package's own (`events`), else the title of the
 * form the outcome asks for, else the words for the engine's own events. The event name is
 * returned only when nothing names it (a package without titles, e.g. an integrator's draft).
 */
import type { JsonSchema, ProcessPackage, StateJson } from './types.ts';

export interface Words {
  title: string;
  title_en: string;
}

/** Events the engine and the store send themselves; no package declares them. */
export const ENGINE_EVENT_TITLES: Readonly<Record<string, Words>> = {
  started: { title: '发起', title_en: 'Started' },
  'child.done': { title: '子流程办结', title_en: 'Sub-process finished' },
  'children.done': { title: '子流程全部办结', title_en: 'All sub-processes finished' },
  'tasks.done': { title: '各项任务办结', title_en: 'All tasks finished' },
  'linked.done': { title: '关联流程办结', title_en: 'Linked process finished' },
  BALLOT_CLOSED: { title: '表决结束', title_en: 'Ballot closed' },
  'task.remind': { title: '到期提醒', title_en: 'Reminder' },
  'task.overdue': { title: '已逾期', title_en: 'Overdue' },
  migrated: { title: '迁移到新版本', title_en: 'Moved to a new version' },
  cancelled: { title: '已撤销', title_en: 'Cancelled' },
  // The task actions (task-actions.ts) and the instance's comments and attachments: the store writes them beside the machine.
  'task.transferred': { title: '转办', title_en: 'Transferred' },
  'task.delegated': { title: '委托', title_en: 'Delegated' },
  'task.delegationRevoked': { title: '收回委托', title_en: 'Delegation revoked' },
  'task.urged': { title: '催办', title_en: 'Urged' },
  'task.sentBack': { title: '退回', title_en: 'Sent back' },
  'task.signerAdded': { title: '加签', title_en: 'Approver added' },
  'task.withdrawn': { title: '撤回', title_en: 'Withdrawn' },
  'comment.added': { title: '评论', title_en: 'Comment' },
  'attachment.added': { title: '添加附件', title_en: 'Attachment added' },
  // 加签 (task-return.ts): the holder's completion waits for the added signer; the signer's opinion.
  'task.completionHeld': { title: '办理待加签人会签', title_en: 'Completion awaits the added signer' },
  'task.countersigned': { title: '会签意见', title_en: 'Countersign opinion' },
  // A step closed the task while its added signer had not answered: the countersign left the signer's inbox.
  'task.countersignCancelled': { title: '会签取消', title_en: 'Countersign cancelled' },
};

function formTitle(form: JsonSchema | undefined): Words | null {
  const title = form?.title;
  if (typeof title !== 'string' || title === '') return null;
  const ui = form?.['x-ui'] as { label_en?: unknown } | undefined;
  const en = typeof form?.title_en === 'string' ? form.title_en : typeof ui?.label_en === 'string' ? ui.label_en : title;
  return { title, title_en: en };
}

/** The form some task of the package asks for with outcome `event` (the first in document order), if any. */
function outcomeFormOf(state: StateJson, event: string): string | null {
  const outcomes = state.meta?.task?.outcomes;
  const own = outcomes && Object.hasOwn(outcomes, event) ? outcomes[event] : null;
  if (own) return own;
  for (const child of Object.values(state.states ?? {})) {
    const found = outcomeFormOf(child, event);
    if (found) return found;
  }
  return null;
}

/**
 * The words for `event` in `pkg`; `form` is the form the outcome asks for, when the caller
 * knows it (a task's outcome), else the first form any task asks for with that event.
 */
export function eventTitle(pkg: Pick<ProcessPackage, 'events' | 'forms' | 'machine'>, event: string, form?: string | null): Words {
  const own = pkg.events && Object.hasOwn(pkg.events, event) ? pkg.events[event] : undefined;
  if (own) return { title: own.title, title_en: own.title_en };
  const named = form === undefined ? outcomeFormOf(pkg.machine, event) : form;
  const fromForm = named && Object.hasOwn(pkg.forms, named) ? formTitle(pkg.forms[named]) : null;
  if (fromForm) return fromForm;
  if (Object.hasOwn(ENGINE_EVENT_TITLES, event)) return ENGINE_EVENT_TITLES[event] as Words;
  if (event.startsWith('xstate.after.')) return timerTitle(pkg.machine, event);
  return { title: event, title_en: event };
}

/**
 * A timer's event (`xstate.after.<delay>.<machine>.<state path>`) in words: the time limit of
 * the state that armed it ("待签收期限已到"), or plain "期限已到" when the state has no title.
 */
function timerTitle(machine: StateJson, event: string): Words {
  const path = event.split('.').slice(4);
  let state: StateJson | undefined = machine;
  for (const key of path) state = state?.states && Object.hasOwn(state.states, key) ? state.states[key] : undefined;
  const title = path.length > 0 ? state?.meta?.title : undefined;
  if (typeof title !== 'string' || title === '') return { title: '期限已到', title_en: 'Time limit reached' };
  const en = typeof state?.meta?.title_en === 'string' && state.meta.title_en !== '' ? state.meta.title_en : title;
  return { title: `${title}期限已到`, title_en: `Time limit reached: ${en}` };
}
