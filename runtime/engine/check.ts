/**
 * Checks a process package before it is ever used: the package schema, every form schema
 * compiles, every referenced form / delay / guard / action / role / state / process exists,
 * every state is reachable, no non-final state is a dead end, task states have outcomes.
 * Each problem is a value with a stable code and the JSON pointer of the offending place;
 * the designer runs the same function in the browser.
 */
import { SCORING_MODELS } from '../evaluation/index.ts';
import { parseDuration } from './calendar.ts';
import { pointer } from '../json-pointer.ts';
import type { CheckCode } from './check-codes.ts';
import { checkSettingAndDelayWords } from './check-settings.ts';
import { checkSpawnActions } from './check-spawn.ts';
import { checkTitles } from './check-titles.ts';
import { createAjv, unsupportedFormKeywords } from './form-validator.ts';
import { unknownOperators } from './logic.ts';
import { ACTION_NAMES, GUARD_NAMES } from './machine.ts';
import { PACKAGE_SCHEMA } from './package-schema.ts';
import { registerProblems } from './register-spec.ts';
import { taskActionProblems } from './task-actions.ts';
import { DATE_PLACEHOLDER, DEADLINE_PLACEHOLDER, isValidPath } from './paths.ts';
import type { DefinitionError, NamedRef, ProcessPackage, StateJson, TransitionJson, TransitionsJson } from './types.ts';


const packageValidator = createAjv().compile(PACKAGE_SCHEMA);

interface StateInfo {
  id: string;
  json: StateJson;
  parent: StateInfo | null;
  ptr: string;
  children: StateInfo[];
}

/** Internal events the engine raises; transitions on them are always allowed. */
const ENGINE_EVENTS = new Set(['tasks.done', 'children.done', 'child.done']);

export function checkPackage(pkg: ProcessPackage, knownProcesses?: ReadonlySet<string>): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const add: Add = (code, ptr, message) => errors.push({ code, pointer: ptr, message });

  // Delay values are checked below with their own code (the schema only knows their shape).
  checkDelays(pkg, add);
  if (!packageValidator(pkg)) {
    for (const e of packageValidator.errors ?? []) {
      if (e.keyword === 'if' || e.instancePath.startsWith('/delays/')) continue;
      if (e.keyword === 'pattern' && e.propertyName !== undefined) continue; // reported once more as propertyNames
      const extra = e.params as { additionalProperty?: string; missingProperty?: string; propertyName?: string };
      const at = extra.additionalProperty ?? extra.missingProperty ?? extra.propertyName;
      const inTransition = /\/(on|after)\/[^/]+(\/\d+)?(\/|$)|\/(always|onDone)(\/|$)/.test(e.instancePath) && !/\/(guard|actions)(\/|$)/.test(e.instancePath);
      const message = e.keyword === 'type' && inTransition ? 'must be a target state, a transition object {target, guard, actions} or a list of them' : e.message ?? 'is invalid';
      add(inTransition ? 'INVALID_TRANSITION' : 'INVALID_PACKAGE', at ? `${e.instancePath}${pointer(at)}` : e.instancePath || '/', `${e.instancePath || 'package'} ${message}${at ? `: ${at}` : ''}`);
    }
  }
  // Structural checks below assume the basic shape; stop when it is not there.
  if (errors.length > 0) return dedupe(errors);

  checkForms(pkg, add);
  checkSettingAndDelayWords(pkg, add);
  const roles = new Set(pkg.roles);
  if (pkg.start) {
    if (!Object.hasOwn(pkg.forms, pkg.start.form)) add('UNKNOWN_FORM', '/start/form', `Start form "${pkg.start.form}" is not in forms`);
    pkg.start.roles.forEach((r, i) => {
      if (!roles.has(r)) add('UNKNOWN_ROLE', pointer('start', 'roles', i), `Role "${r}" is not in the package's roles`);
    });
  } else if (!pkg.child) {
    add('MISSING_START', '/start', 'A process that is not a child needs a start form and roles');
  }

  const states = indexStates(pkg, add);
  checkStates(pkg, states, roles, knownProcesses, add);
  checkSpawnActions(states.values(), knownProcesses, add);
  checkReachability(pkg, states, add);
  checkEventlessCycles(pkg, states, add);
  if (pkg.register) for (const p of registerProblems(pkg.register, pkg.forms, pkg.context)) add('INVALID_REGISTER', p.pointer, p.message);
  for (const p of taskActionProblems(pkg)) add(p.code, p.pointer, p.message);
  checkTitles(pkg, add);
  return dedupe(errors);
}

type Add = (code: CheckCode, ptr: string, message: string) => void;

