/**
 * The public QR form of a deputies' station (no login, a phone first): /public/stations/<code>.
 * A citizen writes a matter and gets a receipt code; /public/lookup shows its progress in words
 * and takes their rating once replied. Everything the citizen or the county wrote is shown as
 * text (Solid text nodes), never as HTML. The hidden 网址 field is a honeypot: people never see
 * it, form-filling robots fill it, and the server refuses such a submission.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { ApiError, publicApi } from '../api.ts';
import type { FieldError } from '../api-types.ts';
import { formatDateTime } from '../county-time.ts';
import { label, lang, setLang, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { navigate } from '../router.ts';

interface PublicStation {
  name: string;
  name_en: string | null;
  categories: Array<{ code: string; title: string; title_en: string }>;
}

interface Words {
  title: string;
  title_en: string;
}

export interface IssueProgress {
  stationName: string;
  subject: string;
  category: Words | null;
  submittedAt: string;
  state: Words;
  finished: boolean;
  steps: Array<Words & { at: string }>;
  reply: { result: Words | null; text: string; at: string | null } | null;
  canGiveFeedback: boolean;
  feedback: Words | null;
}

function LanguageSwitch(): JSX.Element {
  return (
    <button type="button" class="link lang-switch" onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}>
      {t('language')}
    </button>
  );
}

/** Field errors of a refused call by JSON pointer ("/phone"). */
function fieldMessage(errors: FieldError[], pointer: string): string {
  const e = errors.find((x) => x.pointer === pointer);
  return e ? (lang() === 'zh' ? e.message : e.message_en ?? e.message) : '';
}

function FieldProblem(props: { errors: FieldError[]; pointer: string; id: string }): JSX.Element {
  return (
    <Show when={fieldMessage(props.errors, props.pointer)}>
      {(m) => <p class="field-error" id={props.id}>{m()}</p>}
    </Show>
  );
}

