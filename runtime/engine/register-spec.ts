/**
 * The register (台账) of a process, as data in its package: which columns a county's office
 * sees for every instance, which filters apply to which context path, and which columns the
 * search box looks in. The shape is checked by the package schema (REGISTER_SCHEMA below), its
 * paths, labels and keys by `checkRegister` (code INVALID_REGISTER, with the pointer).
 *
 * A package without a `register` section gets DEFAULT_REGISTER_COLUMNS (标题, 状态, 发起时间).
 *
 *   "register": {
 *     "columns": [
 *       { "key": "serialNo", "title": "编号", "title_en": "No.", "path": "context.serialNo" },
 *       { "key": "title", "title": "标题", "title_en": "Title", "kind": "title" },
 *       { "key": "lead", "title": "领衔代表", "title_en": "Lead deputy", "kind": "user", "path": "context.leadDeputyId" },
 *       { "key": "category", "title": "类别", "title_en": "Category", "kind": "enum", "path": "context.categoryCode",
 *         "labels": { "form": "registration", "field": "categoryCode" } }
 *     ],
 *     "filters": { "category": "context.categoryCode", "unit": "context.answeringUnitIds" },
 *     "search": ["serialNo", "title", "lead"]
 *   }
 */
/** A JSON Schema as plain data (the same as types.ts's; declared here so types.ts can import this file without a cycle). */
type JsonSchema = { [key: string]: unknown };

/**
 * What a column shows:
 * - `text` (default), `number`: the value at `path` as it is;
 * - `date`: an ISO date-time at `path`, shown as the county's local date;
 * - `boolean`: 是 / 否;
 * - `enum`: the value at `path` by the title of its option in a form (`labels`);
 * - `user` / `users`: a user id (or list) at `path`, shown by display name;
 * - `unit` / `units`: a unit id (or list) at `path`, shown by the unit's name;
 * - `title`: the instance's title; `state`: its state in words; `created`: when it started;
 * - `due`: the earliest due date of the open tasks of the instance and its child processes;
 * - `overdue`: 是 when a task of the instance or of its child processes went past its due date.
 */
export const REGISTER_COLUMN_KINDS = ['text', 'number', 'date', 'boolean', 'enum', 'user', 'users', 'unit', 'units', 'title', 'state', 'created', 'due', 'overdue'] as const;
export type RegisterColumnKind = (typeof REGISTER_COLUMN_KINDS)[number];

/** Kinds that read a context path (`path` required); the others are computed. */
export const PATH_KINDS: readonly RegisterColumnKind[] = ['text', 'number', 'date', 'boolean', 'enum', 'user', 'users', 'unit', 'units'];
/** Kinds the search box may look in: the words of a text or title, a user's name. */
export const SEARCHABLE_KINDS: readonly RegisterColumnKind[] = ['text', 'title', 'user'];

export interface RegisterColumn {
  key: string;
  title: string;
  title_en: string;
  kind?: RegisterColumnKind;
  /** A context path (`context.serialNo`) for the kinds that read one. */
  path?: string;
  /** Where an `enum` column finds its words: a form and a field of it (dotted for nested objects). */
  labels?: { form: string; field: string };
}

/** Filters the register offers, each on a context path (key supervision: the values that count as 重点督办). */
export interface RegisterFilters {
  term?: string;
  session?: string;
  /** A context path holding the year as a number; without it the year the instance started (county time). */
  year?: string;
  category?: string;
  /** A unit id or a list of them. */
  unit?: string;
  key?: { path: string; values: string[] };
}

export interface RegisterSpec {
  /** The register's name (代表建议台账), also the export's file name; default: the process title + 台账. */
  title?: string;
  title_en?: string;
  columns: RegisterColumn[];
  filters?: RegisterFilters;
  /** Keys of columns the search box looks in (text, title or user columns); default: the title. */
  search?: string[];
}

export const DEFAULT_REGISTER: RegisterSpec = {
  columns: [
    { key: 'title', title: '标题', title_en: 'Title', kind: 'title' },
    { key: 'state', title: '状态', title_en: 'State', kind: 'state' },
    { key: 'created', title: '发起时间', title_en: 'Started', kind: 'created' },
  ],
  search: ['title'],
};

const pathString = { type: 'string', minLength: 1 };

export const REGISTER_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['columns'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1 },
    title_en: { type: 'string', minLength: 1 },
    columns: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'title', 'title_en'],
        additionalProperties: false,
        properties: {
          key: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
          title: { type: 'string', minLength: 1 },
          title_en: { type: 'string', minLength: 1 },
          kind: { enum: [...REGISTER_COLUMN_KINDS] },
          path: pathString,
          labels: {
            type: 'object',
            required: ['form', 'field'],
            additionalProperties: false,
            properties: { form: { type: 'string' }, field: { type: 'string' } },
          },
        },
      },
    },
    filters: {
      type: 'object',
      additionalProperties: false,
      properties: {
        term: pathString,
        session: pathString,
        year: pathString,
        category: pathString,
        unit: pathString,
        key: {
          type: 'object',
          required: ['path', 'values'],
          additionalProperties: false,
          properties: { path: pathString, values: { type: 'array', minItems: 1, items: { type: 'string' } } },
        },
      },
    },
    search: { type: 'array', items: { type: 'string' } },
  },
};

