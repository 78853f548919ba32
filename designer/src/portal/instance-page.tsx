/**
 * One instance (/instances/:id, GET /api/instances/:id): its state with the state's title
 * from the definition's machine (`meta.title`), open tasks, children, every form submitted in
 * the case as a document (document.tsx) with a link to the print view, the history timeline
 * (who, what, when) and a diagram of the machine's states as nested boxes with the current
 * state highlighted. (The designer draws the laid-out graph.)
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { DefinitionDetail, HistoryEntry, InstanceDocuments, InstanceView, ProcessPackage, StateJson } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { label, lang, t } from '../i18n.ts';
import { DocumentList } from './document.tsx';
import { DueBadge } from './inbox.tsx';
import { titleOf } from './outcomes.ts';
import { stateName, stateTitle, type States } from './state-titles.ts';
import { apiErrorText } from './submission.ts';

const STATUS: Record<string, [string, string]> = {
  active: ['办理中', 'in progress'],
  done: ['已完成', 'finished'],
  cancelled: ['已取消', 'cancelled'],
  open: ['待办', 'open'],
  completed: ['已办', 'completed'],
};
const statusText = (s: string) => (STATUS[s] ?? [s, s])[lang() === 'zh' ? 0 : 1];

const when = (iso: string) => new Date(iso).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** Targets of a state's transitions (on / always / after), as state names relative to its parent. */
function targets(s: StateJson): string[] {
  const out: string[] = [];
  const collect = (x: unknown) => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(collect);
    else if (x && typeof x === 'object' && 'target' in x) collect((x as { target: unknown }).target);
  };
  for (const v of Object.values(s.on ?? {})) collect(v);
  collect(s.always);
  if (s.after && typeof s.after === 'object') for (const v of Object.values(s.after)) collect(v);
  return [...new Set(out.map((x) => x.replace(/^[#.]/, '').split('.').pop() ?? x))];
}

function Diagram(props: { states: States; active: string[] }): JSX.Element {
  const isActive = (path: string) => props.active.some((a) => a === path || a.startsWith(`${path}.`));
  const Box = (p: { name: string; state: StateJson; path: string; siblings: States }): JSX.Element => {
    const children = p.state.states;
    return (
      <li class={`state-box${isActive(p.path) ? ' current' : ''}${p.state.type === 'final' ? ' final' : ''}${children ? ' compound' : ''}`}
        aria-current={isActive(p.path) && !children ? 'step' : undefined}>
        <span class="state-name">{stateName(p.state, p.name)}</span>
        <Show when={isActive(p.path) && !children}>
          <span class="sr-only">（{t('currentState')}）</span>
        </Show>
        <Show when={targets(p.state).length > 0}>
          <span class="state-next">→ {targets(p.state).map((x) => stateName(p.siblings[x], x)).join('、')}</span>
        </Show>
        <Show when={children}>
          {(c) => (
            <ul class={`state-row${p.state.type === 'parallel' ? ' parallel' : ''}`}>
              <For each={Object.entries(c())}>{([n, s]) => <Box name={n} state={s} path={`${p.path}.${n}`} siblings={c()} />}</For>
            </ul>
          )}
        </Show>
      </li>
    );
  };
  return (
    <ul class="state-row diagram" aria-label={t('diagram')}>
      <For each={Object.entries(props.states)}>{([n, s]) => <Box name={n} state={s} path={n} siblings={props.states} />}</For>
    </ul>
  );
}

export function InstancePage(props: { id: string }): JSX.Element {
  const [view] = createResource(() => props.id, (id) => api<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`));
  // Every form submitted in the case, oldest first (GET /api/instances/:id/documents).
  const [docs] = createResource(() => props.id, (id) => api<InstanceDocuments>('GET', `/instances/${encodeURIComponent(id)}/documents`));
  const [def] = createResource(
    () => view()?.definitionId,
    (id) => api<DefinitionDetail>('GET', `/definitions/${encodeURIComponent(id)}`).catch(() => undefined),
  );
  const states = () => def()?.definition.machine.states;
  // Children's definitions, for the titles of their states and outcomes in the history.
  const [childDefs] = createResource(
    () => [...new Set((view()?.children ?? []).map((c) => c.definitionId))].filter((d) => d !== view()?.definitionId).join(','),
    async (ids) => {
      const out: Record<string, ProcessPackage> = {};
      for (const id of ids.split(',').filter(Boolean)) {
        const d = await api<DefinitionDetail>('GET', `/definitions/${encodeURIComponent(id)}`).catch(() => undefined);
        if (d) out[id] = d.definition;
      }
      return out;
    },
  );
  /** The definition an entry of the history belongs to: the instance's, or a child's. */
  const definitionOf = (instanceId: string): { id: string | undefined; pkg: ProcessPackage | undefined } => {
    const child = view()?.children.find((c) => c.id === instanceId);
    if (child && child.definitionId !== view()?.definitionId) return { id: child.definitionId, pkg: childDefs()?.[child.definitionId] };
    return { id: view()?.definitionId, pkg: def()?.definition };
  };
  const historyWhat = (e: HistoryEntry) => {
    const { pkg } = definitionOf(e.instanceId);
    const from = e.from ? stateTitle(pkg?.machine.states, e.from) : '';
    const to = e.to ? stateTitle(pkg?.machine.states, e.to) : '';
    const what = e.type === 'started' ? t('eventStarted') : titleOf(e);
    return { what, move: from || to ? `${from || '—'} → ${to || '—'}` : '' };
  };
  return (
    <section class="instance-page">
      <Show when={!view.error} fallback={<p role="alert" class="error">{apiErrorText(view.error)}</p>}>
        <Show when={view()} fallback={<p>{t('loading')}</p>}>
          {(v) => (
            <>
              <h1>{v().title}</h1>
              <p class="meta-line">
                <Show when={def()}>{(d) => <span class="muted">{label(d().definition)} · </span>}</Show>
                <Show when={v().parentId}>
                  <Link href={`/instances/${encodeURIComponent(v().parentId as string)}`}>{t('parentInstance')}</Link>
                </Show>
              </p>
              <p class="state-line">
                <span>{t('currentState')}：</span>
                <strong class="state-current" data-state={v().state}>{stateTitle(states(), v().state) || v().state}</strong>
                <span class={`status status-${v().status}`}>{statusText(v().status)}</span>
              </p>

              <h2>{t('openTasks')}</h2>
              <ul class="cards">
                <For each={v().openTasks} fallback={<li class="empty">{t('noTasks')}</li>}>
                  {(task) => (
                    <li class="card">
                      <Link href={`/tasks/${encodeURIComponent(task.id)}`}>{lang() === 'zh' ? task.title : task.title_en ?? task.title}</Link>
                      <Show when={task.instanceId !== v().id}><span class="muted">{task.instanceTitle}</span></Show>
                      <DueBadge dueAt={task.dueAt} overdue={task.overdue} />
                    </li>
                  )}
                </For>
              </ul>

              <Show when={v().children.length > 0}>
                <h2>{t('children')}</h2>
                <ul class="cards">
                  <For each={v().children}>
                    {(c) => (
                      <li class="card">
                        <Link href={`/instances/${encodeURIComponent(c.id)}`}>{c.title}{c.key ? `（${c.key}）` : ''}</Link>
                        <span class="muted">{statusText(c.status)} · {c.state}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>

              <div class="documents-head">
                <h2>{t('documents')}</h2>
                <Show when={docs()?.serialNo}>{(n) => <span class="serial-no">{t('serialNo')}：{n()}</span>}</Show>
                <Link class="button secondary no-print" href={`/instances/${encodeURIComponent(v().id)}/print`}>{t('print')}</Link>
              </div>
              <Show when={docs()} fallback={<p>{t('loading')}</p>}>{(d) => <DocumentList docs={d().documents} />}</Show>

              <Show when={states()}>
                {(s) => (
                  <>
                    <h2>{t('diagram')}</h2>
                    <Diagram states={s()} active={v().state.split(',').map((x) => x.trim())} />
                  </>
                )}
              </Show>

              <h2>{t('history')}</h2>
              <ol class="timeline">
                <For each={v().history}>
                  {(e) => (
                    <li>
                      <time datetime={e.at}>{when(e.at)}</time>
                      <span class="tl-who">{e.actorName ?? t('system')}</span>
                      <span class="what">{historyWhat(e).what}</span>
                      <Show when={historyWhat(e).move}><span class="muted">{historyWhat(e).move}</span></Show>
                      <Show when={e.instanceId !== v().id}><span class="muted">（{t('inChild')}）</span></Show>
                    </li>
                  )}
                </For>
              </ol>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
