/**
 * Words, not codes: the checks that every thing a person sees has a Chinese title.
 *
 * - every state (the instance page names the current one, the diagram draws them all) has
 *   `meta.title`; history states are not shown and the machine itself is the process title;
 * - every event a person reads (a task's outcome buttons, the history rows, the start event)
 *   has a title in the package's `events` map, and the outcomes of one task read differently
 *   (two buttons both labelled 审议意见 cannot be told apart); the engine's own events have
 *   built-in words (event-titles.ts);
 * - every choice in a form has a title: each `const` of a `oneOf`/`anyOf` list, and a bare
 *   `enum` is refused unless its values are themselves Chinese words (a bare enum has no
 *   place for a title).
 *
 * Pure: called from `checkPackage` with its `add`.
 */
import { pointer } from '../json-pointer.ts';
import type { CheckCode } from './check-codes.ts';
import { ENGINE_EVENT_TITLES } from './event-titles.ts';
import type { JsonSchema, ProcessPackage, StateJson } from './types.ts';

type Add = (code: CheckCode, ptr: string, message: string) => void;

const HAN = /\p{Script=Han}/u;
const hasTitle = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

export function checkTitles(pkg: ProcessPackage, add: Add): void {
  checkStateTitles(pkg, add);
  checkEventTitles(pkg, add);
  for (const [name, schema] of Object.entries(pkg.forms)) checkChoiceTitles(schema, pointer('forms', name), name, add);
}

function eachState(state: StateJson, ptr: string, visit: (key: string, s: StateJson, ptr: string) => void): void {
  for (const [key, child] of Object.entries(state.states ?? {})) {
    const cptr = `${ptr}${pointer('states', key)}`;
    visit(key, child, cptr);
    eachState(child, cptr, visit);
  }
}

function checkStateTitles(pkg: ProcessPackage, add: Add): void {
  eachState(pkg.machine, '/machine', (key, s, ptr) => {
    if (s.type === 'history') return;
    if (!hasTitle(s.meta?.title)) add('STATE_WITHOUT_TITLE', `${ptr}/meta/title`, `State "${key}" has no title (meta.title) for the people who read where an item stands`);
  });
}

const titleOf = (pkg: ProcessPackage, event: string): string | null => {
  const own = pkg.events && Object.hasOwn(pkg.events, event) ? pkg.events[event] : undefined;
  return own && hasTitle(own.title) ? own.title : null;
};

function checkEventTitles(pkg: ProcessPackage, add: Add): void {
  const seen = new Set<string>();
  const need = (event: string, ptr: string) => {
    if (seen.has(event) || Object.hasOwn(ENGINE_EVENT_TITLES, event)) return;
    seen.add(event);
    if (!titleOf(pkg, event)) add('EVENT_WITHOUT_TITLE', ptr, `Event "${event}" has no title in the package's events: buttons and history would show the code`);
  };
  if (pkg.start?.event) need(pkg.start.event, '/start/event');
  const visit = (s: StateJson, ptr: string) => {
    const outcomes = s.meta?.task?.outcomes ?? {};
    const byTitle = new Map<string, string>();
    for (const event of Object.keys(outcomes)) {
      const optr = `${ptr}/meta/task${pointer('outcomes', event)}`;
      need(event, optr);
      const title = titleOf(pkg, event);
      if (title === null) continue;
      const other = byTitle.get(title);
      if (other !== undefined) add('OUTCOME_TITLES_ALIKE', optr, `Outcomes "${other}" and "${event}" of one task are both titled "${title}"`);
      else byTitle.set(title, event);
    }
    for (const event of Object.keys(s.on ?? {})) need(event, `${ptr}${pointer('on', event)}`);
  };
  visit(pkg.machine, '/machine');
  eachState(pkg.machine, '/machine', (_key, s, ptr) => visit(s, ptr));
}

const CHOICE_LISTS = ['oneOf', 'anyOf'] as const;
/** Where the fields of a form live; `if`, `not`, `contains` and `propertyNames` only test values and show nothing. */
const FIELD_MAPS = ['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'] as const;
const FIELD_SCHEMAS = ['items', 'additionalProperties', 'then', 'else'] as const;

function isSchema(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every choice a person picks in a form has a Chinese title. */
function checkChoiceTitles(schema: JsonSchema, ptr: string, form: string, add: Add): void {
  for (const key of CHOICE_LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const consts = list.every((o) => isSchema(o) && Object.hasOwn(o, 'const'));
    list.forEach((o, i) => {
      if (!isSchema(o)) return;
      if (consts && !hasTitle(o.title)) add('CHOICE_WITHOUT_TITLE', `${ptr}/${key}/${i}/title`, `Form "${form}": the choice ${JSON.stringify(o.const)} has no title`);
      if (!consts) checkChoiceTitles(o, `${ptr}/${key}/${i}`, form, add);
    });
  }
  if (Array.isArray(schema.enum) && !schema.enum.every((v) => typeof v === 'string' && HAN.test(v))) {
    add('CHOICE_WITHOUT_TITLE', `${ptr}/enum`, `Form "${form}": a bare enum has no titles for its values; write it as oneOf [{const, title, title_en}]`);
  }
  if (Array.isArray(schema.allOf)) schema.allOf.forEach((o, i) => isSchema(o) && checkChoiceTitles(o, `${ptr}/allOf/${i}`, form, add));
  if (Array.isArray(schema.prefixItems)) schema.prefixItems.forEach((o, i) => isSchema(o) && checkChoiceTitles(o, `${ptr}/prefixItems/${i}`, form, add));
  for (const key of FIELD_MAPS) {
    const map = schema[key];
    if (!isSchema(map)) continue;
    for (const [name, sub] of Object.entries(map)) if (isSchema(sub)) checkChoiceTitles(sub, `${ptr}${pointer(key, name)}`, form, add);
  }
  for (const key of FIELD_SCHEMAS) {
    const sub = schema[key];
    if (isSchema(sub)) checkChoiceTitles(sub, `${ptr}/${key}`, form, add);
  }
}
