/**
 * `start` and `step`: the pure heart of the engine. Given a compiled definition, the stored
 * instance snapshot, an event and a clock, compute the next snapshot and the effects the
 * store must apply (open/close tasks, schedule/cancel timers, notify, start children, hold
 * ballots). Pure: no I/O, no randomness, and the clock is read once per step; keys come from
 * a counter inside the snapshot. Like XState's `transition()`, it returns what to do and
 * does none of it.
 *
 * The algorithms live beside it: xstate-adapter.ts (XState's pure transition), tasks.ts,
 * children.ts, ballot-state.ts, timers.ts, action-effects.ts.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { AppError } from '../errors.ts';
import { collectActionEffects } from './action-effects.ts';
import { cancelBallot, createBallot, spendBallot } from './ballot-state.ts';
import { cancelChildren, finalOutput, markChildDone, spawnChildren } from './children.ts';
import type { CompiledDefinition } from './compile.ts';
import { stateString } from './state-value.ts';
import { withStepTime } from './step-time.ts';
import { taxonomyContext } from './taxonomy.ts';
import type { StepEnv, StepWork } from './step-work.ts';
import { closeTask, completedTask, reconcileTask, taskTimerEffects } from './tasks.ts';
import { isStaleTimer } from './timers.ts';
import type { EngineEvent, InstanceSnapshot, StepResult } from './types.ts';
import { accepts, initialTransition, metaOf, persist, restore, transition } from './xstate-adapter.ts';

export type { StepEnv } from './step-work.ts';
export { stateString } from './state-value.ts';

/** Engine events raised while settling never loop more than this within one step (`tasks.done`, `children.done`). */
const MAX_INTERNAL_EVENTS = 50;

/** Start a new instance with its initial context; sends the package's start event with the start data. */
export function start(def: CompiledDefinition, input: Record<string, unknown>, env: StepEnv, startEvent?: EngineEvent): StepResult {
  const at = env.clock.now();
  // The chosen result categories (taxonomy.ts) ride in the context so a started follow-up can offer them.
  const context = withStepTime({ ...structuredClone(def.pkg.machine.context ?? {}), ...structuredClone(taxonomyContext(def.pkg)), settings: structuredClone(def.pkg.settings ?? {}), ...input }, at);
  const work: StepWork = {
    def,
    env,
    at,
    snapshot: { machine: {} as InstanceSnapshot['machine'], tasks: [], taskGroups: {}, childGroups: {}, counter: 0 },
    effects: [],
  };
  const [initial, actions] = initialTransition(def.machineFor(env.calendar), context);
  const started = finish(work, settle(work, initial, actions, new Set()), '', false);
  if (!startEvent) return started;
  const next = step(def, started.snapshot, startEvent, env);
  return { ...next, effects: [...started.effects, ...next.effects], from: started.from };
}

/**
 * Apply one event. Task completions carry `taskKey`: the task must be open and the event one
 * of its outcomes. A transition that is taken completes the step even when it changes
 * nothing (a targetless outcome, a re-entering self-transition), as in SCXML and XState;
 * `changed: false` only when the machine has no transition for the event.
 */
export function step(def: CompiledDefinition, snapshot: InstanceSnapshot, event: EngineEvent, env: StepEnv): StepResult {
  const at = env.clock.now();
  const work: StepWork = { def, env, at, snapshot: structuredClone(snapshot), effects: [] };
  const machine = def.machineFor(env.calendar);
  const before = restore(machine, work.snapshot.machine, at);
  const from = stateString(before.value);
  const unchanged: StepResult = { snapshot, effects: [], changed: false, from, to: from, done: before.status === 'done' };
  const stamped: EngineEvent = { ...event, at: at.toISOString() };

  // Timer events about tasks are the engine's own, not the machine's — unless the task's state
  // names an `onOverdue` event: then the machine hears that too, with the task's item (a
  // follow-up's commitment past its own date: the office is told which one, and it is counted).
  if (event.type === 'task.remind' || event.type === 'task.overdue') {
    const task = work.snapshot.tasks.find((t) => t.key === event.taskKey);
    const changed = taskTimerEffects(work, stamped);
    const onOverdue = event.type === 'task.overdue' && task ? metaOf(before)[task.stateId]?.task?.onOverdue : undefined;
    if (changed && onOverdue && task) {
      const [after, actions] = transition(machine, before, { type: onOverdue, item: task.item, at: stamped.at } as never);
      return finish(work, settle(work, after, actions, new Set(Object.keys(metaOf(before)))), from, before.status === 'done');
    }
    return changed ? { snapshot: work.snapshot, effects: work.effects, changed, from, to: from, done: unchanged.done } : unchanged;
  }
  if (isStaleTimer(work.snapshot, event)) return unchanged;

  const completed = event.taskKey !== undefined ? completedTask(work, event) : undefined;
  if (completed) {
    stamped.item = completed.item;
    // Completed after its due time: the definition may count it as late (a commitment reported after its date).
    if (completed.dueAt !== null && at.getTime() > Date.parse(completed.dueAt)) stamped.late = true;
  }
  if (event.type === 'child.done') markChildDone(work, String(event.key));
  const spent = spendBallot(work, event);

  const prevActive = new Set(Object.keys(metaOf(before)));
  const [after, actions] = transition(machine, before, stamped as never);
  const taken = after !== before || actions.length > 0 || accepts(machine, before, stamped as never);
  if (!taken && event.type !== 'child.done' && !spent) return unchanged;
  if (completed) {
    closeTask(work, completed, 'completed', event.type);
    const group = work.snapshot.taskGroups[completed.stateId];
    if (group) group.done++;
  }
  return finish(work, settle(work, after, actions, prevActive), from, before.status === 'done');
}