export function StationFormPage(props: { code: string }): JSX.Element {
  const [station] = createResource(() => props.code, (code) => publicApi<{ station: PublicStation }>('GET', `/stations/${encodeURIComponent(code)}`).then((r) => r.station));
  const [category, setCategory] = createSignal('');
  const [content, setContent] = createSignal('');
  const [request, setRequest] = createSignal('');
  const [name, setName] = createSignal('');
  const [anonymous, setAnonymous] = createSignal(false);
  const [phone, setPhone] = createSignal('');
  const [address, setAddress] = createSignal('');
  const [website, setWebsite] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [errors, setErrors] = createSignal<FieldError[]>([]);
  const [receipt, setReceipt] = createSignal<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setErrors([]);
    try {
      const r = await publicApi<{ receiptCode: string }>('POST', `/stations/${encodeURIComponent(props.code)}/issues`, {
        category: category(),
        content: content(),
        ...(request().trim() ? { request: request() } : {}),
        name: anonymous() ? '' : name(),
        anonymous: anonymous(),
        phone: phone(),
        ...(address().trim() ? { address: address() } : {}),
        website: website(),
      });
      setReceipt(r.receiptCode);
      window.scrollTo(0, 0);
    } catch (err) {
      setError(apiErrorText(err));
      if (err instanceof ApiError) setErrors(err.fieldErrors);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setReceipt(null);
    setContent('');
    setRequest('');
  };

  return (
    <main class="public-page">
      <LanguageSwitch />
      <Show when={!station.error} fallback={<p role="alert" class="error">{apiErrorText(station.error)}</p>}>
        <Show when={station()} fallback={<p>{t('loading')}</p>}>
          {(s) => (
            <>
              <p class="public-station">{lang() === 'zh' ? s().name : s().name_en ?? s().name}</p>
              <h1>{t('pubTitle')}</h1>
              <Show
                when={receipt()}
                fallback={
                  <form class="public-form" onSubmit={submit} novalidate>
                    <p>{t('pubIntro')}</p>
                    <p class="muted">{t('pubPrivacy')}</p>
                    <label>
                      {t('pubCategory')}
                      <select name="category" value={category()} onChange={(e) => setCategory(e.currentTarget.value)} aria-describedby="err-category">
                        <option value="">{t('pubChoose')}</option>
                        <For each={s().categories}>{(c) => <option value={c.code}>{label(c)}</option>}</For>
                      </select>
                    </label>
                    <FieldProblem errors={errors()} pointer="/category" id="err-category" />
                    <label>
                      {t('pubContent')}
                      <textarea name="content" maxLength={2000} rows={6} value={content()} onInput={(e) => setContent(e.currentTarget.value)} aria-describedby="err-content" />
                    </label>
                    <FieldProblem errors={errors()} pointer="/content" id="err-content" />
                    <label>
                      {t('pubRequest')}
                      <textarea name="request" maxLength={1000} rows={3} value={request()} onInput={(e) => setRequest(e.currentTarget.value)} />
                    </label>
                    <FieldProblem errors={errors()} pointer="/request" id="err-request" />
                    <label class="check">
                      <input type="checkbox" name="anonymous" checked={anonymous()} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
                      {t('pubAnonymous')}
                    </label>
                    <Show when={!anonymous()}>
                      <label>
                        {t('pubName')}
                        <input name="name" maxLength={30} autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} aria-describedby="err-name" />
                      </label>
                      <FieldProblem errors={errors()} pointer="/name" id="err-name" />
                    </Show>
                    <label>
                      {t('pubPhone')}
                      <input name="phone" type="tel" inputMode="tel" autocomplete="tel" maxLength={20} value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} aria-describedby="hint-phone err-phone" />
                    </label>
                    <p class="muted hint" id="hint-phone">{t('pubPhoneHint')}</p>
                    <FieldProblem errors={errors()} pointer="/phone" id="err-phone" />
                    <label>
                      {t('pubAddress')}
                      <input name="address" maxLength={200} autocomplete="street-address" value={address()} onInput={(e) => setAddress(e.currentTarget.value)} />
                    </label>
                    <FieldProblem errors={errors()} pointer="/address" id="err-address" />
                    <div class="honeypot" aria-hidden="true">
                      <label>
                        {t('pubWebsite')}
                        <input name="website" tabIndex={-1} autocomplete="off" value={website()} onInput={(e) => setWebsite(e.currentTarget.value)} />
                      </label>
                    </div>
                    <Show when={error()}>
                      <p role="alert" class="error">{error()}</p>
                    </Show>
                    <button type="submit" class="public-submit" disabled={busy()}>
                      {busy() ? t('pubSending') : t('pubSubmit')}
                    </button>
                    <p>
                      <a href="/public/lookup" onClick={(e) => { e.preventDefault(); navigate('/public/lookup'); }}>{t('pubGoLookup')}</a>
                    </p>
                  </form>
                }
              >
                {(code) => (
                  <section class="public-done" aria-live="polite">
                    <h2>{t('pubDone')}</h2>
                    <p>
                      {t('pubReceipt')}
                      <strong class="receipt-code" data-receipt={code()}>{code()}</strong>
                    </p>
                    <p>{t('pubKeepReceipt')}</p>
                    <p>
                      <a href={`/public/lookup?code=${encodeURIComponent(code())}`} onClick={(e) => { e.preventDefault(); navigate(`/public/lookup?code=${encodeURIComponent(code())}`); }}>
                        {t('pubGoLookup')}
                      </a>
                    </p>
                    <button type="button" class="secondary" onClick={again}>{t('pubNewIssue')}</button>
                  </section>
                )}
              </Show>
            </>
          )}
        </Show>
      </Show>
    </main>
  );
}

