/**
 * `start` and `step`: the pure heart of the engine. Given a compiled definition, the stored
 * instance snapshot, an event and a clock, compute the next snapshot and the effects the
 * store must apply (open/close tasks, schedule/cancel timers, notify, start children).
 * No I/O, no randomness: keys come from a counter inside the snapshot.
 */
import { createActor, type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { delayBefore, delayEnd } from './calendar.ts';
import type { CompiledDefinition } from './compile.ts';
import { readPath, renderTemplate, type Scope } from './paths.ts';
import type {
  Actor,
  BallotStateSpec,
  Clock,
  Effect,
  EngineEvent,
  HolidayCalendar,
  InstanceSnapshot,
  OpenTask,
  SpawnSpec,
  StateMeta,
  StepResult,
  TaskSpec,
} from './types.ts';
import { AppError } from '../errors.ts';

export interface StepEnv {
  clock: Clock;
  calendar: HolidayCalendar;
}

/** Internal events never loop more than this within one step (guards against `always` cycles). */
const MAX_INTERNAL_EVENTS = 50;

interface Work {
  def: CompiledDefinition;
  env: StepEnv;
  at: Date;
  snapshot: InstanceSnapshot;
  effects: Effect[];
}

/** Flatten a state value into readable leaf paths: "screening" or "active.main.handling.drafting, active.assist.done". */
export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => {
      const inner = stateString(v);
      return inner ? `${k}.${inner}` : k;
    })
    .join(', ');
}

/**
 * XState's pure `transition()` / `initialTransition()`, with the inert actor scope made once
 * per machine instead of on every call: building it constructs an actor, which computes the
 * machine's initial snapshot each time (a fifth of a W1 step's CPU). Reusing it is safe
 * because definitions have no child actors (nothing registers in its system) and a step runs
 * synchronously, so `actionExecutor` collects only the current call's actions.
 */
interface PureScope {
  scope: ActorScope<AnyMachineSnapshot, EventObject>;
  actions: unknown[];
}

const scopes = new WeakMap<AnyStateMachine, PureScope>();

function pureScope(machine: AnyStateMachine): PureScope {
  let pure = scopes.get(machine);
  if (!pure) {
    const self = createActor(machine);
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
    scopes.set(machine, (pure = made));
  }
  pure.actions = [];
  return pure;
}

function transition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, unknown[]] {
  const pure = pureScope(machine);
  const next = machine.transition(snapshot, event as never, pure.scope as never) as AnyMachineSnapshot;
  return [next, pure.actions];
}

function initialTransition(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, unknown[]] {
  const pure = pureScope(machine);
  const first = machine.getInitialSnapshot(pure.scope as never, input) as AnyMachineSnapshot;
  return [first, pure.actions];
}

function metaOf(snap: AnyMachineSnapshot): Record<string, StateMeta> {
  return (snap.getMeta() ?? {}) as Record<string, StateMeta>;
}

function shortName(stateId: string): string {
  const parts = stateId.split('.');
  return parts[parts.length - 1] ?? stateId;
}

function restore(def: CompiledDefinition, env: StepEnv, snapshot: InstanceSnapshot): AnyMachineSnapshot {
  const machine = def.machineFor(env.calendar);
  // restoreSnapshot (not resolveState) keeps history states; the scope is only used for children, which definitions never have.
  return machine.restoreSnapshot(snapshot.machine as never, { self: undefined } as never) as AnyMachineSnapshot;
}

/** Start a new instance with its initial context; sends the package's start event with the start data. */
export function start(
  def: CompiledDefinition,
  input: Record<string, unknown>,
  env: StepEnv,
  startEvent?: EngineEvent,
): StepResult {
  const at = env.clock.now();
  def.cell.now = at;
  const machine = def.machineFor(env.calendar);
  const context = {
    ...structuredClone(def.pkg.machine.context ?? {}),
    settings: structuredClone(def.pkg.settings ?? {}),
    ...input,
  };
  const [initial, actions] = initialTransition(machine, context);
  const work: Work = {
    def,
    env,
    at,
    snapshot: { machine: {} as InstanceSnapshot['machine'], tasks: [], taskGroups: {}, childGroups: {}, counter: 0 },
    effects: [],
  };
  const prevActive = new Set<string>();
  const current = settle(work, initial, actions, prevActive, false);
  let result: StepResult = finish(work, current, '', false);
  if (startEvent) {
    const next = step(def, result.snapshot, startEvent, env);
    result = { ...next, effects: [...result.effects, ...next.effects], from: result.from };
  }
  return result;
}

