/**
 * 退回, 加签 and 撤回 (issue 16 item 3): the pure parts. Who may use an action on a task (the
 * task's `meta.task.actions`, else the package's `taskActions`; `{}` switches all off), the
 * words of a countersign task, and the effects that put an instance back as it was before a
 * completion. The store (runtime/store/task-return.ts) reads and writes; nothing here does I/O.
 */
import type { Actor, Effect, EngineEvent, InstanceSnapshot, ProcessPackage, StateJson, TaskActionsSpec, TaskSpec } from './types.ts';

export type ReturnAction = 'sendBack' | 'addSigner' | 'withdraw';
export type SignerPlace = 'before' | 'after';

/** True when `actor` holds one of the roles the action is declared for. */
export function mayUseAction(actions: TaskActionsSpec, action: ReturnAction, actor: Pick<Actor, 'roles'>): boolean {
  const declared = actions[action];
  return declared !== undefined && declared.roles.some((r) => actor.roles.includes(r));
}

/** Where a signer may be added on this task (empty when 加签 is not declared). */
export function signerPlaces(actions: TaskActionsSpec): SignerPlace[] {
  return [...(actions.addSigner?.where ?? [])];
}

/** The title of the countersign task the added signer reads in their inbox: "会签：审定交办方案：…". */
export function countersignTitle(task: { title: string; title_en: string | null }): { title: string; title_en: string } {
  return { title: `会签：${task.title}`, title_en: `Countersign: ${task.title_en ?? task.title}` };
}

/** The key of a countersign task: beside the holder's task, unique per added signer row. */
export function countersignKey(holderKey: string, signerRowId: string): string {
  return `${holderKey}~sign~${signerRowId}`;
}

/** The role the countersign task carries: the holder task's role when the signer has it, else the signer's first office role. */
export function countersignRole(holderRole: string, signerRoles: readonly string[]): string | undefined {
  if (signerRoles.includes(holderRole)) return holderRole;
  return ['leader', 'staff', 'unit', 'admin', 'deputy'].find((r) => signerRoles.includes(r));
}

/** A pending timer as a restore point keeps it. */
export interface KeptTimer {
  key: string;
  fire_at: string;
  event: EngineEvent;
}

/**
 * The effects that take an instance back to a restore point: the tasks opened since are
 * cancelled, every timer now pending is cancelled and those pending then are armed again
 * (step-write.ts keeps only the last operation per key, so a key in both is re-armed as it
 * was). The tasks closed since are reopened by the store (their rows keep their ids).
 */
export function withdrawEffects(now: { openTasks: Array<{ id: string; key: string }>; timerKeys: string[] }, then: { openTaskIds: string[]; timers: KeptTimer[] }): Effect[] {
  const before = new Set(then.openTaskIds);
  return [
    ...now.openTasks.filter((t) => !before.has(t.id)).map((t): Effect => ({ type: 'closeTask', key: t.key, reason: 'cancelled' })),
    ...now.timerKeys.map((key): Effect => ({ type: 'cancelTimer', key })),
    ...then.timers.map((t): Effect => ({ type: 'scheduleTimer', key: t.key, fireAt: new Date(t.fire_at).toISOString(), event: t.event })),
  ];
}

/**
 * The snapshot a withdrawal writes: the one before the completion, with the key counter kept
 * where it is now, so a task opened again later never takes the key of a cancelled one.
 */
export function withdrawnSnapshot(before: InstanceSnapshot, now: InstanceSnapshot): InstanceSnapshot {
  return { ...before, counter: Math.max(before.counter, now.counter) };
}

/**
 * Effects after which a completion cannot be taken back by restoring its instance alone: it
 * started or ended other processes or ballots, or took a serial number.
 */
const NOT_RESTORABLE: ReadonlySet<Effect['type']> = new Set<Effect['type']>(['allocateSerial', 'gradeDeputies', 'startChild', 'cancelChild', 'childDone', 'createBallot', 'cancelBallot', 'startLinked', 'sendLinked', 'holdEach', 'takeCarriedSeats']);

export function restorable(effects: readonly Effect[], done: boolean): boolean {
  return !done && !effects.some((e) => NOT_RESTORABLE.has(e.type));
}

/**
 * Whether any task of the package may take an added signer (its own `actions` or, for a task
 * declaring none, the package's `taskActions`): only then does a step that closes tasks look
 * for their signers (sql/step-write.ts), so a process without 加签 pays nothing for it.
 */
export function declaresSigners(pkg: Pick<ProcessPackage, 'machine' | 'taskActions'>): boolean {
  const walk = (state: StateJson): boolean => {
    const task = state.meta?.task;
    if (task && (task.actions ?? pkg.taskActions)?.addSigner !== undefined) return true;
    return Object.values(state.states ?? {}).some(walk);
  };
  return walk(pkg.machine);
}
