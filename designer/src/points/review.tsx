/**
 * The office's side: the two review queues (待初审 by the group or sub-district office, 待复核
 * by the county office — the 复核 by another person than the 初审, the server refuses the same
 * one), and the quarter's ranking with its publication (亮分).
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload } from '../api.ts';
import { fill, t, withColon } from '../i18n.ts';
import { apiErrorText } from '../portal/submission.ts';
import { causeWords, ruleWords, stateWords, type EntryView, type PublicationView, type RankedRow } from './points-api.ts';
import { RankingTable } from './ranking-table.tsx';
import { countyToday } from './today.ts';

function Queue(props: { state: 'pendingReview' | 'pendingConfirm'; title: string; tick: number; onChange: () => void }): JSX.Element {
  // `tick` (from 1, a resource source must be truthy) moves when either queue acts: an entry passing 初审 enters the 复核 queue.
  const [list] = createResource(() => props.tick, () => api<{ entries: EntryView[] }>('GET', `/points/review?state=${props.state}`));
  const [error, setError] = createSignal('');
  const [reasons, setReasons] = createSignal<Record<string, string>>({});
  const act = async (e: EntryView, action: string) => {
    setError('');
    try {
      await api('POST', `/points/entries/${encodeURIComponent(e.id)}/actions`, action === 'REJECT' ? { action, reason: reasons()[e.id] ?? '' } : { action });
      props.onChange();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  return (
    <section class="points-queue" data-queue={props.state}>
      <h2>{props.title}</h2>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <ul class="cards">
        <For each={list()?.entries ?? []} fallback={<li class="empty">{list.loading ? t('loading') : t('pointsNothingToReview')}</li>}>
          {(e) => (
            <li class="card point-entry">
              <div class="pe-head">
                <strong>{e.deputyName} · {ruleWords(e)}</strong>
                <span class="pe-points">{fill(t('pointsValue'), { points: String(e.points) })}</span>
              </div>
              <span class="pe-cause">{causeWords(e) ?? `${t('pointsOwnClaim')}${withColon('')}${e.description ?? ''}`}</span>
              <span class="muted">{e.occurredOn} · {e.quantity}{e.unitTitle} · {stateWords(e)}</span>
              <Show when={(e.evidence ?? []).length > 0}>
                <div class="pe-evidence">
                  {withColon(t('pointsEvidenceOf'))}
                  <For each={e.evidence ?? []}>
                    {(f) => (
                      <button type="button" class="secondary small" onClick={() => void apiDownload(`/points/entries/${encodeURIComponent(e.id)}/evidence/${encodeURIComponent(f.fileId)}`, f.name).catch((err: unknown) => setError(apiErrorText(err)))}>
                        {f.name}
                      </button>
                    )}
                  </For>
                </div>
              </Show>
              <div class="actions">
                <Show when={props.state === 'pendingReview'}>
                  <button type="button" onClick={() => void act(e, 'APPROVE')}>{t('pointsApprove')}<span class="sr-only">{withColon('')}{e.deputyName}</span></button>
                </Show>
                <Show when={props.state === 'pendingConfirm'}>
                  <button type="button" onClick={() => void act(e, 'CONFIRM')}>{t('pointsConfirm')}<span class="sr-only">{withColon('')}{e.deputyName}</span></button>
                </Show>
                <input type="text" maxLength={1000} placeholder={t('pointsReason')} aria-label={`${t('pointsReason')} ${e.deputyName}`} onInput={(ev) => setReasons({ ...reasons(), [e.id]: ev.currentTarget.value })} />
                <button type="button" class="secondary" onClick={() => void act(e, 'REJECT')}>{t('pointsReject')}</button>
              </div>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

export function OfficePoints(): JSX.Element {
  const today = countyToday();
  const year = Number(today.slice(0, 4));
  const [quarter, setQuarter] = createSignal(Math.ceil(Number(today.slice(5, 7)) / 3));
  const [ranking, { refetch: refetchRanking }] = createResource(quarter, (q) => api<{ rows: RankedRow[] }>('GET', `/points/ranking?year=${year}&quarter=${q}`));
  const [pubs, { refetch: refetchPubs }] = createResource(() => api<{ publications: PublicationView[] }>('GET', `/points/publications?year=${year}`));
  const [error, setError] = createSignal('');
  const [tick, setTick] = createSignal(1);
  // '' = the whole county; else one delegation (代表团), ranked within it.
  const [delegation, setDelegation] = createSignal('');
  const shownRows = () => {
    const rows = published()?.rows ?? ranking()?.rows ?? [];
    return delegation() ? rows.filter((r) => r.delegation === delegation()) : rows;
  };
  const delegations = () => [...new Set((ranking()?.rows ?? []).map((r) => r.delegation).filter((d): d is string => Boolean(d)))].sort();
  const changed = () => {
    setTick(tick() + 1);
    void refetchRanking();
  };
  const published = () => pubs()?.publications.find((p) => p.quarter === quarter());
  const publish = async () => {
    setError('');
    try {
      await api('POST', '/points/publications', { year, quarter: quarter() });
      await refetchPubs();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  return (
    <section class="points-office">
      <h1>{t('points')}</h1>
      <Queue state="pendingReview" title={t('pointsReviewFirst')} tick={tick()} onChange={changed} />
      <Queue state="pendingConfirm" title={t('pointsReviewSecond')} tick={tick()} onChange={changed} />
      <h2>{t('pointsRanking')}</h2>
      <div class="actions">
        <select aria-label={t('pointsRanking')} value={quarter()} onChange={(e) => setQuarter(Number(e.currentTarget.value))}>
          <For each={[1, 2, 3, 4]}>{(q) => <option value={q}>{fill(t('pointsQuarter'), { year: String(year), quarter: String(q) })}</option>}</For>
        </select>
        <select aria-label={t('pointsDelegation')} value={delegation()} onChange={(e) => setDelegation(e.currentTarget.value)}>
          <option value="">{t('pointsAll')}</option>
          <For each={delegations()}>{(d) => <option value={d}>{d}</option>}</For>
        </select>
        <Show when={published()} fallback={<button type="button" onClick={() => void publish()}>{t('pointsPublish')}</button>}>
          <span class="ok">{t('pointsPublished')}</span>
        </Show>
      </div>
      <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
      <RankingTable rows={shownRows()} byDelegation={Boolean(delegation())} />
    </section>
  );
}
