/**
 * The engine's only contact with XState: its pure `transition()` / `initialTransition()`,
 * restore and persist, all synchronous and side-effect free. Actions come back as values;
 * nothing here runs them.
 */
import { createActor, type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { AppError } from '../errors.ts';
import { stateString } from './state-value.ts';
import { withStepTime } from './step-time.ts';
import type { InstanceSnapshot, StateMeta } from './types.ts';

/**
 * Microsteps XState may take within one macrostep before it gives up (XState's own
 * `maxIterations`, set on every machine by machine.ts). The packages in definitions/ take at
 * most a handful; an `always` cycle that the checker could not see (guards that stay true)
 * hits this bound in ~12 ms instead of spinning forever and stopping the server for every county.
 */
export const MAX_MICROSTEPS = 1000;

/** The action machine.ts adds to the entry of every state with a task, children or a ballot: it tells the engine that state was (re-)entered. */
export const ENTERED_ACTION = 'engine.entered';

/**
 * The inert actor scope is made once per machine instead of on every call: building it
 * constructs an actor, which computes the machine's initial snapshot each time (a fifth of a
 * W1 step's CPU). Reusing it is safe because definitions have no child actors (nothing
 * registers in its system) and a step runs synchronously, so `actionExecutor` collects only
 * the current call's actions.
 */
interface PureScope {
  scope: ActorScope<AnyMachineSnapshot, EventObject>;
  actions: unknown[];
}

const scopes = new WeakMap<AnyStateMachine, PureScope>();

function inertScope(machine: AnyStateMachine, inspect?: (event: unknown) => void): PureScope {
  const self = createActor(machine, inspect ? { inspect: inspect as never } : undefined);
  const made = { actions: [] } as unknown as PureScope;
  made.scope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    defer: () => {},
    logger: () => {},
    stopChild: () => {},
    emit: () => {},
    actionExecutor: (action: unknown) => {
      made.actions.push(action);
    },
  } as unknown as ActorScope<AnyMachineSnapshot, EventObject>;
  return made;
}

function pureScope(machine: AnyStateMachine): PureScope {
  let pure = scopes.get(machine);
  if (!pure) scopes.set(machine, (pure = inertScope(machine)));
  pure.actions = [];
  return pure;
}

function isLoop(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('Infinite loop detected');
}

/** The states an endless macrostep cycles through, read by running it once more with XState's inspection on. */
function loopPath(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): string[] {
  const seen: string[] = [];
  const debug = inertScope(machine, (e) => {
    const ev = e as { type?: string; snapshot?: { value?: unknown } };
    if (ev.type === '@xstate.microstep') seen.push(stateString(ev.snapshot?.value));
  });
  try {
    machine.transition(snapshot, event as never, debug.scope as never);
  } catch {
    // expected: the same loop
  }
  return seen.slice(-6);
}

function loopError(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): AppError {
  const path = loopPath(machine, snapshot, event);
  return new AppError('STEP_LOOP', `The process does not settle: its eventless transitions cycle (${path.join(' → ')})`, {
    event: event.type,
    path,
  });
}

export function transition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, unknown[]] {
  const pure = pureScope(machine);
  try {
    const next = machine.transition(snapshot, event as never, pure.scope as never) as AnyMachineSnapshot;
    return [next, pure.actions];
  } catch (err) {
    if (isLoop(err)) throw loopError(machine, snapshot, event);
    throw err;
  }
}

export function initialTransition(machine: AnyStateMachine, input: Record<string, unknown>): [AnyMachineSnapshot, unknown[]] {
  const pure = pureScope(machine);
  try {
    const first = machine.getInitialSnapshot(pure.scope as never, input) as AnyMachineSnapshot;
    return [first, pure.actions];
  } catch (err) {
    if (isLoop(err)) throw new AppError('STEP_LOOP', 'The process does not settle when it starts: its eventless transitions cycle', { event: 'start' });
    throw err;
  }
}

/** Whether the machine has an enabled transition for the event (taken even when it changes nothing, e.g. a targetless outcome). */
export function accepts(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): boolean {
  return machine.getTransitionData(snapshot, event as never).length > 0;
}

/** The stored snapshot as XState's, carrying the step's time. restoreSnapshot (not resolveState) keeps history states. */
export function restore(machine: AnyStateMachine, persisted: InstanceSnapshot['machine'], at: Date): AnyMachineSnapshot {
  const snap = machine.restoreSnapshot(persisted as never, { self: undefined } as never) as AnyMachineSnapshot;
  withStepTime(snap.context as Record<string, unknown>, at);
  return snap;
}

export function persist(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): InstanceSnapshot['machine'] {
  return machine.getPersistedSnapshot(snapshot) as unknown as InstanceSnapshot['machine'];
}

/** Active state id → meta of the states that have any. */
export function metaOf(snap: AnyMachineSnapshot): Record<string, StateMeta> {
  return (snap.getMeta() ?? {}) as Record<string, StateMeta>;
}