function dedupe(errors: DefinitionError[]): DefinitionError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.code}|${e.pointer}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function checkForms(pkg: ProcessPackage, add: Add): void {
  const ajv = createAjv();
  for (const [name, schema] of Object.entries(pkg.forms)) {
    try {
      ajv.compile(schema);
      if (schema.type !== 'object') add('FORM_NOT_OBJECT', pointer('forms', name, 'type'), `Form "${name}" must be an object schema`);
      // Keywords Ajv would ignore or that break at validation time (definitions/README.md lists them with why).
      for (const u of unsupportedFormKeywords(schema)) add('FORM_KEYWORD_UNSUPPORTED', `${pointer('forms', name)}${u.pointer}`, `Form "${name}": ${u.keyword} is not supported in forms: ${u.reason}`);
    } catch (err) {
      add('FORM_SCHEMA_INVALID', pointer('forms', name), `Form "${name}" does not compile: ${(err as Error).message}`);
    }
  }
}

/** A delay is an ISO 8601 duration, `{workingDays: n}` (a whole number) or `{at: "context.…"}`: anything else would never fire. */
function checkDelays(pkg: ProcessPackage, add: Add): void {
  for (const [name, spec] of Object.entries(pkg.delays) as Array<[string, unknown]>) {
    const at = pointer('delays', name);
    if (typeof spec === 'string') {
      if (!parseDuration(spec)) add('INVALID_DELAY', at, `Delay "${name}" is not an ISO 8601 duration (e.g. P10D, P3M, PT2H): ${spec}`);
    } else if (spec !== null && typeof spec === 'object' && !Array.isArray(spec) && Object.keys(spec).length === 1 && Object.hasOwn(spec, 'workingDays')) {
      const days = (spec as { workingDays: unknown }).workingDays;
      if (!(Number.isInteger(days) && (days as number) >= 0)) add('INVALID_DELAY', `${at}/workingDays`, `Delay "${name}": working days must be a whole number, not ${String(days)}`);
    } else if (spec !== null && typeof spec === 'object' && !Array.isArray(spec) && Object.keys(spec).length === 1 && Object.hasOwn(spec, 'at')) {
      // `item.…`: the date of one item of a forEach task (a commitment's own due date, read when its task opens).
      if (!isValidPath((spec as { at: unknown }).at, ['context', 'item'])) add('INVALID_PATH', `${at}/at`, `Delay "${name}" must point into the context or a task's item`);
    } else {
      add('INVALID_DELAY', at, `Delay "${name}" must be an ISO 8601 duration, {"workingDays": n} or {"at": "context.…"}, not ${JSON.stringify(spec)}`);
    }
  }
}

function indexStates(pkg: ProcessPackage, add: Add): Map<string, StateInfo> {
  const map = new Map<string, StateInfo>();
  const visit = (key: string, json: StateJson, parent: StateInfo | null, ptr: string) => {
    const id = parent ? `${parent.id}.${key}` : key;
    const info: StateInfo = { id, json, parent, ptr, children: [] };
    map.set(id, info);
    parent?.children.push(info);
    if (parent && json.type !== 'parallel' && 'id' in json) add('CUSTOM_STATE_ID', `${ptr}/id`, 'Only the machine itself may carry an id');
    for (const [k, child] of Object.entries(json.states ?? {})) visit(k, child, info, `${ptr}${pointer('states', k)}`);
  };
  visit(pkg.machine.id, pkg.machine, null, '/machine');
  return map;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function transitionsOf(t: TransitionsJson | undefined): TransitionJson[] {
  return asList(t).map((x) => (typeof x === 'string' ? { target: x } : x));
}

/** Every transition of a state with its pointer and event name. */
function eachTransition(s: StateInfo): Array<{ event: string; t: TransitionJson; ptr: string; single: boolean }> {
  const out: Array<{ event: string; t: TransitionJson; ptr: string; single: boolean }> = [];
  const push = (event: string, value: TransitionsJson | undefined, base: string) => {
    const list = transitionsOf(value);
    const single = !Array.isArray(value);
    list.forEach((t, i) => out.push({ event, t, ptr: single ? base : `${base}/${i}`, single }));
  };
  for (const [event, value] of Object.entries(s.json.on ?? {})) push(event, value, `${s.ptr}${pointer('on', event)}`);
  for (const [delay, value] of Object.entries(s.json.after ?? {})) push(`after:${delay}`, value, `${s.ptr}${pointer('after', delay)}`);
  if (s.json.always) push('always', s.json.always, `${s.ptr}/always`);
  if (s.json.onDone) push('onDone', s.json.onDone, `${s.ptr}/onDone`);
  return out;
}

/** Resolve an XState target string from a state the way XState does; null when it does not exist. */
export function resolveTarget(states: Map<string, StateInfo>, from: StateInfo, target: string, machineId: string): StateInfo | null {
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return id === machineId || id.startsWith(`${machineId}.`) ? states.get(id) ?? null : null;
  }
  const base = target.startsWith('.') ? from.id : from.parent?.id;
  if (!base) return null;
  const rel = target.startsWith('.') ? target.slice(1) : target;
  return states.get(`${base}.${rel}`) ?? null;
}

