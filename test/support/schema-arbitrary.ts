/**
 * fast-check arbitraries from the JSON Schemas of our forms (the subset FORM_KEYWORDS allows:
 * type, properties, required, items, enum/const, oneOf of consts, min/max, formats, pattern),
 * and hostile mutations of a submission. Values are "valid-ish": `allOf`/`if`/`then` is not
 * modelled, so a caller filters with the form's own validator when it needs a valid one.
 *
 * Pickers (`x-ui.widget`) draw from the ids a test passes in (`Pickers`), so a generated
 * suggestion names a real unit and deputy and can move the process on.
 */
import fc from 'fast-check';

type Schema = Record<string, any>;

export interface Pickers {
  unit: string[];
  deputy: string[];
  user: string[];
}

/** Every free-text string generated is recorded here, so a log can be searched for them. */
export const generatedText = new Set<string>();

const HAN = [...'代表建议城区学校周边交通安全了解上下学时段组织和设施情况人大常委会议办理答复'];
const ASCII = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 -'];

function freeText(min: number, max: number, multiline: boolean): fc.Arbitrary<string> {
  const chars = fc.constantFrom(...HAN, ...ASCII, ...(multiline ? ['\n'] : []));
  const hi = Math.max(min, Math.min(max, min + 24));
  return fc.array(chars, { minLength: min, maxLength: hi }).map((cs) => {
    const s = cs.join('');
    if (s.length >= 6) generatedText.add(s);
    return s;
  });
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateArb = fc.record({ y: fc.integer({ min: 2024, max: 2028 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);

/** An arbitrary for values of `schema` (valid-ish, see above). */
export function arbitraryFor(schema: Schema, pickers: Pickers, depth = 0): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((o: Schema) => 'const' in o)) return fc.constantFrom(...schema.oneOf.map((o: Schema) => o.const));
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const alts = (schema.oneOf ?? schema.anyOf) as Schema[];
    return fc.oneof(...alts.map((a) => arbitraryFor({ ...schema, oneOf: undefined, anyOf: undefined, ...a }, pickers, depth)));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, pickers);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? Math.max(100, (schema.minimum ?? 0) + 100) });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const widget = schema['x-ui']?.widget as string | undefined;
      const base = (schema.items ?? { type: 'string' }) as Schema;
      // A picker on a list picks each item.
      const items = widget?.endsWith('-picker') && !base['x-ui'] ? { ...base, 'x-ui': { widget } } : base;
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, minLength + 3));
      const item = arbitraryFor(items, pickers, depth + 1);
      return schema.uniqueItems ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(item, { minLength, maxLength });
    }
    case 'object':
    default: {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, sub] of Object.entries(props)) {
        if (sub['x-ui']?.widget === 'file-upload' && !required.has(k)) continue; // needs an uploaded file
        model[k] = arbitraryFor(sub, pickers, depth + 1);
      }
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
    }
  }
}

function stringOf(s: Schema, pickers: Pickers): fc.Arbitrary<string> {
  const widget = s['x-ui']?.widget as string | undefined;
  const picked = widget === 'unit-picker' ? pickers.unit : widget === 'deputy-picker' ? pickers.deputy : widget === 'user-picker' ? pickers.user : null;
  if (picked) return fc.constantFrom(...picked);
  if (s.format === 'date') return dateArb;
  if (s.format === 'date-time') return dateArb.map((d) => `${d}T08:30:00Z`);
  if (s.format === 'time') return fc.constant('09:30:00');
  if (s.format === 'email') return fc.constant('deputy@example.cn');
  if (s.format === 'uri') return fc.constant('https://example.cn/a');
  if (s.format === 'uuid') return fc.uuid();
  if (typeof s.pattern === 'string') return fc.stringMatching(new RegExp(s.pattern));
  const min = s.minLength ?? 0;
  return freeText(min, s.maxLength ?? 200, widget === 'textarea' || widget === 'richtext');
}

// ------------------------------------------------------------------------------ mutations

/** Values no form accepts, and that have broken servers before. */
const HOSTILE_STRINGS = [
  'a\u0000b',
  '\u0000',
  'x\uD800y',
  '\uDC00',
  'bell\u0007',
  'del\u007F',
  'esc\u001B[31m',
  "'; drop table instances; --",
  '%00',
  '\\u0000',
  '2026-02-30',
  '99999-12-31',
  '-infinity',
  '0000-00-00',
  '1e999',
  '__proto__',
  'constructor',
  'toString',
];
const HOSTILE_NUMBERS_TEXT = ['9007199254740993', '1e308', '-1e308', '1e400', '-0', '2147483648', '-2147483649', '1.5', '-1', '0.0000001e-400'];
const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

