/**
 * The form model behind the renderer: which fields a JSON Schema form has and in what order
 * (`x-ui.order`), their kind (text, enum, picker, repeating group…), `showIf` (JSON Logic over
 * the whole form data), reading and writing values by path, pruning hidden and empty fields
 * before submitting, and validation with the engine's browser validator
 * (form-validator-interpreted.ts: the server's rules without Ajv's eval), so the pointers and
 * Chinese messages are the ones the server gives.
 */
import jsonLogic from 'json-logic-js';
import { lang } from '../i18n.ts';
import { compileForm, createAjv, type FormValidator } from '../../../runtime/engine/form-validator-interpreted.ts';

const forms = createAjv();

export type Schema = Record<string, any>;
export type Path = Array<string | number>;

export interface XUi {
  label_en?: string;
  order?: number;
  widget?: string;
  placeholder?: string;
  placeholder_en?: string;
  showIf?: unknown;
}

export const xui = (s: Schema | undefined): XUi => ((s && typeof s['x-ui'] === 'object' ? s['x-ui'] : {}) as XUi);

/** A field's hint in the current language (`x-ui.placeholder`, English `x-ui.placeholder_en`; none rather than Chinese in English). */
export const placeholderOf = (s: Schema | undefined): string | undefined => (lang() === 'zh' ? xui(s).placeholder : xui(s).placeholder_en);

export type FieldKind =
  | 'hidden'
  | 'readonly'
  | 'text'
  | 'textarea'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'date-time'
  | 'enum'
  | 'multi-enum'
  | 'picker'
  | 'multi-picker'
  | 'tags'
  | 'group'
  | 'repeat'
  | 'files'
  | 'suggestion-list';

export type PickerKind = 'deputy' | 'unit' | 'user' | 'text';

/** A suggestion (another case) picked by its number and title from the register (widgets/suggestion-picker.tsx); not a directory entry. */
export const SUGGESTION_PICKER = 'suggestion-picker';

export const PICKERS: Record<string, PickerKind> = {
  'deputy-picker': 'deputy',
  'unit-picker': 'unit',
  'user-picker': 'user',
};

/** A schema's type, ignoring a `null` alternative. */
export function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((x: string) => x !== 'null');
  return typeof s.type === 'string' ? s.type : undefined;
}

export interface EnumOption {
  value: unknown;
  schema: Schema;
}

/** Enum options from `oneOf: [{const, title, x-ui.label_en}]` or a bare `enum`. */
export function enumOptions(s: Schema | undefined): EnumOption[] | null {
  if (!s) return null;
  if (Array.isArray(s.oneOf) && s.oneOf.length > 0 && s.oneOf.every((o: Schema) => o && 'const' in o)) {
    return s.oneOf.map((o: Schema) => ({ value: o.const, schema: o }));
  }
  if (Array.isArray(s.enum)) return s.enum.map((v: unknown) => ({ value: v, schema: { title: String(v) } }));
  return null;
}

export function fieldKind(s: Schema): FieldKind {
  const ui = xui(s);
  const type = typeOf(s);
  if (ui.widget === 'hidden') return 'hidden';
  if (ui.widget === 'readonly' || s.readOnly === true) return 'readonly';
  if (ui.widget === 'file-upload') return 'files';
  if (type === 'array') {
    const items = (s.items ?? {}) as Schema;
    if (enumOptions(items)) return 'multi-enum';
    if (ui.widget && PICKERS[ui.widget]) return 'multi-picker';
    if (ui.widget === 'suggestion-list') return 'suggestion-list';
    if (typeOf(items) === 'object') return 'repeat';
    return 'tags';
  }
  if (type === 'object') return 'group';
  if (enumOptions(s)) return 'enum';
  if (ui.widget && (PICKERS[ui.widget] || ui.widget === SUGGESTION_PICKER)) return 'picker';
  if (type === 'boolean') return 'boolean';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (s.format === 'date') return 'date';
  if (s.format === 'date-time') return 'date-time';
  if (ui.widget === 'textarea' || ui.widget === 'richtext') return 'textarea';
  return 'text';
}

export interface FieldDef {
  name: string;
  schema: Schema;
  required: boolean;
}

/** The properties of an object schema in `x-ui.order` (then declaration order). */
export function orderedFields(s: Schema): FieldDef[] {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
  return Object.entries(props)
    .map(([name, schema], i) => ({ name, schema, required: required.has(name), i }))
    .sort((a, b) => (xui(a.schema).order ?? 1e6 + a.i) - (xui(b.schema).order ?? 1e6 + b.i))
    .map(({ name, schema, required }) => ({ name, schema, required }));
}

