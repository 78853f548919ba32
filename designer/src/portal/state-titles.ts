/**
 * Machine states by dotted path and their display titles (`meta.title` / `meta.title_en` of
 * the definition), for the instance page and the outcome titles of its history.
 */
import type { StateJson } from '../api-types.ts';
import { label } from '../i18n.ts';

export type States = Record<string, StateJson>;

/** The machine state at a dotted path ("active.main.handling.drafting"). */
export function stateAt(states: States | undefined, path: string): StateJson | undefined {
  let cur: StateJson | undefined;
  let level = states;
  for (const part of path.split('.')) {
    cur = level?.[part];
    level = cur?.states;
  }
  return cur;
}

export const stateName = (s: StateJson | undefined, fallback: string): string =>
  (s?.meta ? label({ title: s.meta.title, title_en: s.meta.title_en }) : '') || fallback;

/** "active.main.handling.drafting, active.assist.done" → "起草答复；协办意见已齐". */
export function stateTitle(states: States | undefined, state: string | null): string {
  if (!state) return '';
  return state
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => stateName(stateAt(states, p), p.split('.').pop() ?? p))
    .join('；');
}
