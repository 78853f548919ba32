/**
 * The result of a 民生实事 vote on its page (DOMAIN §3.5), from the instance's context: the seats
 * (with those a last session left, "含上次会议留待的2个名额", and the vote they came from), each
 * chosen project marked 票决当选 or 常委会决定 with the committee's date and document number, and
 * what happens to seats left empty (the county's 当选不足时: 空缺 / 由常委会决定 / 留待下次会议).
 */
import { For, Show, type JSX } from 'solid-js';
import { formatDate } from '../county-time.ts';
import { fill, inParens, lang, listJoin, t, withColon } from '../i18n.ts';
import { Link } from '../ui/link.tsx';

type Ctx = Record<string, any>;

const projectName = (p: Ctx): string => String((lang() === 'en' && p.name_en) || p.name || p.title || '');
const votesText = (p: Ctx): string => (typeof p.votes === 'number' ? inParens(fill(t('lvVotes'), { n: String(p.votes) })) : '');

export function LivelihoodResult(props: { context: Ctx }): JSX.Element {
  const c = () => props.context;
  const chosen = (): Ctx[] => (Array.isArray(c().electedProjects) ? c().electedProjects : []);
  const shortfall = (): Ctx | null => (c().shortfall && typeof c().shortfall === 'object' ? c().shortfall : null);
  const carriedIn = (): Ctx | null => (c().carriedIn && typeof c().carriedIn === 'object' ? c().carriedIn : null);
  /** What happens to the seats left empty, by the setting the ballot closed under; nothing once the committee decided. */
  const shortfallText = (): string => {
    const s = shortfall();
    if (!s) return '';
    const n = { n: String(s.seatsLeft) };
    if (s.action === 'SC_DECIDES') return c().scDecision ? '' : fill(t('lvScPending'), n);
    return fill(t(s.action === 'NEXT_SESSION' ? 'lvCarriedOut' : 'lvLeftEmpty'), n);
  };
  const reproposable = (): Ctx[] => (Array.isArray(carriedIn()?.candidates) ? carriedIn()!.candidates : []);
  return (
    <section class="livelihood-result" aria-labelledby="livelihood-result-h">
      <h2 id="livelihood-result-h">{t('lvResult')}</h2>
      <Show when={typeof c().seats === 'number'}>
        <p class="lv-seats">
          {withColon(t('lvSeats'))}
          <strong>{fill(t('lvSeatsCount'), { n: String(c().seats) })}</strong>
          <Show when={carriedIn()?.seats}>{(n) => <span class="lv-carried-in">{inParens(fill(t('lvSeatsCarried'), { n: String(n()) }))}</span>}</Show>
        </p>
      </Show>
      <Show when={carriedIn()?.fromInstanceId}>
        {(id) => (
          <p class="lv-carried-from">
            {withColon(t('lvCarriedFrom'))}
            <Link href={`/instances/${encodeURIComponent(String(id()))}`}>{String(carriedIn()!.fromTitle ?? '')}</Link>
          </p>
        )}
      </Show>
      <Show when={reproposable().length > 0}>
        <p class="lv-reproposable">
          {withColon(t('lvReproposable'))}
          {listJoin(reproposable().map((p) => `${projectName(p)}${votesText(p)}`))}
        </p>
      </Show>
      <Show when={chosen().length > 0}>
        <h3>{t('lvChosen')}</h3>
        <ul class="lv-chosen">
          <For each={chosen()}>
            {(p) => (
              <li data-decided-by={p.decidedBy === 'STANDING_COMMITTEE' ? 'standing-committee' : 'vote'}>
                <span>{projectName(p)}</span> <span class="tag">{p.decidedBy === 'STANDING_COMMITTEE' ? t('lvBySc') : t('lvByVote')}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={c().scDecision}>
        {(d) => <p class="lv-sc-decision">{fill(t('lvScDecision'), { date: formatDate(String(d().decidedOn ?? '')), no: String(d().documentNo ?? '') })}</p>}
      </Show>
      <Show when={shortfallText()}>{(text) => <p class="lv-shortfall">{text()}</p>}</Show>
    </section>
  );
}
