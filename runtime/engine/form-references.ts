/**
 * References to people and units inside form data, found through the fields' `x-ui.widget`
 * (deputy-picker, unit-picker, user-picker). The engine only finds them; the store checks
 * that each one exists in the caller's county.
 */
import type { JsonSchema } from './types.ts';

export type ReferenceKind = 'deputy' | 'unit' | 'user' | 'suggestion';

export interface FormReference {
  pointer: string;
  kind: ReferenceKind;
  id: string;
  /** A listed suggestion: the title the form shows for it (the store checks it is the suggestion's own). */
  title?: string;
}

/**
 * `x-ui.widget: "suggestion-list"`: a list of rows `{instanceId, serialNo, title}` naming running
 * suggestions of the county (a 重点督办 theme's suggestions), chosen by number and title.
 */
const LIST_WIDGETS: Record<string, ReferenceKind> = { 'suggestion-list': 'suggestion' };

const WIDGETS: Record<string, ReferenceKind> = { 'deputy-picker': 'deputy', 'unit-picker': 'unit', 'user-picker': 'user' };

function widgetOf(schema: unknown): ReferenceKind | undefined {
  const ui = (schema as { 'x-ui'?: { widget?: unknown } } | undefined)?.['x-ui'];
  return typeof ui?.widget === 'string' ? WIDGETS[ui.widget] : undefined;
}

function listWidgetOf(schema: unknown): ReferenceKind | undefined {
  const ui = (schema as { 'x-ui'?: { widget?: unknown } } | undefined)?.['x-ui'];
  return typeof ui?.widget === 'string' && Object.hasOwn(LIST_WIDGETS, ui.widget) ? LIST_WIDGETS[ui.widget] : undefined;
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
    const listKind = listWidgetOf(sub);
    if (listKind && Array.isArray(value)) {
      value.forEach((v, i) => {
        const row = v !== null && typeof v === 'object' ? (v as { instanceId?: unknown; title?: unknown }) : {};
        if (typeof row.instanceId === 'string') out.push({ pointer: `${pointer}/${i}`, kind: listKind, id: row.instanceId, title: typeof row.title === 'string' ? row.title : '' });
      });
    } else if (kind && typeof value === 'string') out.push({ pointer, kind, id: value });
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
