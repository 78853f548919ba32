/**
 * Text that may be stored: every string (keys too) of a parsed JSON value is free of the
 * characters PostgreSQL cannot keep, and the value is not nested deeper than we walk.
 *
 * - U+0000 is refused by `jsonb` and `text` ("unsupported Unicode escape sequence",
 *   "invalid byte sequence for encoding UTF8: 0x00"): before this check a NUL in a form
 *   value was an HTTP 500.
 * - A lone surrogate (U+D800–U+DFFF not in a pair) is not Unicode text; `jsonb` refuses its
 *   escape ("invalid input syntax for type json") and UTF-8 cannot encode it.
 * - The other C0 controls but tab, LF and CR, and DEL, are stored fine but are never typed
 *   into a form: refusing them keeps exports (CSV, XLSX, documents) clean.
 * - Keys, and with `singleLine` every string (the path and query of a URL), are one line:
 *   tab, LF and CR are refused there too. Which form fields are single-line is the schema's
 *   business (`lineBreakErrors`, below, used by every form validator).
 *
 * The walk is iterative and stops below `MAX_JSON_DEPTH`: PostgreSQL parses `jsonb`
 * recursively ("stack depth limit exceeded" on a ~20,000-deep array) and so do Ajv and our
 * own path helpers. Pure: runs in the browser as on the server.
 */
import { childPointer } from '../json-pointer.ts';
import type { FieldError } from '../errors.ts';

/** The deepest forms today nest 4 levels (object → list → object → list); 64 is far above. */
export const MAX_JSON_DEPTH = 64;
/** One error per bad string is listed up to this many; a 1 MiB body of NULs needs no 500k-line answer. */
export const MAX_TEXT_ERRORS = 100;

export type TextInputVerdict =
  | { ok: true }
  | { ok: false; code: 'INVALID_TEXT' | 'TOO_DEEP'; errors: FieldError[] };


// Without the `u` flag a regex sees UTF-16 code units, so a surrogate is matched alone unless
// its partner stands beside it.
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The same, and tab, LF and CR too: for single-line text (keys, path segments, query values). */
const BAD_CHAR_SINGLE_LINE = new RegExp(`[\\t\\n\\r]|${BAD_CHAR.source}`);

