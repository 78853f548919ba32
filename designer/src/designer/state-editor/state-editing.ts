/**
 * What the sections of the state editor share: the selected state, the states of the machine
 * by path, and `edit`, which changes the selected state in the working copy.
 */
import { createMemo } from 'solid-js';
import type { Editor } from '../editor.ts';
import { stateAt, walkStates, type ProcessPackage, type StateJson, type StateNode } from '../model.ts';
import { lang } from '../../i18n.ts';
import { eventWords, formTitle, statePlace } from '../titles.ts';
import { delayTitle } from '../words.ts';

export interface StateEditing {
  ed: Editor;
  /** Dotted path of the selected state; '' is the machine itself. */
  path: () => string;
  pkg: () => ProcessPackage;
  state: () => StateJson | undefined;
  states: () => Map<string, StateNode>;
  /** Every state's path but the machine's, for target pickers. */
  allPaths: () => string[];
  /** Changes the selected state; edits with the same `key` on the same state make one undo step. */
  edit: (fn: (s: StateJson, draft: ProcessPackage) => void, key?: string) => void;
  /** "主办 › 待签收": the chain of titles, never the path. */
  stateName: (path: string) => string;
  /** An outcome or event by its title (签收), given the form it asks for when known. */
  eventName: (event: string, form?: string | null) => string;
  /** A delay by its title (退办期限). */
  delayName: (delay: string) => string;
  /** A form by its title (答复函). */
  formName: (form: string) => string;
  delays: () => string[];
  forms: () => string[];
  /** Shows a message under the editor ('' clears it). */
  setError: (message: string) => void;
  select: (path: string | null) => void;
}

export function createStateEditing(props: { ed: Editor; path: string; onSelect: (path: string | null) => void }, setError: (message: string) => void): StateEditing {
  const pkg = () => props.ed.pkg();
  const states = createMemo(() => walkStates(pkg().machine));
  return {
    ed: props.ed,
    path: () => props.path,
    pkg,
    state: () => stateAt(pkg().machine, props.path),
    states,
    allPaths: createMemo(() => [...states().keys()].filter((p) => p !== '')),
    edit: (fn, key) =>
      props.ed.update((d) => {
        const s = stateAt(d.machine, props.path);
        if (s) fn(s, d);
      }, key ? `${props.path}|${key}` : undefined),
    // stateChain (via statePlace): a history state reads as 深历史 H* / 浅历史 H, not as its key;
    // the chain tells apart two states of one title under different parents.
    stateName: (p) => statePlace(pkg(), states(), p),
    eventName: (ev, form) => eventWords(pkg(), ev, form),
    delayName: (d) => delayTitle(pkg(), d, lang()),
    formName: (f) => formTitle(pkg(), f),
    delays: () => Object.keys(pkg().delays),
    forms: () => Object.keys(pkg().forms),
    setError,
    select: (p) => props.onSelect(p),
  };
}
