/** Adding a state beside the selected one or inside it, and removing the selected state. */
import { createSignal, Show, type JSX } from 'solid-js';
import { t } from '../../i18n.ts';
import { parentPath, stateAt, type StateJson } from '../model.ts';
import { keyFromTitle } from '../titles.ts';
import type { StateEditing } from './state-editing.ts';

/** A state key as XState and the JSON pointers of check errors can take it. */
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function StatesSection(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const [newStateKey, setNewStateKey] = createSignal('');
  const [newStateTitle, setNewStateTitle] = createSignal('');
  const [newStateTitleEn, setNewStateTitleEn] = createSignal('');
  const [newStateWhere, setNewStateWhere] = createSignal<'sibling' | 'child'>('sibling');
  const container = () => (newStateWhere() === 'child' ? se.path() : parentPath(se.path()));
  /** The key made from the English title, unique among the new state's siblings. */
  const generated = () => keyFromTitle(newStateTitleEn(), 'state', new Set(Object.keys(stateAt(se.pkg().machine, container())?.states ?? {})));

  const addState = () => {
    se.setError('');
    const title = newStateTitle().trim();
    if (!title) return se.setError(t('dgNeedTitle'));
    const key = newStateKey().trim() || generated();
    if (!KEY_RE.test(key)) return se.setError(t('dgBadKey'));
    const where = container();
    if (stateAt(se.pkg().machine, where)?.states?.[key]) return se.setError(t('dgKeyExists'));
    const titleEn = newStateTitleEn().trim();
    se.ed.update((d) => {
      const parent = stateAt(d.machine, where);
      if (!parent) return;
      const fresh: StateJson = { meta: { title, ...(titleEn ? { title_en: titleEn } : {}) } };
      if (!parent.states || Object.keys(parent.states).length === 0) parent.initial = key;
      parent.states = { ...(parent.states ?? {}), [key]: fresh };
    });
    setNewStateKey('');
    setNewStateTitle('');
    setNewStateTitleEn('');
    se.select(where ? `${where}.${key}` : key);
  };

  // Named by its titles; the key (what transitions and check errors point at) is made from
  // the English title, or typed under 高级.
  return (
    <fieldset>
      <legend>{t('dgStates')}</legend>
      <div class="dg-row dg-add" role="group" aria-label={t('dgNewStateHead')}>
        <label>
          {t('dgTitleZh')}
          <input aria-label={t('dgNewStateTitle')} value={newStateTitle()} placeholder="复核" onInput={(e) => setNewStateTitle(e.currentTarget.value)} />
        </label>
        <label>
          {t('dgTitleEn')}
          <input lang="en" aria-label={`${t('dgNewStateHead')} ${t('dgTitleEn')}`} value={newStateTitleEn()} placeholder="Second review" onInput={(e) => setNewStateTitleEn(e.currentTarget.value)} />
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
      <details class="dg-advanced">
        <summary>{t('dgKeyAdvanced')}</summary>
        <label>
          {t('dgNewStateKey')}
          <input value={newStateKey()} placeholder={generated()} onInput={(e) => setNewStateKey(e.currentTarget.value)} />
        </label>
        <p class="muted">{t('dgKeyGenerated')} {generated()}</p>
      </details>
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
