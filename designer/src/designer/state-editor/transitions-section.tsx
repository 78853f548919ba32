/** The state's transitions, one row each, and a row to add one (on an event or after a delay, each picked by its title, or always). */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import { t } from '../../i18n.ts';
import { setTransitionList, targetFor, transitionList, transitionsOf, type TransitionKind } from '../model.ts';
import type { StateEditing } from './state-editing.ts';
import { TransitionRow } from './transition-row.tsx';

/** The engine's own events a transition may wait for (titled in runtime/engine/event-titles.ts). */
const ENGINE_EVENTS = ['child.done', 'children.done', 'tasks.done', 'BALLOT_CLOSED'];

export function TransitionsSection(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const [newKind, setNewKind] = createSignal<TransitionKind>('on');
  const [newEvent, setNewEvent] = createSignal('');
  const [newTarget, setNewTarget] = createSignal('');

  const outcomes = (): Record<string, string | null> => se.state()?.meta?.task?.outcomes ?? {};
  /**
   * The events a transition may wait for, by title: this state's outcomes first, then every
   * other event the package names or some state handles, then the engine's own (子流程办结…).
   * A new event is made as an outcome of a task (its titles written with it), not typed here.
   */
  const events = createMemo(() => {
    const out = new Set(Object.keys(outcomes()));
    for (const ev of Object.keys(se.pkg().events ?? {})) out.add(ev);
    for (const n of se.states().values()) {
      for (const ev of Object.keys(n.json.meta?.task?.outcomes ?? {})) out.add(ev);
      for (const ev of Object.keys(n.json.on ?? {})) out.add(ev);
    }
    for (const ev of ENGINE_EVENTS) out.add(ev);
    return [...out];
  });

  const addTransition = () => {
    se.setError('');
    const kind = newKind();
    const event = kind === 'on' || kind === 'after' ? newEvent().trim() : '';
    if ((kind === 'on' || kind === 'after') && !event) return se.setError(t('dgNeedEvent'));
    const dest = newTarget();
    se.edit((s, d) => {
      const list = transitionList(s, kind, event);
      list.push(dest ? { target: targetFor(se.path(), dest, d.machine.id) } : {});
      setTransitionList(s, kind, event, list);
    });
    setNewEvent('');
  };

  // Rows are keyed by a string of (kind, event, index), so a row is kept while its transition
  // is edited and re-created when the list shifts.
  return (
    <fieldset>
      <legend>{t('dgTransitions')}</legend>
      <For each={transitionsOf(se.state() ?? {}).map((r) => `${r.kind}\u0000${r.event}\u0000${r.index}`)}>
        {(id) => {
          const [kind, event, idx] = id.split('\u0000') as [TransitionKind, string, string];
          return <TransitionRow se={se} kind={kind} event={event} index={Number(idx)} id={id} />;
        }}
      </For>
      <div class="dg-row dg-add">
        <label>
          {t('dgTransitionKind')}
          <select value={newKind()} onChange={(e) => { setNewKind(e.currentTarget.value as TransitionKind); setNewEvent(''); }}>
            <option value="on">{t('dgOnEvent')}</option>
            <option value="after">{t('dgAfterDelay')}</option>
            <option value="always">{t('dgAlways')}</option>
          </select>
        </label>
        <Show when={newKind() === 'on'}>
          <label>
            {t('dgEventPick')}
            <select value={newEvent()} onChange={(e) => setNewEvent(e.currentTarget.value)}>
              <option value="">{t('dgPickOne')}</option>
              <For each={events()}>{(ev) => <option value={ev}>{se.eventName(ev, outcomes()[ev])}</option>}</For>
            </select>
          </label>
        </Show>
        <Show when={newKind() === 'after'}>
          <label>
            {t('dgDelay')}
            <select value={newEvent()} onChange={(e) => setNewEvent(e.currentTarget.value)}>
              <option value="">{t('dgPickOne')}</option>
              <For each={se.delays()}>{(d) => <option value={d}>{se.delayName(d)}</option>}</For>
            </select>
          </label>
        </Show>
        <label>
          {t('dgTarget')}
          <select value={newTarget()} onChange={(e) => setNewTarget(e.currentTarget.value)}>
            <option value="">{t('dgNoTarget')}</option>
            <For each={se.allPaths()}>{(p) => <option value={p}>{se.stateName(p)}</option>}</For>
          </select>
        </label>
        <button type="button" onClick={addTransition}>{t('dgAddTransition')}</button>
      </div>
    </fieldset>
  );
}
