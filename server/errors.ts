/**
 * The one place errors become HTTP responses: `{error: {code, message, details}}`. An
 * AppError carries its own status; anything else is a bug, logged to stderr with its stack and
 * answered 500 INTERNAL without the stack (no internals reach a client).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../runtime/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    if (err.status >= 500) console.error(`[${err.code}]`, err.message, err.cause ?? '');
    return c.json(errorBody(err.code, err.message, err.details), err.status);
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
