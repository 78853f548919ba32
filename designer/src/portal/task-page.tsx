/**
 * One task (/tasks/:id): its title, the instance it belongs to, the deadline badge, the work
 * item it decides (the documents of the case its definition names, `meta.task.documents`:
 * the deputy reads the answer letter before rating it, the unit the deputy's reasons before
 * re-handling), one button per outcome; choosing an outcome shows its form (pre-filled when
 * the definition says so, `meta.task.prefill`) or a confirm button when it has none;
 * submitting completes the task (POST /api/tasks/:id/complete) and opens the instance.
 */
import { createEffect, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, completeTask } from '../api.ts';
import type { OutcomeView, TaskDetail } from '../api-types.ts';
import { Link } from '../ui/link.tsx';
import { lang, t, withColon } from '../i18n.ts';
import { navigate } from '../router.ts';
import { DocumentList } from './document.tsx';
import { FormRenderer } from './form-renderer.tsx';
import { DueBadge } from './inbox.tsx';
import { TaskActionsMenu } from './task-actions.tsx';
import { TaskStatistics } from './task-statistics.tsx';
import { TaskReturnActions } from './task-return-actions.tsx';
import { titleOf } from './outcomes.ts';
import { apiErrorText, createSubmission } from './submission.ts';

/** The list processes whose tasks the 交办会 page (meeting/meeting-pages.tsx) does as a table. */
const LIST_PROCESSES = new Set(['assignment-meeting', 'suggestion-closing']);

export function TaskPage(props: { id: string }): JSX.Element {
  const [task, { refetch }] = createResource(() => props.id, (id) => api<TaskDetail>('GET', `/tasks/${encodeURIComponent(id)}`));
  const [done, setDone] = createSignal('');
  const [chosen, setChosen] = createSignal<OutcomeView | null>(null);
  const { busy, error, fieldErrors, reset, run } = createSubmission();
  // A task with a single outcome (a deputy's feedback) opens its form straight away.
  createEffect(() => {
    const only = task()?.outcomes;
    if (only?.length === 1 && only[0]) setChosen(only[0]);
  });

  const complete = async (outcome: OutcomeView, data: Record<string, unknown>) => {
    const current = task();
    if (!current) return;
    await run(async () => {
      await completeTask(current.id, outcome.event, data);
      navigate(`/instances/${encodeURIComponent(current.instanceId)}`);
    });
  };

  return (
    <section class="task-page">
      <Show when={!task.error} fallback={<p role="alert" class="error">{apiErrorText(task.error)}</p>}>
        <Show when={task()} fallback={<p>{t('loading')}</p>}>
          {(tk) => (
            <>
              <h1>{lang() === 'zh' ? tk().title : tk().title_en ?? tk().title}</h1>
              <p class="meta-line">
                <span>{withColon(t('instance'))}</span>
                <Link href={`/instances/${encodeURIComponent(tk().instanceId)}`}>{tk().instanceTitle}</Link>
              </p>
              <p class="meta-line">
                <DueBadge dueAt={tk().dueAt} overdue={tk().overdue} />
                <Show when={tk().urgeCount > 0}><span class="badge urged">{t('urgedTimes').replace('{n}', String(tk().urgeCount))}</span></Show>
              </p>
              <Show when={done()}><p class="notice" role="status">{done()}</p></Show>
              <TaskActionsMenu task={tk()} onDone={(title) => { setDone(`${t('actionDone')}${title}`); void refetch(); }} />
              <TaskStatistics statistics={tk().statistics} />
              <Show when={tk().documents.length > 0}>
                <section class="work-item" aria-labelledby="work-item-h">
                  <h2 id="work-item-h">{t('caseDocuments')}</h2>
                  <DocumentList docs={tk().documents} />
                </section>
              </Show>
              <TaskReturnActions taskId={tk().id} instanceId={tk().instanceId} />
              <Show when={tk().status === 'open' && LIST_PROCESSES.has(tk().definitionId)}>
                {/* A 交办会 or closing list is prepared and approved as a table on its own page. */}
                <p class="notice"><Link href={`/meetings/${encodeURIComponent(tk().instanceId)}`}>{t('meetingOpenList')}</Link></p>
              </Show>
              <Show when={tk().status === 'open'} fallback={<p class="notice">{t('taskClosed')}</p>}>
                {/* A countersign task (加签) has no outcomes: its answer is in TaskReturnActions above. */}
                <Show when={tk().outcomes.length > 0}><h2 id="outcomes-h">{t('chooseOutcome')}</h2></Show>
                <div class="actions outcomes" role="group" aria-labelledby="outcomes-h">
                  <For each={tk().outcomes}>
                    {(o) => (
                      <button type="button" class={chosen()?.event === o.event ? '' : 'secondary'} aria-pressed={chosen()?.event === o.event}
                        onClick={() => { setChosen(o); reset(); }}>
                        {titleOf(o)}
                      </button>
                    )}
                  </For>
                </div>
                <Show when={chosen()} keyed>
                  {(o) => (
                    <div class="outcome-form">
                      <Show when={o.schema} fallback={
                        <div class="confirm-box">
                          <p>{t('noFormNeeded')}</p>
                          <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
                          <div class="actions">
                            <button type="button" disabled={busy()} onClick={() => void complete(o, {})}>
                              {withColon(t('confirm'))}{titleOf(o)}
                            </button>
                            <button type="button" class="secondary" onClick={() => setChosen(null)}>{t('cancel')}</button>
                          </div>
                        </div>
                      }>
                        {(schema) => (
                          <>
                            <h2>{titleOf(o)}</h2>
                            <Show when={tk().prefill[o.event]}><p class="notice">{t(tk().preparedDrafts.includes(o.event) ? 'prefilledDraft' : 'prefilled')}</p></Show>
                            <FormRenderer schema={schema()} initial={structuredClone(tk().prefill[o.event])} serverErrors={fieldErrors()} busy={busy()}
                              submitLabel={`${withColon(t('submit'))}${titleOf(o)}`}
                              onSubmit={(data) => complete(o, data)} onCancel={() => setChosen(null)}>
                              <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
                            </FormRenderer>
                          </>
                        )}
                      </Show>
                    </div>
                  )}
                </Show>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
