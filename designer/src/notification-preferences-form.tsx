/**
 * 我的通知方式, on the account page: the channels a user wants besides the in-app list (always
 * on), their email address and mobile number, and quiet hours (local time, may run over
 * midnight). GET/PUT /api/me/notification-preferences; the server checks every field and
 * answers all errors at once, shown under their inputs.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from './api.ts';
import { ErrorList, errorsAt, FieldMessages, InputField, otherErrors } from './admin/admin-frame.tsx';
import { lang, t } from './i18n.ts';
import { apiErrorText, createSubmission } from './portal/submission.ts';

interface Preferences {
  email: string | null;
  phone: string | null;
  channels: string[];
  quietStart: string | null;
  quietEnd: string | null;
}
interface Answer {
  preferences: Preferences;
  channels: Array<{ channel: string; title: string; title_en: string }>;
}

const FIELDS = ['/email', '/phone', '/channels', '/quietStart', '/quietEnd'];

export function NotificationPreferencesForm(): JSX.Element {
  const [answer] = createResource(() => api<Answer>('GET', '/me/notification-preferences'));
  const [email, setEmail] = createSignal<string | null>(null);
  const [phone, setPhone] = createSignal<string | null>(null);
  const [chosen, setChosen] = createSignal<string[] | null>(null);
  const [quietStart, setQuietStart] = createSignal<string | null>(null);
  const [quietEnd, setQuietEnd] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const send = createSubmission();
  const p = () => answer()?.preferences;
  const channels = () => chosen() ?? p()?.channels ?? [];
  const toggle = (channel: string, on: boolean) => setChosen(on ? [...channels().filter((c) => c !== channel), channel] : channels().filter((c) => c !== channel));
  const value = (typed: string | null, stored: string | null | undefined) => typed ?? stored ?? '';
  const submit = (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const body = {
      email: value(email(), p()?.email) || null,
      phone: value(phone(), p()?.phone) || null,
      channels: channels(),
      quietStart: value(quietStart(), p()?.quietStart) || null,
      quietEnd: value(quietEnd(), p()?.quietEnd) || null,
    };
    void send.run(async () => {
      await api('PUT', '/me/notification-preferences', body);
      setSaved(true);
    });
  };
  return (
    <section aria-labelledby="notify-prefs-title">
      <h2 id="notify-prefs-title">{t('notifyPrefsTitle')}</h2>
      <p class="hint">{t('notifyPrefsHelp')}</p>
      <Show when={!answer.error} fallback={<p role="alert" class="error">{apiErrorText(answer.error)}</p>}>
        <form class="admin-form" onSubmit={submit} aria-label={t('notifyPrefsTitle')} aria-busy={answer.loading}>
          <ErrorList errors={otherErrors(send.fieldErrors(), FIELDS)} />
          <Show when={send.error()}><p role="alert" class="error">{send.error()}</p></Show>
          <Show when={saved()}><p role="status">{t('notifyPrefsSaved')}</p></Show>
          <fieldset class="choices" id="notify-channels">
            <legend>{t('notifyPrefsChannels')}</legend>
            <For each={answer()?.channels ?? []}>
              {(c) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={c.channel === 'inApp' || channels().includes(c.channel)}
                    disabled={c.channel === 'inApp'}
                    onChange={(e) => toggle(c.channel, e.currentTarget.checked)}
                  />
                  {lang() === 'zh' ? c.title : c.title_en}
                  <Show when={c.channel === 'inApp'}>{t('notifyPrefsAlways')}</Show>
                </label>
              )}
            </For>
            <FieldMessages id="notify-channels" errors={errorsAt(send.fieldErrors(), '/channels')} />
          </fieldset>
          <InputField id="notify-email" label={t('notifyPrefsEmail')} autocomplete="email" value={value(email(), p()?.email)} onInput={setEmail} errors={errorsAt(send.fieldErrors(), '/email')} />
          <InputField id="notify-phone" label={t('notifyPrefsPhone')} autocomplete="tel" value={value(phone(), p()?.phone)} onInput={setPhone} errors={errorsAt(send.fieldErrors(), '/phone')} />
          <InputField id="notify-quiet-start" label={t('notifyPrefsQuietStart')} hint={t('notifyPrefsQuietHint')} value={value(quietStart(), p()?.quietStart)} onInput={setQuietStart} errors={errorsAt(send.fieldErrors(), '/quietStart')} />
          <InputField id="notify-quiet-end" label={t('notifyPrefsQuietEnd')} value={value(quietEnd(), p()?.quietEnd)} onInput={setQuietEnd} errors={errorsAt(send.fieldErrors(), '/quietEnd')} />
          <button type="submit" disabled={send.busy()}>{t('notifyPrefsSave')}</button>
        </form>
      </Show>
    </section>
  );
}
