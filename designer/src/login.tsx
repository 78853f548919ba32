import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from './api.ts';
import { fill, lang, setLang, t, withColon } from './i18n.ts';
import { login } from './session.ts';

/** The server's refusal in words: one answer for every wrong sign-in, and how long a lock lasts. */
function loginProblem(err: ApiError): string {
  if (err.code === 'INVALID_CREDENTIALS') return t('loginWrong');
  if (err.code === 'TOO_MANY_ATTEMPTS') {
    const seconds = Number(err.details?.retryAfterSeconds ?? 60);
    return fill(t('loginLocked'), { minutes: String(Math.max(1, Math.ceil(seconds / 60))) });
  }
  return err.message;
}

export function LoginPage(): JSX.Element {
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      await login(String(form.get('username') ?? ''), String(form.get('password') ?? ''), String(form.get('county') ?? '') || undefined);
    } catch (err) {
      setError(err instanceof ApiError ? `${withColon(t('loginFailed'))}${loginProblem(err)}` : t('loginFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <h1>{t('appName')}</h1>
      <form onSubmit={submit} aria-label={t('login')}>
        <label>
          {t('username')}
          <input name="username" autocomplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <label>
          {t('countyCode')}
          <input name="county" autocomplete="organization" />
        </label>
        <Show when={error()}>
          <p role="alert" class="error">{error()}</p>
        </Show>
        <button type="submit" disabled={busy()}>{t('login')}</button>
      </form>
      <button type="button" class="link" onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
    </main>
  );
}
