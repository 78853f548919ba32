/**
 * Request input at the edge. Routes read JSON through `readJson` so malformed input is always
 * a 400 (never a 500 from a SyntaxError deep in a handler, nor from PostgreSQL refusing a NUL
 * in a `jsonb` value): every route that writes JSON gets its body here. `checkUrlText` does
 * the same for the path and query of every request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { checkTextInput, type TextInputVerdict } from '../runtime/engine/index.ts';
import { AppError } from '../runtime/errors.ts';

/**
 * Parses the body as JSON and checks its text (runtime/engine/text-input.ts):
 * an empty or malformed body → 400 INVALID_JSON; a control character or lone surrogate in any
 * string or key → 400 INVALID_TEXT; nesting deeper than 64 → 400 TOO_DEEP. Both list the
 * offending JSON pointers in `details.errors`.
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
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
    const query: Record<string, string[]> = {};
    for (const [name, v] of url.searchParams) (query[name] ??= []).push(v);
    refuse(checkTextInput({ path: url.pathname.split('/').map(decodeSegment), query }), '请求地址', 'The request URL');
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
  throw new AppError('INVALID_QUERY', `${name} must be 1, 0, true or false`);
}
