/**
 * The one place errors become HTTP responses: `{error: {code, message, details}}`. An
 * AppError's kind (runtime/error-codes.ts) gives its status here and nowhere else; anything
 * else is a bug, logged to stderr (one JSON line of codes and ids, `logFailure`) and answered
 * 500 INTERNAL without the stack (no internals reach a client) — unless it is a PostgreSQL
 * data error the input caused, which is the client's 400 or 409 (`databaseInputError`).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { matchedRoutes } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorKind } from '../runtime/errors.ts';
import { errorFields, sqlStateOf } from '../runtime/log-line.ts';

/** The HTTP status of each kind of failure. */
export const STATUS_OF_KIND = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rejected: 422,
  unavailable: 503,
  internal: 500,
  throttled: 429,
} as const satisfies Record<ErrorKind, ContentfulStatusCode>;

/** The status an AppError is answered with. */
export function httpStatus(err: AppError): (typeof STATUS_OF_KIND)[ErrorKind] {
  return STATUS_OF_KIND[err.kind];
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * A PostgreSQL error (pg's DatabaseError and PGlite's alike carry the SQLSTATE in `code`)
 * that bad input can cause, as the AppError a client should get. Class 22 (data exception:
 * invalid text representation 22P02, numeric out of range 22003, string data right
 * truncation 22001, untranslatable character 22P05, invalid byte sequence 22021, datetime
 * field overflow 22008, …) and class 23 (integrity constraints: not null, check, foreign key)
 * are the request's fault → 400; a unique violation is a conflict → 409; 54000 (an index row
 * too large for a huge value in an indexed column) and 54001 (stack depth, a deeply nested
 * value) → 400. Nothing of the value is repeated: only the column, when PostgreSQL names one,
 * as a field pointer. The edge checks (request-body.ts) refuse most of these first; this is
 * the net under them, on PGlite and PostgreSQL alike.
 */
export function databaseInputError(err: unknown): AppError | null {
  const db = sqlStateOf(err);
  if (!db) return null;
  const { code, column } = db;
  const details = { sqlstate: code, ...(column ? { errors: [fieldError(column)] } : {}) };
  if (code === '23505') return new AppError('ALREADY_EXISTS', undefined, details, { cause: err });
  if (code === '23503') return new AppError('UNKNOWN_REFERENCE', undefined, details, { cause: err });
  if (code.startsWith('22') || code.startsWith('23') || code === '54000' || code === '54001') return new AppError('INVALID_DATA', undefined, details, { cause: err });
  if (code === '40001' || code === '40P01') return new AppError('CONFLICT', undefined, undefined, { cause: err });
  return null;
}

/** Network failures of a database connection (Node's socket errors) and pg's "Connection terminated". */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * A database that does not answer (the primary or the read replica of DATABASE_READ_URL down,
 * restarting, or refusing connections): 503 DATABASE_UNAVAILABLE with Retry-After, never a 500
 * — the request was fine, the service is not. SQLSTATE class 08 (connection exception), 57P01–
 * 57P03 (admin shutdown, crash shutdown, cannot connect now) and 53300 (too many connections),
 * or a socket error on the way to it; looked for through `cause` (AppError wraps).
 */
export function databaseUnavailable(err: unknown): AppError | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const state = typeof code === 'string' ? code : '';
    if (state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300' || CONNECTION_ERRNOS.has(state) || /^Connection terminated/.test(e.message)) {
      return new AppError('DATABASE_UNAVAILABLE', 'The database does not answer', undefined, { cause: err });
    }
  }
  return null;
}

function fieldError(column: string) {
  const field = column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  return { pointer: `/${field}`, message: '该项的值无法保存', message_en: 'cannot be stored', keyword: 'database' };
}

/**
 * One line per failure, for operators: the code, status, request id, method, route pattern
 * (`/api/tasks/:id/complete`), user id, the error's name, SQLSTATE and stack frames. Never an
 * error's message, nor SQL text or parameters, nor anything of the body or the query: a
 * database error's message repeats the value it refused ("invalid input syntax for type
 * integer: \"…\""), and pg's and PGlite's errors carry the query and its parameters.
 */
export function logFailure(c: Context, level: 'error' | 'warn', code: string, status: number, err: unknown): void {
  const user = (c.var as { user?: { id?: string } }).user;
  const fields = err instanceof AppError ? (err.cause === undefined ? {} : errorFields(err.cause)) : errorFields(err);
  const line: Record<string, unknown> = {
    level,
    status,
    requestId: (c.var as { requestId?: string }).requestId ?? null,
    method: c.req.method,
    route: routeOf(c),
    userId: user?.id ?? null,
    ...fields,
    code, // ours, not a cause's
  };
  (level === 'error' ? console.error : console.warn)(JSON.stringify(line));
}

/** The route pattern that matched (ids stay as `:id`); the path only when no route did. */
function routeOf(c: Context): string {
  try {
    const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
    return routes.at(-1)?.path ?? c.req.path.slice(0, 200);
  } catch {
    return c.req.path.slice(0, 200);
  }
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    const status = httpStatus(err);
    const mapped = status >= 500 ? databaseInputError(err.cause) : null;
    if (mapped) return answerMapped(c, mapped);
    // An INTERNAL wrapping a lost connection (inTransaction) is the database's absence: 503.
    const down = status === 500 ? databaseUnavailable(err.cause) : null;
    if (down) {
      logFailure(c, 'error', down.code, 503, err);
      c.header('Retry-After', '5');
      return c.json(errorBody(down.code, down.message), 503);
    }
    // Codes and ids only: messages of server-side failures may name form contents or SQL parameters.
    if (status >= 500) logFailure(c, 'error', err.code, status, err);
    // 429: how long to wait, from details.retryAfterSeconds (sign-in throttling).
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.kind === 'throttled' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    return c.json(errorBody(err.code, err.message, err.details), status);
  }
  // Hono's own middleware (e.g. a 401 from a helper) throws HTTPException; keep its status.
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(`HTTP_${err.status}`, err.message || 'Request failed'), err.status as ContentfulStatusCode);
  }
  const mapped = databaseInputError(err);
  if (mapped) return answerMapped(c, mapped);
  const down = databaseUnavailable(err);
  if (down) {
    logFailure(c, 'error', down.code, 503, err);
    c.header('Retry-After', '5');
    return c.json(errorBody(down.code, down.message), 503);
  }
  logFailure(c, 'error', 'INTERNAL', 500, err);
  return c.json(errorBody('INTERNAL', 'Internal server error'), 500);
}

/**
 * A database error the input caused: the client gets its 4xx, and the operator a warning (an
 * edge check is missing: the request should have been refused before the database).
 */
function answerMapped(c: Context, err: AppError): Response {
  const status = httpStatus(err);
  logFailure(c, 'warn', err.code, status, err);
  return c.json(errorBody(err.code, err.message, err.details), status);
}

/** JSON 404 under /api (clients parse it); plain text elsewhere. */
export function handleNotFound(c: Context): Response {
  if (c.req.path === '/api' || c.req.path.startsWith('/api/')) {
    return c.json(errorBody('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`), 404);
  }
  return c.text('Not Found', 404);
}