export function IssueProgressView(props: { issue: IssueProgress }): JSX.Element {
  const w = (x: Words | null | undefined) => (x ? (lang() === 'zh' ? x.title : x.title_en || x.title) : '');
  return (
    <section class="public-progress">
      <p class="public-station">{props.issue.stationName}</p>
      <h2 class="public-subject">{props.issue.subject}</h2>
      <p>
        {t('pubState')}：<strong class="public-state">{w(props.issue.state)}</strong>
      </p>
      <p class="muted">
        {t('pubSubmittedAt')}：{formatDateTime(props.issue.submittedAt)}
      </p>
      <Show when={props.issue.reply}>
        {(r) => (
          <div class="public-reply">
            <h3>{t('pubReply')}</h3>
            <Show when={r().result}>
              <p>
                {t('pubResult')}：<strong>{w(r().result)}</strong>
              </p>
            </Show>
            <p class="reply-text">{r().text}</p>
          </div>
        )}
      </Show>
      <Show when={props.issue.feedback}>
        <p>
          {t('pubRated')}：<strong class="public-rated">{w(props.issue.feedback)}</strong>
        </p>
      </Show>
      <h3>{t('pubSteps')}</h3>
      <ol class="public-steps">
        <For each={props.issue.steps}>
          {(s) => (
            <li>
              <span>{w(s)}</span> <span class="muted">{formatDateTime(s.at)}</span>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}

export function LookupPage(props: { code: string | null }): JSX.Element {
  const [code, setCode] = createSignal(props.code ?? '');
  const [phone, setPhone] = createSignal('');
  const [issue, setIssue] = createSignal<IssueProgress | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [errors, setErrors] = createSignal<FieldError[]>([]);
  const [comment, setComment] = createSignal('');
  const [thanks, setThanks] = createSignal(false);

  const run = async (path: string, extra: Record<string, unknown>) => {
    setBusy(true);
    setError('');
    setErrors([]);
    try {
      const r = await publicApi<{ issue: IssueProgress }>('POST', path, { receiptCode: code(), phone: phone(), ...extra });
      setIssue(r.issue);
      return true;
    } catch (err) {
      setError(apiErrorText(err));
      if (err instanceof ApiError) setErrors(err.fieldErrors);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const rate = async (satisfaction: string) => {
    setThanks(await run('/issues/feedback', { satisfaction, ...(comment().trim() ? { comment: comment() } : {}) }));
  };

  return (
    <main class="public-page">
      <LanguageSwitch />
      <h1>{t('pubLookupTitle')}</h1>
      <form
        class="public-form"
        novalidate
        onSubmit={(e) => {
          e.preventDefault();
          setThanks(false);
          void run('/issues/lookup', {});
        }}
      >
        <label>
          {t('pubReceipt')}
          <input name="receiptCode" maxLength={20} autocomplete="off" value={code()} onInput={(e) => setCode(e.currentTarget.value)} aria-describedby="err-receipt" />
        </label>
        <FieldProblem errors={errors()} pointer="/receiptCode" id="err-receipt" />
        <label>
          {t('pubPhone')}
          <input name="phone" type="tel" inputMode="tel" maxLength={20} value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} aria-describedby="err-phone" />
        </label>
        <FieldProblem errors={errors()} pointer="/phone" id="err-phone" />
        <button type="submit" disabled={busy()}>{t('pubLookup')}</button>
      </form>
      <Show when={error()}>
        <p role="alert" class="error">{error()}</p>
      </Show>
      <Show when={issue()}>
        {(i) => (
          <>
            <IssueProgressView issue={i()} />
            <Show when={thanks()}>
              <p role="status" class="ok">{t('pubThanks')}</p>
            </Show>
            <Show when={i().canGiveFeedback}>
              <fieldset class="public-rate">
                <legend>{t('pubRate')}</legend>
                <label>
                  {t('pubComment')}
                  <textarea name="comment" maxLength={1000} rows={3} value={comment()} onInput={(e) => setComment(e.currentTarget.value)} />
                </label>
                <div class="rate-buttons">
                  <button type="button" disabled={busy()} onClick={() => void rate('SATISFIED')}>{t('pubSatisfied')}</button>
                  <button type="button" disabled={busy()} onClick={() => void rate('BASIC')}>{t('pubBasic')}</button>
                  <button type="button" class="secondary" disabled={busy()} onClick={() => void rate('UNSATISFIED')}>{t('pubUnsatisfied')}</button>
                </div>
              </fieldset>
            </Show>
          </>
        )}
      </Show>
    </main>
  );
}