/** The first refused character of `s`: its index (in code units) and code unit; null when clean. */
export function findBadCharacter(s: string, singleLine = false): { index: number; code: number } | null {
  const index = s.search(singleLine ? BAD_CHAR_SINGLE_LINE : BAD_CHAR);
  return index < 0 ? null : { index, code: s.charCodeAt(index) };
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function textError(pointer: string, text: string, bad: { index: number; code: number }, isKey: boolean): FieldError {
  const surrogate = bad.code >= 0xd800 && bad.code <= 0xdfff;
  const what = surrogate ? { zh: `不成对的代理字符 ${hex(bad.code)}`, en: `an unpaired surrogate ${hex(bad.code)}` } : { zh: `控制字符 ${hex(bad.code)}`, en: `the control character ${hex(bad.code)}` };
  // A position a person can find: characters (code points) before it, counted from 1.
  const at = [...text.slice(0, bad.index)].length + 1;
  return {
    pointer: pointer || '/',
    message: `${isKey ? '字段名' : '文本'}第 ${at} 个字符是${what.zh}，不能保存`,
    message_en: `${pointer || 'value'}: character ${at} of the ${isKey ? 'field name' : 'text'} is ${what.en}, which cannot be stored`,
    keyword: 'text',
  };
}

/**
 * Checks every string and key of `value` (a parsed JSON value). Refusals come back as a
 * value: `TOO_DEEP` with the pointer of the first container below `maxDepth`, else
 * `INVALID_TEXT` with one field error per bad string or key (at most `MAX_TEXT_ERRORS`).
 *
 * ### Examples
 * ```ts
 * checkTextInput({ title: 'a\u0000b' })
 * // → { ok: false, code: 'INVALID_TEXT', errors: [{ pointer: '/title', message: '文本第 2 个字符是控制字符 U+0000，不能保存', … }] }
 * checkTextInput({ title: '代表建议\n第二行' }) // → { ok: true }
 * ```
 */
export function checkTextInput(value: unknown, maxDepth = MAX_JSON_DEPTH, opts: { singleLine?: boolean } = {}): TextInputVerdict {
  const singleLine = opts.singleLine ?? false;
  const errors: FieldError[] = [];
  // Pointers are built only for an error. Measured: 4.3 MB of clean strings (50,000 objects)
  // walk in ~45 ms once warm, so a 1 MiB body costs ~10 ms.
  const stack: Place[] = [{ value, parent: null, token: '', depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_TEXT_ERRORS) {
    const place = stack.pop()!;
    const v = place.value;
    if (typeof v === 'string') {
      const bad = findBadCharacter(v, singleLine);
      if (bad) errors.push(textError(pointerOf(place), v, bad, false));
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (place.depth >= maxDepth) {
      const at = pointerOf(place);
      const error: FieldError = {
        pointer: at || '/',
        message: `嵌套层级超过 ${maxDepth} 层`,
        message_en: `${at || 'value'} is nested more than ${maxDepth} levels deep`,
        keyword: 'maxDepth',
      };
      return { ok: false, code: 'TOO_DEEP', errors: [error] };
    }
    const depth = place.depth + 1;
    // Children are pushed in reverse so that errors come out in document order.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: place, token: i, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) {
      // A key names a field: one line always.
      const bad = findBadCharacter(key, true);
      if (bad && errors.length < MAX_TEXT_ERRORS) errors.push(textError(childPointer(pointerOf(place), key), key, bad, true));
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (v as Record<string, unknown>)[key], parent: place, token: key, depth });
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, code: 'INVALID_TEXT', errors };
}

interface Place {
  value: unknown;
  parent: Place | null;
  token: string | number;
  depth: number;
}

function pointerOf(place: Place): string {
  const tokens: Array<string | number> = [];
  for (let p: Place | null = place; p?.parent; p = p.parent) tokens.push(p.token);
  return tokens.reverse().reduce<string>((base, token) => childPointer(base, token), '');
}

/** Widgets that take several lines; every other text field is single-line. */
const MULTI_LINE_WIDGETS: ReadonlySet<string> = new Set(['textarea', 'richtext']);

/**
 * Line breaks in single-line fields: a form's text field without a `textarea` or `richtext`
 * widget is one line (a title, a name, a phone number), so CR or LF there is refused with the
 * field's pointer; tab stays allowed (pasted from a spreadsheet). Multi-line fields keep CR, LF
 * and tab. The other control characters were refused for every string by `checkTextInput`.
 * Walks the data along the schema's `properties` and `items` (iteratively, to `MAX_JSON_DEPTH`).
 */
export function lineBreakErrors(schema: Record<string, unknown>, data: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ schema: Record<string, unknown>; value: unknown; pointer: string; depth: number }> = [{ schema, value: data, pointer: '', depth: 0 }];
  while (stack.length > 0 && errors.length < MAX_TEXT_ERRORS) {
    const { schema: s, value, pointer, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) continue;
    if (typeof value === 'string') {
      const ui = s['x-ui'] as { widget?: unknown } | undefined;
      const multi = typeof ui?.widget === 'string' && MULTI_LINE_WIDGETS.has(ui.widget);
      const at = value.search(/[\r\n]/);
      // A form is an object of fields; a bare string at the root is no form field (the JSON Schema
      // conformance cases validate such strings, and JSON Schema lets them hold line breaks).
      if (!multi && at >= 0 && pointer !== '') {
        errors.push({ pointer: pointer || '/', message: `此项只能填写一行，第 ${[...value.slice(0, at)].length + 1} 个字符是换行`, message_en: `${pointer || 'value'} is a single line; character ${[...value.slice(0, at)].length + 1} is a line break`, keyword: 'singleLine' });
      }
      continue;
    }
    if (Array.isArray(value)) {
      const items = s.items;
      if (items !== null && typeof items === 'object' && !Array.isArray(items)) value.forEach((v, i) => stack.push({ schema: items as Record<string, unknown>, value: v, pointer: childPointer(pointer, i), depth: depth + 1 }));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const props = s.properties;
    if (props === null || typeof props !== 'object') continue;
    for (const [key, sub] of Object.entries(props as Record<string, unknown>)) {
      if (!Object.hasOwn(value, key) || sub === null || typeof sub !== 'object') continue;
      stack.push({ schema: sub as Record<string, unknown>, value: (value as Record<string, unknown>)[key], pointer: childPointer(pointer, key), depth: depth + 1 });
    }
  }
  return errors;
}
