/**
 * Pure helpers of the process designer: the state tree of a machine, transitions and their
 * targets, JSON pointers of check errors → the state / form field they name, simple
 * conditions ↔ JSON Logic, delays, and the RFC 7396 merge patch between two packages.
 */
import type { DelaySpec, JsonSchema, MachineJson, NamedRef, ProcessPackage, StateJson, TransitionJson } from '../../../runtime/engine/index.ts';

export type Json = unknown;
export type JsonObject = { [key: string]: unknown };

export const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

// ---------------------------------------------------------------------------------------------
// Merge patch (RFC 7396)

export interface PatchResult {
  /** The merge patch turning `from` into `to` (`{}` when they are equal). */
  patch: JsonObject;
  /** Pointers where `to` holds a null an overlay cannot express (null means delete). */
  lostNulls: string[];
}

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function nullsInside(value: unknown, ptr: string, out: string[]): void {
  if (!isObj(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (v === null) out.push(`${ptr}/${esc(k)}`);
    else nullsInside(v, `${ptr}/${esc(k)}`, out);
  }
}

/**
 * The merge patch from `from` to `to`: keys gone become `null`, changed objects recurse,
 * anything else (arrays included — they are replaced whole) is copied. Returns undefined
 * when nothing differs.
 */
export function diffMergePatch(from: unknown, to: unknown, ptr = '', lost: string[] = []): unknown {
  if (isObj(from) && isObj(to)) {
    const out: JsonObject = {};
    for (const k of Object.keys(from)) {
      if (from[k] === undefined) continue;
      if (!Object.hasOwn(to, k) || to[k] === undefined) out[k] = null;
      else {
        if (to[k] === null && from[k] !== null) lost.push(`${ptr}/${esc(k)}`);
        const d = diffMergePatch(from[k], to[k], `${ptr}/${esc(k)}`, lost);
        if (d !== undefined) out[k] = d;
      }
    }
    for (const k of Object.keys(to)) {
      if (Object.hasOwn(from, k) || to[k] === undefined) continue;
      if (to[k] === null) lost.push(`${ptr}/${esc(k)}`);
      nullsInside(to[k], `${ptr}/${esc(k)}`, lost);
      out[k] = clone(to[k]);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (jsonEqual(from, to)) return undefined;
  nullsInside(to, ptr, lost);
  return clone(to);
}

/** One patch doing what applying `a` then `b` does (used to extend the county's saved overlay). */
export function composePatch(a: unknown, b: unknown): unknown {
  if (!isObj(b)) return clone(b);
  const out: JsonObject = isObj(a) ? clone(a) : {};
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    out[k] = v === null ? null : composePatch(out[k], v);
  }
  return out;
}

/**
 * The county overlay for a working copy: the saved overlay extended with the changes from
 * the definition it produced (`baseline`) to the working copy.
 */
export function overlayFor(baseline: ProcessPackage, saved: unknown, working: ProcessPackage): PatchResult {
  const lostNulls: string[] = [];
  const delta = diffMergePatch(baseline, working, '', lostNulls) ?? {};
  const patch = composePatch(isObj(saved) ? saved : {}, delta) as JsonObject;
  return { patch, lostNulls };
}

// ---------------------------------------------------------------------------------------------
// States and transitions

export interface StateNode {
  /** Dotted path under the machine: `active.main.pendingAcceptance`; '' is the machine. */
  path: string;
  key: string;
  json: StateJson;
  parent: string | null;
  children: string[];
  depth: number;
}

export function walkStates(machine: MachineJson): Map<string, StateNode> {
  const out = new Map<string, StateNode>();
  const visit = (path: string, key: string, json: StateJson, parent: string | null, depth: number) => {
    const children = Object.keys(json.states ?? {}).map((k) => (path ? `${path}.${k}` : k));
    out.set(path, { path, key, json, parent, children, depth });
    for (const [k, child] of Object.entries(json.states ?? {})) visit(path ? `${path}.${k}` : k, k, child, path, depth + 1);
  };
  visit('', machine.id, machine, null, 0);
  return out;
}

export function stateAt(machine: StateJson, path: string): StateJson | undefined {
  if (path === '') return machine;
  let cur: StateJson | undefined = machine;
  for (const k of path.split('.')) cur = cur?.states?.[k];
  return cur;
}

export function statePointer(path: string): string {
  return path === '' ? '/machine' : `/machine${path.split('.').map((k) => `/states/${esc(k)}`).join('')}`;
}

export const parentPath = (path: string): string => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');

export type TransitionKind = 'on' | 'after' | 'always' | 'onDone';

export interface TransitionRef {
  kind: TransitionKind;
  /** Event name (on), delay name (after), or '' (always, onDone). */
  event: string;
  index: number;
  t: TransitionJson;
}

function asTransitionList(value: unknown): TransitionJson[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((t) => (typeof t === 'string' ? { target: t } : (t as TransitionJson)));
}

export function transitionsOf(state: StateJson): TransitionRef[] {
  const out: TransitionRef[] = [];
  for (const kind of ['on', 'after'] as const) {
    for (const [event, value] of Object.entries(state[kind] ?? {})) asTransitionList(value).forEach((t, index) => out.push({ kind, event, index, t }));
  }
  for (const kind of ['always', 'onDone'] as const) asTransitionList(state[kind]).forEach((t, index) => out.push({ kind, event: '', index, t }));
  return out;
}

export function transitionList(state: StateJson, kind: TransitionKind, event: string): TransitionJson[] {
  return asTransitionList(kind === 'on' || kind === 'after' ? state[kind]?.[event] : state[kind]);
}

/** Write the transitions of one event back: none removes the key, one is an object, several an array. */
export function setTransitionList(state: StateJson, kind: TransitionKind, event: string, list: TransitionJson[]): void {
  const value = list.length === 0 ? undefined : list.length === 1 ? list[0] : list;
  if (kind === 'on' || kind === 'after') {
    const map = { ...(state[kind] ?? {}) } as Record<string, unknown>;
    if (value === undefined) delete map[event];
    else map[event] = value;
    if (Object.keys(map).length === 0) delete state[kind];
    else (state as Record<string, unknown>)[kind] = map;
  } else if (value === undefined) delete state[kind];
  else (state as Record<string, unknown>)[kind] = value;
}

export const targetsOf = (t: TransitionJson): string[] => (t.target === undefined ? [] : Array.isArray(t.target) ? t.target : [t.target]);

/** A transition target (XState syntax: `sibling`, `.child`, `#machine.a.b`) → state path, or null. */
export function resolveTarget(states: Map<string, StateNode>, source: string, target: string, machineId: string): string | null {
  let path: string;
  if (target.startsWith('#')) {
    const rest = target.slice(1);
    if (rest === machineId) path = '';
    else if (rest.startsWith(`${machineId}.`)) path = rest.slice(machineId.length + 1);
    else return null;
  } else if (target.startsWith('.')) path = source ? `${source}${target}` : target.slice(1);
  else {
    const parent = parentPath(source);
    path = source === '' ? target : parent ? `${parent}.${target}` : target;
  }
  return states.has(path) ? path : null;
}

/** How to name `dest` from `source`: the sibling key when they share a parent, else `#machine.path`. */
export function targetFor(source: string, dest: string, machineId: string): string {
  if (parentPath(source) === parentPath(dest) && source !== '') return dest.slice(dest.lastIndexOf('.') + 1);
  return `#${machineId}.${dest}`;
}

// ---------------------------------------------------------------------------------------------
// Pointers → what they name

export type Pin =
  | { kind: 'state'; path: string }
  | { kind: 'field'; form: string; field: string | null }
  | { kind: 'delay'; name: string }
  | { kind: 'setting'; name: string }
  | { kind: 'other' };

export function pinOf(pointer: string): Pin {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (parts[0] === 'machine') {
    const keys: string[] = [];
    for (let i = 1; parts[i] === 'states' && parts[i + 1] !== undefined; i += 2) keys.push(parts[i + 1] as string);
    return { kind: 'state', path: keys.join('.') };
  }
  if (parts[0] === 'forms' && parts[1] !== undefined) return { kind: 'field', form: parts[1], field: parts[2] === 'properties' ? (parts[3] ?? null) : null };
  if (parts[0] === 'delays' && parts[1] !== undefined) return { kind: 'delay', name: parts[1] };
  if (parts[0] === 'settings' && parts[1] !== undefined) return { kind: 'setting', name: parts[1] };
  return { kind: 'other' };
}

// ---------------------------------------------------------------------------------------------
// Simple conditions ↔ JSON Logic

export type ConditionOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'truthy' | 'falsy';
export const CONDITION_OPS: ConditionOp[] = ['==', '!=', '>', '>=', '<', '<=', 'in', 'truthy', 'falsy'];

export interface SimpleCondition {
  field: string;
  op: ConditionOp;
  value: unknown;
}

export function compileCondition(c: SimpleCondition): unknown {
  const v = { var: c.field };
  if (c.op === 'truthy') return { '!!': v };
  if (c.op === 'falsy') return { '!': v };
  if (c.op === 'in') return { in: [v, Array.isArray(c.value) ? c.value : [c.value]] };
  return { [c.op]: [v, c.value] };
}

/** A rule in the shape compileCondition makes, back to a condition; null for anything richer. */
export function parseCondition(rule: unknown): SimpleCondition | null {
  if (!isObj(rule)) return null;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return null;
  const op = keys[0] as string;
  const arg = rule[op];
  const varOf = (x: unknown): string | null => (isObj(x) && typeof x.var === 'string' && Object.keys(x).length === 1 ? x.var : null);
  if (op === '!!' || op === '!') {
    const f = varOf(Array.isArray(arg) ? arg[0] : arg);
    return f === null ? null : { field: f, op: op === '!!' ? 'truthy' : 'falsy', value: null };
  }
  if (!Array.isArray(arg) || arg.length !== 2) return null;
  const f = varOf(arg[0]);
  if (f === null || isObj(arg[1])) return null;
  if (op === 'in') return Array.isArray(arg[1]) ? { field: f, op: 'in', value: arg[1] } : null;
  if (!(CONDITION_OPS as string[]).includes(op) || Array.isArray(arg[1])) return null;
  return { field: f, op: op as ConditionOp, value: arg[1] };
}

/** A typed value from what was typed: numbers, true/false/null as JSON, anything else a string. */
export function parseValue(text: string): unknown {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s) || s === 'true' || s === 'false' || s === 'null') return JSON.parse(s) as unknown;
  return text;
}

