/**
 * One transition of the state (`on` event, `after` delay, `always` or `onDone`, the n-th when
 * there are several): its target, picked from the states or typed as written in the JSON, its
 * guard as a simple condition, and removing it.
 */
import { For, Show, type JSX } from 'solid-js';
import { lang, t } from '../../i18n.ts';
import { ConditionEditor } from '../condition.tsx';
import { resolveTarget, setTransitionList, targetFor, targetsOf, transitionList, type ProcessPackage, type TransitionJson, type TransitionKind } from '../model.ts';
import type { StateEditing } from './state-editing.ts';

/** "ACCEPT", "ACCEPT #2", "超时后：feedbackWindow", "自动", "子状态完成后". */
function transitionName(kind: TransitionKind, event: string, index: number): string {
  return `${kind === 'after' ? `${t('dgAfterDelay')}：` : ''}${kind === 'always' ? t('dgAlways') : kind === 'onDone' ? t('dgOnDone') : event}${index > 0 ? ` #${index + 1}` : ''}`;
}

/** Paths a guard may test: the outcome forms' fields as `event.data.x`, and the context. */
function guardFields(pkg: ProcessPackage): string[] {
  const out = new Set<string>();
  for (const form of Object.values(pkg.forms)) {
    const props = (form as { properties?: Record<string, unknown> }).properties ?? {};
    for (const k of Object.keys(props)) out.add(`event.data.${k}`);
  }
  const ctx = (pkg.machine.context ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(ctx)) out.add(`context.${k}`);
  for (const k of Object.keys(pkg.settings ?? {})) out.add(`context.settings.${k}`);
  return [...out].sort();
}

export function TransitionRow(props: { se: StateEditing; kind: TransitionKind; event: string; index: number; id: string }): JSX.Element {
  const se = props.se;
  // A row stands for one (kind, event, index) for its whole life: the list is keyed by them.
  const { kind, event, index, id } = props;
  const tr = () => transitionList(se.state() ?? {}, kind, event)[index] ?? {};
  const name = () => transitionName(kind, event, index);
  const rawTarget = () => targetsOf(tr()).join(', ');
  const resolved = () => {
    const ts = targetsOf(tr());
    return ts.length === 1 ? resolveTarget(se.states(), se.path(), ts[0] as string, se.pkg().machine.id) : null;
  };
  const guard = () => tr().guard;
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
    <div class="dg-transition" data-transition={name()}>
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
            <option value="">{rawTarget() && !resolved() ? `⚠ ${rawTarget()}` : t('dgNoTarget')}</option>
            <For each={se.allPaths()}>{(p) => <option value={p}>{se.stateName(p)}</option>}</For>
          </select>
        </label>
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
        <button
          type="button"
          class="secondary"
          aria-label={`${t('dgRemoveTransition')} ${name()}`}
          onClick={() => se.edit((s) => { const list = transitionList(s, kind, event); list.splice(index, 1); setTransitionList(s, kind, event, list); })}
        >
          {t('removeItem')}
        </button>
      </div>
      <Show
        when={guard() !== undefined}
        fallback={
          <button type="button" class="link" onClick={() => editTransition((x) => { x.guard = { type: 'logic', params: { rule: { '==': [{ var: 'event.data.result' }, ''] } } }; })}>
            {t('dgAddGuard')}
          </button>
        }
      >
        <Show
          when={logicRule() !== undefined}
          fallback={<p class="muted">{t('dgGuard')}：<code>{JSON.stringify(guard())}</code></p>}
        >
          <ConditionEditor
            name={`${t('dgGuard')} ${name()}`}
            rule={logicRule()}
            zh={lang() === 'zh'}
            placeholder="event.data.x"
            fields={guardFields(se.pkg())}
            onChange={(rule) => editTransition((x) => { x.guard = { type: 'logic', params: { rule } }; }, `guard|${id}`)}
          />
        </Show>
        <button type="button" class="link" onClick={() => editTransition((x) => { delete x.guard; })}>{t('dgRemoveGuard')}</button>
      </Show>
    </div>
  );
}
