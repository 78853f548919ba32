/**
 * One instance (/instances/:id, GET /api/instances/:id): its state with the state's title
 * from the definition's machine (`meta.title`), open tasks, children, every form submitted in
 * the case as a document (document.tsx) with a link to the print view, the history timeline
 * (who, what, when) and a diagram of the machine's states as nested boxes with the current
 * state highlighted. (The designer draws the laid-out graph.)
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { CaseRemarks } from './case-remarks.tsx';
import { CitizenPanel } from './citizen-panel.tsx';
import { LivelihoodResult } from './livelihood-result.tsx';
import { api } from '../api.ts';
import type { DefinitionDetail, HistoryEntry, InstanceDocuments, InstanceView, ProcessPackage, StateJson, Unit } from '../api-types.ts';
import { formatDateTime } from '../county-time.ts';
import { Link } from '../ui/link.tsx';
import { fill, inParens, label, lang, listJoin, t, withColon } from '../i18n.ts';
import { DocumentList } from './document.tsx';
import { LinkedCases } from './linked-cases.tsx';
import { KeyThemeAddition } from './key-theme-addition.tsx';
import { KeyThemeFigures } from './key-theme-figures.tsx';
import { DueBadge } from './inbox.tsx';
import { titleOf } from './outcomes.ts';
import { stateAt, stateName, stateTitle, type States } from './state-titles.ts';
import { loadDefinitions } from './definitions.ts';
import { apiErrorText } from './submission.ts';
import { taskReturnNote } from './task-return-actions.tsx';

const STATUS: Record<string, [string, string]> = {
  active: ['办理中', 'in progress'],
  done: ['已完成', 'finished'],
  cancelled: ['已取消', 'cancelled'],
  open: ['待办', 'open'],
  completed: ['已办', 'completed'],
};
const statusText = (s: string) => (STATUS[s] ?? [s, s])[lang() === 'zh' ? 0 : 1];

const when = (iso: string) => formatDateTime(iso);

/**
 * The titles of the states a state's transitions (on / always / after) lead to, resolved as
 * XState does: `#machine.a.b` from the top, `.x` a child, anything else a sibling.
 */
function nextTitles(root: States, machineId: string, s: StateJson, siblings: States): string[] {
  const found: StateJson[] = [];
  const resolve = (target: string): StateJson | undefined => {
    if (target.startsWith(`#${machineId}.`)) return stateAt(root, target.slice(machineId.length + 2));
    if (target.startsWith('.')) return s.states ? stateAt(s.states, target.slice(1)) : undefined;
    return stateAt(siblings, target);
  };
  const collect = (x: unknown) => {
    if (typeof x === 'string') {
      const hit = resolve(x);
      if (hit && hit !== s) found.push(hit);
    } else if (Array.isArray(x)) x.forEach(collect);
    else if (x && typeof x === 'object' && 'target' in x) collect((x as { target: unknown }).target);
  };
  for (const v of Object.values(s.on ?? {})) collect(v);
  collect(s.always);
  collect(s.onDone);
  if (s.after && typeof s.after === 'object') for (const v of Object.values(s.after)) collect(v);
  return [...new Set(found.map((x) => stateName(x)).filter(Boolean))];
}

/** The machine's states as nested boxes by their titles, the current one marked; no state name shows. */
function Diagram(props: { states: States; machineId: string; active: string[] }): JSX.Element {
  const isActive = (path: string) => props.active.some((a) => a === path || a.startsWith(`${path}.`));
  const Box = (p: { state: StateJson; path: string; siblings: States }): JSX.Element => {
    const children = p.state.states;
    const next = () => nextTitles(props.states, props.machineId, p.state, p.siblings);
    return (
      <li class={`state-box${isActive(p.path) ? ' current' : ''}${p.state.type === 'final' ? ' final' : ''}${children ? ' compound' : ''}`}
        aria-current={isActive(p.path) && !children ? 'step' : undefined}>
        <span class="state-name">{stateName(p.state)}</span>
        <Show when={isActive(p.path) && !children}>
          <span class="sr-only">{inParens(t('currentState'))}</span>
        </Show>
        <Show when={next().length > 0}>
          <span class="state-next">→ {listJoin(next())}</span>
        </Show>
        <Show when={children}>
          {(c) => (
            <ul class={`state-row${p.state.type === 'parallel' ? ' parallel' : ''}`}>
              <For each={Object.entries(c()).filter(([, s]) => s.type !== 'history')}>{([n, s]) => <Box state={s} path={`${p.path}.${n}`} siblings={c()} />}</For>
            </ul>
          )}
        </Show>
      </li>
    );
  };
  return (
    <ul class="state-row diagram" aria-label={t('diagram')}>
      <For each={Object.entries(props.states).filter(([, s]) => s.type !== 'history')}>{([n, s]) => <Box state={s} path={n} siblings={props.states} />}</For>
    </ul>
  );
}

/** Who did it, as the history sentence names them: "县住房和城乡建设局 张三", a delegate with the holder "李四（代张三办理）", or nobody (the system). */
function actorWords(e: HistoryEntry): string {
  if (!e.actorId) return '';
  const unit = lang() === 'zh' ? e.actorUnitName : e.actorUnitName_en ?? e.actorUnitName;
  const who = [unit, e.actorName].filter(Boolean).join(' ');
  return e.onBehalfOfName ? `${who}${inParens(fill(t('actedFor'), { name: e.onBehalfOfName }))}` : who;
}

