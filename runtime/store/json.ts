/** jsonb arrives parsed from both pg and PGlite (a jsonb string stays a string); this only names the type. */
export function parseJson<T>(value: unknown): T {
  return value as T;
}
