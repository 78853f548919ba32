/**
 * The one place errors become HTTP responses: `{error: {code, message, details}}`. An
 * AppError's kind (runtime/error-codes.ts) gives its status here and nowhere else; anything
 * else is a bug, logged to stderr with its stack and answered 500 INTERNAL without the stack
 * (no internals reach a client).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorKind } from '../runtime/errors.ts';

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

export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    const status = httpStatus(err);
    // Codes and ids only: messages of server-side failures name no form contents or SQL parameters.
    if (status >= 500) console.error(`[${err.code}]`, err.message, err.cause ?? '');
    // 429: how long to wait, from details.retryAfterSeconds (sign-in throttling).
    const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (err.kind === 'throttled' && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter));
    return c.json(errorBody(err.code, err.message, err.details), status);
  }
  // Hono's own middleware (e.g. a 401 from a helper) throws HTTPException; keep its status.
  if (err instanceof HTTPException && err.status < 500) {
    return c.json(errorBody(`HTTP_${err.status}`, err.message || 'Request failed'), err.status as ContentfulStatusCode);
  }
  console.error(`[INTERNAL] ${c.req.method} ${c.req.path}:`, err);
  return c.json(errorBody('INTERNAL', 'Internal server error'), 500);
}

/** JSON 404 under /api (clients parse it); plain text elsewhere. */
export function handleNotFound(c: Context): Response {
  if (c.req.path === '/api' || c.req.path.startsWith('/api/')) {
    return c.json(errorBody('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`), 404);
  }
  return c.text('Not Found', 404);
}
