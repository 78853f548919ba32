/** Display forms of an XState state value. */

/** Flatten a state value into readable leaf paths: "screening" or "active.main.handling.drafting, active.assist.done". */
export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => {
      const inner = stateString(v);
      return inner ? `${k}.${inner}` : k;
    })
    .join(', ');
}

/** The last segment of a state id ("suggestion.inHandling.drafting" → "drafting"): task and child keys start with it. */
export function shortName(stateId: string): string {
  const parts = stateId.split('.');
  return parts[parts.length - 1] ?? stateId;
}
