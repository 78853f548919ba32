/**
 * The task page's 更多操作 menu: the task actions the server says the caller may take now
 * (GET /api/tasks/:id `allowedActions`, runtime/engine/task-actions.ts), by their Chinese
 * titles; each opens a small form — a reason, and for 转办 a user or unit picked by name (the
 * directory's combobox), for 委托 a user — and posts it to POST /api/tasks/:id/actions/:action.
 * Data-driven: an action this page has no form for (退回, 加签, 撤回 until their forms are
 * added) opens the plain reason form and posts the same way.
 */
import { createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { TaskDetail } from '../api-types.ts';
import { Combobox, type ComboOption } from '../ui/combobox.tsx';
import { errorText, lang, t, withColon } from '../i18n.ts';
import { me } from '../session.ts';
import { choiceName, searchChoices, type DirectoryKind } from './choices.ts';
import { apiErrorText, createSubmission } from './submission.ts';

type Allowed = TaskDetail['allowedActions'][number];

const words = (a: Allowed) => (lang() === 'zh' ? a.title : a.title_en);

/** Reason required (转办, 委托) or optional (催办, 收回委托). */
const REASON_REQUIRED = new Set(['transfer', 'delegate', 'sendBack', 'addSigner']);

/** 退回, 加签 and 撤回 have their own forms beside this menu (task-return-actions.tsx: a signer by name, before or after; the held completion). */
const OWN_FORMS: readonly string[] = ['sendBack', 'addSigner', 'withdraw'];

export function TaskActionsMenu(props: { task: TaskDetail; onDone: (title: string) => void }): JSX.Element {
  const listed = () => props.task.allowedActions.filter((a) => !OWN_FORMS.includes(a.action));
  const [open, setOpen] = createSignal(false);
  const [chosen, setChosen] = createSignal<Allowed | null>(null);
  return (
    <Show when={listed().length > 0}>
      <section class="task-actions" aria-labelledby="task-actions-h">
        <button type="button" class="secondary" id="task-actions-h" aria-expanded={open()} aria-controls="task-actions-list" onClick={() => setOpen(!open())}>
          {t('moreActions')}
        </button>
        <Show when={open()}>
          <ul id="task-actions-list" class="task-actions-list" role="menu">
            <For each={listed()}>
              {(a) => (
                <li role="none">
                  <button type="button" role="menuitem" class={chosen()?.action === a.action ? '' : 'secondary'} onClick={() => { setChosen(a); setOpen(false); }}>
                    {words(a)}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={chosen()} keyed>
          {(a) => <ActionForm task={props.task} action={a} onCancel={() => setChosen(null)} onDone={() => { setChosen(null); props.onDone(words(a)); }} />}
        </Show>
      </section>
    </Show>
  );
}

function ActionForm(props: { task: TaskDetail; action: Allowed; onCancel: () => void; onDone: () => void }): JSX.Element {
  const kinds = (): Array<'user' | 'unit'> => (props.action.action === 'transfer' ? props.action.to ?? [] : props.action.action === 'delegate' ? ['user'] : []);
  const [to, setTo] = createSignal<'user' | 'unit'>(kinds().includes('unit') ? 'unit' : 'user');
  const [target, setTarget] = createSignal<ComboOption | null>(null);
  const [reason, setReason] = createSignal('');
  const { busy, error, fieldErrors, run } = createSubmission();
  // A deputy names another deputy (the deputies' directory); the office and clerks search users.
  const directory = (): DirectoryKind => (to() === 'unit' ? 'unit' : me()?.roles.includes('deputy') && !me()?.roles.some((r) => ['staff', 'admin', 'leader'].includes(r)) ? 'deputy' : 'user');
  const id = `task-action-${props.action.action}`;
  const submit = async (e: Event) => {
    e.preventDefault();
    await run(async () => {
      const body: Record<string, unknown> = {};
      if (reason().trim() !== '') body.reason = reason();
      if (props.action.action === 'transfer') body.to = to();
      const picked = target();
      if (kinds().length > 0 && picked) body[to() === 'unit' ? 'unitId' : 'userId'] = picked.id;
      await api('POST', `/tasks/${encodeURIComponent(props.task.id)}/actions/${encodeURIComponent(props.action.action)}`, body);
      props.onDone();
    });
  };
  return (
    <form class="task-action-form" onSubmit={(e) => void submit(e)} aria-label={words(props.action)}>
      <h2>{words(props.action)}</h2>
      <Show when={kinds().length > 1}>
        <fieldset class="radio-row">
          <legend>{t('transferTo')}</legend>
          <For each={kinds()}>
            {(k) => (
              <label>
                <input type="radio" name={`${id}-to`} checked={to() === k} onChange={() => { setTo(k); setTarget(null); }} />
                {t(k === 'unit' ? 'transferToUnit' : 'transferToUser')}
              </label>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={kinds().length > 0}>
        <label for={`${id}-target`}>{t(to() === 'unit' ? 'transferToUnit' : props.action.action === 'delegate' ? 'delegateTo' : 'transferToUser')}</label>
        <Show when={to()} keyed>
          {(kind) => (
            <Combobox
              id={`${id}-target`}
              multiple={false}
              required
              selected={target() ? [target() as ComboOption] : []}
              search={async (q) => (await searchChoices(directory(), q)).map((c) => ({ id: c.id, label: choiceName(c), note: c.note ?? null }))}
              onSelect={(o) => setTarget(o)}
              onRemove={() => setTarget(null)}
              errorText={apiErrorText}
              texts={{
                placeholder: t(`pick_${directory()}`),
                loading: t('loading'),
                noMatches: t('noMatches'),
                results: (n) => t('matchCount').replace('{n}', String(n)),
                remove: (name) => `${t('remove')} ${name}`,
                chosen: withColon(t('chosenEntries')),
                list: t(kind === 'unit' ? 'transferToUnit' : 'transferToUser'),
              }}
            />
          )}
        </Show>
      </Show>
      <label for={`${id}-reason`}>{REASON_REQUIRED.has(props.action.action) ? t('actionReason') : t('actionReasonOptional')}</label>
      <textarea id={`${id}-reason`} rows={3} maxLength={500} required={REASON_REQUIRED.has(props.action.action)} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      <Show when={error() || fieldErrors().length > 0}><p role="alert" class="error">{error() || fieldErrors().map(errorText).join('；')}</p></Show>
      <div class="actions">
        <button type="submit" disabled={busy() || (kinds().length > 0 && !target())}>{withColon(t('confirm'))}{words(props.action)}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t('cancel')}</button>
      </div>
    </form>
  );
}
