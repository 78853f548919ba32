/**
 * The 排序票 (a CHOOSE_K ballot counted by RANKED, Borda points) on a deputy's phone. Made for a
 * thumb on a 390×844 screen: the deputy taps the candidates in the order they prefer — the
 * first tap is 第1位, the next 第2位 — and the ranked ones move up into a numbered list, where
 * each has large 上移 / 下移 / 移出 buttons to change the order. Ranking only some is allowed
 * (the rest earn no points); ranking none is 弃权 (a blank ballot). Ranks are always 1..j with
 * no gap or repeat, so every sheet this page makes is one the proofs of layout.ts accept.
 * The review lists the order in words before sealing (ballot-page.tsx seals and casts); the
 * published result reads as a list in words, by points (RankedTally).
 */
import { For, Show, type JSX } from 'solid-js';
import type { RankedTally as RankedTallyResult } from '../../../runtime/ballot/types.ts';
import { fill, listJoin, t } from '../i18n.ts';
import { candidateName } from './ballot-api.ts';

interface Candidate {
  id: string;
  title: string;
  title_en?: string;
}

/** The marks of an order: candidate id → rank 1..j (the unranked are left out). */
export function ranksOf(order: readonly string[]): Record<string, number> {
  return Object.fromEntries(order.map((id, i) => [id, i + 1]));
}