function checkRef(kind: 'guard' | 'action', ref: string | NamedRef, ptr: string, pkg: ProcessPackage, add: Add): void {
  const name = typeof ref === 'string' ? ref : ref.type;
  const params = typeof ref === 'string' ? {} : ref.params ?? {};
  const known: readonly string[] = kind === 'guard' ? GUARD_NAMES : ACTION_NAMES;
  const refPtr = typeof ref === 'string' ? ptr : `${ptr}/type`;
  if (!known.includes(name)) {
    add(kind === 'guard' ? 'UNKNOWN_GUARD' : 'UNKNOWN_ACTION', refPtr, `Unknown ${kind} "${name}"; known: ${known.join(', ')}`);
    return;
  }
  const p = params as Record<string, unknown>;
  if ('rule' in p || name === 'logic' || name === 'assignLogic') {
    const bad = p.rule === undefined ? ['(missing rule)'] : unknownOperators(p.rule);
    if (bad.length > 0) add('INVALID_LOGIC', `${ptr}/params/rule`, `JSON Logic rule uses unknown operators: ${bad.join(', ')}`);
  }
  for (const key of ['to', 'from', 'path', 'assignee', 'assignees', 'unit'] as const) {
    if (p[key] !== undefined && !isValidPath(p[key])) add('INVALID_PATH', `${ptr}/params/${key}`, `"${String(p[key])}" is not a path into context, event or item`);
  }
  if (['assignFromEvent', 'setValue', 'increment', 'stamp', 'appendToList', 'assignLogic', 'setDeadline', 'allocateSerial', 'scoreEvaluation', 'gradeDeputies'].includes(name)) {
    if (!isValidPath(p.to, ['context'])) add('INVALID_PATH', `${ptr}/params/to`, `Action "${name}" needs "to": a context path`);
  }
  if (name === 'allocateSerial' && p.recordIn !== undefined && !isValidPath(p.recordIn, ['context'])) {
    add('INVALID_PATH', `${ptr}/params/recordIn`, 'allocateSerial\'s "recordIn" is the context list whose last entry gets the number too');
  }
  if (name === 'allocateSerial' && p.format !== undefined && (typeof p.format !== 'string' || !p.format.includes('{n}'))) {
    add('INVALID_ACTION', `${ptr}/params/format`, 'allocateSerial\'s "format" is a text with {n} where the number goes');
  }
  if (name === 'scoreEvaluation') checkScoreEvaluation(p, ptr, add);
  if (name === 'listNotChosen' && !isValidPath(p.to, ['context'])) add('INVALID_PATH', `${ptr}/params/to`, 'listNotChosen needs "to": a context path');
  if (name === 'takeCarriedSeats') {
    // `from` is one key of the earlier instance's context (the store reads it by that key).
    if (typeof p.from !== 'string' || !/^context\.[A-Za-z_$][\w$]*$/.test(p.from)) add('INVALID_PATH', `${ptr}/params/from`, 'takeCarriedSeats needs "from": context.<key> of the earlier instance');
    for (const key of ['to', 'seats'] as const) {
      if (!isValidPath(p[key], ['context'])) add('INVALID_PATH', `${ptr}/params/${key}`, `takeCarriedSeats needs "${key}": a context path`);
    }
  }
  if (name === 'startLinked' || name === 'sendLinked') checkLinked(name, p, ptr, add);
  if (name === 'sendEach') checkSendEach(p, ptr, add);
  if (name === 'holdEach') {
    if (typeof p.process !== 'string' || p.process === '') add('INVALID_ACTION', `${ptr}/params/process`, 'holdEach needs "process": the id of a process package');
    if (typeof p.scope !== 'string' || p.scope === '') add('INVALID_ACTION', `${ptr}/params/scope`, 'holdEach needs "scope": the name of the holds (one holder per instance and scope)');
    if (!isValidPath(p.ids, ['context', 'event'])) add('INVALID_PATH', `${ptr}/params/ids`, 'holdEach needs "ids": a context or event path to an instance id or a list of them (or of rows with instanceId)');
  }
  if (name === 'notify') {
    for (const field of ['message', 'message_en'] as const) {
      for (const m of String(p[field] ?? '').matchAll(DEADLINE_PLACEHOLDER)) {
        if (!Object.hasOwn(pkg.delays, m[1] as string)) add('UNKNOWN_DELAY', `${ptr}/params/${field}`, `{deadline:${m[1]}} names no delay of delays`);
      }
      for (const m of String(p[field] ?? '').matchAll(DATE_PLACEHOLDER)) {
        if (!isValidPath(m[1])) add('INVALID_PATH', `${ptr}/params/${field}`, `{date:${m[1]}} is not a path into context, event or item`);
      }
    }
  }
  if (name === 'setDeadline' && !Object.hasOwn(pkg.delays, String(p.delay))) {
    add('UNKNOWN_DELAY', `${ptr}/params/delay`, `Delay "${String(p.delay)}" is not in delays`);
  }
}