export const valueText = (v: unknown): string => (Array.isArray(v) ? v.map(valueText).join(', ') : v === undefined || v === null ? '' : String(v));

export function guardRule(guard: TransitionJson['guard']): { rule: unknown } | { other: string } | null {
  if (guard === undefined) return null;
  if (typeof guard === 'string') return { other: guard };
  const g = guard as NamedRef;
  if (g.type === 'logic' && g.params && 'rule' in g.params) return { rule: g.params.rule };
  return { other: JSON.stringify(g) };
}

// ---------------------------------------------------------------------------------------------
// Delays

export type DelayKind = 'duration' | 'workingDays' | 'at';

export function delayKind(spec: DelaySpec | undefined): DelayKind {
  if (typeof spec === 'string' || spec === undefined) return 'duration';
  return 'workingDays' in spec ? 'workingDays' : 'at';
}

export function delayText(spec: DelaySpec | undefined): string {
  if (spec === undefined) return '';
  if (typeof spec === 'string') return spec;
  return 'workingDays' in spec ? String(spec.workingDays) : spec.at;
}

export function makeDelay(kind: DelayKind, text: string): DelaySpec {
  if (kind === 'workingDays') return { workingDays: Number(text) };
  if (kind === 'at') return { at: text };
  return text;
}

// ---------------------------------------------------------------------------------------------
// Form fields