/** The order with `id` moved one place up (-1) or down (+1); unchanged at either end. */
export function moved(order: readonly string[], id: string, by: -1 | 1): string[] {
  const i = order.indexOf(id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return [...order];
  const next = [...order];
  [next[i], next[j]] = [next[j] as string, next[i] as string];
  return next;
}

export function RankingSheet(props: {
  candidates: readonly Candidate[];
  seats: number | null;
  order: readonly string[];
  setOrder: (order: string[]) => void;
  onNext: () => void;
}): JSX.Element {
  const byId = (id: string) => props.candidates.find((c) => c.id === id);
  const name = (id: string) => {
    const c = byId(id);
    return c ? candidateName(c) : '';
  };
  const unranked = () => props.candidates.filter((c) => !props.order.includes(c.id));
  const add = (id: string) => props.setOrder([...props.order, id]);
  const remove = (id: string) => props.setOrder(props.order.filter((x) => x !== id));
  const rankWord = (n: number) => fill(t('rankNth'), { n: String(n) });

  return (
    <form class="ranking-sheet" onSubmit={(e) => { e.preventDefault(); props.onNext(); }}>
      <h2 class="rank-title">{t('rankTitle')}</h2>
      <p class="rank-help">{t('rankHelp')}</p>
      <Show when={props.seats}>{(k) => <p class="rank-help muted">{fill(t('rankSeats'), { k: String(k()) })}</p>}</Show>

      <section class="rank-mine" aria-labelledby="rank-mine-h">
        <h3 id="rank-mine-h">{fill(t('rankMine'), { n: String(props.order.length), total: String(props.candidates.length) })}</h3>
        <Show when={props.order.length > 0} fallback={<p class="rank-empty">{t('rankNone')}</p>}>
          <p class="muted rank-tools-hint">{t('rankToolsHint')}</p>
          <ol class="rank-list">
            <For each={props.order}>
              {(id, i) => (
                <li class="rank-row" data-rank={i() + 1}>
                  <span class="rank-badge" aria-hidden="true">{i() + 1}</span>
                  <span class="rank-name"><span class="sr-only">{rankWord(i() + 1)}</span>{name(id)}</span>
                  <span class="rank-tools">
                    <button type="button" class="rank-tool secondary" disabled={i() === 0} aria-label={fill(t('rankUp'), { name: name(id) })} onClick={() => props.setOrder(moved(props.order, id, -1))}>↑</button>
                    <button type="button" class="rank-tool secondary" disabled={i() === props.order.length - 1} aria-label={fill(t('rankDown'), { name: name(id) })} onClick={() => props.setOrder(moved(props.order, id, 1))}>↓</button>
                    <button type="button" class="rank-tool secondary rank-remove" aria-label={fill(t('rankRemove'), { name: name(id) })} onClick={() => remove(id)}>✕</button>
                  </span>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </section>

      <Show when={unranked().length > 0}>
        <section class="rank-pool" aria-labelledby="rank-pool-h">
          <h3 id="rank-pool-h">{t('rankPool')}</h3>
          <ul class="rank-choices">
            <For each={unranked()}>
              {(c) => (
                <li>
                  <button type="button" class="rank-add" aria-label={fill(t('rankAdd'), { name: candidateName(c), n: String(props.order.length + 1) })} onClick={() => add(c.id)}>
                    <span class="rank-add-name">{candidateName(c)}</span>
                    <span class="rank-add-next">{fill(t('rankPoolNext'), { n: String(props.order.length + 1) })}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>

      <div class="actions">
        <button type="submit" class="big-button">{props.order.length === 0 ? t('rankNextBlank') : t('nextConfirm')}</button>
        <Show when={props.order.length > 0}>
          <button type="button" class="secondary big-button" onClick={() => props.setOrder([])}>{t('rankClear')}</button>
        </Show>
      </div>
    </form>
  );
}

/** The review before sealing: the order in words, the unranked, or 弃权. */
export function RankingReview(props: { candidates: readonly Candidate[]; order: readonly string[] }): JSX.Element {
  const name = (id: string) => {
    const c = props.candidates.find((x) => x.id === id);
    return c ? candidateName(c) : '';
  };
  const unranked = () => props.candidates.filter((c) => !props.order.includes(c.id)).map(candidateName);
  return (
    <Show when={props.order.length > 0} fallback={<p class="notice big rank-blank">{t('rankBlankReview')}</p>}>
      <ol class="confirm-list rank-review">
        <For each={props.order}>
          {(id, i) => (
            <li><strong class="rank-review-n">{fill(t('rankNth'), { n: String(i() + 1) })}</strong><span>{name(id)}</span></li>
          )}
        </For>
      </ol>
      <Show when={unranked().length > 0}>
        <p class="muted rank-unranked">{fill(t('rankUnranked'), { names: listJoin(unranked()) })}</p>
      </Show>
    </Show>
  );
}

/**
 * The published ranked count as words, one card per candidate by points, highest first (equal
 * points share a place and keep the printed order): 得 7 分 · 第1位 1 人 · 排序 2 人, and
 * 当选 / 未当选 / 并列. A table of five columns wraps letter by letter on a 390 px phone.
 */
export function RankedTally(props: { tally: RankedTallyResult; name: (id: string) => string }): JSX.Element {
  const n = () => props.tally.candidates.length;
  const rows = () => [...props.tally.candidates].sort((x, y) => y.points - x.points);
  const place = (points: number) => 1 + props.tally.candidates.filter((c) => c.points > points).length;
  const outcome = (c: RankedTallyResult['candidates'][number]) =>
    c.elected ? t('elected') : props.tally.tie?.tiedCandidateIds.includes(c.candidateId) ? t('rankTied') : t('notElected');
  return (
    <>
      <p class="muted rank-scoring">{fill(t('rankScoring'), { n: String(n()), n2: String(n() - 1) })}</p>
      <ol class="rank-tally">
        <For each={rows()}>
          {(c) => (
            <li class={c.elected ? 'elected' : ''} data-candidate={c.candidateId}>
              <span class="rank-badge" aria-hidden="true">{place(c.points)}</span>
              <div class="rt-body">
                <p class="rt-head"><strong class="rt-name">{props.name(c.candidateId)}</strong><span class="rt-outcome">{outcome(c)}</span></p>
                {/* Each part stays whole on its line: a 390 px phone breaks between them, never inside. */}
                <p class="rt-line">
                  <For each={fill(t('rankTallyLine'), { points: String(c.points), first: String(c.firstPreferences), by: String(c.rankedBy) }).split(' · ')}>
                    {(part, i) => <>{i() > 0 ? ' · ' : ''}<span class="rt-part">{part}</span></>}
                  </For>
                </p>
              </div>
            </li>
          )}
        </For>
      </ol>
    </>
  );
}