/** A register path: `context.` and then plain keys (no `event`, `item` or `now`: a register reads only stored data). */
export function isRegisterPath(path: unknown): path is string {
  return typeof path === 'string' && /^context(\.[A-Za-z0-9_]+)+$/.test(path);
}

/** The options of an enum field of a form: `{const, title, x-ui.label_en}` (oneOf) or a bare `enum`. */
export function enumOptions(schema: JsonSchema | undefined, field: string): Array<{ value: string; title: string; title_en: string }> | null {
  let node: unknown = schema;
  for (const part of field.split('.')) {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node = props && Object.hasOwn(props, part) ? props[part] : undefined;
  }
  if (node === null || typeof node !== 'object') return null;
  const n = node as { oneOf?: unknown; enum?: unknown; items?: unknown };
  if (Array.isArray(n.oneOf)) {
    return n.oneOf
      .filter((o): o is { const: unknown; title?: unknown; 'x-ui'?: { label_en?: unknown } } => o !== null && typeof o === 'object' && 'const' in o)
      .map((o) => {
        const title = typeof o.title === 'string' ? o.title : String(o.const);
        return { value: String(o.const), title, title_en: typeof o['x-ui']?.label_en === 'string' ? o['x-ui'].label_en : title };
      });
  }
  if (Array.isArray(n.enum)) return n.enum.map((v) => ({ value: String(v), title: String(v), title_en: String(v) }));
  return null;
}

/** One problem in a register section: its pointer (under /register) and what is wrong. */
export interface RegisterProblem {
  pointer: string;
  message: string;
}

/**
 * Whether a context path names a place the context schema has: each key must be one of its
 * object's `properties` where the object lists them; below an object that lists none (an open
 * `{type: object}`), any key is accepted. No context schema: any path.
 */
export function contextHasPath(context: JsonSchema | undefined, path: string): boolean {
  let node: unknown = context;
  for (const part of path.split('.').slice(1)) {
    if (node === null || typeof node !== 'object') return true;
    const props = (node as { properties?: unknown }).properties;
    if (props === null || typeof props !== 'object') return true;
    if (!Object.hasOwn(props, part)) return false;
    node = (props as Record<string, unknown>)[part];
  }
  return true;
}

/** Paths, labels and keys of a register whose shape the package schema already accepted. */
export function registerProblems(spec: RegisterSpec, forms: Record<string, JsonSchema>, context?: JsonSchema): RegisterProblem[] {
  const out: RegisterProblem[] = [];
  const badPath = (path: unknown) => !isRegisterPath(path) ? 'is not a context path such as context.serialNo' : !contextHasPath(context, path) ? 'names nothing in the context schema' : null;
  const keys = new Map<string, RegisterColumn>();
  spec.columns.forEach((col, i) => {
    const at = `/register/columns/${i}`;
    const kind = col.kind ?? 'text';
    if (keys.has(col.key)) out.push({ pointer: `${at}/key`, message: `Column key "${col.key}" is used twice` });
    keys.set(col.key, col);
    if (PATH_KINDS.includes(kind)) {
      const bad = badPath(col.path);
      if (bad) out.push({ pointer: `${at}/path`, message: `Column "${col.key}" (${kind}) needs "path" into the context: ${JSON.stringify(col.path ?? null)} ${bad}` });
    } else if (col.path !== undefined) {
      out.push({ pointer: `${at}/path`, message: `A ${kind} column is computed and takes no path` });
    }
    if (kind === 'enum') {
      const form = col.labels?.form ?? '';
      if (!col.labels) out.push({ pointer: at, message: 'An enum column needs "labels": {form, field} to show its words' });
      else if (!Object.hasOwn(forms, form)) out.push({ pointer: `${at}/labels/form`, message: `Form "${form}" is not in forms` });
      else if (!enumOptions(forms[form], col.labels.field)) out.push({ pointer: `${at}/labels/field`, message: `"${col.labels.field}" is not a field with options in form "${form}"` });
    } else if (col.labels !== undefined) {
      out.push({ pointer: `${at}/labels`, message: 'Only an enum column takes labels' });
    }
  });
  for (const [name, value] of Object.entries(spec.filters ?? {})) {
    const path = name === 'key' ? (value as { path: unknown }).path : value;
    const at = name === 'key' ? `/register/filters/key/path` : `/register/filters/${name}`;
    const bad = badPath(path);
    if (bad) out.push({ pointer: at, message: `Filter "${name}" needs a path into the context: ${JSON.stringify(path)} ${bad}` });
  }
  (spec.search ?? []).forEach((key, i) => {
    const col = keys.get(key);
    if (!col) out.push({ pointer: `/register/search/${i}`, message: `Search column "${key}" is not a column of the register` });
    else if (!SEARCHABLE_KINDS.includes(col.kind ?? 'text')) out.push({ pointer: `/register/search/${i}`, message: `Search looks in text, title or user columns; "${key}" is ${col.kind}` });
  });
  return out;
}
