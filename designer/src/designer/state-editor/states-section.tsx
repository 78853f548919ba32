/** Adding a state beside the selected one or inside it, and removing the selected state. */
import { createSignal, Show, type JSX } from 'solid-js';
import { t } from '../../i18n.ts';
import { parentPath, stateAt, type StateJson } from '../model.ts';
import type { StateEditing } from './state-editing.ts';

/** A state key as XState and the JSON pointers of check errors can take it. */
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function StatesSection(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const [newStateKey, setNewStateKey] = createSignal('');
  const [newStateTitle, setNewStateTitle] = createSignal('');
  const [newStateWhere, setNewStateWhere] = createSignal<'sibling' | 'child'>('sibling');

  const addState = () => {
    se.setError('');
    const key = newStateKey().trim();
    if (!KEY_RE.test(key)) return se.setError(t('dgBadKey'));
    const container = newStateWhere() === 'child' ? se.path() : parentPath(se.path());
    if (stateAt(se.pkg().machine, container)?.states?.[key]) return se.setError(t('dgKeyExists'));
    se.ed.update((d) => {
      const parent = stateAt(d.machine, container);
      if (!parent) return;
      const fresh: StateJson = { meta: { title: newStateTitle().trim() || key } };
      if (!parent.states || Object.keys(parent.states).length === 0) parent.initial = key;
      parent.states = { ...(parent.states ?? {}), [key]: fresh };
    });
    setNewStateKey('');
    setNewStateTitle('');
    se.select(container ? `${container}.${key}` : key);
  };

  return (
    <fieldset>
      <legend>{t('dgStates')}</legend>
      <div class="dg-row dg-add">
        <label>
          {t('dgNewStateKey')}
          <input value={newStateKey()} placeholder="review" onInput={(e) => setNewStateKey(e.currentTarget.value)} />
        </label>
        <label>
          {t('dgTitleZh')}
          <input aria-label={t('dgNewStateTitle')} value={newStateTitle()} onInput={(e) => setNewStateTitle(e.currentTarget.value)} />
        </label>
        <label>
          {t('dgWhere')}
          <select value={newStateWhere()} onChange={(e) => setNewStateWhere(e.currentTarget.value as 'sibling' | 'child')}>
            <option value="sibling">{t('dgSibling')}</option>
            <option value="child">{t('dgChild')}</option>
          </select>
        </label>
        <button type="button" onClick={addState}>{t('dgAddState')}</button>
      </div>
      <RemoveState se={se} />
    </fieldset>
  );
}

/** Removes the selected state (not the machine); the parent's initial state moves to a child that is left. */
export function RemoveState(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const removeState = () => {
    const path = se.path();
    const parent = parentPath(path);
    const key = path.slice(path.lastIndexOf('.') + 1);
    se.ed.update((d) => {
      const p = stateAt(d.machine, parent);
      if (!p?.states) return;
      const { [key]: _gone, ...rest } = p.states;
      p.states = rest;
      // The parent's initial state must name a child that still exists.
      if (p.initial === key) {
        // Never a history state: it cannot be a parent's initial state.
        const first = Object.keys(rest).find((k) => rest[k]?.type !== 'history');
        if (first) p.initial = first;
        else delete p.initial;
      }
    });
    se.select(parent || null);
  };

  return (
    <Show when={se.path() !== ''}>
      <button type="button" class="secondary dg-danger" onClick={removeState}>{t('dgRemoveState')}</button>
    </Show>
  );
}