/**
 * Apply one event. Task completions carry `taskKey`: the task must be open and the event one
 * of its outcomes. Returns `changed: false` when the machine ignored the event.
 */
export function step(def: CompiledDefinition, snapshot: InstanceSnapshot, event: EngineEvent, env: StepEnv): StepResult {
  const at = env.clock.now();
  def.cell.now = at;
  const work: Work = { def, env, at, snapshot: structuredClone(snapshot), effects: [] };
  const before = restore(def, env, work.snapshot);
  const from = stateString(before.value);
  const stamped: EngineEvent = { ...event, at: at.toISOString() };

  // Timer events about tasks are handled by the engine itself, not the machine.
  if (event.type === 'task.remind' || event.type === 'task.overdue') {
    return taskTimer(work, before, stamped, from);
  }

  let completed: OpenTask | undefined;
  if (event.taskKey !== undefined) {
    completed = work.snapshot.tasks.find((t) => t.key === event.taskKey);
    if (!completed) throw new AppError(409, 'TASK_NOT_OPEN', 'The task is no longer open');
    if (!(event.type in completed.outcomes)) {
      throw new AppError(422, 'UNKNOWN_OUTCOME', `Outcome ${event.type} is not one of this task's outcomes`, {
        outcomes: Object.keys(completed.outcomes),
      });
    }
    stamped.item = completed.item;
  }
  if (event.type === 'child.done') markChildDone(work, String(event.key));
  // The ballot a state held is spent once its result arrives: staying in (or re-entering) the state opens a new one.
  if (event.type === 'BALLOT_CLOSED' && work.snapshot.ballots) {
    for (const [stateId, key] of Object.entries(work.snapshot.ballots)) if (key === event.ballotKey) delete work.snapshot.ballots[stateId];
  }

  const prevActive = new Set(Object.keys(metaOf(before)));
  const [after, actions] = transition(def.machineFor(env.calendar), before, stamped as never);
  // A result that the machine takes without any change (a bare re-entry) still spends the ballot.
  const spent = event.type === 'BALLOT_CLOSED' && Object.keys(snapshot.ballots ?? {}).length !== Object.keys(work.snapshot.ballots ?? {}).length;
  if (after === before && event.type !== 'child.done' && !spent) {
    return { snapshot, effects: [], changed: false, from, to: from, done: before.status === 'done' };
  }
  if (completed) {
    work.snapshot.tasks = work.snapshot.tasks.filter((t) => t.key !== completed.key);
    work.effects.push({ type: 'closeTask', key: completed.key, reason: 'completed', outcome: event.type });
    cancelTaskTimers(work, completed.key);
    const group = work.snapshot.taskGroups[completed.stateId];
    if (group) group.done++;
  }
  const current = settle(work, after, actions, prevActive, true);
  return finish(work, current, from, before.status === 'done');
}

function finish(work: Work, current: AnyMachineSnapshot, from: string, wasDone: boolean): StepResult {
  const machine = work.def.machineFor(work.env.calendar);
  work.snapshot.machine = machine.getPersistedSnapshot(current) as unknown as InstanceSnapshot['machine'];
  const done = current.status === 'done';
  if (done && !wasDone) {
    work.effects.push({ type: 'childDone', output: outputOf(work, current) });
  }
  return { snapshot: work.snapshot, effects: work.effects, changed: true, from, to: stateString(current.value), done };
}

