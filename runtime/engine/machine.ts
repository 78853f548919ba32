/**
 * Turns a package's machine JSON into an XState v5 machine with the fixed vocabulary of
 * guards, actions and delays. Only these names exist; a definition cannot bring code.
 *
 * Guards, actions and delays run inside XState's pure `transition()`. They read the step's
 * time from the context (step-time.ts) because XState's internal events (done.state,
 * eventless transitions) do not carry our `at` stamp.
 */
import { assign, createMachine, type AnyStateMachine } from 'xstate';
import { scoreBallots } from '../evaluation/index.ts';
import { delayEnd } from './calendar.ts';
import { notChosen } from './not-chosen.ts';
import { evaluateLogic, truthy } from './logic.ts';
import { readPath, stripContext, writeContextPath, type Scope } from './paths.ts';
import { assertWithinBudget } from './step-budget.ts';
import { stepTime } from './step-time.ts';
import type { DelaySpec, HolidayCalendar, ProcessPackage, StateJson } from './types.ts';
import { ENTERED_ACTION, MAX_MICROSTEPS } from './xstate-adapter.ts';

type Ctx = Record<string, unknown>;
type Ev = { type: string; at?: string; data?: unknown; actor?: { id?: string } } & Record<string, unknown>;
type Params = Record<string, unknown>;
type Args = { context: Ctx; event: Ev };

export const GUARD_NAMES = ['logic', 'isSet', 'countLessThan'] as const;
/** Actions applied to the context inside the transition. */
export const ASSIGN_ACTION_NAMES = [
  'assignFromEvent', 'setValue', 'increment', 'stamp', 'appendToList', 'assignLogic', 'setDeadline', 'markOverdue', 'selectByIds',
  'scoreEvaluation', 'listNotChosen',
] as const;
/** Actions returned to the store as effects. */
export const EFFECT_ACTION_NAMES = ['notify', 'allocateSerial', 'gradeDeputies', 'startLinked', 'sendLinked', 'sendEach', 'holdEach', 'takeCarriedSeats', 'spawnChildren'] as const;
export const ACTION_NAMES: readonly string[] = [...ASSIGN_ACTION_NAMES, ...EFFECT_ACTION_NAMES];

function scopeOf(args: Args): Scope {
  return { context: args.context, event: args.event, now: stepTime(args.context).toISOString() };
}

/** A literal, or the value at a `context.…` / `event.…` path. */
function valueAt(scope: Scope, value: unknown): unknown {
  return typeof value === 'string' && /^(context|event)\./.test(value) ? readPath(scope, value) : value;
}

/**
 * `scoreEvaluation` params → the evaluation module's input: `groups` is a list of
 * {group, result, weight} (result a path to a BALLOT_CLOSED `event.data` kept in the context,
 * weight a number or a path) or a path to such a list; `model` and `options` literals or paths.
 */
function evaluationScore(scope: Scope, p: Params): Ctx {
  const listed = valueAt(scope, p.groups);
  const groups = (Array.isArray(listed) ? listed : []).map((g: unknown, i) => {
    const spec = (g !== null && typeof g === 'object' ? g : {}) as Ctx;
    return { group: String(spec.group ?? `group${i + 1}`), weight: valueAt(scope, spec.weight), result: valueAt(scope, spec.result) };
  });
  const outcome = scoreBallots(valueAt(scope, p.model), groups, valueAt(scope, p.options) ?? undefined);
  // Failures are written, not thrown: a throw here would roll back the ballot close that sent the result.
  return outcome.ok ? { ok: true, ...outcome.result } : { ok: false, errors: outcome.errors };
}

function numberAt(scope: Scope, value: unknown): number {
  const v = typeof value === 'string' ? readPath(scope, value) : value;
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' ? v : Number(v ?? 0);
}