export function InstancePage(props: { id: string }): JSX.Element {
  const [view, { refetch }] = createResource(() => props.id, (id) => api<InstanceView>('GET', `/instances/${encodeURIComponent(id)}`));
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
    (ids) => loadDefinitions(ids.split(',')),
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
    return { what, move: (from || to) && from !== to ? `${from || '—'} → ${to || '—'}` : '' };
  };
  // Units by id, to name each child by the unit that handles it (GET /api/units: everyone may read it).
  const [units] = createResource(async () => {
    const r = await api<{ units: Unit[] }>('GET', '/units').catch(() => ({ units: [] as Unit[] }));
    return new Map(r.units.map((u) => [u.id, u]));
  });
  /** A child as people know it: the unit handling it ("县住房和城乡建设局"), else its title. */
  const childName = (c: InstanceView['children'][number]): string => {
    const unitId = c.context?.unitId;
    const unit = typeof unitId === 'string' ? units()?.get(unitId) : undefined;
    if (!unit) return c.title;
    return lang() === 'zh' ? unit.name : unit.nameEn ?? unit.name;
  };
  const childState = (c: InstanceView['children'][number]): string =>
    stateTitle(definitionOf(c.id).pkg?.machine.states, c.state) || statusText(c.status);
  return (
    <section class="instance-page">
      <Show when={!view.error} fallback={<p role="alert" class="error">{apiErrorText(view.error)}</p>}>
        <Show when={view()} fallback={<p>{t('loading')}</p>}>
          {(v) => (
            <>
              <h1>{v().title}</h1>
              <p class="meta-line">
                <Show when={def()}>{(d) => <span class="muted">{label(d().definition)}{v().parentId ? ' · ' : ''}</span>}</Show>
                <Show when={v().parentId}>
                  <Link href={`/instances/${encodeURIComponent(v().parentId as string)}`}>{t('parentInstance')}</Link>
                </Show>
              </p>
              <p class="state-line">
                <span>{withColon(t('currentState'))}</span>
                <strong class="state-current" data-state={v().state}>{stateTitle(states(), v().state)}</strong>
                <span class={`status status-${v().status}`}>{statusText(v().status)}</span>
              </p>
              <Show when={v().definitionId === 'constituent-issue'}>
                <CitizenPanel instanceId={v().id} />
              </Show>
              <Show when={v().definitionId === 'livelihood-vote'}>
                <LivelihoodResult context={v().context} />
              </Show>
              <LinkedCases links={v().links} />
              <Show when={v().definitionId === 'suggestion' && v().status === 'active'}>
                <KeyThemeAddition instanceId={v().id} onAdded={() => void refetch()} />
              </Show>
              <Show when={v().definitionId === 'key-supervision'}>
                <KeyThemeFigures instanceId={v().id} version={v().version} />
              </Show>

              <h2>{t('openTasks')}</h2>
              <ul class="cards">
                <For each={v().openTasks} fallback={<li class="empty">{t('noTasks')}</li>}>
                  {(task) => (
                    <li class="card">
                      <Link href={`/tasks/${encodeURIComponent(task.id)}`}>{lang() === 'zh' ? task.title : task.title_en ?? task.title}</Link>
                      <Show when={task.instanceId !== v().id}><span class="muted">{task.instanceTitle}</span></Show>
                      <DueBadge dueAt={task.dueAt} overdue={task.overdue} />
                      <Show when={task.positionVacant && task.position}>{(p) => <p role="alert" class="warning">{lang() === 'zh' ? p().title : p().title_en}：{t('positionVacant')}</p>}</Show>
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
                        <Link href={`/instances/${encodeURIComponent(c.id)}`}>{childName(c)}</Link>
                        <span class="muted">{childState(c)}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>

              <div class="documents-head">
                <h2>{t('documents')}</h2>
                <Show when={docs()?.serialNo}>{(n) => <span class="serial-no">{withColon(t('serialNo'))}{n()}</span>}</Show>
                <Link class="button secondary no-print" href={`/instances/${encodeURIComponent(v().id)}/print`}>{t('print')}</Link>
                <Show when={typeof (v().context as { answer?: { letterNo?: unknown } }).answer?.letterNo === 'string'}>
                  <Link class="button secondary no-print" href={`/instances/${encodeURIComponent(v().id)}/letter`}>{t('answerLetterPrint')}</Link>
                </Show>
              </div>
              <Show when={docs()} fallback={<p>{t('loading')}</p>}>{(d) => <DocumentList docs={d().documents} />}</Show>

              <Show when={states()}>
                {(s) => (
                  <>
                    <h2>{t('diagram')}</h2>
                    <Diagram states={s()} machineId={def()?.definition.machine.id ?? ''} active={v().state.split(',').map((x) => x.trim())} />
                  </>
                )}
              </Show>

              <CaseRemarks instanceId={v().id} history={v().history} onAdded={() => void refetch()} />

              <h2>{t('history')}</h2>
              <ol class="timeline">
                <For each={v().history}>
                  {(e) => (
                    <li>
                      <time datetime={e.at}>{when(e.at)}</time>{' '}
                      <Show when={actorWords(e)} fallback={<span class="tl-who">{withColon(t('systemSays'))}</span>}>
                        {(who) => <span class="tl-who">{who()} </span>}
                      </Show>
                      <span class="what">{historyWhat(e).what}</span>
                      <Show when={e.instanceId !== v().id}><span class="muted">{inParens(t('inChild'))}</span></Show>
                      <Show when={historyWhat(e).move}><span class="muted state-move">{historyWhat(e).move}</span></Show>
                      <Show when={lang() === 'zh' ? e.detail : e.detail_en ?? e.detail}>{(d) => <span class="tl-detail"> · {d()}</span>}</Show>
                      <Show when={taskReturnNote(e)}>{(note) => <span class="muted tl-note">{inParens(note())}</span>}</Show>
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
