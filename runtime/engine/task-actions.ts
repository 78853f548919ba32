/**
 * The everyday actions on a task (issue 16 item 3), as a definition declares them: 转办
 * (transfer), 委托 (delegate), 退回 (sendBack), 加签 (addSigner), 催办 (urge), 撤回 (withdraw).
 * A task state's `meta.task.actions` says which are allowed and to whom; a task that declares
 * none takes the package's `taskActions`; `"actions": {}` switches all off. This module is the
 * one home of their words (TASK_ACTION_TITLES), of who may take which on a task
 * (`allowedTaskActions`, pure), of the checks of a declaration (`taskActionProblems`) and of
 * the words of their history entries (`taskActionDetail`). The store applies them
 * (runtime/store/task-actions.ts and the sendBack/addSigner/withdraw operations beside it).
 */
import { pointer } from '../json-pointer.ts';
import type { Words } from './event-titles.ts';
import type { Actor, ProcessPackage, StateJson, TaskActionsSpec, TaskSpec } from './types.ts';

export type TaskActionKind = keyof TaskActionsSpec;

/** Every kind a declaration may name, in the order the portal's 更多操作 menu lists them. */
export const TASK_ACTION_KINDS: readonly TaskActionKind[] = ['transfer', 'delegate', 'sendBack', 'addSigner', 'urge', 'withdraw'];

/** What a person reads for each action (the menu, the form's heading); `revokeDelegation` is 委托's way back. */
export const TASK_ACTION_TITLES: Readonly<Record<TaskActionKind | 'revokeDelegation', Words>> = {
  transfer: { title: '转办', title_en: 'Transfer' },
  delegate: { title: '委托', title_en: 'Delegate' },
  revokeDelegation: { title: '收回委托', title_en: 'Revoke delegation' },
  sendBack: { title: '退回', title_en: 'Send back' },
  addSigner: { title: '加签', title_en: 'Add an approver' },
  urge: { title: '催办', title_en: 'Urge' },
  withdraw: { title: '撤回', title_en: 'Withdraw' },
};

/** The state a task's `stateId` (`machine.a.b`) names, if any. */
function stateAt(pkg: Pick<ProcessPackage, 'machine'>, stateId: string): StateJson | undefined {
  let state: StateJson | undefined = pkg.machine;
  for (const part of stateId.split('.').slice(1)) {
    const states: Record<string, StateJson> | undefined = state?.states;
    state = states && Object.hasOwn(states, part) ? states[part] : undefined;
  }
  return state;
}

/** The actions in force on the task of `stateId`: its own declaration, else the package's, else none. */
export function taskActionsOf(pkg: Pick<ProcessPackage, 'machine' | 'taskActions'>, stateId: string): TaskActionsSpec {
  const task: TaskSpec | undefined = stateAt(pkg, stateId)?.meta?.task;
  if (!task) return {};
  return actionsOfTask(pkg, task);
}

/** The one rule: a task's own `actions`, else the package's `taskActions`, else none. */
export function actionsOfTask(pkg: Pick<ProcessPackage, 'taskActions'>, task: TaskSpec | undefined): TaskActionsSpec {
  return task?.actions ?? pkg.taskActions ?? {};
}

/** A task as the rule reads it; `holder` and `office` come from the store's access rule (task-access.ts), so the rule has one home. */
export interface TaskActionTarget {
  stateId: string;
  status: string;
  completedBy: string | null;
  /** The user acting for the holder on this task (委托), if any. */
  delegateId: string | null;
  /** The actor may act on the task (its holder, or the holder's delegate). */
  holder: boolean;
  /** The actor holds an office role (sees every task of the county). */
  office: boolean;
}

export interface AllowedTaskAction extends Words {
  action: TaskActionKind | 'revokeDelegation';
  /** 转办: whom to (user and/or unit). */
  to?: Array<'user' | 'unit'>;
  /** 加签: before and/or after the holder. */
  where?: Array<'before' | 'after'>;
  /** 退回: the event sent. */
  event?: string;
}