export function buildMachine(pkg: ProcessPackage, calendar: HolidayCalendar): AnyStateMachine {
  const delayMs = (spec: DelaySpec, args: Args): number => {
    const scope = scopeOf(args);
    const now = stepTime(args.context);
    const end = delayEnd(spec, now, calendar, (path) => readPath(scope, path));
    // A missing `{at}` date means "no deadline": a negative delay the engine skips.
    return end ? Math.max(0, end.getTime() - now.getTime()) : -1;
  };

  const delays: Record<string, (args: Args) => number> = {};
  for (const [name, spec] of Object.entries(pkg.delays)) delays[name] = (args) => delayMs(spec, args);

  const guards = {
    logic: (args: Args, params: Params = {}) => truthy(evaluateLogic(params.rule, scopeOf(args))),
    isSet: (args: Args, params: Params = {}) => {
      const v = readPath(scopeOf(args), String(params.path));
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    },
    countLessThan: (args: Args, params: Params = {}) => {
      const scope = scopeOf(args);
      return numberAt(scope, params.path) < numberAt(scope, params.limit);
    },
  };

  // Every context write goes through here, and what it writes is held to the step budget.
  const update = (fn: (args: Args, params: Params) => Ctx) =>
    assign((args: Args, params: Params | undefined) => {
      const p = params ?? {};
      const next = fn(args, p);
      const path = `context.${stripContext(String(p.to ?? 'overdue'))}`;
      assertWithinBudget(readPath({ context: next }, path), path);
      return next;
    });
  const to = (params: Params) => String(params.to);

  const actions = {
    assignFromEvent: update((args, p) =>
      writeContextPath(args.context, to(p), readPath(scopeOf(args), String(p.from ?? 'event.data')) ?? null),
    ),
    setValue: update((args, p) => writeContextPath(args.context, to(p), p.value ?? null)),
    increment: update((args, p) => {
      const scope = scopeOf(args);
      return writeContextPath(args.context, to(p), numberAt(scope, `context.${to(p).replace(/^context\./, '')}`) + Number(p.by ?? 1));
    }),
    stamp: update((args, p) => writeContextPath(args.context, to(p), stepTime(args.context).toISOString())),
    appendToList: update((args, p) => {
      const scope = scopeOf(args);
      const listPath = `context.${to(p).replace(/^context\./, '')}`;
      const list = readPath(scope, listPath);
      const value = readPath(scope, String(p.from ?? 'event.data'));
      const entry =
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? { ...(value as Ctx), at: stepTime(args.context).toISOString(), actorId: args.event.actor?.id ?? null }
          : value;
      return writeContextPath(args.context, to(p), [...(Array.isArray(list) ? list : []), entry]);
    }),
    assignLogic: update((args, p) => writeContextPath(args.context, to(p), evaluateLogic(p.rule, scopeOf(args)) ?? null)),
    setDeadline: update((args, p) => {
      const spec = pkg.delays[String(p.delay)];
      const scope = scopeOf(args);
      const end = spec ? delayEnd(spec, stepTime(args.context), calendar, (path) => readPath(scope, path)) : null;
      return writeContextPath(args.context, to(p), end ? end.toISOString() : null);
    }),
    markOverdue: update((args, p) => writeContextPath(args.context, String(p.to ?? 'context.overdue'), true)),
    // The items of list `from` whose `key` (default `id`) is in list `ids`, in the order of `ids`
    // (e.g. the elected candidates' full records from the ballot's elected ids). JSON Logic's
    // filter cannot see outside the item, hence a built-in.
    selectByIds: update((args, p) => {
      const scope = scopeOf(args);
      const list = readPath(scope, String(p.from ?? ''));
      const ids = readPath(scope, String(p.ids ?? ''));
      const key = String(p.key ?? 'id');
      const items = Array.isArray(list) ? (list as Ctx[]) : [];
      const picked = (Array.isArray(ids) ? ids : []).map((id) => items.find((it) => it !== null && typeof it === 'object' && it[key] === id)).filter((it) => it !== undefined);
      // `mark`: fields added to each picked item (the projects the standing committee decided: {"decidedBy": "STANDING_COMMITTEE"}).
      const mark = p.mark !== null && typeof p.mark === 'object' && !Array.isArray(p.mark) ? (p.mark as Ctx) : null;
      return writeContextPath(args.context, to(p), mark ? picked.map((it) => ({ ...(it as Ctx), ...mark })) : picked);
    }),
    // The candidates not in `chosen`, each with its votes from `results` (not-chosen.ts).
    listNotChosen: update((args, p) => {
      const scope = scopeOf(args);
      return writeContextPath(args.context, to(p), notChosen(valueAt(scope, p.candidates), valueAt(scope, p.chosen), valueAt(scope, p.results)));
    }),
    // Per-subject grade, score, rank and threshold of an evaluation (runtime/evaluation/, DOMAIN §5.6).
    scoreEvaluation: update((args, p) => writeContextPath(args.context, to(p), evaluationScore(scopeOf(args), p))),
  };

  const config = { ...withSpawnGroups(withEntryMarkers(pkg.machine, pkg.machine.id), pkg.machine.id), context: ({ input }: { input: Ctx }) => input, options: { maxIterations: MAX_MICROSTEPS } };
  // The JSON config is checked against the vocabulary before it gets here (check.ts);
  // XState's config types cannot express data-only configs, hence the casts.
  return createMachine(config as never).provide({
    guards: guards as never,
    actions: actions as never,
    delays: delays as never,
  }) as unknown as AnyStateMachine;
}

