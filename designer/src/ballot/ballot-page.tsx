/**
 * /ballots/:id. For a deputy: one screen in large type that fits 360 px: the candidates with
 * checkboxes (choose up to k, "还可选 N 项" live, further boxes disabled at k) or one radio row
 * per item (赞成/反对/弃权, 满意/基本满意/不满意, 称职…); a confirm step; then the cast (POST
 * /api/ballots/:id/votes {marks}) and the receipt code shown big. For staff: the turnout,
 * polled every few seconds while open, Open / Close, and after close the result.
 */
import { createEffect, createResource, createSignal, For, Match, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { listJoin, t, withColon } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import type { CastReceipt } from '../api-types.ts';
import { candidateName, KIND, MARKS, STATUS, word, type BallotResult, type BallotView } from './ballot-api.ts';
import { isStaff, Turnout } from './ballots-page.tsx';

const POLL_MS = 3000;

export function BallotPage(props: { id: string }): JSX.Element {
  const [ballot, { refetch }] = createResource(() => props.id, async (id) => (await api<{ ballot: BallotView }>('GET', `/ballots/${encodeURIComponent(id)}`)).ballot);
  // Staff watch the turnout while the ballot is open.
  createEffect(() => {
    if (!isStaff() || ballot()?.status !== 'open') return;
    const timer = setInterval(() => void refetch(), POLL_MS);
    onCleanup(() => clearInterval(timer));
  });
  return (
    <section class="ballot-page">
      <Show when={ballot.latest} fallback={ballot.error ? <p role="alert" class="error">{apiErrorText(ballot.error)}</p> : <p>{t('loading')}</p>}>
        {(b) => (
          <>
            <h1>{b().title}</h1>
            <p class="muted">{word(KIND, b().kind)} · <span class={`ballot-status bs-${b().status}`}>{word(STATUS, b().status)}</span></p>
            <Show when={b().onRoll !== undefined}>
              <DeputyBallot ballot={b()} onVoted={() => void refetch()} />
            </Show>
            <Show when={isStaff()}>
              <StaffBallot ballot={b()} refetch={() => void refetch()} />
            </Show>
            <Show when={b().status === 'closed' && !isStaff()}>
              <Result ballot={b()} />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

function DeputyBallot(props: { ballot: BallotView; onVoted: () => void }): JSX.Element {
  const [marks, setMarks] = createSignal<Record<string, string>>({});
  const [step, setStep] = createSignal<'fill' | 'confirm'>('fill');
  const [receipt, setReceipt] = createSignal<string | null>(null);
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
      const r = await api<CastReceipt>('POST', `/ballots/${encodeURIComponent(b().id)}/votes`, { marks: marks() });
      setReceipt(r.receipt);
      props.onVoted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setAlready(true);
      else setError(apiErrorText(err));
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
        </Match>
        <Match when={b().onRoll === false}>
          <p class="notice">{t('notOnRoll')}</p>
        </Match>
        <Match when={b().status === 'ready'}>
          <p class="notice">{t('ballotNotOpen')}</p>
        </Match>
        <Match when={b().status !== 'open'}>
          <p class="notice">{t('ballotEnded')}</p>
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
            <ul class="confirm-list">
              <For each={b().candidates}>
                {(c) => (
                  <li><span>{candidateName(c)}</span><strong>{summary(c)}</strong></li>
                )}
              </For>
            </ul>
            <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
            <div class="actions">
              <button type="button" class="big-button" disabled={busy()} onClick={() => void cast()}>{t('confirmVote')}</button>
              <button type="button" class="secondary big-button" onClick={() => setStep('fill')}>{t('backToEdit')}</button>
            </div>
          </div>
        </Match>
      </Switch>
    </div>
  );
}

function StaffBallot(props: { ballot: BallotView; refetch: () => void }): JSX.Element {
  const [error, setError] = createSignal('');
  const [confirmClose, setConfirmClose] = createSignal(false);
  const act = async (what: 'open' | 'close') => {
    setError('');
    try {
      await api('POST', `/ballots/${encodeURIComponent(props.ballot.id)}/${what}`);
      setConfirmClose(false);
      props.refetch();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  return (
    <div class="staff-ballot">
      <p class="turnout-line" aria-live="polite"><Turnout ballot={props.ballot} /></p>
      <Show when={props.ballot.issued}>
        {(issued) => (
          <progress max={issued()} value={props.ballot.turnout ?? 0} aria-label={t('turnout')} />
        )}
      </Show>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <div class="actions">
        <Show when={props.ballot.status === 'ready'}>
          <button type="button" onClick={() => void act('open')}>{t('openBallot')}</button>
        </Show>
        <Show when={props.ballot.status === 'open'}>
          <Show when={confirmClose()} fallback={<button type="button" class="secondary" onClick={() => setConfirmClose(true)}>{t('closeBallot')}</button>}>
            <button type="button" onClick={() => void act('close')}>{t('confirmClose')}</button>
            <button type="button" class="secondary" onClick={() => setConfirmClose(false)}>{t('cancel')}</button>
          </Show>
        </Show>
      </div>
      <Show when={props.ballot.status === 'closed'}>
        <Result ballot={props.ballot} />
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
            <Show when={r().tally.elected.length > 0}>
              <p class="elected-line">{withColon(t('electedList'))}<strong>{listJoin(r().tally.elected.map(name))}</strong></p>
            </Show>
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
            <p class="muted hash">{withColon(t('listHash'))}<code>{r().listHash}</code></p>
          </div>
        );
      }}
    </Show>
  );
}
