/**
 * The selected state: its names, its task (title, role, assignee or unit path, due delay,
 * reminder, outcomes event → form), its transitions (target, guard as a simple condition),
 * adding a state beside or inside it, and removing it.
 */
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { DefinitionError, TaskSpec } from '../../../runtime/engine/index.ts';
import { label, lang, t } from '../i18n.ts';
import { ConditionEditor } from './condition.tsx';
import {
  parentPath,
  pinOf,
  resolveTarget,
  setTransitionList,
  stateAt,
  targetFor,
  targetsOf,
  transitionList,
  transitionsOf,
  walkStates,
  type ProcessPackage,
  type StateJson,
  type TransitionJson,
  type TransitionKind,
} from './model.ts';

export interface Editor {
  pkg: () => ProcessPackage;
  update: (fn: (draft: ProcessPackage) => void, coalesce?: string) => void;
  errors: () => DefinitionError[];
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function ErrorList(props: { errors: DefinitionError[] }): JSX.Element {
  return (
    <Show when={props.errors.length > 0}>
      <ul class="dg-errors-inline" role="list">
        <For each={props.errors}>{(e) => <li class="field-error"><code>{e.code}</code> {e.message} <span class="muted">{e.pointer}</span></li>}</For>
      </ul>
    </Show>
  );
}

export function StateEditor(props: { ed: Editor; path: string; onSelect: (path: string | null) => void }): JSX.Element {
  const zh = () => lang() === 'zh';
  const pkg = () => props.ed.pkg();
  const state = () => stateAt(pkg().machine, props.path);
  const states = createMemo(() => walkStates(pkg().machine));
  const allPaths = createMemo(() => [...states().keys()].filter((p) => p !== ''));
  const edit = (fn: (s: StateJson, draft: ProcessPackage) => void, key?: string) =>
    props.ed.update((d) => {
      const s = stateAt(d.machine, props.path);
      if (s) fn(s, d);
    }, key ? `${props.path}|${key}` : undefined);
  const myErrors = createMemo(() => props.ed.errors().filter((e) => { const p = pinOf(e.pointer); return p.kind === 'state' && p.path === props.path; }));
  const task = () => state()?.meta?.task;
  const editTask = (fn: (task: TaskSpec) => void, key?: string) =>
    edit((s) => {
      if (s.meta?.task) fn(s.meta.task);
    }, key);
  const delays = () => Object.keys(pkg().delays);
  const forms = () => Object.keys(pkg().forms);
  const stateName = (p: string) => {
    const n = states().get(p);
    return n ? `${label(n.json.meta) || n.key}（${p}）` : p;
  };

  const [newOutcome, setNewOutcome] = createSignal('');
  const [newOutcomeForm, setNewOutcomeForm] = createSignal('');
  const [newKind, setNewKind] = createSignal<TransitionKind>('on');
  const [newEvent, setNewEvent] = createSignal('');
  const [newTarget, setNewTarget] = createSignal('');
  const [newStateKey, setNewStateKey] = createSignal('');
  const [newStateTitle, setNewStateTitle] = createSignal('');
  const [newStateWhere, setNewStateWhere] = createSignal<'sibling' | 'child'>('sibling');
  const [localError, setLocalError] = createSignal('');

  const transitionName = (kind: TransitionKind, event: string, index: number) =>
    `${kind === 'after' ? `${t('dgAfterDelay')}：` : ''}${kind === 'always' ? t('dgAlways') : kind === 'onDone' ? t('dgOnDone') : event}${index > 0 ? ` #${index + 1}` : ''}`;

  const editTransition = (kind: TransitionKind, event: string, index: number, fn: (t: TransitionJson) => void, key?: string) =>
    edit((s) => {
      const list = transitionList(s, kind, event).map((x) => ({ ...x }));
      const tr = list[index];
      if (!tr) return;
      fn(tr);
      setTransitionList(s, kind, event, list);
    }, key);

  const addTransition = () => {
    setLocalError('');
    const kind = newKind();
    const event = kind === 'on' || kind === 'after' ? newEvent().trim() : '';
    if ((kind === 'on' || kind === 'after') && !event) return setLocalError(t('dgNeedEvent'));
    const dest = newTarget();
    edit((s, d) => {
      const list = transitionList(s, kind, event);
      list.push(dest ? { target: targetFor(props.path, dest, d.machine.id) } : {});
      setTransitionList(s, kind, event, list);
    });
    setNewEvent('');
  };

  const addState = () => {
    setLocalError('');
    const key = newStateKey().trim();
    if (!KEY_RE.test(key)) return setLocalError(t('dgBadKey'));
    const where = newStateWhere();
    const container = where === 'child' ? props.path : parentPath(props.path);
    if (stateAt(pkg().machine, container)?.states?.[key]) return setLocalError(t('dgKeyExists'));
    props.ed.update((d) => {
      const parent = stateAt(d.machine, container);
      if (!parent) return;
      const fresh: StateJson = { meta: { title: newStateTitle().trim() || key } };
      if (!parent.states || Object.keys(parent.states).length === 0) parent.initial = key;
      parent.states = { ...(parent.states ?? {}), [key]: fresh };
    });
    setNewStateKey('');
    setNewStateTitle('');
    props.onSelect(container ? `${container}.${key}` : key);
  };

  const removeState = () => {
    const path = props.path;
    const parent = parentPath(path);
    const key = path.slice(path.lastIndexOf('.') + 1);
    props.ed.update((d) => {
      const p = stateAt(d.machine, parent);
      if (!p?.states) return;
      const { [key]: _gone, ...rest } = p.states;
      p.states = rest;
      if (p.initial === key) {
        const first = Object.keys(rest)[0];
        if (first) p.initial = first;
        else delete p.initial;
      }
    });
    props.onSelect(parent || null);
  };

  return (
    <Show when={state()} fallback={<p class="muted">{t('dgNoState')}</p>}>
      <section class="dg-panel" aria-label={t('dgStateEditor')}>
        <h3>{t('dgState')}：{stateName(props.path)}</h3>
        <ErrorList errors={myErrors()} />
        <div class="dg-row">
          <label>
            {t('dgTitleZh')}
            <input value={state()?.meta?.title ?? ''} onInput={(e) => { const v = e.currentTarget.value; edit((s) => { s.meta = { ...(s.meta ?? {}), title: v }; }, 'title'); }} />
          </label>
          <label>
            {t('dgTitleEn')}
            <input value={state()?.meta?.title_en ?? ''} onInput={(e) => { const v = e.currentTarget.value; edit((s) => { s.meta = { ...(s.meta ?? {}), title_en: v }; }, 'title_en'); }} />
          </label>
          <label>
            {t('dgStateType')}
            <select
              value={state()?.type ?? (Object.keys(state()?.states ?? {}).length > 0 ? 'compound' : 'atomic')}
              onChange={(e) => {
                const v = e.currentTarget.value;
                edit((s) => {
                  if (v === 'atomic' || v === 'compound') delete s.type;
                  else s.type = v as StateJson['type'];
                });
              }}
            >
              <option value="atomic">{t('dgAtomic')}</option>
              <option value="compound">{t('dgCompound')}</option>
              <option value="parallel">{t('dgParallel')}</option>
              <option value="final">{t('dgFinal')}</option>
            </select>
          </label>
        </div>

        <fieldset>
          <legend>{t('dgTask')}</legend>
          <label class="check">
            <input
              type="checkbox"
              checked={task() !== undefined}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                edit((s, d) => {
                  const meta = { ...(s.meta ?? {}) };
                  if (on) meta.task = { role: d.roles[0] ?? 'staff', title: meta.title ?? props.path, outcomes: {} };
                  else delete meta.task;
                  s.meta = meta;
                });
              }}
            />
            {t('dgHasTask')}
          </label>
          <Show when={task()}>
            {(tk) => (
              <>
                <div class="dg-row">
                  <label>
                    {t('dgTaskTitle')}
                    <input value={tk().title} onInput={(e) => { const v = e.currentTarget.value; editTask((x) => { x.title = v; }, 'task.title'); }} />
                  </label>
                  <label>
                    {t('dgTaskTitleEn')}
                    <input value={tk().title_en ?? ''} onInput={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.title_en = v; else delete x.title_en; }, 'task.title_en'); }} />
                  </label>
                </div>
                <div class="dg-row">
                  <label>
                    {t('dgRole')}
                    <select value={tk().role} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { x.role = v; }); }}>
                      <For each={[...new Set([...pkg().roles, tk().role])]}>{(r) => <option value={r}>{r}</option>}</For>
                    </select>
                  </label>
                  <label>
                    {t('dgAssignee')}
                    <input value={tk().assignee ?? ''} placeholder="context.leadDeputyId" onInput={(e) => { const v = e.currentTarget.value.trim(); editTask((x) => { if (v) x.assignee = v; else delete x.assignee; }, 'task.assignee'); }} />
                  </label>
                  <label>
                    {t('dgUnitPath')}
                    <input value={tk().unit ?? ''} placeholder="context.unitId" onInput={(e) => { const v = e.currentTarget.value.trim(); editTask((x) => { if (v) x.unit = v; else delete x.unit; }, 'task.unit'); }} />
                  </label>
                </div>
                <div class="dg-row">
                  <label>
                    {t('dgDue')}
                    <select value={tk().due ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.due = v; else delete x.due; }); }}>
                      <option value="">{t('dgNone')}</option>
                      <For each={delays()}>{(d) => <option value={d}>{d}</option>}</For>
                    </select>
                  </label>
                  <label>
                    {t('dgReminder')}
                    <select value={tk().remindBefore ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.remindBefore = v; else delete x.remindBefore; }); }}>
                      <option value="">{t('dgNone')}</option>
                      <For each={delays()}>{(d) => <option value={d}>{d}</option>}</For>
                    </select>
                  </label>
                </div>
                <h4>{t('dgOutcomes')}</h4>
                <table class="dg-table">
                  <thead><tr><th scope="col">{t('dgEvent')}</th><th scope="col">{t('dgForm')}</th><th scope="col"><span class="sr-only">{t('removeItem')}</span></th></tr></thead>
                  <tbody>
                    <For each={Object.keys(tk().outcomes)}>
                      {(ev) => (
                        <tr>
                          <td><code>{ev}</code></td>
                          <td>
                            <select aria-label={`${t('dgForm')} ${ev}`} value={tk().outcomes[ev] ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { x.outcomes = { ...x.outcomes, [ev]: v || null }; }); }}>
                              <option value="">{t('dgNoForm')}</option>
                              <For each={forms()}>{(f) => <option value={f}>{label(pkg().forms[f] as never) || f}（{f}）</option>}</For>
                            </select>
                          </td>
                          <td>
                            <button type="button" class="secondary" aria-label={`${t('removeItem')} ${ev}`} onClick={() => editTask((x) => { const { [ev]: _g, ...rest } = x.outcomes; x.outcomes = rest; })}>
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
                      <For each={forms()}>{(f) => <option value={f}>{f}</option>}</For>
                    </select>
                  </label>
                  <button
                    type="button"
                    onClick={() => {
                      const ev = newOutcome();
                      if (!ev) return;
                      editTask((x) => { x.outcomes = { ...x.outcomes, [ev]: newOutcomeForm() || null }; });
                      setNewOutcome('');
                    }}
                  >
                    {t('dgAddOutcome')}
                  </button>
                </div>
                <p class="muted">{t('dgNullOutcomeNote')}</p>
              </>
            )}
          </Show>
        </fieldset>

        <fieldset>
          <legend>{t('dgTransitions')}</legend>
          <For each={transitionsOf(state() ?? {}).map((r) => `${r.kind}\u0000${r.event}\u0000${r.index}`)}>
            {(id) => {
              const [kind, event, idx] = id.split('\u0000') as [TransitionKind, string, string];
              const index = Number(idx);
              const tr = () => transitionList(state() ?? {}, kind, event)[index] ?? {};
              const name = () => transitionName(kind, event, index);
              const rawTarget = () => targetsOf(tr()).join(', ');
              const resolved = () => {
                const ts = targetsOf(tr());
                return ts.length === 1 ? resolveTarget(states(), props.path, ts[0] as string, pkg().machine.id) : null;
              };
              const guard = () => tr().guard;
              const logicRule = () => {
                const g = guard();
                return g && typeof g === 'object' && g.type === 'logic' ? g.params?.rule : undefined;
              };
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
                          editTransition(kind, event, index, (x) => {
                            if (v) x.target = targetFor(props.path, v, pkg().machine.id);
                            else delete x.target;
                          });
                        }}
                      >
                        <option value="">{rawTarget() && !resolved() ? `⚠ ${rawTarget()}` : t('dgNoTarget')}</option>
                        <For each={allPaths()}>{(p) => <option value={p}>{stateName(p)}</option>}</For>
                      </select>
                    </label>
                    <label>
                      {t('dgTargetRaw')}
                      <input
                        aria-label={`${t('dgTargetRaw')} ${name()}`}
                        value={rawTarget()}
                        onInput={(e) => {
                          const v = e.currentTarget.value.trim();
                          editTransition(kind, event, index, (x) => {
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
                      onClick={() => edit((s) => { const list = transitionList(s, kind, event); list.splice(index, 1); setTransitionList(s, kind, event, list); })}
                    >
                      {t('removeItem')}
                    </button>
                  </div>
                  <Show
                    when={guard() !== undefined}
                    fallback={
                      <button type="button" class="link" onClick={() => editTransition(kind, event, index, (x) => { x.guard = { type: 'logic', params: { rule: { '==': [{ var: 'event.data.result' }, ''] } } }; })}>
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
                        zh={zh()}
                        placeholder="event.data.x"
                        fields={guardFields(pkg(), tr())}
                        onChange={(rule) => editTransition(kind, event, index, (x) => { x.guard = { type: 'logic', params: { rule } }; }, `guard|${id}`)}
                      />
                    </Show>
                    <button type="button" class="link" onClick={() => editTransition(kind, event, index, (x) => { delete x.guard; })}>{t('dgRemoveGuard')}</button>
                  </Show>
                </div>
              );
            }}
          </For>
          <div class="dg-row dg-add">
            <label>
              {t('dgTransitionKind')}
              <select value={newKind()} onChange={(e) => setNewKind(e.currentTarget.value as TransitionKind)}>
                <option value="on">{t('dgOnEvent')}</option>
                <option value="after">{t('dgAfterDelay')}</option>
                <option value="always">{t('dgAlways')}</option>
              </select>
            </label>
            <Show when={newKind() === 'on'}>
              <label>
                {t('dgEvent')}
                <input value={newEvent()} list="dg-outcome-events" onInput={(e) => setNewEvent(e.currentTarget.value)} />
                <datalist id="dg-outcome-events"><For each={Object.keys(task()?.outcomes ?? {})}>{(ev) => <option value={ev} />}</For></datalist>
              </label>
            </Show>
            <Show when={newKind() === 'after'}>
              <label>
                {t('dgDelay')}
                <select value={newEvent()} onChange={(e) => setNewEvent(e.currentTarget.value)}>
                  <option value="">—</option>
                  <For each={delays()}>{(d) => <option value={d}>{d}</option>}</For>
                </select>
              </label>
            </Show>
            <label>
              {t('dgTarget')}
              <select value={newTarget()} onChange={(e) => setNewTarget(e.currentTarget.value)}>
                <option value="">{t('dgNoTarget')}</option>
                <For each={allPaths()}>{(p) => <option value={p}>{stateName(p)}</option>}</For>
              </select>
            </label>
            <button type="button" onClick={addTransition}>{t('dgAddTransition')}</button>
          </div>
        </fieldset>

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
          <Show when={props.path !== ''}>
            <button type="button" class="secondary dg-danger" onClick={removeState}>{t('dgRemoveState')}</button>
          </Show>
        </fieldset>
        <Show when={localError()}><p class="error" role="alert">{localError()}</p></Show>
      </section>
    </Show>
  );
}

/** Paths a guard may test: the outcome form's fields as `event.data.x`, and the context. */
function guardFields(pkg: ProcessPackage, _t: TransitionJson): string[] {
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