/**
 * Which actions `actor` may take on `task` now: declared for the task, one of the actor's roles
 * among the action's `roles`, and
 * - 转办 an open task, by its holder or the office;
 * - 委托 an open task, by its holder who is not themself a delegate, while nobody acts for them;
 *   收回委托 while someone does, by the holder (or the office);
 * - 退回, 加签 an open task, by its holder;
 * - 催办 an open task, by someone who is not its holder;
 * - 撤回 a completed task, by whoever completed it (the store checks the next task is untouched).
 */
export function allowedTaskActions(pkg: Pick<ProcessPackage, 'machine' | 'taskActions'>, task: TaskActionTarget, actor: Pick<Actor, 'id' | 'roles'>): AllowedTaskAction[] {
  const spec = taskActionsOf(pkg, task.stateId);
  const open = task.status === 'open';
  const isDelegate = task.delegateId !== null && task.delegateId === actor.id;
  const out: AllowedTaskAction[] = [];
  for (const kind of TASK_ACTION_KINDS) {
    const declared = spec[kind];
    if (!declared || !declared.roles.some((r) => actor.roles.includes(r))) continue;
    const words = { action: kind, ...TASK_ACTION_TITLES[kind] };
    switch (kind) {
      case 'transfer':
        if (open && (task.holder || task.office)) out.push({ ...words, to: [...(spec.transfer?.to ?? [])] });
        break;
      case 'delegate':
        if (open && task.delegateId === null && task.holder) out.push(words);
        else if (open && task.delegateId !== null && !isDelegate && (task.holder || task.office)) out.push({ action: 'revokeDelegation', ...TASK_ACTION_TITLES.revokeDelegation });
        break;
      case 'sendBack':
        if (open && task.holder) out.push({ ...words, event: spec.sendBack?.event as string });
        break;
      case 'addSigner':
        if (open && task.holder) out.push({ ...words, where: [...(spec.addSigner?.where ?? [])] });
        break;
      case 'urge':
        if (open && !task.holder) out.push(words);
        break;
      case 'withdraw':
        if (task.status === 'completed' && task.completedBy === actor.id) out.push(words);
        break;
    }
  }
  return out;
}

export interface TaskActionProblem {
  code: 'UNKNOWN_TASK_ACTION' | 'UNKNOWN_ROLE' | 'SEND_BACK_NOT_DECLARED';
  pointer: string;
  message: string;
}

/** Whether `event` has a transition on `state` or one of its ancestors (XState looks up the tree). */
function handles(path: StateJson[], event: string): boolean {
  return path.some((s) => s.on !== undefined && Object.hasOwn(s.on, event));
}

/**
 * The declaration's problems, each at its JSON pointer: an action kind that does not exist, a
 * role the package does not declare, a 退回 whose event no transition of the state takes. The
 * package-level `taskActions` is checked against every task that uses it.
 */
export function taskActionProblems(pkg: ProcessPackage): TaskActionProblem[] {
  const problems: TaskActionProblem[] = [];
  const roles = new Set(pkg.roles);
  const shape = (spec: TaskActionsSpec, at: string) => {
    for (const [kind, declared] of Object.entries(spec) as Array<[string, { roles?: unknown }]>) {
      if (!(TASK_ACTION_KINDS as readonly string[]).includes(kind)) {
        problems.push({ code: 'UNKNOWN_TASK_ACTION', pointer: `${at}${pointer(kind)}`, message: `"${kind}" is not a task action (${TASK_ACTION_KINDS.join(', ')})` });
        continue;
      }
      const list = Array.isArray(declared?.roles) ? (declared.roles as unknown[]) : [];
      list.forEach((r, i) => {
        if (typeof r === 'string' && !roles.has(r)) problems.push({ code: 'UNKNOWN_ROLE', pointer: `${at}${pointer(kind, 'roles', i)}`, message: `Role "${r}" is not in the package's roles` });
      });
    }
  };
  if (pkg.taskActions) shape(pkg.taskActions, '/taskActions');
  const visit = (state: StateJson, ptr: string, path: StateJson[]) => {
    const here = [...path, state];
    const task = state.meta?.task;
    if (task) {
      if (task.actions) shape(task.actions, `${ptr}/meta/task/actions`);
      const event = (task.actions ?? pkg.taskActions)?.sendBack?.event;
      if (typeof event === 'string' && !handles(here, event)) {
        const at = task.actions ? `${ptr}/meta/task/actions/sendBack/event` : '/taskActions/sendBack/event';
        problems.push({ code: 'SEND_BACK_NOT_DECLARED', pointer: at, message: `退回 sends "${event}", which no transition of ${ptr || 'the machine'} takes` });
      }
    }
    for (const [key, child] of Object.entries(state.states ?? {})) visit(child, `${ptr}${pointer('states', key)}`, here);
  };
  visit(pkg.machine, '/machine', []);
  return problems;
}

