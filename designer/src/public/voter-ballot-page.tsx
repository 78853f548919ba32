/**
 * /public/voter-ballots/<county>/<ballot>/<pass>: a voter's phone at a deputy's report-back
 * meeting (代表向选民述职, DOMAIN §7.7), reached from the link or QR code on the slip handed out
 * at the door; no login. It says whose meeting it is (the deputy, the date and the place, in
 * words), asks the satisfaction question for each item of the ballot (满意/基本满意/不满意, the
 * ballot's own titles), seals the marks on the phone like a deputy's phone (sealBallot) and casts
 * once with the pass. A pass used before, or one that is not a pass, is refused in words. What
 * the county wrote (titles, place) is shown as text (Solid text nodes), never as HTML.
 */
import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError, publicApi } from '../api.ts';
import { fill, lang, setLang, t } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { sealBallot, type SealedBallot } from '../../../runtime/ballot/sealed/index.ts';
import type { BallotMarks, BallotSpec } from '../../../runtime/ballot/types.ts';
import { candidateName, MARKS, word } from '../ballot/ballot-api.ts';
import { paint, random } from '../ballot/sealed-device.ts';

interface VoterBallot {
  title: string;
  status: string;
  candidates: BallotSpec['candidates'];
  spec: BallotSpec | null;
  jointKey: string | null;
  context: string | null;
  voted: boolean;
  meeting: { deputyName: string | null; termName: string | null; date: string | null; time: string | null; place: string | null } | null;
}

/** "2026年12月20日 09:00" / "20 Dec 2026, 09:00": a scheduled day in words, never the ISO form. */
function meetingDay(date: string | null, time: string | null): string {
  const m = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!m) return '';
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  if (lang() === 'zh') return `${y}年${Number(mo)}月${Number(d)}日${time ? ` ${time}` : ''}`;
  const month = new Date(Date.UTC(Number(y), Number(mo) - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${Number(d)} ${month} ${y}${time ? `, ${time}` : ''}`;
}

export function VoterBallotPage(props: { county: string; ballot: string; pass: string }): JSX.Element {
  const path = () => `/voter-ballots/${encodeURIComponent(props.county)}/${encodeURIComponent(props.ballot)}/${encodeURIComponent(props.pass)}`;
  const [ballot] = createResource(path, async (p) => (await publicApi<{ ballot: VoterBallot }>('GET', p)).ballot);
  const [marks, setMarks] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const [done, setDone] = createSignal(false);
  const [used, setUsed] = createSignal(false);

  const cast = async (b: VoterBallot) => {
    setError('');
    if (Object.keys(marks()).length === 0) return setError(t('vbRateOne'));
    if (!b.spec || !b.jointKey || !b.context) return setError(t('sealNoKey'));
    setBusy(true);
    try {
      // Proving takes about a second on a phone: the wait state is painted first.
      await paint();
      const sealed: SealedBallot = sealBallot(b.spec, b.jointKey, marks() as BallotMarks, random, b.context);
      await publicApi('POST', `${path()}/votes`, { sealed });
      setDone(true);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'ALREADY_VOTED') setUsed(true);
      else if (err instanceof ApiError) setError(apiErrorText(err));
      else setError(t('sealInvalidMarks'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="public-page voter-ballot">
      <button type="button" class="link lang-switch" onClick={() => setLang(lang() === 'zh' ? 'en' : 'zh')}>
        {t('language')}
      </button>
      <h1>{t('vbTitle')}</h1>
      <Show when={!ballot.error} fallback={<p role="alert" class="error big vb-refused">{apiErrorText(ballot.error)}</p>}>
        <Show when={ballot()} fallback={<p>{t('loading')}</p>}>
          {(b) => (
            <>
              <Show when={b().meeting} fallback={<p class="public-station">{b().title}</p>}>
                {(m) => (
                  <section class="vb-meeting">
                    <p class="public-station vb-deputy">{fill(t('vbDeputy'), { name: m().deputyName ?? '' })}</p>
                    <Show when={m().date || m().place}>
                      <p class="vb-when">{fill(t('vbMeeting'), { when: meetingDay(m().date, m().time), place: m().place ?? '' })}</p>
                    </Show>
                  </section>
                )}
              </Show>
              <Switch>
                <Match when={done()}>
                  <section class="public-done" role="status">
                    <h2>{t('vbThanks')}</h2>
                    <p>{t('vbThanksNote')}</p>
                  </section>
                </Match>
                <Match when={used() || b().voted}>
                  <p role="alert" class="error big vb-refused">{t('vbUsed')}</p>
                </Match>
                <Match when={b().status === 'ready'}>
                  <p class="notice vb-wait">{t('vbNotOpen')}</p>
                </Match>
                <Match when={b().status !== 'open'}>
                  <p class="notice vb-ended">{t('vbEnded')}</p>
                </Match>
                <Match when={true}>
                  <form class="ballot-sheet vb-sheet" novalidate onSubmit={(e) => { e.preventDefault(); void cast(b()); }}>
                    <p>{t('vbIntro')}</p>
                    <For each={b().candidates}>
                      {(c, i) => (
                        <fieldset class="mark-row">
                          <legend>{candidateName(c)}</legend>
                          <For each={Object.keys(MARKS.SATISFACTION)}>
                            {(m) => (
                              <label class={`check big-choice${marks()[c.id] === m ? ' on' : ''}`} for={`vb-${i()}-${m}`}>
                                <input id={`vb-${i()}-${m}`} type="radio" name={`vb-${i()}`} checked={marks()[c.id] === m} onChange={() => setMarks((x) => ({ ...x, [c.id]: m }))} />
                                <span>{word(MARKS.SATISFACTION, m)}</span>
                              </label>
                            )}
                          </For>
                        </fieldset>
                      )}
                    </For>
                    <p class="muted hint">{t('vbBlankNote')}</p>
                    <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
                    <Show when={busy()}><p class="wait" role="status">{t('sealing')}</p></Show>
                    <button type="submit" class="public-submit big-button" disabled={busy()}>{busy() ? t('sealingShort') : t('vbSubmit')}</button>
                  </form>
                </Match>
              </Switch>
            </>
          )}
        </Show>
      </Show>
    </main>
  );
}
