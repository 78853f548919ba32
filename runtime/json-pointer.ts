/** JSON pointers (RFC 6901): the one place `~` and `/` in a key are escaped (`~0`, `~1`). */

/** A pointer from unescaped parts: `pointer('machine', 'states', 'a/b')` → `/machine/states/a~1b`. */
export function pointer(...parts: Array<string | number>): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `base` extended by one key or index. */
export function childPointer(base: string, token: string | number): string {
  return `${base}${pointer(token)}`;
}
