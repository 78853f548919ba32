/**
 * HTTP `Prefer: return=minimal` (RFC 7240 §4.2): the client does not want the resource in the
 * answer (the portal navigates to the instance page after a start or a completion). Preferences
 * are comma-separated, names case-insensitive, a value may be quoted, parameters after `;` are
 * ignored; anything else (return=representation, a misspelt value, no header) leaves the full
 * answer. A server that honours it says so in `Preference-Applied`.
 */
export function prefersMinimal(header: string | undefined): boolean {
  if (!header) return false;
  for (const pref of header.split(',')) {
    const [token] = pref.split(';');
    const m = /^\s*return\s*=\s*("?)minimal\1\s*$/i.exec(token ?? '');
    if (m) return true;
  }
  return false;
}

export const PREFERENCE_APPLIED_MINIMAL = { 'preference-applied': 'return=minimal' } as const;