function finish(work: StepWork, current: AnyMachineSnapshot, from: string, wasDone: boolean): StepResult {
  work.snapshot.machine = persist(work.def.machineFor(work.env.calendar), current);
  const done = current.status === 'done';
  if (done && !wasDone) work.effects.push({ type: 'childDone', output: finalOutput(work, current) });
  return { snapshot: work.snapshot, effects: work.effects, changed: true, from, to: stateString(current.value), done };
}

/**
 * Turn XState's returned actions into effects, then reconcile tasks, children and ballots
 * with the active states, raising `tasks.done` / `children.done` until the machine is quiet.
 */
function settle(work: StepWork, first: AnyMachineSnapshot, firstActions: unknown[], prevActive: Set<string>): AnyMachineSnapshot {
  let current = first;
  let actions = firstActions;
  let previous = prevActive;
  for (let i = 0; i < MAX_INTERNAL_EVENTS; i++) {
    const entered = collectActionEffects(work, actions);
    const queue = reconcile(work, current, previous, entered);
    if (queue.length === 0 || current.status === 'done') return current;
    previous = new Set(Object.keys(metaOf(current)));
    const internal = { ...(queue[0] as EngineEvent), at: work.at.toISOString() };
    [current, actions] = transition(work.def.machineFor(work.env.calendar), current, internal as never);
  }
  throw new AppError('STEP_LOOP', 'The definition raised internal events without settling');
}

/**
 * Close what belongs to states that were left or re-entered, open what belongs to states
 * that were entered (tasks, children, ballots); return the engine events to raise.
 */
function reconcile(work: StepWork, current: AnyMachineSnapshot, prevActive: Set<string>, reentered: Set<string>): EngineEvent[] {
  const meta = metaOf(current);
  const active = new Set(Object.keys(meta));
  const snap = work.snapshot;
  const fresh = (stateId: string) => !active.has(stateId) || (reentered.has(stateId) && prevActive.has(stateId));

  for (const task of [...snap.tasks]) if (fresh(task.stateId)) closeTask(work, task, 'cancelled');
  for (const stateId of Object.keys(snap.taskGroups)) if (fresh(stateId)) delete snap.taskGroups[stateId];
  for (const stateId of Object.keys(snap.childGroups)) if (fresh(stateId)) cancelChildren(work, stateId);
  for (const stateId of Object.keys(snap.ballots ?? {})) if (fresh(stateId)) cancelBallot(work, stateId);

  const raise: EngineEvent[] = [];
  for (const [stateId, m] of Object.entries(meta)) {
    const entered = !prevActive.has(stateId) || reentered.has(stateId);
    if (m.ballot && !snap.ballots?.[stateId]) createBallot(work, current, stateId, m.ballot);
    if (m.task) raise.push(...reconcileTask(work, current, stateId, m.task, entered));
    if (m.spawn && entered && !snap.childGroups[stateId]) spawnChildren(work, current, stateId, m.spawn);
    const cg = snap.childGroups[stateId];
    if (cg && !cg.raised && cg.done >= cg.total) {
      cg.raised = true;
      raise.push({ type: 'children.done', state: stateId });
    }
  }
  return raise;
}