export type FieldType = 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'date' | 'enum' | 'multi' | 'group' | 'other';
export const FIELD_TYPES: FieldType[] = ['text', 'textarea', 'number', 'integer', 'boolean', 'date', 'enum', 'multi', 'group'];

export interface EnumOption {
  const: string;
  title: string;
  label_en: string;
}

export function fieldType(schema: JsonSchema): FieldType {
  const ui = isObj(schema['x-ui']) ? schema['x-ui'] : {};
  const type = schema.type;
  if (type === 'string') {
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.enum)) return 'enum';
    if (schema.format === 'date') return 'date';
    if (ui.widget === 'textarea' || ui.widget === 'richtext') return 'textarea';
    return 'text';
  }
  if (type === 'number') return 'number';
  if (type === 'integer') return 'integer';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && isObj(schema.items)) {
    if (schema.items.type === 'object') return 'group';
    if (Array.isArray(schema.items.oneOf) || Array.isArray(schema.items.enum)) return 'multi';
  }
  return 'other';
}

export function enumOptions(schema: JsonSchema): EnumOption[] {
  const src = fieldType(schema) === 'multi' && isObj(schema.items) ? schema.items : schema;
  if (Array.isArray(src.oneOf)) {
    return src.oneOf.filter(isObj).map((o) => ({ const: String(o.const ?? ''), title: String(o.title ?? ''), label_en: isObj(o['x-ui']) ? String(o['x-ui'].label_en ?? '') : '' }));
  }
  if (Array.isArray(src.enum)) return src.enum.map((v) => ({ const: String(v), title: String(v), label_en: '' }));
  return [];
}

