/**
 * /ballots: a deputy's own ballots (GET /api/ballots?mine=1) with voted or not; staff see
 * every ballot of the county with its turnout and Open / Close buttons. A teller (监票人) sees the
 * ballots they are teller of, marked with what is asked of them (generate a key, decrypt).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { Link } from '../ui/link.tsx';
import { t, withColon } from '../i18n.ts';
import { hasRole, me } from '../session.ts';
import { apiErrorText } from '../portal/submission.ts';
import { kindWord, STATUS, word, type BallotView } from './ballot-api.ts';

export const isStaff = () => hasRole('staff', 'admin');

export function Turnout(props: { ballot: BallotView }): JSX.Element {
  return (
    <Show when={props.ballot.issued !== null}>
      <span class="turnout" data-turnout={props.ballot.turnout ?? 0}>
        {withColon(t('turnout'))}{props.ballot.turnout ?? 0} / {props.ballot.issued}
      </span>
    </Show>
  );
}

export function BallotsPage(): JSX.Element {
  const [ballots, { refetch }] = createResource(() => api<{ ballots: BallotView[] }>('GET', isStaff() ? '/ballots' : '/ballots?mine=1'));
  const [error, setError] = createSignal('');
  const act = async (b: BallotView, what: 'open' | 'close') => {
    setError('');
    try {
      await api('POST', `/ballots/${encodeURIComponent(b.id)}/${what}`);
      await refetch();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  return (
    <section class="ballots">
      <h1>{t('ballots')}</h1>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <Show when={!ballots.error} fallback={<p role="alert" class="error">{apiErrorText(ballots.error)}</p>}>
        <ul class="cards" aria-busy={ballots.loading}>
          <For each={ballots()?.ballots ?? []} fallback={<li class="empty">{ballots.loading ? t('loading') : t('noBallots')}</li>}>
            {(b) => (
              <li class="card ballot-card">
                <Link href={`/ballots/${encodeURIComponent(b.id)}`}>{b.title}</Link>
                <span class="muted">{kindWord(b)} · <span class={`ballot-status bs-${b.status}`}>{word(STATUS, b.status)}</span></span>
                <Show when={b.isTeller}>
                  <span class="teller-tag">{b.status === 'ready' && !b.tellers?.find((x) => x.userId === me()?.id)?.keyReady ? t('tellerTagKey') : b.status === 'counting' && !b.tellers?.find((x) => x.userId === me()?.id)?.decrypted ? t('tellerTagDecrypt') : t('tellerTag')}</span>
                </Show>
                <Show when={b.voted !== undefined && !isStaff()}>
                  <span class={b.voted ? 'voted' : 'not-voted'}>{b.voted ? t('youVoted') : b.status === 'open' ? t('notVotedYet') : ''}</span>
                </Show>
                <Show when={isStaff()}>
                  <Turnout ballot={b} />
                  <div class="actions">
                    <Show when={b.status === 'ready'}>
                      <button type="button" onClick={() => void act(b, 'open')}>{t('openBallot')}<span class="sr-only">{withColon('')}{b.title}</span></button>
                    </Show>
                    <Show when={b.status === 'open'}>
                      <button type="button" class="secondary" onClick={() => void act(b, 'close')}>{t('closeBallot')}<span class="sr-only">{withColon('')}{b.title}</span></button>
                    </Show>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
