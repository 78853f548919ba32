/**
 * Request bodies. Routes read JSON through `readJson` so malformed input is always a 400
 * INVALID_JSON (never a 500 from a SyntaxError deep in a handler).
 */
import type { Context } from 'hono';
import { AppError } from '../runtime/errors.ts';

/** Parses the body as JSON; an empty or malformed body → 400 INVALID_JSON. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new AppError(400, 'INVALID_JSON', 'The request body is empty; JSON expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError(400, 'INVALID_JSON', `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
