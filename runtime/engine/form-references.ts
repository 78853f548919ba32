/**
 * References to people and units inside form data, found through the fields' `x-ui.widget`
 * (deputy-picker, unit-picker, user-picker). The engine only finds them; the store checks
 * that each one exists in the caller's county.
 */
import type { JsonSchema } from './types.ts';

export type ReferenceKind = 'deputy' | 'unit' | 'user';

export interface FormReference {
  pointer: string;
  kind: ReferenceKind;
  id: string;
}

const WIDGETS: Record<string, ReferenceKind> = { 'deputy-picker': 'deputy', 'unit-picker': 'unit', 'user-picker': 'user' };

function widgetOf(schema: unknown): ReferenceKind | undefined {
  const ui = (schema as { 'x-ui'?: { widget?: unknown } } | undefined)?.['x-ui'];
  return typeof ui?.widget === 'string' ? WIDGETS[ui.widget] : undefined;
}

/** Every referenced id in `data` (top-level fields, lists, and objects inside lists). */
export function formReferences(schema: JsonSchema, data: unknown, base = ''): FormReference[] {
  const out: FormReference[] = [];
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  for (const [name, sub] of Object.entries(props)) {
    const value = (data as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    const pointer = `${base}/${name}`;
    const kind = widgetOf(sub);
    if (kind && typeof value === 'string') out.push({ pointer, kind, id: value });
    else if (Array.isArray(value)) {
      const items = (sub.items ?? {}) as JsonSchema;
      value.forEach((v, i) => {
        if (kind && typeof v === 'string') out.push({ pointer: `${pointer}/${i}`, kind, id: v });
        else if (v !== null && typeof v === 'object') out.push(...formReferences(items, v, `${pointer}/${i}`));
      });
    } else if (typeof value === 'object') out.push(...formReferences(sub, value, pointer));
  }
  return out;
}
