/**
 * /admin/notifications: notifications that could not be sent (发送失败的通知) and the county's
 * delivery settings (通知发送设置).
 *
 * The failed list (GET /api/notification-deliveries/dead) is in words: to whom, by which
 * channel, the message's subject, why it failed and when (county time); 重新发送 queues it
 * again (POST …/{id}/replay) and the worker sends it on its next round. The settings form is
 * built from the words the server gives for each setting (title, unit, range); the secrets show
 * only whether they are set and their last 4 characters, and are sent only when typed anew.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import type { FieldError } from '../api-types.ts';
import { api } from '../api.ts';
import { formatDateTime } from '../county-time.ts';
import { lang } from '../i18n.ts';
import { apiErrorText, createSubmission } from '../portal/submission.ts';
import { AdminFrame, ErrorList, errorsAt, InputField, otherErrors } from './admin-frame.tsx';
import { w } from './words.ts';
import type { DeadLetterView, SettingInfo } from '../../../runtime/store/delivery-view-types.ts';

type DeadLetter = DeadLetterView;

type Secret = { set: boolean; last4: string | null };
interface SettingsAnswer {
  settings: Record<string, string | number | boolean | null | Secret>;
  info: SettingInfo[];
}

export function NotificationsPage(): JSX.Element {
  return (
    <AdminFrame current="notifications">
      <DeadLetters />
      <DeliverySettingsForm />
    </AdminFrame>
  );
}

function DeadLetters(): JSX.Element {
  const [list, { refetch }] = createResource(() => api<{ deadLetters: DeadLetter[] }>('GET', '/notification-deliveries/dead').then((r) => r.deadLetters));
  const [notice, setNotice] = createSignal('');
  const replay = createSubmission();
  const send = (d: DeadLetter) =>
    void replay.run(async () => {
      await api('POST', `/notification-deliveries/${d.id}/replay`);
      setNotice(w('notifyReplayed', { name: d.recipient }));
      await refetch();
    });
  const zh = () => lang() === 'zh';
  return (
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">{w('notifyDeadTitle')}</h1>
      <p class="hint">{w('notifyDeadHint')}</p>
      <Show when={notice()}><p role="status">{notice()}</p></Show>
      <Show when={replay.error()}><p role="alert" class="error">{replay.error()}</p></Show>
      <Show when={!list.error} fallback={<p role="alert" class="error">{apiErrorText(list.error)}</p>}>
        <div class="table-wrap">
          <table class="admin-table" aria-busy={list.loading} data-testid="dead-letters">
            <thead>
              <tr>
                <th scope="col">{w('notifyRecipient')}</th>
                <th scope="col">{w('notifyChannel')}</th>
                <th scope="col">{w('notifySubject')}</th>
                <th scope="col">{w('notifyError')}</th>
                <th scope="col">{w('notifyFailedAt')}</th>
                <th scope="col">{w('actions')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={list() ?? []} fallback={<tr><td colspan="6" class="empty">{list.loading ? '…' : w('notifyNoDead')}</td></tr>}>
                {(d) => (
                  <tr>
                    <td>{d.recipient}</td>
                    <td>{zh() ? d.channelTitle : d.channelTitleEn}</td>
                    <td>{d.subject}</td>
                    <td>{(zh() ? d.error : d.errorEn) + w('notifyAttempts', { n: d.attempts })}</td>
                    <td>{formatDateTime(d.failedAt)}</td>
                    <td>
                      <button type="button" disabled={replay.busy()} onClick={() => send(d)} aria-label={`${w('notifyReplay')} ${d.recipient} ${d.subject}`}>
                        {w('notifyReplay')}
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}

function DeliverySettingsForm(): JSX.Element {
  const [answer, { mutate }] = createResource(() => api<SettingsAnswer>('GET', '/notification-settings'));
  /** What the admin typed, by key; a secret only when typed anew. */
  const [edits, setEdits] = createSignal<Record<string, string | boolean>>({});
  const [saved, setSaved] = createSignal(false);
  const save = createSubmission();
  const zh = () => lang() === 'zh';
  const title = (i: SettingInfo) => (zh() ? i.title : i.title_en) + (i.unit ? (zh() ? `（${i.unit}）` : ` (${i.unit_en ?? i.unit})`) : '');
  const shown = (i: SettingInfo): string => {
    const typed = edits()[i.key];
    if (typeof typed === 'string') return typed;
    const v = answer()?.settings[i.key];
    return i.kind === 'secret' || v === null || v === undefined || typeof v === 'object' ? '' : String(v);
  };
  const secretHint = (i: SettingInfo): string => {
    const v = answer()?.settings[i.key] as Secret | undefined;
    const state = v?.set ? (v.last4 ? w('notifySecretEnds', { last4: v.last4 }) : w('notifySecretSet')) : w('notifySecretNone');
    return [zh() ? i.description : i.description_en, state].filter(Boolean).join(' ');
  };
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const info = answer()?.info ?? [];
    const body: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(edits())) {
      const i = info.find((x) => x.key === key);
      if (!i) continue;
      if (i.kind === 'secret' && (typeof v !== 'string' || v.trim() === '')) continue; // empty keeps the secret
      if (i.kind === 'boolean') body[key] = v;
      else if (i.kind === 'number') body[key] = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
      else body[key] = typeof v === 'string' && v.trim() === '' ? null : v;
    }
    void save.run(async () => {
      mutate(await api<SettingsAnswer>('PUT', '/notification-settings', body));
      setEdits({});
      setSaved(true);
    });
  };
  const keys = () => (answer()?.info ?? []).map((i) => `/${i.key}`);
  return (
    <section aria-labelledby="delivery-settings-title">
      <h2 id="delivery-settings-title">{w('notifySettingsTitle')}</h2>
      <Show when={!answer.error} fallback={<p role="alert" class="error">{apiErrorText(answer.error)}</p>}>
        <form class="admin-form" onSubmit={submit} aria-label={w('notifySettingsTitle')}>
          <ErrorList errors={otherErrors(save.fieldErrors(), keys())} />
          <Show when={save.error()}><p role="alert" class="error">{save.error()}</p></Show>
          <Show when={saved()}><p role="status">{w('notifySettingsSaved')}</p></Show>
          <For each={answer()?.info ?? []}>
            {(i) =>
              i.kind === 'boolean' ? (
                <div class="admin-field">
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={typeof edits()[i.key] === 'boolean' ? (edits()[i.key] as boolean) : answer()?.settings[i.key] === true}
                      onChange={(e) => setEdits({ ...edits(), [i.key]: e.currentTarget.checked })}
                    />
                    {title(i)}
                  </label>
                  <Show when={zh() ? i.description : i.description_en}><p class="hint">{zh() ? i.description : i.description_en}</p></Show>
                </div>
              ) : (
                <InputField
                  id={`setting-${i.key}`}
                  label={title(i)}
                  type={i.kind === 'secret' ? 'password' : i.kind === 'number' ? 'number' : 'text'}
                  autocomplete={i.kind === 'secret' ? 'new-password' : 'off'}
                  min={i.min}
                  max={i.max}
                  hint={i.kind === 'secret' ? secretHint(i) : (zh() ? i.description : i.description_en)}
                  value={shown(i)}
                  onInput={(v) => setEdits({ ...edits(), [i.key]: v })}
                  errors={errorsAt(save.fieldErrors(), `/${i.key}`) as FieldError[]}
                />
              )
            }
          </For>
          <button type="submit" disabled={save.busy()}>{save.busy() ? w('saving') : w('save')}</button>
        </form>
      </Show>
    </section>
  );
}