function outputOf(work: Work, snap: AnyMachineSnapshot): Record<string, unknown> {
  const finals = work.def.finalOutputs;
  const scope: Scope = { context: snap.context };
  for (const [stateId, map] of Object.entries(finals)) {
    if (snap.matches(stateId.split('.').slice(1).join('.') as never)) {
      return Object.fromEntries(Object.entries(map).map(([k, path]) => [k, readPath(scope, path) ?? null]));
    }
  }
  return {};
}

/**
 * Turn XState's returned actions into effects, then reconcile tasks and children with the
 * active states, raising `tasks.done` / `children.done` until the machine is quiet.
 */
function settle(
  work: Work,
  first: AnyMachineSnapshot,
  firstActions: unknown[],
  prevActive: Set<string>,
  _restored: boolean,
): AnyMachineSnapshot {
  let current = first;
  let actions = firstActions;
  let previous = prevActive;
  for (let i = 0; i < MAX_INTERNAL_EVENTS; i++) {
    collectActionEffects(work, actions);
    const queue = reconcile(work, current, previous);
    if (queue.length === 0 || current.status === 'done') return current;
    previous = new Set(Object.keys(metaOf(current)));
    const internal = { ...(queue[0] as EngineEvent), at: work.at.toISOString() };
    [current, actions] = transition(work.def.machineFor(work.env.calendar), current, internal as never);
  }
  throw new AppError(422, 'STEP_LOOP', 'The definition raised internal events without settling');
}

interface ReturnedAction {
  type: string;
  params?: Record<string, unknown>;
  info?: { context?: Record<string, unknown>; event?: Record<string, unknown> };
}

function collectActionEffects(work: Work, actions: unknown[]): void {
  for (const raw of actions as ReturnedAction[]) {
    const p = raw.params ?? {};
    const scope: Scope = { context: raw.info?.context ?? {}, event: raw.info?.event ?? {}, now: work.at.toISOString() };
    if (raw.type === 'xstate.raise' && typeof p.delay === 'number') {
      if (p.delay < 0) continue;
      const fireAt = new Date(work.at.getTime() + p.delay).toISOString();
      work.effects.push({ type: 'scheduleTimer', key: String(p.id), fireAt, event: p.event as EngineEvent });
    } else if (raw.type === 'xstate.cancel') {
      work.effects.push({ type: 'cancelTimer', key: String(p.sendId) });
    } else if (raw.type === 'notify') {
      const read = (path: unknown) => (typeof path === 'string' ? (readPath(scope, path) as string | null) ?? null : null);
      work.effects.push({
        type: 'notify',
        to: { role: typeof p.role === 'string' ? p.role : undefined, userId: read(p.assignee), unitId: read(p.unit) },
        message: renderTemplate(String(p.message ?? ''), scope),
        message_en: p.message_en === undefined ? undefined : renderTemplate(String(p.message_en), scope),
      });
    } else if (raw.type === 'allocateSerial') {
      work.effects.push({
        type: 'allocateSerial',
        scope: renderTemplate(String(p.scope ?? ''), scope),
        width: Number(p.width ?? 4),
        to: String(p.to),
      });
    }
  }
}

