import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from './api.ts';
import { lang, setLang, t, withColon } from './i18n.ts';
import { login } from './session.ts';

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
      setError(err instanceof ApiError ? `${withColon(t('loginFailed'))}${err.message}` : t('loginFailed'));
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
          {t('county')}
          <input name="county" />
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
