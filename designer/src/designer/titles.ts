/**
 * What the designer shows a person for a state or an event: the definition's words, with the
 * key or event name only where nothing names it. A history state has no title of its own, so
 * it reads as what it is (深历史 H* / 浅历史 H).
 */
import { eventTitle } from '../../../runtime/engine/index.ts';
import { label, lang, t } from '../i18n.ts';
import type { ProcessPackage, StateNode } from './model.ts';

/** "审核答复", "深历史 H*", or the key when the state has no title. */
export function stateTitle(n: StateNode | undefined): string {
  if (!n) return '';
  const own = label(n.json.meta);
  if (own) return own;
  if (n.json.type === 'history') return n.json.history === 'deep' ? `${t('dgDeepHistory')} H*` : `${t('dgShallowHistory')} H`;
  return n.key;
}

/** The titles from the outermost state down to `path`: "办理中 › 审核答复". */
export function stateChain(states: Map<string, StateNode>, path: string): string {
  if (!path) return '';
  const parts = path.split('.');
  return parts.map((_, i) => stateTitle(states.get(parts.slice(0, i + 1).join('.'))) || parts[i]).join(' › ');
}

/** The full path of each active leaf: `{active: {main: 'x', assist: 'done'}}` → active.main.x, active.assist.done. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** A `stateString` leaf after the first of a parallel state lacks its parents ("assist.done"): the one state path ending in it. */
function fullPath(states: Map<string, StateNode>, leaf: string): string {
  if (states.has(leaf)) return leaf;
  const found = [...states.keys()].filter((p) => p.endsWith(`.${leaf}`));
  return found.length === 1 ? (found[0] as string) : leaf;
}

/** An XState value (`{handling: 'reviewing'}`) or a `stateString` ("handling.reviewing, x.y") as titles, one chain per active leaf. */
export function valueTitles(states: Map<string, StateNode>, value: unknown): string {
  const leaves = typeof value === 'string' ? value.split(', ') : leafPaths(value);
  return leaves
    .filter(Boolean)
    .map((leaf) => stateChain(states, fullPath(states, leaf)))
    .join(lang() === 'zh' ? '；' : '; ');
}

/** The words of an event in the current language ("暂停办理"); the event name when the package has none. */
export function eventWords(pkg: Pick<ProcessPackage, 'events' | 'forms' | 'machine'>, event: string, form?: string | null): string {
  const w = eventTitle(pkg, event, form);
  return label(w);
}

/** A form as people know it: its title ("答复函"), the key only when it has none. */
export function formTitle(pkg: Pick<ProcessPackage, 'forms'>, form: string): string {
  const schema = Object.hasOwn(pkg.forms, form) ? pkg.forms[form] : undefined;
  return label(schema as Parameters<typeof label>[0]) || form;
}

/** A state for pickers and headings: its chain of titles ("主办 › 待签收"); the whole process for ''. */
export function statePlace(pkg: Pick<ProcessPackage, 'title' | 'title_en'>, states: Map<string, StateNode>, path: string): string {
  return path === '' ? label(pkg) : stateChain(states, path);
}

/** Words in brackets: full-width in Chinese, with a space in English. */
export const paren = (s: string): string => (lang() === 'zh' ? `（${s}）` : ` (${s})`);

export interface PathChoice {
  /** The path as the definition holds it: `context.unitId`, `event.data.docNo`, `item`. */
  path: string;
  title: string;
}

type Schema = { title?: unknown; title_en?: unknown; properties?: Record<string, Schema>; items?: Schema; 'x-ui'?: { label_en?: unknown } };

const propsOf = (s: Schema | undefined): Record<string, Schema> => (s && typeof s.properties === 'object' && s.properties !== null ? s.properties : {});
const schemaTitle = (s: Schema | undefined): string => label(s as Parameters<typeof label>[0]);

