/**
 * What the designer shows a person for a state or an event: the definition's words, with the
 * key or event name only where nothing names it. A history state has no title of its own, so
 * it reads as what it is (深历史 H* / 浅历史 H).
 */
import { eventTitle, stateString } from '../../../runtime/engine/index.ts';
import { label, t } from '../i18n.ts';
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

/** An XState value (`{handling: 'reviewing'}`) or a `stateString` ("handling.reviewing, x.y") as titles, one chain per active leaf. */
export function valueTitles(states: Map<string, StateNode>, value: unknown): string {
  const text = typeof value === 'string' ? value : stateString(value);
  return text
    .split(', ')
    .filter(Boolean)
    .map((leaf) => stateChain(states, leaf))
    .join('；');
}

/** The words of an event in the current language ("暂停办理"); the event name when the package has none. */
export function eventWords(pkg: Pick<ProcessPackage, 'events' | 'forms' | 'machine'>, event: string, form?: string | null): string {
  const w = eventTitle(pkg, event, form);
  return label(w);
}
