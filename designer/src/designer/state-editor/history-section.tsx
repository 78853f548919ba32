/**
 * A history state (`type: 'history'`): its kind (shallow or deep) and its default target, the
 * state entered while the parent has no history yet. That is all a history state may have
 * (check.ts checkHistory refuses a task, transitions, children, entry/exit on it),
 * so the editor offers nothing else — only removing it.
 */
import { For, type JSX } from 'solid-js';
import { inParens, t } from '../../i18n.ts';
import { parentPath, resolveTarget, stateAt, targetFor } from '../model.ts';
import { stateChain, stateTitle } from '../titles.ts';
import type { StateEditing } from './state-editing.ts';

export function HistorySection(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const parent = () => parentPath(se.path());
  const kind = () => (se.state()?.history === 'deep' ? 'deep' : 'shallow');
  /** Where the default may point: any state inside the parent but history states. */
  const candidates = () => {
    const p = parent();
    return se.allPaths().filter((x) => (p ? x.startsWith(`${p}.`) : true) && se.states().get(x)?.json.type !== 'history');
  };
  const current = () => {
    const raw = se.state()?.target;
    return raw ? resolveTarget(se.states(), se.path(), raw, se.pkg().machine.id) : null;
  };
  const parentInitial = () => {
    const p = parent();
    const initial = stateAt(se.pkg().machine, p)?.initial;
    return initial ? stateTitle(se.states().get(p ? `${p}.${initial}` : initial)) : '';
  };
  const relative = (path: string) => stateChain(se.states(), path).split(' › ').slice(parent() ? parent().split('.').length : 0).join(' › ');
  return (
    <fieldset class="dg-history" data-testid="history-editor">
      <legend>{t('dgHistory')}</legend>
      <p class="muted">{t('dgHistoryNote')}</p>
      <label>
        {t('dgHistoryKind')}
        <select
          value={kind()}
          onChange={(e) => {
            const v = e.currentTarget.value === 'deep' ? 'deep' : 'shallow';
            se.edit((s) => { s.history = v; });
          }}
        >
          <option value="shallow">{t('dgShallowHistoryHelp')}</option>
          <option value="deep">{t('dgDeepHistoryHelp')}</option>
        </select>
      </label>
      <label>
        {t('dgHistoryDefault')}
        <select
          value={current() ?? ''}
          onChange={(e) => {
            const v = e.currentTarget.value;
            se.edit((s, d) => {
              if (v) s.target = targetFor(se.path(), v, d.machine.id);
              else delete s.target;
            });
          }}
        >
          <option value="">{t('dgParentInitial')}{parentInitial() ? inParens(parentInitial()) : ''}</option>
          <For each={candidates()}>{(p) => <option value={p}>{relative(p)}</option>}</For>
        </select>
      </label>
    </fieldset>
  );
}