/** Close tasks of exited states, open tasks of entered ones, spawn children; return internal events to raise. */
function reconcile(work: Work, current: AnyMachineSnapshot, prevActive: Set<string>): EngineEvent[] {
  const meta = metaOf(current);
  const active = new Set(Object.keys(meta));
  const snap = work.snapshot;
  const raise: EngineEvent[] = [];

  for (const task of [...snap.tasks]) {
    if (!active.has(task.stateId)) closeTask(work, task, 'cancelled');
  }
  for (const stateId of Object.keys(snap.taskGroups)) if (!active.has(stateId)) delete snap.taskGroups[stateId];
  for (const [stateId, group] of Object.entries(snap.childGroups)) {
    if (active.has(stateId)) continue;
    for (const key of group.keys) work.effects.push({ type: 'cancelChild', key });
    delete snap.childGroups[stateId];
  }

  const ballots = (snap.ballots ??= {});
  for (const [stateId, key] of Object.entries(ballots)) {
    if (active.has(stateId)) continue;
    work.effects.push({ type: 'cancelBallot', key });
    delete ballots[stateId];
  }

  for (const [stateId, m] of Object.entries(meta)) {
    const entered = !prevActive.has(stateId);
    if (m.ballot && !ballots[stateId]) createBallot(work, current, stateId, m.ballot);
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

function reconcileTask(work: Work, current: AnyMachineSnapshot, stateId: string, spec: TaskSpec, entered: boolean): EngineEvent[] {
  const snap = work.snapshot;
  if (!spec.forEach) {
    if (!snap.tasks.some((t) => t.stateId === stateId)) openTask(work, current, stateId, spec, undefined);
    return [];
  }
  if (entered || !snap.taskGroups[stateId]) {
    const items = readPath({ context: current.context }, spec.forEach);
    const list = Array.isArray(items) ? items : [];
    snap.taskGroups[stateId] = { total: list.length, done: 0, rule: spec.complete ?? 'all', raised: false };
    for (const item of list) openTask(work, current, stateId, spec, item);
  }
  const group = snap.taskGroups[stateId];
  if (!group || group.raised) return [];
  const complete = group.rule === 'any' ? group.done >= 1 || group.total === 0 : group.done >= group.total;
  if (!complete) return [];
  group.raised = true;
  for (const task of snap.tasks.filter((t) => t.stateId === stateId)) closeTask(work, task, 'cancelled');
  return [{ type: 'tasks.done', state: stateId }];
}

function openTask(work: Work, current: AnyMachineSnapshot, stateId: string, spec: TaskSpec, item: unknown): void {
  const snap = work.snapshot;
  const scope: Scope = { context: current.context, item };
  const key = `${shortName(stateId)}-${++snap.counter}`;
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
  const remind = due && remindSpec ? delayBefore(remindSpec, due, work.env.calendar) : null;
  const task: OpenTask = {
    key,
    stateId,
    role: spec.role,
    assigneeId: asId(spec.assignee),
    unitId: asId(spec.unit),
    item: item ?? null,
    title: renderTemplate(spec.title, scope),
    title_en: spec.title_en ? renderTemplate(spec.title_en, scope) : null,
    outcomes: spec.outcomes,
    dueAt: due ? due.toISOString() : null,
    openedAt: work.at.toISOString(),
  };
  snap.tasks.push(task);
  work.effects.push({ type: 'openTask', task, remindAt: remind ? remind.toISOString() : null });
  if (due) {
    work.effects.push({ type: 'scheduleTimer', key: `task:${key}:due`, fireAt: due.toISOString(), event: { type: 'task.overdue', taskKey: key } });
  }
  if (remind && remind.getTime() > work.at.getTime()) {
    work.effects.push({ type: 'scheduleTimer', key: `task:${key}:remind`, fireAt: remind.toISOString(), event: { type: 'task.remind', taskKey: key } });
  }
}

function closeTask(work: Work, task: OpenTask, reason: 'completed' | 'cancelled'): void {
  work.snapshot.tasks = work.snapshot.tasks.filter((t) => t.key !== task.key);
  work.effects.push({ type: 'closeTask', key: task.key, reason });
  cancelTaskTimers(work, task.key);
}

function cancelTaskTimers(work: Work, key: string): void {
  work.effects.push({ type: 'cancelTimer', key: `task:${key}:due` }, { type: 'cancelTimer', key: `task:${key}:remind` });
}

function spawnChildren(work: Work, current: AnyMachineSnapshot, stateId: string, spec: SpawnSpec): void {
  const items = readPath({ context: current.context }, spec.forEach);
  const list = Array.isArray(items) ? items : [];
  const keys: string[] = [];
  for (const item of list) {
    const key = `${shortName(stateId)}-${++work.snapshot.counter}`;
    const scope: Scope = { context: current.context, item };
    const input = Object.fromEntries(Object.entries(spec.input).map(([k, path]) => [k, readPath(scope, path) ?? null]));
    keys.push(key);
    work.effects.push({ type: 'startChild', key, process: spec.process, input });
  }
  work.snapshot.childGroups[stateId] = { total: list.length, done: 0, rule: 'all', raised: false, keys };
}

/** Resolve a `meta.ballot` against the context (literals stay, `context.…` paths are read) and emit createBallot. */
function createBallot(work: Work, current: AnyMachineSnapshot, stateId: string, spec: BallotStateSpec): void {
  const scope: Scope = { context: current.context };
  const value = (v: unknown): unknown => (typeof v === 'string' && v.startsWith('context.') ? readPath(scope, v) : v);
  let ballotSpec: Record<string, unknown>;
  if (spec.spec) {
    const read = value(spec.spec);
    const { electorate: _ignored, ...rest } = (read !== null && typeof read === 'object' ? read : {}) as Record<string, unknown>;
    ballotSpec = rest;
  } else {
    const list = value(spec.candidates);
    // A list of candidates, or one object (a single item to rate, e.g. one project).
    const candidates = (Array.isArray(list) ? list : list !== null && typeof list === 'object' ? [list] : []).map((c) => {
      const item = (c ?? {}) as Record<string, unknown>;
      const title_en = item.title_en ?? item.name_en;
      return { id: String(item.id ?? ''), title: String(item.title ?? item.name ?? ''), ...(typeof title_en === 'string' ? { title_en } : {}) };
    });
    ballotSpec = { kind: value(spec.kind), candidates };
    for (const key of ['seats', 'countRule', 'thresholdBasis', 'shortfallAction'] as const) {
      const v = value(spec[key]);
      if (v !== undefined && v !== null) ballotSpec[key] = v;
    }
  }
  const key = `${shortName(stateId)}-b${++work.snapshot.counter}`;
  (work.snapshot.ballots ??= {})[stateId] = key;
  work.effects.push({
    type: 'createBallot',
    key,
    title: renderTemplate(spec.title, scope),
    electorate: String(value(spec.electorate) ?? ''),
    spec: ballotSpec,
    batchSize: spec.batchSize ?? null,
    termId: spec.term === undefined ? null : ((value(spec.term) as string | null | undefined) ?? null),
    // Secret unless the definition says false in so many words.
    secret: spec.secret === undefined ? true : value(spec.secret) !== false,
  });
}

function markChildDone(work: Work, key: string): void {
  for (const group of Object.values(work.snapshot.childGroups)) {
    if (group.keys.includes(key)) {
      group.done++;
      group.keys = group.keys.filter((k) => k !== key);
    }
  }
}

/** `task.remind` → notify the task's holder; `task.overdue` → flag the task and notify. */
function taskTimer(work: Work, current: AnyMachineSnapshot, event: EngineEvent, from: string): StepResult {
  const task = work.snapshot.tasks.find((t) => t.key === event.taskKey);
  if (task) {
    const to = { role: task.role, userId: task.assigneeId, unitId: task.unitId };
    if (event.type === 'task.overdue') {
      work.effects.push({ type: 'markTaskOverdue', key: task.key });
      work.effects.push({ type: 'notify', to, message: `已逾期：${task.title}`, message_en: `Overdue: ${task.title_en ?? task.title}`, data: { taskKey: task.key } });
    } else {
      work.effects.push({ type: 'notify', to, message: `即将到期：${task.title}`, message_en: `Due soon: ${task.title_en ?? task.title}`, data: { taskKey: task.key, dueAt: task.dueAt } });
    }
  }
  return { snapshot: work.snapshot, effects: work.effects, changed: task !== undefined, from, to: from, done: current.status === 'done' };
}

/** Write a value into the instance context (used by the store for serial numbers it allocates). */
export function assignToContext(snapshot: InstanceSnapshot, path: string, value: unknown): InstanceSnapshot {
  const parts = path.replace(/^context\./, '').split('.');
  const context = structuredClone(snapshot.machine.context);
  let target: Record<string, unknown> = context;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    target[part] = next !== null && typeof next === 'object' ? next : {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1] as string] = value;
  return { ...snapshot, machine: { ...snapshot.machine, context } };
}

export type { Actor };