export interface Mutation {
  kind: string;
  /** The request body text. */
  body: string;
}

/** Sets a property as an own, enumerable one even when its name is `__proto__`. */
function own(o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Paths (arrays of keys) to every value inside `v`. */
function paths(v: unknown, base: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [base];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...base, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...base, k]));
  return out;
}

function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as any;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  const last = path[path.length - 1]!;
  if (Array.isArray(cur)) cur[last as number] = value;
  else own(cur, String(last), value);
  return copy;
}

const PLACEHOLDER = '\u2063NUMBER\u2063';

/**
 * A hostile variant of `data` (a valid-ish form value) inside the body `wrap(data)` builds.
 * `marker` goes into every string this adds, so the log can be searched for it.
 */
export function mutationArb(data: unknown, wrap: (data: unknown) => Record<string, unknown>, marker: string): fc.Arbitrary<Mutation> {
  const ps = paths(data);
  const anyPath = fc.constantFrom(...ps);
  const stringPaths = ps.filter((p) => typeof p.reduce<any>((v, k) => v?.[k], data) === 'string');
  const body = (d: unknown) => JSON.stringify(wrap(d));
  const tagged = (s: string) => `${marker}${s}`;
  return fc.oneof(
    // a wrong type anywhere
    fc.record({ p: anyPath, v: fc.constantFrom<unknown>(42, -1, true, null, [], {}, [1, 'a'], { x: 1 }, '') }).map(({ p, v }) => ({ kind: 'wrong type', body: body(setAt(data, p, v)) })),
    // a control character or lone surrogate in a string (or in place of any value)
    fc.record({ p: stringPaths.length ? fc.constantFrom(...stringPaths) : anyPath, s: fc.constantFrom(...HOSTILE_STRINGS) }).map(({ p, s }) => ({ kind: 'hostile string', body: body(setAt(data, p, tagged(s))) })),
    // arbitrary unicode (any code unit, surrogates and controls included)
    fc.record({ p: anyPath, s: fc.string({ unit: 'binary', maxLength: 30 }) }).map(({ p, s }) => ({ kind: 'random text', body: body(setAt(data, p, tagged(s))) })),
    // a long string: 6,000 characters, and sometimes 300 KB (under the body limit) or 1.2 MB (over it)
    { weight: 1, arbitrary: fc.record({ p: anyPath, n: fc.constantFrom(6_000, 6_000, 6_000, 300_000, 1_200_000) }).map(({ p, n }) => ({ kind: 'long string', body: body(setAt(data, p, tagged('长'.repeat(n / 3)))) })) },
    // prototype names as keys
    fc.record({ p: anyPath, k: fc.constantFrom(...PROTO_KEYS), v: fc.constantFrom<unknown>(1, { polluted: true }, tagged('v'), []) }).map(({ p, k, v }) => {
      const target = p.reduce<any>((x, key) => x?.[key], data);
      const replaced = target !== null && typeof target === 'object' && !Array.isArray(target) ? own(structuredClone(target), k, v) : own({}, k, v);
      return { kind: 'prototype key', body: body(setAt(data, p, replaced)) };
    }),
    // deep nesting: 70 (just past the limit) or 20,000
    { weight: 1, arbitrary: fc.record({ p: anyPath, n: fc.constantFrom(70, 20_000) }).map(({ p, n }) => ({
      kind: 'deep nesting',
      body: body(setAt(data, p, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), `${'['.repeat(n)}1${']'.repeat(n)}`),
    })) },
    // extra fields
    fc.record({ p: anyPath, k: fc.string({ minLength: 1, maxLength: 12 }) }).map(({ p, k }) => {
      const target = p.reduce<any>((x, key) => x?.[key], data);
      const extended = target !== null && typeof target === 'object' && !Array.isArray(target) ? own(structuredClone(target), `x${k}`, tagged('extra')) : target;
      return { kind: 'extra field', body: body(setAt(data, p, extended)) };
    }),
    // numbers no column holds, written as JSON text
    fc.record({ p: anyPath, n: fc.constantFrom(...HOSTILE_NUMBERS_TEXT) }).map(({ p, n }) => ({
      kind: 'big number',
      body: body(setAt(data, p, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), n),
    })),
    // any JSON at all in place of a value
    fc.record({ p: anyPath, v: fc.jsonValue({ maxDepth: 3 }) }).map(({ p, v }) => ({ kind: 'random json', body: body(setAt(data, p, v)) })),
  );
}
