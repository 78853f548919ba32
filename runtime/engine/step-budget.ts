/**
 * How much one action may write. Together with XState's microstep bound (xstate-adapter.ts)
 * and the engine's bound on internal events (step.ts), this keeps the work of one step
 * bounded whatever a package says: without it, an eventless loop whose guard stays true for
 * 40 rounds and whose action doubles a list (`merge` of the list with itself) would build
 * 2^40 items and take the server down for every county before any other bound is reached.
 * Real contexts are far below these limits (the largest shipped walk writes lists of a few
 * hundred items and texts of a few thousand characters).
 */
import { AppError } from '../errors.ts';

/** Items (array elements, object members and scalars) one written value may hold. */
export const MAX_VALUE_NODES = 200_000;
/** Characters of text (keys and strings) one written value may hold. */
export const MAX_VALUE_CHARS = 4_000_000;

/** Throws STEP_BUDGET when `value` is larger than one action may write; stops counting at the limit. */
export function assertWithinBudget(value: unknown, path: string): void {
  let nodes = 0;
  let chars = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    nodes++;
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        chars += k.length;
        stack.push(item);
      }
    }
    if (nodes > MAX_VALUE_NODES || chars > MAX_VALUE_CHARS) {
      throw new AppError('STEP_BUDGET', `An action would write more to ${path} than one step may (over ${MAX_VALUE_NODES} items or ${MAX_VALUE_CHARS} characters)`, { path });
    }
  }
}