/** `startLinked` {process, event, key?, input, when?} / `sendLinked` {process, state, event, key?, data, when?}: names, paths or literals as values, a rule. */
function checkLinked(name: string, p: Record<string, unknown>, ptr: string, add: Add): void {
  const word = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (!word(p.process)) add('INVALID_ACTION', `${ptr}/params/process`, `${name} needs "process": the id of a process package`);
  if (!word(p.event)) add('INVALID_ACTION', `${ptr}/params/event`, `${name} needs "event": the event the other instance receives`);
  if (name === 'sendLinked' && !word(p.state)) add('INVALID_ACTION', `${ptr}/params/state`, 'sendLinked needs "state": the state the other instance must stand in');
  // `when`: a JSON Logic rule over {context, event, now}; the other instance is started or sent to only when it holds.
  if (p.when !== undefined) for (const op of unknownOperators(p.when)) add('INVALID_LOGIC', `${ptr}/params/when`, `JSON Logic rule uses unknown operators: ${op}`);
  const field = name === 'startLinked' ? 'input' : 'data';
  const values = p[field];
  if (values !== undefined && (values === null || typeof values !== 'object' || Array.isArray(values))) {
    add('INVALID_ACTION', `${ptr}/params/${field}`, `${field} must be an object: field → path, {template} or literal`);
    return;
  }
  for (const [k, v] of Object.entries((values ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && /^(context|event)\./.test(v) && !isValidPath(v, ['context', 'event'])) add('INVALID_PATH', `${ptr}/params/${field}/${k}`, `"${v}" is not a path into context or event`);
  }
}

/** `sendEach` {process, ids, event, key?, data}: names, `ids` a context or event path, data values paths (item = the listed row), templates or literals. */
function checkSendEach(p: Record<string, unknown>, ptr: string, add: Add): void {
  const word = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (!word(p.process)) add('INVALID_ACTION', `${ptr}/params/process`, 'sendEach needs "process": the id of a process package');
  if (!word(p.event)) add('INVALID_ACTION', `${ptr}/params/event`, 'sendEach needs "event": the event each listed instance receives');
  if (!isValidPath(p.ids, ['context', 'event'])) add('INVALID_PATH', `${ptr}/params/ids`, 'sendEach needs "ids": a context or event path to an instance id or a list of them (or of rows with instanceId)');
  const values = p.data;
  if (values !== undefined && (values === null || typeof values !== 'object' || Array.isArray(values))) {
    add('INVALID_ACTION', `${ptr}/params/data`, 'data must be an object: field → path, {template} or literal');
    return;
  }
  for (const [k, v] of Object.entries((values ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && /^(context|event|item)\./.test(v) && !isValidPath(v, ['context', 'event', 'item'])) add('INVALID_PATH', `${ptr}/params/data/${k}`, `"${v}" is not a path into context, event or item`);
  }
}

const SCORING_MODEL_NAMES: readonly string[] = SCORING_MODELS;

/** `scoreEvaluation`: groups (a list of {group, result path, weight} or a context path), model and options as literals or context paths. */
function checkScoreEvaluation(p: Record<string, unknown>, ptr: string, add: Add): void {
  const isPath = (v: unknown) => typeof v === 'string' && isValidPath(v, ['context', 'event']);
  if (typeof p.groups === 'string') {
    if (!isPath(p.groups)) add('INVALID_PATH', `${ptr}/params/groups`, 'groups must be a list or a context path');
  } else if (!Array.isArray(p.groups) || p.groups.length === 0) {
    add('INVALID_ACTION', `${ptr}/params/groups`, 'scoreEvaluation needs groups: [{group, result, weight}]');
  } else {
    p.groups.forEach((g: unknown, i) => {
      const spec = (g !== null && typeof g === 'object' ? g : {}) as Record<string, unknown>;
      if (!isPath(spec.result)) add('INVALID_PATH', `${ptr}/params/groups/${i}/result`, 'result must be a path to a closed ballot\'s data');
      if (!(typeof spec.weight === 'number' && spec.weight >= 0) && !isPath(spec.weight)) add('INVALID_ACTION', `${ptr}/params/groups/${i}/weight`, 'weight must be a number ≥ 0 or a path');
    });
  }
  if (typeof p.model !== 'string' || (!SCORING_MODEL_NAMES.includes(p.model) && !isPath(p.model))) {
    add('INVALID_ACTION', `${ptr}/params/model`, `model must be one of ${SCORING_MODEL_NAMES.join(', ')} or a path`);
  }
  if (p.options !== undefined && !isPath(p.options)) add('INVALID_PATH', `${ptr}/params/options`, 'options must be a context path');
}

function checkStates(
  pkg: ProcessPackage,
  states: Map<string, StateInfo>,
  roles: Set<string>,
  knownProcesses: ReadonlySet<string> | undefined,
  add: Add,
): void {
  for (const s of states.values()) {
    const { json, ptr } = s;
    const childKeys = Object.keys(json.states ?? {});
    const isParallel = json.type === 'parallel';
    if (childKeys.length > 0 && !isParallel) {
      if (!json.initial) add('MISSING_INITIAL', ptr, `State ${s.id} has children but no initial state`);
      else if (!childKeys.includes(json.initial)) add('UNKNOWN_INITIAL', `${ptr}/initial`, `Initial state "${json.initial}" is not a child of ${s.id}`);
    }
    if (json.type === 'final' && (childKeys.length > 0 || json.on || json.after || json.meta?.task)) {
      add('FINAL_WITH_TRANSITIONS', ptr, `Final state ${s.id} can have no children, transitions or task`);
    }
    for (const [key, refs] of [['entry', json.entry], ['exit', json.exit]] as const) {
      const list = asList(refs);
      list.forEach((r, i) => checkRef('action', r, Array.isArray(refs) ? `${ptr}/${key}/${i}` : `${ptr}/${key}`, pkg, add));
    }
    for (const delay of Object.keys(json.after ?? {})) {
      if (!Object.hasOwn(pkg.delays, delay)) add('UNKNOWN_DELAY', `${ptr}${pointer('after', delay)}`, `Delay "${delay}" is not in delays`);
    }
    for (const { t, ptr: tp } of eachTransition(s)) {
      for (const [i, target] of asList(t.target).entries()) {
        const tptr = Array.isArray(t.target) ? `${tp}/target/${i}` : typeof t === 'object' && tp.endsWith('always') ? `${tp}/target` : `${tp}/target`;
        if (!resolveTarget(states, s, target, pkg.machine.id)) add('UNKNOWN_TARGET', tptr, `Target "${target}" does not exist (from ${s.id})`);
      }
      if (t.guard !== undefined) checkRef('guard', t.guard, `${tp}/guard`, pkg, add);
      const actions = asList(t.actions);
      actions.forEach((a, i) => checkRef('action', a, Array.isArray(t.actions) ? `${tp}/actions/${i}` : `${tp}/actions`, pkg, add));
    }
    const task = json.meta?.task;
    if (task) checkTask(pkg, s, roles, add);
    const spawn = json.meta?.spawn;
    if (spawn) {
      if (!isValidPath(spawn.forEach, ['context'])) add('INVALID_PATH', `${ptr}/meta/spawn/forEach`, 'forEach must be a context path');
      for (const [k, path] of Object.entries(spawn.input)) {
        if (!isValidPath(path, ['context', 'item'])) add('INVALID_PATH', `${ptr}/meta/spawn/input/${k}`, `"${path}" is not a context or item path`);
      }
      if (knownProcesses && !knownProcesses.has(spawn.process)) {
        add('UNKNOWN_PROCESS', `${ptr}/meta/spawn/process`, `Process "${spawn.process}" is not known`);
      }
    }
    if (json.meta?.ballot) checkBallot(s, add);
    if (json.type === 'history') {
      checkHistory(pkg, states, s, add);
      continue;
    }
    if (json.history !== undefined || json.target !== undefined) add('NOT_A_HISTORY_STATE', ptr, `Only a history state (type "history") may have "history" or "target" (${s.id})`);
    if (json.type !== 'final' && childKeys.length === 0 && !hasWayOut(s)) {
      add('NO_WAY_OUT', ptr, `State ${s.id} is not final and has no transition out`);
    }
  }
}

function checkTask(pkg: ProcessPackage, s: StateInfo, roles: Set<string>, add: Add): void {
  const task = s.json.meta?.task;
  if (!task) return;
  const tptr = `${s.ptr}/meta/task`;
  checkTaskActions(pkg, s, roles, add);
  if (!roles.has(task.role)) add('UNKNOWN_ROLE', `${tptr}/role`, `Role "${task.role}" is not in the package's roles`);
  const outcomes = Object.entries(task.outcomes);
  if (outcomes.length === 0) add('TASK_WITHOUT_OUTCOMES', `${tptr}/outcomes`, `Task of ${s.id} has no outcomes`);
  for (const [event, form] of outcomes) {
    if (form !== null && !Object.hasOwn(pkg.forms, form)) add('UNKNOWN_FORM', `${tptr}${pointer('outcomes', event)}`, `Form "${form}" is not in forms`);
    if (!handles(s, event)) add('OUTCOME_NOT_HANDLED', `${tptr}${pointer('outcomes', event)}`, `No transition handles outcome ${event} in ${s.id} or its ancestors`);
  }
  for (const key of ['due', 'remindBefore'] as const) {
    const name = task[key];
    if (name !== undefined && !Object.hasOwn(pkg.delays, name)) add('UNKNOWN_DELAY', `${tptr}/${key}`, `Delay "${name}" is not in delays`);
  }
  if (task.remindBefore && !task.due) add('REMINDER_WITHOUT_DUE', `${tptr}/remindBefore`, 'A reminder needs a due delay');
  if (task.onOverdue !== undefined) {
    if (!task.due) add('INVALID_ACTION', `${tptr}/onOverdue`, 'onOverdue needs a due delay: a task without one is never overdue');
    if (!handles(s, task.onOverdue)) add('OUTCOME_NOT_HANDLED', `${tptr}/onOverdue`, `No transition handles ${task.onOverdue} in ${s.id} or its ancestors`);
  }
  // A position is a post inside one unit: it means nothing without the unit role and the unit it is held in.
  if (task.position !== undefined && (task.role !== 'unit' || !task.unit)) {
    add('POSITION_WITHOUT_UNIT', `${tptr}/position`, `Position "${task.position}" needs role "unit" and a unit path beside it`);
  }
  if (task.statistics) {
    for (const key of ['unit', 'year'] as const) {
      if (!isValidPath(task.statistics[key], ['context', 'item'])) add('INVALID_PATH', `${tptr}/statistics/${key}`, `"${task.statistics[key]}" is not a context or item path`);
    }
  }
  for (const [field, c] of Object.entries(task.choices ?? {})) {
    const at = `${tptr}${pointer('choices', field)}`;
    if (!isValidPath(c.from, ['context'])) add('INVALID_PATH', `${at}/from`, `"${c.from}" is not a context path`);
    if (typeof c.max === 'string' && !isValidPath(c.max, ['context'])) add('INVALID_PATH', `${at}/max`, `"${c.max}" is not a context path`);
    const forms = Object.values(task.outcomes).filter((f): f is string => typeof f === 'string');
    if (!forms.some((f) => Object.hasOwn((pkg.forms[f]?.properties ?? {}) as object, field))) add('UNKNOWN_FORM', at, `No outcome form of ${s.id} has a field "${field}"`);
  }
  (task.documents ?? []).forEach((form, i) => {
    if (!Object.hasOwn(pkg.forms, form)) add('UNKNOWN_FORM', `${tptr}/documents/${i}`, `Form "${form}" is not in forms`);
  });
  for (const [event, form] of Object.entries(task.prefill ?? {})) {
    const at = `${tptr}${pointer('prefill', event)}`;
    if (!Object.hasOwn(task.outcomes, event) || !task.outcomes[event]) add('PREFILL_NOT_AN_OUTCOME', at, `Outcome ${event} of ${s.id} does not exist or has no form`);
    else if (!Object.hasOwn(pkg.forms, form)) add('UNKNOWN_FORM', at, `Form "${form}" is not in forms`);
  }
  for (const key of ['assignee', 'unit', 'forEach'] as const) {
    const path = task[key];
    const roots = key === 'forEach' ? ['context'] : task.forEach ? ['context', 'item'] : ['context'];
    if (path !== undefined && !isValidPath(path, roots)) add('INVALID_PATH', `${tptr}/${key}`, `"${path}" is not a ${roots.join(' or ')} path`);
  }
}

const BALLOT_LITERALS: Record<string, readonly string[]> = {
  electorate: ['DEPUTIES', 'STANDING_COMMITTEE', 'VOTERS'],
  kind: ['CHOOSE_K', 'FOR_AGAINST', 'SATISFACTION', 'COMPETENCE'],
  countRule: ['MAJORITY_THEN_RANK', 'PLURALITY', 'RANKED'],
  thresholdBasis: ['ALL_MEMBERS', 'PRESENT', 'VALID_VOTES'],
  shortfallAction: ['LEAVE_EMPTY', 'SC_DECIDES', 'NEXT_SESSION'],
};

/** A ballot state: known literals or context paths, candidates (or a whole spec) to read, and a BALLOT_CLOSED transition. */
function checkBallot(s: StateInfo, add: Add): void {
  const ballot = s.json.meta?.ballot;
  if (!ballot) return;
  const bptr = `${s.ptr}/meta/ballot`;
  for (const [key, allowed] of Object.entries(BALLOT_LITERALS)) {
    const value = (ballot as unknown as Record<string, unknown>)[key];
    if (typeof value !== 'string') continue;
    if (value.startsWith('context.') ? !isValidPath(value, ['context']) : !allowed.includes(value)) {
      add('INVALID_BALLOT', `${bptr}/${key}`, `"${value}" is not one of ${allowed.join(', ')} or a context path`);
    }
  }
  for (const key of ['spec', 'candidates'] as const) {
    const path = ballot[key];
    if (path !== undefined && !isValidPath(path, ['context'])) add('INVALID_PATH', `${bptr}/${key}`, `"${path}" is not a context path`);
  }
  if (typeof ballot.seats === 'string' && !isValidPath(ballot.seats, ['context'])) add('INVALID_PATH', `${bptr}/seats`, `"${ballot.seats}" is not a context path`);
  if (ballot.term?.startsWith('context.') && !isValidPath(ballot.term, ['context'])) add('INVALID_PATH', `${bptr}/term`, `"${ballot.term}" is not a context path`);
  if (typeof ballot.secret === 'string' && !isValidPath(ballot.secret, ['context'])) add('INVALID_PATH', `${bptr}/secret`, `"${ballot.secret}" is not a context path`);
  if (typeof ballot.voters === 'string' && !isValidPath(ballot.voters, ['context'])) add('INVALID_PATH', `${bptr}/voters`, `"${ballot.voters}" is not a context path`);
  if (ballot.electorate === 'VOTERS' && ballot.voters === undefined) add('INVALID_BALLOT', `${bptr}/voters`, 'A ballot of the voters present (VOTERS) needs voters: how many are present');
  if (!ballot.spec && (!ballot.kind || !ballot.candidates)) add('INVALID_BALLOT', bptr, 'A ballot needs either spec or kind and candidates');
  if (!handles(s, 'BALLOT_CLOSED')) add('OUTCOME_NOT_HANDLED', bptr, `No transition handles BALLOT_CLOSED in ${s.id} or its ancestors`);
}

/**
 * Task actions (退回, 加签, 撤回, …): their roles are the package's, and 退回's event is a
 * transition the definition declares on this state (or an ancestor), so sending back is an
 * ordinary step the machine knows. A package-wide `taskActions.sendBack` needs it on every task.
 */
function checkTaskActions(pkg: ProcessPackage, s: StateInfo, roles: Set<string>, add: Add): void {
  const own = s.json.meta?.task?.actions;
  const actions = own ?? pkg.taskActions;
  if (!actions) return;
  const aptr = own ? `${s.ptr}/meta/task/actions` : '/taskActions';
  for (const [name, spec] of Object.entries(actions) as Array<[string, { roles: string[] }]>) {
    spec.roles.forEach((r, i) => {
      if (!roles.has(r)) add('UNKNOWN_ROLE', `${aptr}${pointer(name, 'roles', i)}`, `Role "${r}" is not in the package's roles`);
    });
  }
  const event = actions.sendBack?.event;
  if (event !== undefined && !handles(s, event)) {
    add('OUTCOME_NOT_HANDLED', `${aptr}/sendBack/event`, `退回的事件 ${event} 在 ${s.id} 上没有声明转移 / No transition handles the send-back event ${event} in ${s.id} or its ancestors`);
  }
}

function handles(s: StateInfo, event: string): boolean {
  for (let cur: StateInfo | null = s; cur; cur = cur.parent) if (cur.json.on && event in cur.json.on) return true;
  return false;
}

function hasWayOut(s: StateInfo): boolean {
  for (let cur: StateInfo | null = s; cur; cur = cur.parent) {
    if (eachTransition(cur).some((t) => t.event !== 'onDone' || cur !== s)) return true;
    // A state inside a parallel region may wait for its sibling regions; the region's own transitions count.
  }
  return false;
}

function checkReachability(pkg: ProcessPackage, states: Map<string, StateInfo>, add: Add): void {
  const reached = new Set<string>();
  const queue: StateInfo[] = [];
  const reach = (s: StateInfo | null | undefined) => {
    for (let cur = s ?? null; cur && !reached.has(cur.id); cur = cur.parent) {
      reached.add(cur.id);
      queue.push(cur);
    }
  };
  reach(states.get(pkg.machine.id));
  while (queue.length > 0) {
    const s = queue.shift() as StateInfo;
    if (s.json.type === 'parallel') s.children.forEach(reach);
    else if (s.json.type === 'history' && s.json.target) reach(resolveTarget(states, s, s.json.target, pkg.machine.id));
    else if (s.json.initial) reach(states.get(`${s.id}.${s.json.initial}`));
    for (const { t } of eachTransition(s)) {
      for (const target of asList(t.target)) reach(resolveTarget(states, s, target, pkg.machine.id));
    }
  }
  for (const s of states.values()) {
    if (!reached.has(s.id)) add('UNREACHABLE_STATE', s.ptr, `State ${s.id} cannot be reached`);
  }
}

/** A history state: a child of a compound or parallel state, nothing of its own but its kind and default target. */
function checkHistory(pkg: ProcessPackage, states: Map<string, StateInfo>, s: StateInfo, add: Add): void {
  const { json, ptr } = s;
  if (!s.parent) add('INVALID_HISTORY', ptr, 'The machine itself cannot be a history state');
  const own = ['states', 'on', 'after', 'always', 'onDone', 'entry', 'exit', 'initial', 'output'].filter((k) => Object.hasOwn(json, k));
  if (own.length > 0 || json.meta?.task || json.meta?.spawn || json.meta?.ballot) {
    add('INVALID_HISTORY', ptr, `History state ${s.id} can have no ${[...own, ...(json.meta?.task || json.meta?.spawn || json.meta?.ballot ? ['task, children or ballot'] : [])].join(', ')}`);
  }
  if (json.target !== undefined) {
    const t = resolveTarget(states, s, json.target, pkg.machine.id);
    if (!t || !s.parent || !t.id.startsWith(`${s.parent.id}.`)) add('UNKNOWN_TARGET', `${ptr}/target`, `The default of history state ${s.id} must be a state inside ${s.parent?.id ?? 'its parent'}`);
  }
}

/** The ids of the states entering `t` enters: itself, its initial descendants, every region of a parallel state. */
function entrySet(states: Map<string, StateInfo>, t: StateInfo): string[] {
  if (t.json.type === 'parallel') return [t.id, ...t.children.flatMap((c) => entrySet(states, c))];
  const initial = t.json.initial ? states.get(`${t.id}.${t.json.initial}`) : undefined;
  return initial ? [t.id, ...entrySet(states, initial)] : [t.id];
}

/**
 * Eventless (`always`) transitions that can be seen to cycle: a state whose first eventless
 * transition has no guard always leaves that way, so a chain of such states that comes back
 * to itself never settles (XState would spin until its microstep bound, engine/xstate-adapter.ts).
 * Cycles through guards are left to that bound at run time.
 */
function checkEventlessCycles(pkg: ProcessPackage, states: Map<string, StateInfo>, add: Add): void {
  const next = new Map<string, string[]>();
  for (const s of states.values()) {
    const first = transitionsOf(s.json.always)[0];
    if (!first || first.guard !== undefined) continue;
    const acts = asList(first.actions).length > 0;
    const targets = asList(first.target).map((t) => resolveTarget(states, s, t, pkg.machine.id)).filter((t): t is StateInfo => t !== null);
    if (targets.length === 0 && first.target === undefined) {
      if (acts) add('EVENTLESS_CYCLE', `${s.ptr}/always`, `State ${s.id} repeats an eventless transition without a target or guard forever (its actions change the context each time)`);
      continue;
    }
    // A bare transition to the state itself (no re-entry, no actions) changes nothing, and XState stops there.
    if (targets.every((t) => t === s) && !first.reenter && !acts) continue;
    next.set(s.id, targets.flatMap((t) => entrySet(states, t)));
  }
  const done = new Set<string>();
  const onPath: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    const at = onPath.indexOf(id);
    if (at >= 0) {
      const cycle = [...onPath.slice(at), id];
      const key = [...cycle.slice(0, -1)].sort().join('|');
      const first = states.get(id);
      if (!reported.has(key) && first) {
        reported.add(key);
        add('EVENTLESS_CYCLE', `${first.ptr}/always`, `Eventless transitions without guards cycle forever: ${cycle.join(' → ')}`);
      }
      return;
    }
    if (done.has(id)) return;
    onPath.push(id);
    for (const n of next.get(id) ?? []) visit(n);
    onPath.pop();
    done.add(id);
  };
  for (const id of next.keys()) visit(id);
}

export { ENGINE_EVENTS, pointer };
