/**
 * /ballots/:id. For a deputy: one screen in large type that fits 360 px: the candidates with
 * checkboxes (choose up to k, "还可选 N 项" live, further boxes disabled at k) or one radio row
 * per item (赞成/反对/弃权, 满意/基本满意/不满意, 称职…); a confirm step; then the cast. A sealed
 * ballot (the default for a secret one) is sealed on the phone — encrypted under the tellers'
 * joint key with proofs that it is well-formed (sealBallot) — and posted as {sealed}; the phone
 * shows its 核验码 and, once the result is out, finds it in the published box (核验). A
 * real-name ballot posts {marks} and shows the receipt code as before. For a teller: the 监票人
 * section (teller-panel.tsx). For staff: the tellers chosen by name, each one's state, Open
 * (only with every key in), the turnout polled while open, Close (→ 计票中), Publish, the result.
 */
import { createEffect, createResource, createSignal, For, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { fill, listJoin, t, withColon } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { me } from '../session.ts';
import type { CastReceipt } from '../api-types.ts';
import { aggregate, ballotTracker, decryptSums, sealBallot, verifyPartialDecryption, type SealedBallot } from '../../../runtime/ballot/sealed/index.ts';
import type { BallotMarks, BallotSpec, RankedTally as RankedTallyResult } from '../../../runtime/ballot/types.ts';
import { candidateName, isRanked, kindWord, MARKS, STATUS, word, type BallotBox, type BallotResult, type BallotView } from './ballot-api.ts';
import { isStaff, Turnout } from './ballots-page.tsx';
import { RankedTally, RankingReview, RankingSheet, ranksOf } from './ranking-sheet.tsx';
import { groupTracker, loadTracker, paint, random, saveTracker, SHOWN_DIGITS, specOf, typedTracker } from './sealed-device.ts';
import { TellerPanel } from './teller-panel.tsx';
import { TellerPicker, TellerStates } from './teller-picker.tsx';
import { Link } from '../ui/link.tsx';

const POLL_MS = 3000;

export function BallotPage(props: { id: string }): JSX.Element {
  const [ballot, { refetch }] = createResource(() => props.id, async (id) => (await api<{ ballot: BallotView }>('GET', `/ballots/${encodeURIComponent(id)}`)).ballot);
  /** Reads the ballot again; resolves once the new view is in. */
  const reload = async (): Promise<void> => {
    await refetch();
  };
  // Staff watch the turnout while the ballot is open, and the tellers' keys and decryptions
  // while those are awaited; a teller's device follows the ballot to 计票中.
  createEffect(() => {
    const b = ballot.latest;
    if (!b || !(isStaff() || b.isTeller)) return;
    const pending = b.status === 'open' || (b.sealed === true && (b.status === 'ready' || b.status === 'counting'));
    if (!pending) return;
    const timer = setInterval(() => void refetch(), POLL_MS);
    onCleanup(() => clearInterval(timer));
  });
  return (
    <section class="ballot-page">
      <Show when={ballot.latest} fallback={ballot.error ? <p role="alert" class="error">{apiErrorText(ballot.error)}</p> : <p>{t('loading')}</p>}>
        {(b) => (
          <>
            <h1>{b().title}</h1>
            <p class="muted">{kindWord(b())} · <span class={`ballot-status bs-${b().status}`}>{word(STATUS, b().status)}</span></p>
            <Show when={b().onRoll !== undefined}>
              <DeputyBallot ballot={b()} onVoted={() => void refetch()} />
            </Show>
            <Show when={b().isTeller}>
              <TellerPanel ballot={b()} refetch={reload} />
            </Show>
            <Show when={isStaff()}>
              <StaffBallot ballot={b()} refetch={reload} />
            </Show>
            <Show when={b().status === 'closed' && !isStaff()}>
              <Result ballot={b()} />
            </Show>
            <Show when={b().status === 'closed' && b().sealed && b().onRoll}>
              <TrackerCheck ballot={b()} />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function DeputyBallot(props: { ballot: BallotView; onVoted: () => void }): JSX.Element {
  const [marks, setMarks] = createSignal<Record<string, string>>({});
  /** A ranked ballot: candidate ids, first preference first. */
  const [order, setOrder] = createSignal<string[]>([]);
  const [step, setStep] = createSignal<'fill' | 'confirm'>('fill');
  const [receipt, setReceipt] = createSignal<string | null>(null);
  const [tracker, setTracker] = createSignal<string | null>(null);
  const [warning, setWarning] = createSignal('');
  const [already, setAlready] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');
  const b = () => props.ballot;
  const seats = () => b().seats ?? b().candidates.length;
  const chosen = () => Object.entries(marks()).filter(([, m]) => m === 'APPROVE').map(([id]) => id);
  const remaining = () => Math.max(0, seats() - chosen().length);
  const setMark = (id: string, mark: string | null) =>
    setMarks((m) => {
      const next = { ...m };
      if (mark === null) delete next[id];
      else next[id] = mark;
      return next;
    });

  const cast = async () => {
    setBusy(true);
    setError('');
    try {
      if (b().sealed) {
        const joint = b().jointKey;
        const context = b().context;
        if (!joint || !context) throw new Error(t('sealNoKey'));
        // Proving takes about a second on a phone: the wait state is painted first.
        await paint();
        // A blank (弃权) is an absent mark; a ranked ballot's marks are its ranks 1..j.
        const given = (isRanked(b()) ? ranksOf(order()) : Object.fromEntries(Object.entries(marks()).filter(([, m]) => m !== 'ABSTAIN'))) as BallotMarks;
        const sealed = sealBallot(specOf(b()), joint, given, random, context);
        const mine = ballotTracker(sealed);
        const r = await api<{ ballotId: string; tracker: string }>('POST', `/ballots/${encodeURIComponent(b().id)}/votes`, { sealed });
        // The phone trusts the 核验码 it computed itself; the server's must be the same.
        saveTracker(b().id, me()?.id ?? '', mine);
        setTracker(mine);
        if (r.tracker !== mine) setWarning(t('trackerMismatch'));
      } else {
        const r = await api<CastReceipt>('POST', `/ballots/${encodeURIComponent(b().id)}/votes`, { marks: isRanked(b()) ? ranksOf(order()) : marks() });
        setReceipt(r.receipt);
      }
      props.onVoted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setAlready(true);
      else if (err instanceof ApiError) setError(apiErrorText(err));
      else if ((err as { code?: unknown }).code === 'INVALID_MARKS') setError(t('sealInvalidMarks'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const markWords = () => (b().kind === 'CHOOSE_K' ? null : MARKS[b().kind as keyof typeof MARKS]);
  const summary = (c: { id: string }) => {
    const m = marks()[c.id];
    if (b().kind === 'CHOOSE_K') return m === 'APPROVE' ? t('chosen') : t('notChosen');
    const w = markWords();
    return m && w ? word(w, m) : t('abstainBlank');
  };

  return (
    <div class="deputy-ballot">
      <Switch>
        <Match when={tracker()}>
          {(code) => (
            <div class="receipt" role="status">
              <p class="big">{t('voteCast')}</p>
              <p>{t('trackerCode')}</p>
              <p class="receipt-code tracker-code" data-tracker={code()}>
                {/* Two groups of four per unbroken half: on a narrow phone it wraps as 2 + 2, never 3 + 1. */}
                <For each={(groupTracker(code()).match(/\S+ \S+|\S+/g) ?? [])}>{(g, i) => <>{i() > 0 ? ' ' : ''}<span class="tracker-group">{g}</span></>}</For>
              </p>
              <p class="muted">{t('trackerHint')}</p>
              <Show when={warning()}><p role="alert" class="error">{warning()}</p></Show>
            </div>
          )}
        </Match>
        <Match when={receipt()}>
          <div class="receipt" role="status">
            <p class="big">{t('voteCast')}</p>
            <p>{t('receiptCode')}</p>
            <p class="receipt-code" data-receipt>{receipt()}</p>
            <p class="muted">{t('receiptHint')}</p>
          </div>
        </Match>
        <Match when={already() || b().voted}>
          <p class="notice big" role="status">{t('youVoted')}</p>
          <Show when={b().sealed && b().status !== 'closed' && loadTracker(b().id, me()?.id ?? '')}>
            {(code) => <p class="muted">{withColon(t('trackerCode'))}<span class="tracker-inline">{groupTracker(code())}</span></p>}
          </Show>
        </Match>
        <Match when={b().status === 'ready'}>
          <p class="notice">{t('ballotNotOpen')}</p>
        </Match>
        <Match when={b().onRoll === false}>
          <p class="notice">{t('notOnRoll')}</p>
        </Match>
        <Match when={b().status !== 'open'}>
          <p class="notice">{t('ballotEnded')}</p>
        </Match>
        <Match when={step() === 'fill' && isRanked(b())}>
          <RankingSheet candidates={b().candidates} seats={b().seats} order={order()} setOrder={setOrder} onNext={() => setStep('confirm')} />
        </Match>
        <Match when={step() === 'fill'}>
          <form class="ballot-sheet" onSubmit={(e) => { e.preventDefault(); setStep('confirm'); }}>
            <Show when={b().kind === 'CHOOSE_K'} fallback={
              <For each={b().candidates}>
                {(c, i) => (
                  <fieldset class="mark-row">
                    <legend>{candidateName(c)}</legend>
                    <For each={Object.keys(markWords() ?? {})}>
                      {(m) => (
                        <label class="check big-choice" for={`m-${i()}-${m}`}>
                          <input id={`m-${i()}-${m}`} type="radio" name={`m-${i()}`} checked={marks()[c.id] === m} onChange={() => setMark(c.id, m)} />
                          <span>{word(markWords() ?? {}, m)}</span>
                        </label>
                      )}
                    </For>
                  </fieldset>
                )}
              </For>
            }>
              <fieldset class="choose-k">
                <legend>{t('chooseUpTo').replace('{k}', String(seats()))}</legend>
                <p class="remaining" aria-live="polite">{t('remaining').replace('{n}', String(remaining()))}</p>
                <For each={b().candidates}>
                  {(c, i) => {
                    const checked = () => marks()[c.id] === 'APPROVE';
                    return (
                      <label class={`check big-choice${checked() ? ' on' : ''}`} for={`c-${i()}`}>
                        <input id={`c-${i()}`} type="checkbox" checked={checked()} disabled={!checked() && remaining() === 0}
                          onChange={(e) => setMark(c.id, e.currentTarget.checked ? 'APPROVE' : null)} />
                        <span>{candidateName(c)}</span>
                      </label>
                    );
                  }}
                </For>
              </fieldset>
            </Show>
            <div class="actions">
              <button type="submit" class="big-button">{t('nextConfirm')}</button>
            </div>
          </form>
        </Match>
        <Match when={step() === 'confirm'}>
          <div class="ballot-confirm">
            <h2>{t('checkYourVote')}</h2>
            <Show when={isRanked(b())} fallback={
              <ul class="confirm-list">
                <For each={b().candidates}>
                  {(c) => (
                    <li><span>{candidateName(c)}</span><strong>{summary(c)}</strong></li>
                  )}
                </For>
              </ul>
            }>
              <RankingReview candidates={b().candidates} order={order()} />
            </Show>
            <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
            <Show when={busy() && b().sealed}><p class="wait" role="status">{t('sealing')}</p></Show>
            <div class="actions">
              <button type="button" class="big-button" disabled={busy()} onClick={() => void cast()}>{busy() && b().sealed ? t('sealingShort') : t('confirmVote')}</button>
              <button type="button" class="secondary big-button" onClick={() => setStep('fill')}>{t('backToEdit')}</button>
            </div>
          </div>
        </Match>
      </Switch>
    </div>
  );
}

function StaffBallot(props: { ballot: BallotView; refetch: () => Promise<void> }): JSX.Element {
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [confirmClose, setConfirmClose] = createSignal(false);
  const b = () => props.ballot;
  const tellers = () => b().tellers ?? [];
  /** Why Open is disabled, in words (null: it may open). */
  const whyNotOpen = (): string | null => {
    if (!b().sealed) return null;
    if (tellers().length === 0) return t('openNeedsTellers');
    const missing = tellers().filter((x) => !x.keyReady).map((x) => x.name);
    return missing.length > 0 ? fill(t('openNeedsKeys'), { names: listJoin(missing) }) : null;
  };
  const whyNotPublish = (): string | null => {
    const missing = tellers().filter((x) => !x.decrypted).map((x) => x.name);
    return missing.length > 0 ? fill(t('publishNeedsDecryptions'), { names: listJoin(missing) }) : null;
  };
  const act = async (what: 'open' | 'close' | 'publish') => {
    setError('');
    setBusy(true);
    try {
      await api('POST', `/ballots/${encodeURIComponent(b().id)}/${what}`);
      setConfirmClose(false);
      await props.refetch();
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="staff-ballot">
      <Show when={b().sealed}>
        <section class="tellers" aria-labelledby="tellers-h">
          <h2 id="tellers-h">{t('tellers')}</h2>
          <Show when={b().status === 'ready'}>
            <TellerPicker ballot={b()} refetch={props.refetch} />
          </Show>
          <TellerStates ballot={b()} />
        </section>
      </Show>
      <p class="turnout-line" aria-live="polite"><Turnout ballot={b()} /></p>
      <Show when={b().issued}>
        {(issued) => (
          <progress max={issued()} value={b().turnout ?? 0} aria-label={t('turnout')} />
        )}
      </Show>
      <Show when={b().status === 'counting'}>
        <p class="notice">{t('countingNotice')}</p>
        <p class="paper-line">{withColon(t('paperSection'))}{b().paper ? fill(t('paperStatus'), { returned: String(b().paper?.returned ?? 0), invalid: String(b().paper?.invalid ?? 0) }) : t('paperNone')}</p>
      </Show>
      {/* The voters present rate on their phones with the passes printed for them (open: the passes exist). */}
      <Show when={b().electorate === 'VOTERS' && b().status !== 'ready' && b().status !== 'cancelled'}>
        <section class="voter-passes-link" aria-labelledby="passes-h">
          <h2 id="passes-h">{t('vpTitle')}</h2>
          <p class="muted">{t('vpHelp')}</p>
          <p><Link href={`/ballots/${encodeURIComponent(b().id)}/passes`}>{fill(t('vpOpenList'), { n: String(b().issued ?? 0) })}</Link></p>
        </section>
      </Show>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <div class="actions">
        <Show when={b().status === 'ready'}>
          <button type="button" disabled={busy() || whyNotOpen() !== null} aria-describedby={whyNotOpen() ? 'why-not-open' : undefined} onClick={() => void act('open')}>{t('openBallot')}</button>
          <Show when={whyNotOpen()}>{(why) => <p class="why-disabled" id="why-not-open">{why()}</p>}</Show>
        </Show>
        <Show when={b().status === 'open'}>
          <Show when={confirmClose()} fallback={<button type="button" class="secondary" onClick={() => setConfirmClose(true)}>{t('closeBallot')}</button>}>
            <button type="button" disabled={busy()} onClick={() => void act('close')}>{b().sealed ? t('confirmCloseSealed') : t('confirmClose')}</button>
            <button type="button" class="secondary" onClick={() => setConfirmClose(false)}>{t('cancel')}</button>
          </Show>
        </Show>
        <Show when={b().status === 'counting'}>
          <button type="button" disabled={busy() || whyNotPublish() !== null} aria-describedby={whyNotPublish() ? 'why-not-publish' : undefined} onClick={() => void act('publish')}>{t('publishResult')}</button>
          <Show when={whyNotPublish()}>{(why) => <p class="why-disabled" id="why-not-publish">{why()}</p>}</Show>
        </Show>
      </div>
      <Show when={b().status === 'closed'}>
        <Result ballot={b()} />
      </Show>
    </div>
  );
}

const COLUMNS: Record<string, Array<[string, string]>> = {
  CHOICE: [['approve', 'colApprove'], ['oppose', 'colOppose'], ['abstain', 'colAbstain']],
  RANKED: [['points', 'colPoints'], ['rankedBy', 'colRankedBy']],
  SATISFACTION: [['S', 'colS'], ['B', 'colB'], ['U', 'colU'], ['abstain', 'colAbstain']],
  COMPETENCE: [['EXCELLENT', 'colExcellent'], ['COMPETENT', 'colCompetent'], ['BASIC_COMPETENT', 'colBasicCompetent'], ['INCOMPETENT', 'colIncompetent'], ['abstain', 'colAbstain']],
};

/**
 * A tally row as cells by column key: the four count shapes (choice, ranked, satisfaction,
 * competence) share only `candidateId`, and COLUMNS picks the keys of the tally's method.
 */
const cellsOf = (row: BallotResult['tally']['candidates'][number]): Record<string, unknown> => ({ ...row });

function Result(props: { ballot: BallotView }): JSX.Element {
  const [result] = createResource(() => props.ballot.id, async (id) => (await api<{ result: BallotResult }>('GET', `/ballots/${encodeURIComponent(id)}/result`)).result);
  const name = (id: string) => {
    const c = props.ballot.candidates.find((x) => x.id === id);
    return c ? candidateName(c) : id;
  };
  return (
    <Show when={result()} fallback={result.error ? <p role="alert" class="error">{apiErrorText(result.error)}</p> : <p>{t('loading')}</p>}>
      {(r) => {
        const method = () => r().tally.method;
        const cols = () => COLUMNS[method()] ?? [];
        const rating = (c: Record<string, unknown>) => {
          if (typeof c.rating === 'string') {
            const w = method() === 'COMPETENCE' ? MARKS.COMPETENCE : MARKS.SATISFACTION;
            return word(w, c.rating);
          }
          if (c.elected === true) return t('elected');
          return c.passed === true ? t('passed') : '—';
        };
        return (
          <div class="ballot-result">
            <h2>{t('result')}</h2>
            <dl class="tally-summary">
              <div><dt>{t('issued')}</dt><dd data-k="issued">{r().tally.issued}</dd></div>
              <div><dt>{t('returned')}</dt><dd data-k="returned">{r().tally.returned}</dd></div>
              <div><dt>{t('valid')}</dt><dd data-k="valid">{r().tally.valid}</dd></div>
              <div><dt>{t('invalid')}</dt><dd data-k="invalid">{r().tally.invalid}</dd></div>
            </dl>
            <Show when={props.ballot.sealed && r().sources}>
              {(src) => <p class="sources-line" data-electronic={src().electronic} data-paper={src().paper}>{fill(t('resultSources'), { e: String(src().electronic), p: String(src().paper) })}</p>}
            </Show>
            <Show when={r().tally.elected.length > 0}>
              <p class="elected-line">{withColon(t('electedList'))}<strong>{listJoin(r().tally.elected.map(name))}</strong></p>
            </Show>
            <Show when={r().tally.method === 'RANKED' && r().tally} fallback={
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('candidate')}</th>
                    <For each={cols()}>{([, key]) => <th scope="col">{t(key as never)}</th>}</For>
                    <th scope="col">{t('outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().tally.candidates.map(cellsOf)}>
                    {(c) => (
                      <tr class={c.elected === true ? 'elected' : ''}>
                        <th scope="row">{name(String(c.candidateId))}</th>
                        <For each={cols()}>{([k]) => <td>{String(c[k] ?? 0)}</td>}</For>
                        <td>{rating(c)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            }>
              {(ranked) => <RankedTally tally={ranked() as RankedTallyResult} name={name} />}
            </Show>
            <Show when={!props.ballot.sealed && r().listHash}>
              <p class="muted hash">{withColon(t('listHash'))}<code>{r().listHash}</code></p>
            </Show>
          </div>
        );
      }}
    </Show>
  );
}

/**
 * 核验 (after the result is published): the deputy's 核验码 — remembered by this phone, or
 * typed from where they wrote it down — is looked up in the published box; then the box's
 * sums are recomputed here from the published ballots and the tellers' decryptions, and their
 * proofs checked, so the phone sees for itself that the published count is the box's.
 */
function TrackerCheck(props: { ballot: BallotView }): JSX.Element {
  const remembered = loadTracker(props.ballot.id, me()?.id ?? '');
  const [code, setCode] = createSignal(remembered ? groupTracker(remembered) : '');
  const [busy, setBusy] = createSignal(false);
  const [found, setFound] = createSignal<boolean | null>(null);
  const [sums, setSums] = createSignal<boolean | null>(null);
  const [error, setError] = createSignal('');
  const check = async (e: SubmitEvent) => {
    e.preventDefault();
    setError('');
    setFound(null);
    setSums(null);
    const typed = typedTracker(code());
    if (!/^[0-9a-f]+$/.test(typed) || typed.length < SHOWN_DIGITS) return setError(t('trackerTypeIt'));
    setBusy(true);
    try {
      const box = await api<BallotBox>('GET', `/ballots/${encodeURIComponent(props.ballot.id)}/box`);
      setFound(box.ballots.some((x) => x.tracker.startsWith(typed) || (typed.length > SHOWN_DIGITS && typed.startsWith(x.tracker))));
      await paint();
      setSums(checkSums(box));
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="tracker-check" onSubmit={(e) => void check(e)} novalidate>
      <h2>{t('trackerCheck')}</h2>
      <label for="tracker-input">{t('trackerCode')}</label>
      <input id="tracker-input" type="text" autocomplete="off" autocapitalize="off" spellcheck={false} value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
      <div class="actions">
        <button type="submit" class="big-button" disabled={busy()}>{t('trackerCheckButton')}</button>
      </div>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <Show when={found() !== null}>
        <p role="status" class={found() ? 'ok-line big check-found' : 'error big check-missing'}>{found() ? t('trackerFound') : t('trackerMissing')}</p>
      </Show>
      <Show when={sums() !== null}>
        <p class={sums() ? 'ok-line check-sums' : 'error check-sums'}>{sums() ? t('sumsVerified') : t('sumsNotVerified')}</p>
      </Show>
    </form>
  );
}

/** Recomputes the box's sums from its ballots and the tellers' proven decryptions; true when they are the published ones. */
function checkSums(box: BallotBox): boolean {
  try {
    if (!box.sums || !box.decryptions) return false;
    const agg = aggregate(box.spec as BallotSpec, box.ballots.map((x) => x.sealed as SealedBallot));
    const byTeller = new Map(box.decryptions.map((d) => [d.userId, d]));
    const partials = box.tellers.map((k) => byTeller.get(k.userId));
    if (partials.some((d, i) => !d || !verifyPartialDecryption((box.tellers[i] as BallotBox['tellers'][number]).publicKey, agg, d, box.context))) return false;
    const sums = decryptSums(agg, partials.map((d) => ({ shares: d?.shares ?? [], proofs: d?.proofs ?? [] })), box.ballots.length);
    return sums.length === box.sums.length && sums.every((n, i) => n === box.sums?.[i]);
  } catch {
    return false;
  }
}
