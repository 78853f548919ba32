/**
 * The state's task (`meta.task`): on or off, its titles, who acts (role, and an assignee or
 * unit path), its due delay and reminder, and its outcomes.
 */
import { For, Show, type JSX } from 'solid-js';
import type { TaskSpec } from '../../../../runtime/engine/index.ts';
import { t } from '../../i18n.ts';
import { OutcomesSection } from './outcomes-section.tsx';
import type { StateEditing } from './state-editing.ts';

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
              if (on) meta.task = { role: d.roles[0] ?? 'staff', title: meta.title ?? se.path(), outcomes: {} };
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
                  <For each={[...new Set([...se.pkg().roles, tk().role])]}>{(r) => <option value={r}>{r}</option>}</For>
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
                  <For each={se.delays()}>{(d) => <option value={d}>{d}</option>}</For>
                </select>
              </label>
              <label>
                {t('dgReminder')}
                <select value={tk().remindBefore ?? ''} onChange={(e) => { const v = e.currentTarget.value; editTask((x) => { if (v) x.remindBefore = v; else delete x.remindBefore; }); }}>
                  <option value="">{t('dgNone')}</option>
                  <For each={se.delays()}>{(d) => <option value={d}>{d}</option>}</For>
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
