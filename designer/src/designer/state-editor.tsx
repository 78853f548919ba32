/**
 * The selected state by its titles, in sections (state-editor/): its names and type, its task with the
 * outcomes, its transitions (target, guard as a simple condition), and adding or removing
 * states. Check errors pinned to the state are listed at the top.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { DefinitionError } from '../../../runtime/engine/index.ts';
import { lang, t, withColon } from '../i18n.ts';
import type { Editor } from './editor.ts';
import { pinOf, type ProcessPackage } from './model.ts';
import { checkErrorWords } from './words.ts';
import { createStateEditing } from './state-editor/state-editing.ts';
import { StateNames } from './state-editor/state-names.tsx';
import { HistorySection } from './state-editor/history-section.tsx';
import { RemoveState, StatesSection } from './state-editor/states-section.tsx';
import { TaskSection } from './state-editor/task-section.tsx';
import { TransitionsSection } from './state-editor/transitions-section.tsx';

/** The state's check errors as sentences (状态“待签收”：转移目标不存在); code and pointer only in the tooltip. */
function ErrorList(props: { errors: DefinitionError[]; pkg: ProcessPackage }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <ul class="dg-errors-inline" role="list">
        <For each={props.errors}>{(e) => <li class="field-error" data-code={e.code} title={`${e.code} ${e.pointer}`}>{checkErrorWords(props.pkg, e, lang())}</li>}</For>
      </ul>
    </Show>
  );
}

export function StateEditor(props: { ed: Editor; path: string; onSelect: (path: string | null) => void }): JSX.Element {
  const [localError, setLocalError] = createSignal('');
  const se = createStateEditing(props, setLocalError);
  const myErrors = createMemo(() => props.ed.errors().filter((e) => { const p = pinOf(e.pointer); return p.kind === 'state' && p.path === props.path; }));
  return (
    <Show when={se.state()} fallback={<p class="muted">{t('dgNoState')}</p>}>
      <section class="dg-panel" aria-label={t('dgStateEditor')}>
        <h3>{withColon(t('dgState'))}{se.stateName(props.path)}</h3>
        <ErrorList errors={myErrors()} pkg={props.ed.pkg()} />
        <Show
          when={se.state()?.type !== 'history'}
          fallback={
            // A history state has only its kind and default target (check.ts checkHistory): no
            // titles, task, transitions or children to offer, only removing it.
            <>
              <HistorySection se={se} />
              <RemoveState se={se} />
            </>
          }
        >
          <StateNames se={se} />
          <TaskSection se={se} />
          <TransitionsSection se={se} />
          <StatesSection se={se} />
        </Show>
        <Show when={localError()}><p class="error" role="alert">{localError()}</p></Show>
      </section>
    </Show>
  );
}
