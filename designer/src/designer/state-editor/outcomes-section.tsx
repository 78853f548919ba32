/**
 * A task's outcomes: event → the form it asks for (or none), each removable, and a row to add
 * one. The event is what completing the task sends into the instance.
 */
import { createSignal, For, type JSX } from 'solid-js';
import type { TaskSpec } from '../../../../runtime/engine/index.ts';
import { label, t } from '../../i18n.ts';
import type { StateEditing } from './state-editing.ts';

export function OutcomesSection(props: { se: StateEditing; task: () => TaskSpec; editTask: (fn: (task: TaskSpec) => void) => void }): JSX.Element {
  const se = props.se;
  const [newOutcome, setNewOutcome] = createSignal('');
  const [newOutcomeForm, setNewOutcomeForm] = createSignal('');
  return (
    <>
      <h4>{t('dgOutcomes')}</h4>
      <table class="dg-table">
        <thead><tr><th scope="col">{t('dgEvent')}</th><th scope="col">{t('dgForm')}</th><th scope="col"><span class="sr-only">{t('removeItem')}</span></th></tr></thead>
        <tbody>
          <For each={Object.keys(props.task().outcomes)}>
            {(ev) => (
              <tr>
                <td><code>{ev}</code></td>
                <td>
                  <select aria-label={`${t('dgForm')} ${ev}`} value={props.task().outcomes[ev] ?? ''} onChange={(e) => { const v = e.currentTarget.value; props.editTask((x) => { x.outcomes = { ...x.outcomes, [ev]: v || null }; }); }}>
                    <option value="">{t('dgNoForm')}</option>
                    <For each={se.forms()}>{(f) => <option value={f}>{label(se.pkg().forms[f] as never) || f}（{f}）</option>}</For>
                  </select>
                </td>
                <td>
                  <button type="button" class="secondary" aria-label={`${t('removeItem')} ${ev}`} onClick={() => props.editTask((x) => { const { [ev]: _g, ...rest } = x.outcomes; x.outcomes = rest; })}>
                    {t('removeItem')}
                  </button>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <div class="dg-row">
        <label>
          {t('dgNewOutcome')}
          <input value={newOutcome()} placeholder="APPROVE" onInput={(e) => setNewOutcome(e.currentTarget.value.trim())} />
        </label>
        <label>
          {t('dgForm')}
          <select value={newOutcomeForm()} onChange={(e) => setNewOutcomeForm(e.currentTarget.value)}>
            <option value="">{t('dgNoForm')}</option>
            <For each={se.forms()}>{(f) => <option value={f}>{f}</option>}</For>
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            const ev = newOutcome();
            if (!ev) return;
            props.editTask((x) => { x.outcomes = { ...x.outcomes, [ev]: newOutcomeForm() || null }; });
            setNewOutcome('');
          }}
        >
          {t('dgAddOutcome')}
        </button>
      </div>
      <p class="muted">{t('dgNullOutcomeNote')}</p>
    </>
  );
}
