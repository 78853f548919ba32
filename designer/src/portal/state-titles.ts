/**
 * Machine states by dotted path and their display titles (`meta.title` / `meta.title_en` of
 * the definition), for the instance page and the outcome titles of its history. A state is
 * never shown by its name: the checker refuses a package with an untitled state
 * (runtime/engine/check-titles.ts), and one stored before that rule shows as nothing.
 */
import type { StateJson } from '../api-types.ts';
import { label, lang } from '../i18n.ts';

export type States = Record<string, StateJson>;

/** The machine state at a dotted path ("active.main.handling.drafting"). */
export function stateAt(states: States | undefined, path: string): StateJson | undefined {
  let cur: StateJson | undefined;
  let level = states;
  for (const part of path.split('.')) {
    cur = level && Object.hasOwn(level, part) ? level[part] : undefined;
    level = cur?.states;
  }
  return cur;
}

/** A state's title in the current language ('' when it has none). */
export const stateName = (s: StateJson | undefined): string =>
  s?.meta ? label({ title: s.meta.title, title_en: s.meta.title_en }) : '';

/** "active.main.handling.drafting, active.assist.done" → "起草答复；协办意见已齐". */
export function stateTitle(states: States | undefined, state: string | null): string {
  if (!state) return '';
  return state
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => stateName(stateAt(states, p)))
    .filter(Boolean)
    .join(lang() === 'zh' ? '；' : '; ');
}