const optionSchema = (o: EnumOption) => ({ const: o.const, title: o.title, ...(o.label_en ? { 'x-ui': { label_en: o.label_en } } : {}) });

/** Re-type a field, keeping its title, x-ui and options where they still make sense. */
export function retype(schema: JsonSchema, type: FieldType): JsonSchema {
  const keep: JsonSchema = {};
  for (const k of ['title', 'description', 'x-ui']) if (schema[k] !== undefined) keep[k] = clone(schema[k]);
  const ui = (isObj(keep['x-ui']) ? keep['x-ui'] : {}) as JsonObject;
  delete ui.widget;
  keep['x-ui'] = ui;
  const options = enumOptions(schema);
  const opts = options.length > 0 ? options : [{ const: 'A', title: '选项一', label_en: 'Option 1' }];
  switch (type) {
    case 'text': return { ...keep, type: 'string' };
    case 'textarea': return { ...keep, type: 'string', 'x-ui': { ...ui, widget: 'textarea' } };
    case 'number': return { ...keep, type: 'number' };
    case 'integer': return { ...keep, type: 'integer' };
    case 'boolean': return { ...keep, type: 'boolean' };
    case 'date': return { ...keep, type: 'string', format: 'date' };
    case 'enum': return { ...keep, type: 'string', oneOf: opts.map(optionSchema) };
    case 'multi': return { ...keep, type: 'array', items: { type: 'string', oneOf: opts.map(optionSchema) }, uniqueItems: true, 'x-ui': { ...ui, widget: 'checkboxes' } };
    case 'group':
      return {
        ...keep,
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: [], properties: { item: { type: 'string', title: '事项', 'x-ui': { label_en: 'Item' } } } },
      };
    default: return schema;
  }
}

export function setEnumOptions(schema: JsonSchema, options: EnumOption[]): void {
  const target = fieldType(schema) === 'multi' && isObj(schema.items) ? schema.items : schema;
  delete target.enum;
  target.oneOf = options.map(optionSchema);
}

/** Field names of an object schema in display order (`x-ui.order`, then as written). */
export function orderedFields(schema: JsonSchema): string[] {
  const props = isObj(schema.properties) ? schema.properties : {};
  const keys = Object.keys(props);
  const order = (k: string) => {
    const f = props[k];
    const o = isObj(f) && isObj(f['x-ui']) ? f['x-ui'].order : undefined;
    return typeof o === 'number' ? o : Number.MAX_SAFE_INTEGER;
  };
  return keys.map((k, i) => ({ k, i })).sort((a, b) => order(a.k) - order(b.k) || a.i - b.i).map((x) => x.k);
}

/** Number the fields 1..n in the given order (`x-ui.order`). */
export function renumber(schema: JsonSchema, order: string[]): void {
  const props = (isObj(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  order.forEach((k, i) => {
    const f = props[k];
    if (!f) return;
    f['x-ui'] = { ...(isObj(f['x-ui']) ? f['x-ui'] : {}), order: i + 1 };
  });
}

export function labelEnOf(schema: JsonSchema | undefined): string {
  const ui = schema && isObj(schema['x-ui']) ? schema['x-ui'] : {};
  return typeof ui.label_en === 'string' ? ui.label_en : '';
}

export type { ProcessPackage, StateJson, TransitionJson, DelaySpec, JsonSchema, MachineJson };