/**
 * The state tree with the engine's entry marker first in the entry of every state that holds
 * a task, children or a ballot, so the engine learns of a re-entry (`reenter: true`), which
 * leaves the set of active states unchanged. The marker is collected like any returned
 * action and never runs.
 */
function withEntryMarkers(state: StateJson, id: string): StateJson {
  const children = state.states
    ? Object.fromEntries(Object.entries(state.states).map(([key, child]) => [key, withEntryMarkers(child, `${id}.${key}`)]))
    : undefined;
  const meta = state.meta;
  const holds = meta !== undefined && (meta.task !== undefined || meta.spawn !== undefined || meta.ballot !== undefined);
  const entry = state.entry === undefined ? [] : Array.isArray(state.entry) ? state.entry : [state.entry];
  return {
    ...state,
    ...(children ? { states: children } : {}),
    ...(holds ? { entry: [{ type: ENTERED_ACTION, params: { state: id } }, ...entry] } : {}),
  };
}

type ActionList = StateJson['entry'];

/**
 * Every `spawnChildren` action with `params.group`: the id of the nearest state with
 * `meta.spawn` that holds it (itself or an ancestor), whose running group it adds to
 * (children.ts `addChildren`). The checker refuses one outside such a state.
 */
function withSpawnGroups(machine: StateJson, id: string): StateJson {
  return JSON.stringify(machine).includes('"spawnChildren"') ? markSpawnGroups(machine, id, null) : machine;
}

function markSpawnGroups(state: StateJson, id: string, spawning: string | null): StateJson {
  const group = state.meta?.spawn !== undefined ? id : spawning;
  const mark = (actions: ActionList): ActionList => {
    if (actions === undefined) return actions;
    const list = Array.isArray(actions) ? actions : [actions];
    return list.map((a) => (typeof a === 'object' && a !== null && a.type === 'spawnChildren' ? { ...a, params: { ...a.params, group } } : a));
  };
  const marked = (t: unknown): unknown => {
    if (Array.isArray(t)) return t.map(marked);
    if (t === null || typeof t !== 'object') return t;
    const tj = t as { actions?: ActionList };
    return tj.actions === undefined ? t : { ...tj, actions: mark(tj.actions) };
  };
  const map = (m: Record<string, unknown> | undefined) => (m === undefined ? undefined : Object.fromEntries(Object.entries(m).map(([k, v]) => [k, marked(v)])));
  const children = state.states ? Object.fromEntries(Object.entries(state.states).map(([key, child]) => [key, markSpawnGroups(child, `${id}.${key}`, group)])) : undefined;
  return {
    ...state,
    ...(children ? { states: children } : {}),
    ...(state.entry !== undefined ? { entry: mark(state.entry) } : {}),
    ...(state.exit !== undefined ? { exit: mark(state.exit) } : {}),
    ...(state.on !== undefined ? { on: map(state.on as Record<string, unknown>) } : {}),
    ...(state.after !== undefined ? { after: map(state.after as Record<string, unknown>) } : {}),
    ...(state.always !== undefined ? { always: marked(state.always) } : {}),
    ...(state.onDone !== undefined ? { onDone: marked(state.onDone) } : {}),
  } as StateJson;
}