/** Who, in words: a user's name, with their unit in brackets when known ("李四（县住房和城乡建设局）"). */
function who(name: unknown, unit: unknown): string {
  const n = typeof name === 'string' && name !== '' ? name : '';
  const u = typeof unit === 'string' && unit !== '' ? unit : '';
  return n && u ? `${n}（${u}）` : n || u;
}

/**
 * The words after the title of a task action's history entry, from the names the store wrote
 * in its data when it happened: "张三 → 李四（县教育局）· 理由：…". Null for any other event.
 */
export function taskActionDetail(type: string, data: unknown): Words | null {
  if (!type.startsWith('task.') && !type.startsWith('comment.') && !type.startsWith('attachment.')) return null;
  const d = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const reason = typeof d.reason === 'string' && d.reason !== '' ? d.reason : '';
  const task = typeof d.taskTitle === 'string' ? d.taskTitle : '';
  const parts: string[] = [];
  const partsEn: string[] = [];
  switch (type) {
    case 'task.transferred': {
      const from = who(d.fromUserName, d.fromUnitName) || '—';
      const to = who(d.toUserName, d.toUnitName) || '—';
      parts.push(`${task ? `${task}：` : ''}${from} → ${to}`);
      partsEn.push(`${task ? `${task}: ` : ''}${from} → ${to}`);
      break;
    }
    case 'task.delegated':
    case 'task.delegationRevoked': {
      const to = who(d.delegateName, null) || '—';
      parts.push(`${task ? `${task}：` : ''}${type === 'task.delegated' ? '委托' : '不再委托'}${to}代为办理`);
      partsEn.push(`${task ? `${task}: ` : ''}${type === 'task.delegated' ? '' : 'no longer '}acting: ${to}`);
      break;
    }
    case 'task.urged': {
      const holder = who(d.holderName, d.holderUnitName);
      parts.push(`${task}${holder ? `（${holder}）` : ''}`);
      partsEn.push(`${task}${holder ? ` (${holder})` : ''}`);
      break;
    }
    case 'task.countersignCancelled': {
      // 加签: the step that closed the task took the signer's countersign with it (sql/step-write.ts).
      const signer = who(d.signerName, null) || '—';
      const taskEn = typeof d.taskTitle_en === 'string' && d.taskTitle_en !== '' ? d.taskTitle_en : task;
      parts.push(`${task ? `${task}：` : ''}${signer}的会签随环节结束取消`);
      partsEn.push(`${taskEn ? `${taskEn}: ` : ''}the countersign of ${signer} was cancelled as the step ended`);
      break;
    }
    case 'comment.added':
      if (typeof d.text === 'string') parts.push(d.text), partsEn.push(d.text);
      break;
    case 'attachment.added':
      if (typeof d.name === 'string') parts.push(d.name), partsEn.push(d.name);
      break;
    default:
      if (task) parts.push(task), partsEn.push(task);
  }
  if (reason) parts.push(`理由：${reason}`), partsEn.push(`Reason: ${reason}`);
  if (parts.length === 0) return null;
  return { title: parts.join(' · '), title_en: partsEn.join(' · ') };
}
