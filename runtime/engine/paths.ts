/**
 * Dotted paths into instance data: `context.a.b`, `event.data.x`, `item.unitId`, `item`.
 * Definitions name data only through these paths; no code travels inside a definition.
 */

export type Scope = Record<string, unknown>;

/**
 * Read a dotted path from a scope such as `{context, event, item}`. Missing → undefined.
 * Own properties only: `context.constructor` or `context.__proto__` read nothing, not Object's.
 */
export function readPath(scope: Scope, path: string): unknown {
  let current: unknown = scope;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Write a `context.`-rooted path immutably and return the new context. Intermediate objects
 * are created as needed.
 */
export function writeContextPath(
  context: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const parts = stripContext(path).split('.');
  return writeParts(context, parts, value);
}

function writeParts(target: Record<string, unknown>, parts: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = parts as [string, ...string[]];
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  const next = child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...target, [head]: writeParts(next, rest, value) };
}

export function stripContext(path: string): string {
  return path.startsWith('context.') ? path.slice('context.'.length) : path;
}

/** Fill `{path}` placeholders of a template from a scope ("{context.title}"). */
export function renderTemplate(template: string, scope: Scope): string {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (_, path: string) => {
    const value = readPath(scope, path);
    return value === undefined || value === null ? '' : String(value);
  });
}

/** `{deadline:<delay>}` in a message names the day that delay, counted from now on the county's calendar, ends (action-effects.ts). */
export const DEADLINE_PLACEHOLDER = /\{deadline:([A-Za-z][A-Za-z0-9_]*)\}/g;

/** `{date:<path>}` in a message: the date or deadline instant at that path, as a day in words (action-effects.ts). */
export const DATE_PLACEHOLDER = /\{date:([A-Za-z0-9_.]+)\}/g;

/** Roots a path may start with. */
export const PATH_ROOTS = ['context', 'event', 'item', 'now'] as const;

export function isValidPath(path: unknown, roots: readonly string[] = PATH_ROOTS): path is string {
  if (typeof path !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/.test(path)) return false;
  return roots.includes(path.split('.')[0] as string);
}

/** The snapshot with a value written into its context (the store uses it for serial numbers it allocates). */
export function assignToContext<S extends { machine: { context: Record<string, unknown> } }>(snapshot: S, path: string, value: unknown): S {
  return { ...snapshot, machine: { ...snapshot.machine, context: writeContextPath(snapshot.machine.context, path, value) } };
}

/**
 * The snapshot with a serial number the store allocated written where its `allocateSerial`
 * effect says: at `to`, and — with `recordIn`, the list the same step appended the numbered
 * object to (a unit's issued letters, `context.answers`) — on that list's last entry under
 * `to`'s last key, so every letter ever issued keeps its number after the next one replaces
 * `to`. The store and the history replay both write serials through this one function.
 */
export function writeSerial<S extends { machine: { context: Record<string, unknown> } }>(snapshot: S, effect: { to: string; recordIn?: string }, value: string): S {
  const written = assignToContext(snapshot, effect.to, value);
  if (!effect.recordIn) return written;
  const list = readPath({ context: written.machine.context }, effect.recordIn);
  const last = Array.isArray(list) ? list[list.length - 1] : undefined;
  if (last === null || typeof last !== 'object' || Array.isArray(last)) return written;
  const key = effect.to.slice(effect.to.lastIndexOf('.') + 1);
  return assignToContext(written, effect.recordIn, [...(list as unknown[]).slice(0, -1), { ...(last as Record<string, unknown>), [key]: value }]);
}
