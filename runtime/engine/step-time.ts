/**
 * The time of the step being computed, carried inside the machine's context under a symbol.
 *
 * Guards, assign actions and delays run inside XState's pure `transition()` and see only
 * `{context, event}`; XState's own events (`done.state.*`, eventless transitions) carry no
 * time of ours. Keeping the time on the context object of this one step — rather than on a
 * shared, cached definition — keeps the compiled definition immutable and two steps of two
 * counties independent. A symbol key is invisible to definitions (JSON Logic, paths), is
 * carried along by XState's `assign` (object spread copies symbol keys) and is dropped by
 * `getPersistedSnapshot` (it copies string keys only), so it never reaches the database.
 */

const STEP_TIME = Symbol('congress-flow.stepTime');

type WithTime = Record<string, unknown> & { [STEP_TIME]?: Date };

/** The same context object, carrying `at` as the time of the step. */
export function withStepTime<T extends Record<string, unknown>>(context: T, at: Date): T {
  (context as WithTime)[STEP_TIME] = at;
  return context;
}

/** The time of the step whose context this is; a context without one is an engine bug. */
export function stepTime(context: Record<string, unknown>): Date {
  const at = (context as WithTime)[STEP_TIME];
  if (!(at instanceof Date)) throw new Error('congress-flow engine: a guard or action ran outside a step (no step time on the context)');
  return at;
}
