/**
 * Request input at the edge. Routes read JSON through `readJson` so malformed input is always
 * a 400 (never a 500 from a SyntaxError deep in a handler, nor from PostgreSQL refusing a NUL
 * in a `jsonb` value): every route that writes JSON gets its body here. `checkUrlText` does
 * the same for the path and query of every request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { checkTextInput, MAX_JSON_DEPTH, type TextInputVerdict } from '../runtime/engine/index.ts';
import { AppError } from '../runtime/errors.ts';

/**
 * Parses the body as JSON and checks its text (runtime/engine/text-input.ts):
 * an empty or malformed body → 400 INVALID_JSON; a control character or lone surrogate in any
 * string or key → 400 INVALID_TEXT; nesting deeper than 64 → 400 TOO_DEEP. Both list the
 * offending JSON pointers in `details.errors`.
 */
export async function readJson(c: Context, maxBytes?: number): Promise<unknown> {
  // A route with its own, smaller bound (a sealed cast: its layout's size): a declared length
  // over it is refused unread, and a chunked body once read (the server's 1 MiB still caps that).
  const tooLarge = () => new AppError('BODY_TOO_LARGE', `The request body exceeds ${maxBytes} bytes`, { maxBytes });
  if (maxBytes !== undefined && Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooLarge();
  const text = await c.req.text();
  if (maxBytes !== undefined && Buffer.byteLength(text, 'utf8') > maxBytes) throw tooLarge();
  if (text.trim() === '') throw new AppError('INVALID_JSON', 'The request body is empty; JSON expected');
  let value: unknown;
  try {
    // V8's JSON.parse is not recursive: a 1 MiB body of `[` nested 500,000 deep parses (~10 ms).
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError('INVALID_JSON', `The request body is not valid JSON: ${(err as Error).message}`);
  }
  refuse(checkTextInput(value), '请求内容', 'The request body');
  return value;
}

/**
 * Middleware: a control character in a path segment or the query (`/api/tasks/%00`,
 * `?q=%00`) → 400 INVALID_TEXT. Before it, nine routes answered 500 ("invalid byte sequence
 * for encoding UTF8: 0x00" from PostgreSQL). The pointers address `{path: [segments],
 * query: {name: [values]}}`, e.g. `/path/3`, `/query/q/0`. A lone surrogate cannot arrive this
 * way: its percent-encoding is invalid UTF-8, which decoding leaves as it is or replaces.
 */
export const checkUrlText: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  if (url.pathname.includes('%') || url.search !== '') {
    // One line each: a tab, LF or CR (`%0A`) is refused like the other control characters.
    // No prototype: `?__proto__=0` is a parameter like any other (with `{}` it read
    // Object.prototype and the push threw: a 500 on every route, found by the fuzz suite).
    const query = Object.create(null) as Record<string, string[]>;
    for (const [name, v] of url.searchParams) (query[name] ??= []).push(v);
    refuse(checkTextInput({ path: url.pathname.split('/').map(decodeSegment), query }, MAX_JSON_DEPTH, { singleLine: true }), '请求地址', 'The request URL');
  }
  await next();
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed escapes reach the router as they are (as Hono does)
  }
}

function refuse(verdict: TextInputVerdict, zh: string, en: string): void {
  if (verdict.ok) return;
  const message =
    verdict.code === 'TOO_DEEP'
      ? `${zh}嵌套层级过深 / ${en} is nested too deeply`
      : `${zh}含有不允许的字符（控制字符或不成对的代理字符） / ${en} contains characters that cannot be stored (control characters or unpaired surrogates)`;
  throw new AppError(verdict.code, message, { errors: verdict.errors });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A yes/no query parameter: `1`/`true` → true, `0`/`false` → false, absent → undefined;
 * anything else → 400 INVALID_QUERY (never silently ignored).
 */
export function booleanQuery(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw queryError(name, '应为 1、0、true 或 false', 'must be 1, 0, true or false');
}

/** The largest value of a PostgreSQL `integer` column (versions, seq numbers, counts). */
export const MAX_INT32 = 2 ** 31 - 1;

function queryError(name: string, zh: string, en: string): AppError {
  return new AppError('INVALID_QUERY', `${name} ${en}`, { parameter: name, errors: [{ pointer: `/query/${name}`, message: `查询参数 ${name} ${zh}`, message_en: en }] });
}

/**
 * A whole-number query parameter within [min, max] (default 0 … 2^31−1, what an `integer`
 * column holds): absent → undefined; `-1`, `1.5`, `1e3`, `0x10`, `2147483648` → 400
 * INVALID_QUERY with the pointer `/query/<name>`. Before this, `limit=-1` reached PostgreSQL
 * ("LIMIT must not be negative", a 500) and `from=2147483648` overflowed an `integer`.
 */
export function integerQuery(name: string, value: string | undefined, range: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const { min = 0, max = MAX_INT32 } = range;
  const n = /^-?[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw queryError(name, `应为 ${min} 到 ${max} 之间的整数`, `must be a whole number from ${min} to ${max}`);
  return n;
}

/** One of `allowed` (absent → undefined); anything else → 400 INVALID_QUERY naming the choices. */
export function enumQuery<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw queryError(name, `应为 ${allowed.join('、')} 之一`, `must be one of ${allowed.join(', ')}`);
}

/** A free-text or id query parameter of at most `maxLength` characters (its characters were checked by `checkUrlText`). */
export function textQuery(name: string, value: string | undefined, maxLength = 200): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > maxLength) throw queryError(name, `不能超过 ${maxLength} 个字符`, `must be at most ${maxLength} characters`);
  return value;
}

/** A whole number within [min, max] in a JSON body (a version, a count): the same range rule as `integerQuery`. */
export function isIntegerIn(value: unknown, min = 1, max = MAX_INT32): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * The one value of each parameter of the query string, for routes that list what they accept:
 * an unknown parameter or one given twice is 400 INVALID_QUERY naming it (the values are then
 * checked by the *Query helpers above).
 */
export function singleQueryValues(c: Context, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!allowed.includes(name)) throw new AppError('INVALID_QUERY', `${name}: 未知的查询参数 / unknown parameter; known: ${allowed.join(', ') || 'none'}`, { parameter: name });
    if (values.length !== 1) throw new AppError('INVALID_QUERY', `${name}: 重复给出 / given more than once`, { parameter: name });
    out[name] = values[0] as string;
  }
  return out;
}
