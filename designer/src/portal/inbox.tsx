/**
 * The inbox: 待办 (open tasks for me), 已办 (tasks I completed), 我发起的 (instances I started),
 * 抄送我 (instances whose notifications name me), with filters by process, state, overdue
 * and a search box. Deadlines show as red (overdue), yellow (due within 3 days) or green.
 * People and units show by name (who started the item, the unit handling it, whom a
 * notification went to), resolved for the whole list at once (choices.ts `namesOf`).
 */
import { createMemo, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { dateWords, deadlineDay } from '../../../runtime/engine/calendar.ts';
import { api } from '../api.ts';
import type { DefinitionDetail, DefinitionSummary, InstanceSummary, NotificationView, ProcessPackage, TaskView } from '../api-types.ts';
import { formatDateTime } from '../county-time.ts';
import { label, lang, roleName, t, withColon } from '../i18n.ts';
import { me } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { choiceName, namesOf, type Choice } from './choices.ts';
import { loadDefinitions } from './definitions.ts';
import { stateTitle } from './state-titles.ts';

type Tab = 'todo' | 'done' | 'started' | 'cc';

type DueFilter = '' | '3' | '7' | 'none';

export type DueLevel = 'overdue' | 'soon' | 'ok' | 'none';

/** Red, yellow or green for a deadline (3 days ahead counts as soon). */
export function dueLevel(dueAt: string | null, overdue: boolean, now = Date.now()): DueLevel {
  if (overdue) return 'overdue';
  if (!dueAt) return 'none';
  const ms = new Date(dueAt).getTime() - now;
  if (ms < 0) return 'overdue';
  return ms < 3 * 86_400_000 ? 'soon' : 'ok';
}

/**
 * The last day a deadline allows, in words (期限：2026年4月30日): a deadline counted in days ends
 * at the end of its local day, stored as the next local midnight, which formatDate would show
 * as the day after (deadlineDay, as the messages say it).
 */
export function dueWords(dueAt: string): string {
  const words = dateWords(deadlineDay(new Date(dueAt)));
  return withColon(t('due')) + (lang() === 'zh' ? words.zh : words.en);
}

export function DueBadge(props: { dueAt: string | null; overdue: boolean }): JSX.Element {
  const level = () => dueLevel(props.dueAt, props.overdue);
  const text = () => ({ overdue: t('overdue'), soon: t('dueSoon'), ok: t('onTime'), none: '' })[level()];
  return (
    <Show when={props.dueAt}>
      {(due) => (
        <span class={`due due-${level()}`}>
          <span class="dot" aria-hidden="true" />
          {text()} · {dueWords(due())}
        </span>
      )}
    </Show>
  );
}

export function InboxPage(): JSX.Element {
  const [tab, setTab] = createSignal<Tab>('todo');
  const [q, setQ] = createSignal('');
  const [process, setProcess] = createSignal('');
  const [onlyOverdue, setOnlyOverdue] = createSignal(false);
  const [stateFilter, setStateFilter] = createSignal('');
  const [dueFilter, setDueFilter] = createSignal<DueFilter>('');
  const [definitions] = createResource(() => api<{ definitions: DefinitionSummary[] }>('GET', '/definitions'));
  const [tasks] = createResource(
    () => ({ tab: tab(), process: process(), overdue: onlyOverdue() }),
    async (p) => {
      if (p.tab === 'started' || p.tab === 'cc') return [];
      const params = new URLSearchParams({ mine: '1', state: p.tab === 'todo' ? 'open' : 'closed' });
      if (p.process) params.set('definition', p.process);
      if (p.overdue) params.set('overdue', '1');
      return (await api<{ tasks: TaskView[] }>('GET', `/tasks?${params}`)).tasks;
    },
  );
  const [started] = createResource(
    () => (tab() === 'started' ? { process: process() } : false),
    async (p) => {
      const params = new URLSearchParams({ mine: '1' });
      if (p.process) params.set('definition', p.process);
      return (await api<{ instances: InstanceSummary[] }>('GET', `/instances?${params}`)).instances;
    },
  );
  const [notifications] = createResource(
    () => (tab() === 'cc' ? true : false),
    async () => (await api<{ notifications: NotificationView[] }>('GET', '/notifications')).notifications,
  );
  // The names of the people and units the task rows mention, one request per kind for the list.
  const [names] = createResource(tasks, async (list) => {
    const users = list.flatMap((x) => [x.leadDeputyId, x.instanceCreatedBy, x.assigneeId].filter((id): id is string => typeof id === 'string'));
    const units = list.flatMap((x) => (x.unitId ? [x.unitId] : []));
    const [u, n] = await Promise.all([namesOf('user', users), namesOf('unit', units)]);
    return { user: u, unit: n };
  });
  const nameOf = (kind: 'user' | 'unit', id: string | null): string | null => {
    const c: Choice | null | undefined = id ? names()?.[kind].get(id) : null;
    return c ? choiceName(c) : null;
  };
  /**
   * "领衔代表 王建国 · 承办单位 县住房和城乡建设局 · 办理人 周建华": who the row is about, by name,
   * the caller left out. Without a lead deputy, the one who started the item.
   */
  const peopleLine = (x: TaskView): string => {
    const self = me()?.id;
    const parts: string[] = [];
    const lead = x.leadDeputyId !== self ? nameOf('user', x.leadDeputyId) : null;
    const starter = !x.leadDeputyId && x.instanceCreatedBy !== self ? nameOf('user', x.instanceCreatedBy) : null;
    if (lead) parts.push(`${t('leadDeputy')} ${lead}`);
    if (starter) parts.push(`${t('startedBy')} ${starter}`);
    const unit = nameOf('unit', x.unitId);
    if (unit && x.unitId !== me()?.unitId) parts.push(`${t('handlingUnit')} ${unit}`);
    const assignee = x.assigneeId !== self ? nameOf('user', x.assigneeId) : null;
    if (assignee) parts.push(`${t('assignee')} ${assignee}`);
    return parts.join(' · ');
  };
  /** "发给：县住房和城乡建设局" for what went to the caller's unit or role (not to them by name). */
  const sentTo = (n: NotificationView): string => {
    if (n.toRole) return withColon(t('sentTo')) + roleName(n.toRole);
    if (n.toUnit && n.toName) return withColon(t('sentTo')) + (lang() === 'en' && n.toNameEn ? n.toNameEn : n.toName);
    return '';
  };
  const needle = () => q().trim().toLowerCase();
  // The processes of the rows shown, for the titles of their states (a state is never shown by its name).
  const [machines] = createResource(
    () => [...new Set([...(tasks() ?? []), ...(started() ?? [])].map((x) => x.definitionId))].sort().join(','),
    (ids) => loadDefinitions(ids.split(',')),
  );
  /** A state in words; a task's state id starts with the machine's id (`suggestion.screening`), an instance's does not. */
  const stateWords = (definitionId: string, state: string): string => {
    const pkg = machines()?.[definitionId];
    if (!pkg) return '';
    const prefix = `${pkg.machine.id}.`;
    return stateTitle(pkg.machine.states, state.split(',').map((p) => p.trim()).map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p)).join(','));
  };
  const states = createMemo(() => {
    const byKey = new Map<string, string>();
    for (const x of tasks() ?? []) byKey.set(`${x.definitionId}|${x.state}`, stateWords(x.definitionId, x.state));
    return [...byKey].filter(([, words]) => words !== '').sort((a, b) => a[1].localeCompare(b[1], 'zh'));
  });
  const dueOk = (x: TaskView): boolean => {
    const f = dueFilter();
    if (!f) return true;
    if (f === 'none') return !x.dueAt;
    return x.dueAt !== null && new Date(x.dueAt).getTime() - Date.now() <= Number(f) * 86_400_000;
  };
  const shownTasks = createMemo(() =>
    (tasks() ?? []).filter((x) => (!needle() || `${x.title} ${x.instanceTitle} ${peopleLine(x)}`.toLowerCase().includes(needle())) && (!stateFilter() || `${x.definitionId}|${x.state}` === stateFilter()) && dueOk(x)),
  );
  const shownNotes = createMemo(() => (notifications() ?? []).filter((n) => !needle() || `${n.message} ${n.instanceTitle ?? ''}`.toLowerCase().includes(needle())));
  const shownStarted = createMemo(() => (started() ?? []).filter((x) => !needle() || x.title.toLowerCase().includes(needle())));
  const tabs: Tab[] = ['todo', 'done', 'started', 'cc'];
  return (
    <section>
      <h1>{t('inbox')}</h1>
      <div role="tablist" class="tabs">
        <For each={tabs}>
          {(name) => (
            <button type="button" role="tab" aria-selected={tab() === name} onClick={() => setTab(name)}>
              {t(name)}
            </button>
          )}
        </For>
      </div>
      <div class="filters">
        <label>
          {t('search')}
          <input type="search" value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <label>
          {t('process')}
          <select value={process()} onChange={(e) => setProcess(e.currentTarget.value)}>
            <option value="">{t('all')}</option>
            <For each={definitions()?.definitions ?? []}>{(d) => <option value={d.id}>{label(d)}</option>}</For>
          </select>
        </label>
        <Show when={tab() === 'todo' || tab() === 'done'}>
          <label>
            {t('state')}
            <select value={stateFilter()} onChange={(e) => setStateFilter(e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              <For each={states()}>{([key, words]) => <option value={key}>{words}</option>}</For>
            </select>
          </label>
          <label>
            {t('due')}
            <select value={dueFilter()} onChange={(e) => setDueFilter(e.currentTarget.value as DueFilter)}>
              <option value="">{t('all')}</option>
              <option value="3">{t('dueIn3')}</option>
              <option value="7">{t('dueIn7')}</option>
              <option value="none">{t('noDue')}</option>
            </select>
          </label>
        </Show>
        <Show when={tab() === 'todo' || tab() === 'done'}>
          <label class="check">
            <input type="checkbox" checked={onlyOverdue()} onChange={(e) => setOnlyOverdue(e.currentTarget.checked)} />
            {t('overdue')}
          </label>
        </Show>
      </div>
      <Show when={tab() === 'cc'}>
        <ul class="cards" aria-busy={notifications.loading}>
          <For each={shownNotes()} fallback={<li class="empty">{notifications.loading ? t('loading') : t('noTasks')}</li>}>
            {(n) => (
              <li class="card">
                <Show when={n.instanceId} fallback={<span>{lang() === 'zh' ? n.message : n.message_en ?? n.message}</span>}>
                  <Link href={`/instances/${n.instanceId}`}>{lang() === 'zh' ? n.message : n.message_en ?? n.message}</Link>
                </Show>
                <span class="muted">
                  {sentTo(n) ? `${sentTo(n)} · ` : ''}
                  {formatDateTime(n.at)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={tab() !== 'started' && tab() !== 'cc'} fallback={tab() === 'cc' ? null :
        <ul class="cards">
          <For each={shownStarted()} fallback={<li class="empty">{t('noTasks')}</li>}>
            {(i) => (
              <li class="card">
                <Link href={`/instances/${i.id}`}>{i.title}</Link>
                <span class="muted">{stateWords(i.definitionId, i.state)}</span>
              </li>
            )}
          </For>
        </ul>
      }>
        <ul class="cards" aria-busy={tasks.loading}>
          <For each={shownTasks()} fallback={<li class="empty">{tasks.loading ? t('loading') : t('noTasks')}</li>}>
            {(task) => (
              <li class="card">
                <Link href={tab() === 'todo' ? `/tasks/${task.id}` : `/instances/${task.instanceId}`}>
                  {lang() === 'zh' ? task.title : task.title_en ?? task.title}
                </Link>
                <span class="muted">{task.instanceTitle}</span>
                <Show when={peopleLine(task)}>
                  <span class="names">{peopleLine(task)}</span>
                </Show>
                <DueBadge dueAt={task.dueAt} overdue={task.overdue} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
