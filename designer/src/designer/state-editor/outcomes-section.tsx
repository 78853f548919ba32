/**
 * A task's outcomes by their titles: each outcome → the form it asks for (or none), each
 * removable, and a row to add one. A new outcome is named by its titles (written into the
 * package's `events`); its key — the event completing the task sends — is made from the
 * English title, or typed under "高级" by those who want their own.
 */
import { createMemo, createSignal, For, type JSX } from 'solid-js';
import type { TaskSpec } from '../../../../runtime/engine/index.ts';
import { t } from '../../i18n.ts';
import { keyFromTitle } from '../titles.ts';
import type { StateEditing } from './state-editing.ts';

/** An event name as the engine and the JSON pointers of check errors take it. */
const EVENT_KEY_RE = /^[A-Z][A-Z0-9_]*$/;

export function OutcomesSection(props: { se: StateEditing; task: () => TaskSpec; editTask: (fn: (task: TaskSpec) => void) => void }): JSX.Element {
  const se = props.se;
  const [title, setTitle] = createSignal('');
  const [titleEn, setTitleEn] = createSignal('');
  const [key, setKey] = createSignal('');
  const [form, setForm] = createSignal('');
  /** Every event name the package uses already: its titled events and every task's outcomes. */
  const taken = createMemo(() => {
    const out = new Set(Object.keys(se.pkg().events ?? {}));
    for (const n of se.states().values()) for (const ev of Object.keys(n.json.meta?.task?.outcomes ?? {})) out.add(ev);
    return out;
  });
  const generated = () => keyFromTitle(titleEn(), 'event', taken());

  const add = () => {
    se.setError('');
    const zh = title().trim();
    if (!zh) return se.setError(t('dgNeedTitle'));
    const ev = key().trim() || generated();
    if (!EVENT_KEY_RE.test(ev)) return se.setError(t('dgBadEventKey'));
    if (Object.hasOwn(props.task().outcomes, ev)) return se.setError(t('dgKeyExists'));
    const own = se.pkg().events && Object.hasOwn(se.pkg().events ?? {}, ev);
    se.edit((s, d) => {
      const task = s.meta?.task;
      if (!task) return;
      task.outcomes = { ...task.outcomes, [ev]: form() || null };
      // A typed key of an event the package names already keeps its titles; a new one gets these.
      if (!own) d.events = { ...(d.events ?? {}), [ev]: { title: zh, title_en: titleEn().trim() || zh } };
    });
    setTitle('');
    setTitleEn('');
    setKey('');
  };

  return (
    <>
      <h4>{t('dgSimOutcome')}</h4>
      <table class="dg-table" data-testid="outcomes">
        <thead><tr><th scope="col">{t('dgSimOutcome')}</th><th scope="col">{t('dgForm')}</th><th scope="col"><span class="sr-only">{t('removeItem')}</span></th></tr></thead>
        <tbody>
          <For each={Object.keys(props.task().outcomes)}>
            {(ev) => {
              const name = () => se.eventName(ev, props.task().outcomes[ev] ?? null);
              return (
                <tr data-outcome={ev}>
                  <td>{name()}</td>
                  <td>
                    <select aria-label={`${t('dgForm')} ${name()}`} value={props.task().outcomes[ev] ?? ''} onChange={(e) => { const v = e.currentTarget.value; props.editTask((x) => { x.outcomes = { ...x.outcomes, [ev]: v || null }; }); }}>
                      <option value="">{t('dgNoForm')}</option>
                      <For each={se.forms()}>{(f) => <option value={f}>{se.formName(f)}</option>}</For>
                    </select>
                  </td>
                  <td>
                    <button type="button" class="secondary" aria-label={`${t('removeItem')} ${name()}`} onClick={() => props.editTask((x) => { const { [ev]: _g, ...rest } = x.outcomes; x.outcomes = rest; })}>
                      {t('removeItem')}
                    </button>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <div class="dg-row dg-add" role="group" aria-label={t('dgNewOutcomeHead')}>
        <label>
          {t('dgOutcomeTitle')}
          <input value={title()} placeholder="退回修改" onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label>
          {t('dgOutcomeTitleEn')}
          <input lang="en" value={titleEn()} placeholder="Send back" onInput={(e) => setTitleEn(e.currentTarget.value)} />
        </label>
        <label>
          {t('dgForm')}
          <select aria-label={`${t('dgNewOutcomeHead')} ${t('dgForm')}`} value={form()} onChange={(e) => setForm(e.currentTarget.value)}>
            <option value="">{t('dgNoForm')}</option>
            <For each={se.forms()}>{(f) => <option value={f}>{se.formName(f)}</option>}</For>
          </select>
        </label>
        <button type="button" onClick={add}>{t('dgAddOutcome')}</button>
      </div>
      <details class="dg-advanced">
        <summary>{t('dgKeyAdvanced')}</summary>
        <label>
          {t('dgId')}
          <input aria-label={`${t('dgNewOutcomeHead')} ${t('dgId')}`} value={key()} placeholder={generated()} onInput={(e) => setKey(e.currentTarget.value.trim())} />
        </label>
        <p class="muted">{t('dgKeyGenerated')} {generated()}</p>
      </details>
      <p class="muted">{t('dgNullOutcomeNote')}</p>
    </>
  );
}
