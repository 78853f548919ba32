/**
 * One transition of the state (`on` event, `after` delay, `always` or `onDone`, the n-th when
 * there are several): by titles: its target, picked from the states (the JSON's
 * own spelling only under 高级), its guard as a simple condition on titled fields, and removing it.
 */
import { For, Show, type JSX } from 'solid-js';
import { lang, t } from '../../i18n.ts';
import { ConditionEditor } from '../condition.tsx';
import { resolveTarget, setTransitionList, targetFor, targetsOf, transitionList, type TransitionJson, type TransitionKind } from '../model.ts';
import { guardChoices, paren } from '../titles.ts';
import type { StateEditing } from './state-editing.ts';

/** "签收", "签收（第 2 条）", "退办期限届满", "自动", "子状态完成时": by titles, never the event or delay name. */
function transitionName(se: StateEditing, kind: TransitionKind, event: string, index: number): string {
  const outcomes = se.state()?.meta?.task?.outcomes;
  const form = outcomes && Object.hasOwn(outcomes, event) ? outcomes[event] : undefined;
  const base = kind === 'after' ? `${se.delayName(event)}${t('dgEnds')}` : kind === 'always' ? t('dgAlways') : kind === 'onDone' ? t('dgOnDone') : se.eventName(event, form);
  return index > 0 ? `${base}${paren(t('dgNth').replace('{n}', String(index + 1)))}` : base;
}

export function TransitionRow(props: { se: StateEditing; kind: TransitionKind; event: string; index: number; id: string }): JSX.Element {
  const se = props.se;
  // A row stands for one (kind, event, index) for its whole life: the list is keyed by them.
  const { kind, event, index, id } = props;
  const tr = () => transitionList(se.state() ?? {}, kind, event)[index] ?? {};
  const name = () => transitionName(se, kind, event, index);
  const rawTarget = () => targetsOf(tr()).join(', ');
  const resolved = () => {
    const ts = targetsOf(tr());
    return ts.length === 1 ? resolveTarget(se.states(), se.path(), ts[0] as string, se.pkg().machine.id) : null;
  };
  const guard = () => tr().guard;
  /** The form the event carries when it is an outcome of this state's task: its fields are what a guard tests. */
  const formOf = () => {
    const outcomes = se.state()?.meta?.task?.outcomes;
    return outcomes && Object.hasOwn(outcomes, event) ? outcomes[event] ?? null : null;
  };
  const logicRule = () => {
    const g = guard();
    return g && typeof g === 'object' && g.type === 'logic' ? g.params?.rule : undefined;
  };
  const editTransition = (fn: (t: TransitionJson) => void, key?: string) =>
    se.edit((s) => {
      const list = transitionList(s, kind, event).map((x) => ({ ...x }));
      const one = list[index];
      if (!one) return;
      fn(one);
      setTransitionList(s, kind, event, list);
    }, key);
  return (
    <div class="dg-transition" data-transition={`${kind}|${event}|${index}`}>
      <div class="dg-row">
        <strong class="dg-tname">{name()}</strong>
        <label>
          {t('dgTarget')}
          <select
            aria-label={`${t('dgTarget')} ${name()}`}
            value={resolved() ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              editTransition((x) => {
                if (v) x.target = targetFor(se.path(), v, se.pkg().machine.id);
                else delete x.target;
              });
            }}
          >
            <option value="">{rawTarget() && !resolved() ? t('dgTargetMissing') : t('dgNoTarget')}</option>
            <For each={se.allPaths()}>{(p) => <option value={p}>{se.stateName(p)}</option>}</For>
          </select>
        </label>
        <button
          type="button"
          class="secondary"
          aria-label={`${t('dgRemoveTransition')} ${name()}`}
          onClick={() => se.edit((s) => { const list = transitionList(s, kind, event); list.splice(index, 1); setTransitionList(s, kind, event, list); })}
        >
          {t('removeItem')}
        </button>
      </div>
      {/* The target as the JSON writes it (`#machine.a.b`, `.child`): for integrators, closed by default. */}
      <details class="dg-advanced">
        <summary>{t('dgTargetAdvanced')}</summary>
        <label>
          {t('dgTargetRaw')}
          <input
            aria-label={`${t('dgTargetRaw')} ${name()}`}
            value={rawTarget()}
            onInput={(e) => {
              const v = e.currentTarget.value.trim();
              editTransition((x) => {
                const parts = v.split(/\s*,\s*/).filter(Boolean);
                if (parts.length === 0) delete x.target;
                else x.target = parts.length === 1 ? (parts[0] as string) : parts;
              }, `target|${id}`);
            }}
          />
        </label>
      </details>
      <Show
        when={guard() !== undefined}
        fallback={
          <button type="button" class="link" onClick={() => editTransition((x) => { x.guard = { type: 'logic', params: { rule: { '==': [{ var: guardChoices(se.pkg(), kind === 'on' ? formOf() : null)[0]?.path ?? 'event.data.result' }, ''] } } }; })}>
            {t('dgAddGuard')}
          </button>
        }
      >
        <Show
          when={logicRule() !== undefined}
          fallback={<details class="dg-advanced"><summary>{t('dgGuardAdvanced')}</summary><code>{JSON.stringify(guard())}</code></details>}
        >
          <ConditionEditor
            name={`${t('dgGuard')} ${name()}`}
            rule={logicRule()}
            zh={lang() === 'zh'}
            choices={guardChoices(se.pkg(), kind === 'on' ? formOf() : null)}
            onChange={(rule) => editTransition((x) => { x.guard = { type: 'logic', params: { rule } }; }, `guard|${id}`)}
          />
        </Show>
        <button type="button" class="link" onClick={() => editTransition((x) => { delete x.guard; })}>{t('dgRemoveGuard')}</button>
      </Show>
    </div>
  );
}
