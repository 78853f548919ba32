/**
 * What a log line may say about an error: its name, SQLSTATE and stack frames — never its
 * message. A database error's message repeats the value it refused ("invalid input syntax for
 * type integer: \"…\""), pg's and PGlite's errors carry the SQL text and its parameters (form
 * contents), and a JSON.parse message quotes the body. Issue 13 found every HTTP 500 writing
 * the SQL with its parameters to the log; server/errors.ts and the scheduler log through here.
 */

/** The SQLSTATE (and column) of a database error, looked for along the `cause` chain (5 links at most). */
export function sqlStateOf(err: unknown): { code: string; column?: string } | null {
  let e: unknown = err;
  for (let i = 0; i < 5 && e !== null && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    // SQLSTATE classes: two digits, or HV, P0, XX, F0 (Node's own codes are EPIPE, ECONNRESET, …).
    if (typeof code === 'string' && /^([0-9]{2}|HV|P0|XX|F0)[0-9A-Z]{3}$/.test(code)) {
      const column = (e as { column?: unknown }).column;
      return { code, ...(typeof column === 'string' && column !== '' ? { column } : {}) };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** `{error, sqlstate?, frames?}` of an error, for a JSON log line (see above: no message). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err === null || typeof err !== 'object') return { error: typeof err };
  const out: Record<string, unknown> = { error: typeof (err as Error).name === 'string' ? (err as Error).name : 'object' };
  const appCode = (err as { code?: unknown }).code;
  if (err instanceof Error && err.name === 'AppError' && typeof appCode === 'string') out.code = appCode;
  const state = sqlStateOf(err);
  if (state) out.sqlstate = state.code;
  const stack = (err as Error).stack;
  if (typeof stack === 'string') out.frames = stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 8).map((l) => l.trim());
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== null && typeof cause === 'object') out.cause = errorFields(cause);
  return out;
}
