/**
 * The state's task (`meta.task`): on or off, its titles, who acts (role, and an assignee or
 * unit path), its due delay and reminder, and its outcomes.
 */
import { For, Show, type JSX } from 'solid-js';
import type { TaskSpec } from '../../../../runtime/engine/index.ts';
import { fill, listJoin, roleName, t, withColon } from '../../i18n.ts';
import { contextChoices, pathTitle } from '../titles.ts';
import { OutcomesSection } from './outcomes-section.tsx';
import type { StateEditing } from './state-editing.ts';

/** The `{path}` holes of a task title template, each once. */
const holes = (text: string): string[] => [...new Set([...text.matchAll(/\{([\w.]+)\}/g)].map((m) => m[1] as string))];

export function TaskSection(props: { se: StateEditing }): JSX.Element {
  const se = props.se;
  const task = () => se.state()?.meta?.task;
  const editTask = (fn: (task: TaskSpec) => void, key?: string) =>
    se.edit((s) => {
      if (s.meta?.task) fn(s.meta.task);
    }, key);
  return (
    <fieldset>
      <legend>{t('dgTask')}</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={task() !== undefined}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            se.edit((s, d) => {
              const meta = { ...(s.meta ?? {}) };
              if (on) meta.task = { role: d.roles[0] ?? 'staff', title: meta.title ?? se.stateName(se.path()), outcomes: {} };
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
                <input lang="en" value={tk().title_en ?? ''} onInput={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.title_en = v; else delete x.title_en; }, 'task.title_en'); }} />
              </label>
            </div>
            {/* A title may hold `{context.title}`: what the admin edits is the template, so say in words what each hole becomes. */}
            <Show when={holes(`${tk().title} ${tk().title_en ?? ''}`).length > 0}>
              <p class="muted" data-testid="task-title-holes">
                {withColon(t('dgTitleHoles'))}
                {listJoin(holes(`${tk().title} ${tk().title_en ?? ''}`).map((h) => fill(t('dgHoleIs'), { hole: `{${h}}`, what: pathTitle(se.pkg(), h, null, tk().forEach) })))}
              </p>
            </Show>
            <div class="dg-row">
              <label>
                {t('dgRole')}
                <select aria-label={t('dgRole')} value={tk().role} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { x.role = v; }); }}>
                  {/* Roles by the county's names (承办单位); a package lists role keys only, without titles. */}
                  <For each={[...new Set([...se.pkg().roles, tk().role])]}>{(r) => <option value={r}>{roleName(r)}</option>}</For>
                </select>
              </label>
              <PathSelect se={se} label={t('dgAssigneeFrom')} value={tk().assignee} forEach={tk().forEach} onChange={(v) => editTask((x) => { if (v) x.assignee = v; else delete x.assignee; })} />
              <PathSelect se={se} label={t('dgUnitFrom')} value={tk().unit} forEach={tk().forEach} onChange={(v) => editTask((x) => { if (v) x.unit = v; else delete x.unit; })} />
            </div>
            <div class="dg-row">
              <label>
                {t('dgDue')}
                <select aria-label={t('dgDue')} value={tk().due ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.due = v; else delete x.due; }); }}>
                  <option value="">{t('dgNone')}</option>
                  <For each={se.delays()}>{(d) => <option value={d}>{se.delayName(d)}</option>}</For>
                </select>
              </label>
              <label>
                {t('dgReminder')}
                <select aria-label={t('dgReminder')} value={tk().remindBefore ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.remindBefore = v; else delete x.remindBefore; }); }}>
                  <option value="">{t('dgNone')}</option>
                  <For each={se.delays()}>{(d) => <option value={d}>{se.delayName(d)}</option>}</For>
                </select>
              </label>
            </div>
            <OutcomesSection se={se} task={tk} editTask={editTask} />
          </>
        )}
      </Show>
    </fieldset>
  );
}

/**
 * Where the assignee or the unit comes from, by the titles of the instance data (答复单位,
 * 列表中的每一项); a path no title names stays selectable as it is written.
 */
function PathSelect(props: { se: StateEditing; label: string; value: string | undefined; forEach: string | undefined; onChange: (path: string) => void }): JSX.Element {
  const choices = () => contextChoices(props.se.pkg(), props.forEach, true);
  const known = () => !props.value || choices().some((c) => c.path === props.value);
  return (
    <label>
      {props.label}
      <select aria-label={props.label} value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('dgAnyone')}</option>
        <Show when={!known()}>
          <option value={props.value}>{pathTitle(props.se.pkg(), props.value ?? '', null, props.forEach)}</option>
        </Show>
        <For each={choices()}>{(c) => <option value={c.path}>{c.title}</option>}</For>
      </select>
    </label>
  );
}
