/**
 * Form fields whose values come from the case itself (`meta.task.choices`): the standing
 * committee picks among the candidates a vote left out, each shown by title with its votes,
 * and at most as many as seats are empty. The task view narrows the outcome form's schema to
 * those values (so the form offers them as choices); completing the task checks them again
 * here, as field errors in words, because the package's form alone cannot know them. Pure.
 *
 * ### Example
 * ```json
 * "choices": { "projectIds": { "from": "context.notChosen", "label": "{item.name}（{item.votes}票）",
 *              "label_en": "{item.name} ({item.votes} votes)", "max": "context.shortfall.seatsLeft" } }
 * ```
 */
import type { FieldError } from '../errors.ts';
import { readPath, renderTemplate } from './paths.ts';
import type { JsonSchema, TaskChoiceSpec } from './types.ts';

export interface ChoiceOption {
  value: string;
  label: string;
  label_en: string;
}

export interface ResolvedChoices {
  options: ChoiceOption[];
  /** The most values an array field may hold; null: no limit beyond the options. */
  max: number | null;
}

/** Each field's options and limit, read from the instance's context now. */
export function resolveChoices(specs: Record<string, TaskChoiceSpec> | undefined, context: Record<string, unknown>): Record<string, ResolvedChoices> {
  const out: Record<string, ResolvedChoices> = {};
  for (const [field, spec] of Object.entries(specs ?? {})) {
    const list = readPath({ context }, spec.from);
    const items = Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)) : [];
    const options = items
      .map((item) => ({
        value: String(item[spec.value ?? 'id'] ?? ''),
        label: renderTemplate(spec.label, { context, item }),
        label_en: renderTemplate(spec.label_en ?? spec.label, { context, item }),
      }))
      .filter((o) => o.value !== '');
    const limit = spec.max === undefined ? null : typeof spec.max === 'number' ? spec.max : readPath({ context }, spec.max);
    out[field] = { options, max: typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : null };
  }
  return out;
}

const asOneOf = (options: ChoiceOption[]) => options.map((o) => ({ const: o.value, title: o.label, 'x-ui': { label_en: o.label_en } }));

/** The form's schema with each chosen field offering only its options (array fields: up to `max`). */
export function narrowForm(schema: JsonSchema, choices: Record<string, ResolvedChoices>): JsonSchema {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const fields = Object.keys(choices).filter((f) => Object.hasOwn(props, f));
  if (fields.length === 0) return schema;
  const next: Record<string, JsonSchema> = { ...props };
  for (const f of fields) {
    const c = choices[f] as ResolvedChoices;
    const field = props[f] as JsonSchema;
    if (field.type === 'array') {
      const max = Math.min(c.max ?? c.options.length, c.options.length);
      const items = c.options.length > 0 ? { type: 'string', oneOf: asOneOf(c.options) } : { type: 'string' };
      next[f] = { ...field, items, uniqueItems: true, maxItems: max };
    } else if (c.options.length > 0) {
      next[f] = { ...field, oneOf: asOneOf(c.options) };
    }
  }
  return { ...schema, properties: next };
}

/** Values not among the options, and more values than `max`, as field errors. */
export function choiceErrors(choices: Record<string, ResolvedChoices>, data: unknown): FieldError[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const out: FieldError[] = [];
  for (const [field, c] of Object.entries(choices)) {
    const value = (data as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    const allowed = new Set(c.options.map((o) => o.value));
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      if (typeof v !== 'string' || !allowed.has(v)) {
        const pointer = Array.isArray(value) ? `/${field}/${i}` : `/${field}`;
        out.push({ pointer, message: '所选项不在可选范围内', message_en: 'is not one of the choices offered', keyword: 'choices' });
      }
    });
    if (Array.isArray(value) && c.max !== null && value.length > c.max) {
      out.push({ pointer: `/${field}`, message: `最多可选${c.max}项`, message_en: `at most ${c.max} may be chosen`, keyword: 'choices' });
    }
  }
  return out;
}