/** Fields that become required under an `if/then` of `allOf` (shown with a softer marker). */
export function conditionallyRequired(s: Schema): Set<string> {
  const out = new Set<string>();
  for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
    for (const name of part?.then?.required ?? []) out.add(name);
  }
  return out;
}

const conditions = new WeakMap<Schema, FormValidator>();

/** Does `value` meet the `if` of an if/then (the server's rules, so both sides agree when a field is required)? */
function meets(condition: Schema, value: unknown): boolean {
  let v = conditions.get(condition);
  if (!v) {
    try {
      v = compileForm(forms, condition);
    } catch {
      v = () => [{ pointer: '', message: '', message_en: '' }];
    }
    conditions.set(condition, v);
  }
  return v(value ?? {}).length === 0;
}

/**
 * The fields of object schema `s` a person must answer for `value` as it is now: `required`,
 * each `then.required` (or `else.required`) of an `allOf` if/then that applies, and a box
 * that must be ticked (`const: true`). The form marks them with * as they change.
 */
export function requiredNow(s: Schema, value: unknown): Set<string> {
  const out = new Set<string>(Array.isArray(s.required) ? s.required : []);
  for (const [name, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) if (p?.const === true) out.add(name);
  for (const part of Array.isArray(s.allOf) ? s.allOf : [s]) {
    if (!part || typeof part !== 'object' || part.if === undefined) continue;
    const branch = meets(part.if as Schema, value) ? part.then : part.else;
    for (const name of Array.isArray(branch?.required) ? branch.required : []) out.add(name);
  }
  return out;
}

export function pointerOf(path: Path): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getIn(data: unknown, path: Path): unknown {
  let cur: any = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Sets (or, for `undefined`, deletes) a value by path in a plain object, creating parents. */
export function setIn(data: Record<string, any>, path: Path, value: unknown): void {
  let cur: any = data;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number;
    if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = typeof path[i + 1] === 'number' ? [] : {};
    cur = cur[key];
  }
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
  } else cur[last] = value;
}

/** `showIf` is a JSON Logic rule over the whole form data (`{"var": "origin"}`, `{"var": "a.b"}`). */
export function visible(s: Schema, root: unknown): boolean {
  const rule = xui(s).showIf;
  if (rule === undefined || rule === null) return true;
  try {
    return Boolean(jsonLogic.apply(rule as never, root ?? {}));
  } catch {
    return true;
  }
}

/** Initial data: `default`s, booleans that must be answered start unchecked (false), required lists empty. */
export function initialData(s: Schema, given?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(given ?? {}) };
  for (const f of orderedFields(s)) {
    if (out[f.name] !== undefined) continue;
    const kind = fieldKind(f.schema);
    if (kind === 'readonly' || kind === 'hidden') continue;
    if (f.schema.default !== undefined) out[f.name] = structuredClone(f.schema.default);
    else if (kind === 'boolean' && f.required) out[f.name] = false;
    else if (f.required && ['multi-enum', 'multi-picker', 'tags', 'repeat', 'files', 'suggestion-list'].includes(kind)) out[f.name] = [];
    else if (kind === 'group' && f.required) out[f.name] = initialData(f.schema);
  }
  return out;
}

/**
 * What is sent: fields hidden by `showIf`, read-only fields and empty strings are left out
 * (a cleared input is "not given", so the server says 必填 rather than 不能为空).
 */
export function prune(s: Schema, value: unknown, root: unknown): unknown {
  const type = typeOf(s);
  if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const ps = props[k];
      if (ps) {
        const kind = fieldKind(ps);
        if (kind === 'readonly' || !visible(ps, root)) continue;
      }
      const pv = ps ? prune(ps, v, root) : v;
      if (pv === undefined || pv === '') continue;
      out[k] = pv;
    }
    return out;
  }
  if (type === 'array' && Array.isArray(value)) {
    const items = (s.items ?? {}) as Schema;
    return value.map((v) => prune(items, v, root));
  }
  return value;
}

const cache = new WeakMap<Schema, FormValidator>();

/** The server's validation (runtime/engine/form-validator.ts) in the browser: the interpreted validator, which agrees with it (test/engine/form-validator-agreement.test.ts). */
export function validateForm(schema: Schema, data: unknown): Array<{ pointer: string; message: string; message_en?: string }> {
  let v = cache.get(schema);
  if (!v) {
    try {
      v = compileForm(forms, schema);
    } catch {
      v = () => [];
    }
    cache.set(schema, v);
  }
  return v(data);
}