/** The schema a dotted path names below `root` (own properties only), or undefined. */
function schemaAt(root: Schema | undefined, keys: string[]): Schema | undefined {
  let cur = root;
  for (const k of keys) {
    const props = propsOf(cur);
    cur = Object.hasOwn(props, k) ? props[k] : undefined;
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * A data path in words, from the titles of the context schema, the forms and the settings:
 * `context.unitId` → 答复单位, `context.settings.maxRehandle` → 县级设置 · 最多重新办理次数,
 * `event.data.docNo` → 所填表单 · 文号, `item` → 列表中的每一项. The path itself only when
 * nothing names it.
 */
export function pathTitle(pkg: Pick<ProcessPackage, 'context' | 'forms' | 'settingsInfo'>, path: string, form?: string | null, forEach?: string): string {
  const [head, ...rest] = path.split('.');
  const ctx = pkg.context as Schema | undefined;
  if (head === 'context' && rest[0] === 'settings' && rest.length === 2) {
    const key = rest[1] as string;
    const info = pkg.settingsInfo && Object.hasOwn(pkg.settingsInfo, key) ? pkg.settingsInfo[key] : undefined;
    const w = label(info) || schemaTitle(schemaAt(ctx, rest));
    if (w) return `${t('dgSettings')} · ${w}`;
  }
  if (head === 'context') {
    const words = rest.map((_, i) => schemaTitle(schemaAt(ctx, rest.slice(0, i + 1))));
    if (rest.length > 0 && words.every(Boolean)) return words.join(' · ');
  }
  if (head === 'event' && rest[0] === 'data' && rest.length === 2) {
    const key = rest[1] as string;
    const forms = form ? [form] : Object.keys(pkg.forms);
    for (const f of forms) {
      const field = schemaAt(pkg.forms[f] as Schema | undefined, [key]);
      if (field && schemaTitle(field)) return `${form ? t('dgFilledForm') : formTitle(pkg, f)} · ${schemaTitle(field)}`;
    }
  }
  if (head === 'item' && forEach) {
    const list = forEach.startsWith('context.') ? schemaAt(ctx, forEach.split('.').slice(1)) : undefined;
    const listTitle = schemaTitle(list);
    const each = `${t('dgEachItem')}${listTitle ? paren(listTitle) : ''}`;
    if (rest.length === 0) return each;
    const sub = schemaAt(list?.items, rest);
    if (sub && schemaTitle(sub)) return `${each} · ${schemaTitle(sub)}`;
  }
  return path;
}

/** Who or which unit may act: the context's titled fields (one level into objects), and each item of a forEach list. */
export function contextChoices(pkg: Pick<ProcessPackage, 'context' | 'forms' | 'settingsInfo'>, forEach?: string, idsOnly = false): PathChoice[] {
  const out: PathChoice[] = [];
  const ctx = pkg.context as Schema | undefined;
  // An assignee or a unit is an id: a string field (lists, flags and records cannot name one).
  const fits = (s: Schema | undefined) => !idsOnly || [(s as { type?: unknown } | undefined)?.type].flat().includes('string');
  for (const [k, s] of Object.entries(propsOf(ctx))) {
    if (k === 'settings') continue;
    if (schemaTitle(s) && fits(s)) out.push({ path: `context.${k}`, title: pathTitle(pkg, `context.${k}`) });
    for (const sub of Object.keys(propsOf(s))) {
      const p = `context.${k}.${sub}`;
      const w = pathTitle(pkg, p);
      if (w !== p && fits(propsOf(s)[sub])) out.push({ path: p, title: w });
    }
  }
  if (forEach) out.unshift({ path: 'item', title: pathTitle(pkg, 'item', null, forEach) });
  return out;
}

/** What a guard may test, in words: the fields of the form the event carries (every form's when unknown), the context, the settings. */
export function guardChoices(pkg: ProcessPackage, form?: string | null): PathChoice[] {
  const out = new Map<string, string>();
  const forms = form ? [form] : Object.keys(pkg.forms);
  for (const f of forms) {
    for (const k of Object.keys(propsOf(pkg.forms[f] as Schema | undefined))) {
      const p = `event.data.${k}`;
      if (!out.has(p)) out.set(p, pathTitle(pkg, p, form ?? null));
    }
  }
  for (const c of contextChoices(pkg)) out.set(c.path, `${t('dgContext')} · ${c.title}`);
  for (const k of Object.keys(pkg.settings ?? {})) out.set(`context.settings.${k}`, pathTitle(pkg, `context.settings.${k}`));
  return [...out].map(([path, title]) => ({ path, title }));
}

/**
 * A key for something an admin names by its titles: from the English title when there is one
 * ("Send back" → SEND_BACK for an outcome, sendBack for a state), else the kind and a number
 * (OUTCOME_2, state2); never one already `taken`.
 */
export function keyFromTitle(titleEn: string, style: 'event' | 'state', taken: ReadonlySet<string>): string {
  const words = titleEn.normalize('NFKD').replace(/[^A-Za-z0-9 ]+/g, ' ').trim().split(/\s+/).filter(Boolean).slice(0, 4);
  let base = '';
  if (words.length > 0 && /^[A-Za-z]/.test(words[0] as string)) {
    base = style === 'event'
      ? words.map((w) => w.toUpperCase()).join('_')
      : words.map((w, i) => (i === 0 ? w.toLowerCase() : `${w[0]?.toUpperCase() ?? ''}${w.slice(1).toLowerCase()}`)).join('');
  }
  const fallback = style === 'event' ? 'OUTCOME' : 'state';
  const sep = style === 'event' ? '_' : '';
  if (base && !taken.has(base)) return base;
  const stem = base || fallback;
  for (let n = 2; ; n++) if (!taken.has(`${stem}${sep}${n}`)) return `${stem}${sep}${n}`;
}
