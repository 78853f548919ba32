/**
 * 修改密码: every user changes their own password (POST /api/auth/password). The server checks
 * the current password (throttled like a sign-in) and the new one under the password rule
 * (runtime/password-policy.ts), ends every earlier token and answers a new one, which this page
 * keeps, so this browser stays signed in and every other one is signed out.
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { api, tokenStore } from './api.ts';
import { errorsAt, InputField, ErrorList, otherErrors } from './admin/admin-frame.tsx';
import { t } from './i18n.ts';
import { createSubmission } from './portal/submission.ts';
import { NotificationPreferencesForm } from './notification-preferences-form.tsx';

export function AccountPage(): JSX.Element {
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [again, setAgain] = createSignal('');
  const [done, setDone] = createSignal(false);
  const [mismatch, setMismatch] = createSignal(false);
  const send = createSubmission();
  const fields = ['/currentPassword', '/newPassword'];
  const submit = (e: Event) => {
    e.preventDefault();
    setDone(false);
    setMismatch(next() !== again());
    if (mismatch()) return;
    void send.run(async () => {
      const r = await api<{ token: string }>('POST', '/auth/password', { currentPassword: current(), newPassword: next() });
      tokenStore.set(r.token);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    });
  };
  return (
    <section class="admin-page">
      <h1>{t('accountChangePassword')}</h1>
      <form class="admin-form" onSubmit={submit} aria-label={t('accountChangePassword')}>
        <ErrorList errors={otherErrors(send.fieldErrors(), fields)} />
        <Show when={send.error()}><p role="alert" class="error">{send.error()}</p></Show>
        <Show when={done()}><p role="status">{t('accountPasswordChanged')}</p></Show>
        <InputField id="current-password" type="password" autocomplete="current-password" label={t('accountCurrentPassword')} required value={current()} onInput={setCurrent} errors={errorsAt(send.fieldErrors(), '/currentPassword')} />
        <InputField id="new-password" type="password" autocomplete="new-password" label={t('accountNewPassword')} required hint={t('accountPasswordRule')} value={next()} onInput={setNext} errors={errorsAt(send.fieldErrors(), '/newPassword')} />
        <InputField
          id="again-password"
          type="password"
          autocomplete="new-password"
          label={t('accountNewPasswordAgain')}
          required
          value={again()}
          onInput={setAgain}
          errors={mismatch() ? [{ pointer: '/newPasswordAgain', message: t('accountPasswordsDiffer'), message_en: t('accountPasswordsDiffer') }] : []}
        />
        <button type="submit" disabled={send.busy()}>{t('accountChangePassword')}</button>
      </form>
      <NotificationPreferencesForm />
    </section>
  );
}
