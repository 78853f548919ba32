/**
 * A deputy's own points on the phone: the year's confirmed total and what is in review, each
 * entry with its cause in words (the suggestion registered, the ballot attended, or the
 * deputy's own claim), the claim form (F6.1), and the latest published 亮分 of their delegation.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, t, withColon } from '../i18n.ts';
import { me } from '../session.ts';
import { apiErrorText } from '../portal/submission.ts';
import { uploadFile } from '../portal/widgets/file-upload.tsx';
import { countyToday } from './today.ts';
import { causeWords, ruleWords, stateWords, words, type MineView, type PublicationView, type RulesView } from './points-api.ts';
import { RankingTable } from './ranking-table.tsx';

/** What the phone offers and accepts at once (claim-evidence.ts on the server has the rule). */
const EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif', 'application/pdf'];

export function MyPoints(): JSX.Element {
  // The server's year (its clock), not the phone's.
  const [mine, { refetch }] = createResource(() => api<MineView>('GET', '/points/mine'));
  const year = () => mine()?.year ?? Number(countyToday().slice(0, 4));
  const [rules] = createResource(() => api<RulesView>('GET', '/points/rules'));
  const [pubs] = createResource(() => api<{ publications: PublicationView[] }>('GET', '/points/publications'));
  const [rule, setRule] = createSignal('');
  const [date, setDate] = createSignal(countyToday());
  const [quantity, setQuantity] = createSignal(1);
  const [description, setDescription] = createSignal('');
  const [evidence, setEvidence] = createSignal<Array<{ fileId: string; name: string }>>([]);
  const [uploading, setUploading] = createSignal(false);
  const addEvidence = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setError('');
    // A first word on the phone; the server checks the type, the name and the bytes again.
    if (!EVIDENCE_TYPES.includes(file.type)) {
      setError(fill(t('pointsEvidenceNotPhoto'), { name: file.name }));
      input.value = '';
      return;
    }
    setUploading(true);
    try {
      const saved = await uploadFile(file);
      setEvidence([...evidence(), { fileId: saved.fileId, name: saved.name }]);
    } catch (err) {
      setError(apiErrorText(err));
    } finally {
      input.value = '';
      setUploading(false);
    }
  };
  const [error, setError] = createSignal('');
  const [sent, setSent] = createSignal(false);
  const claimable = () => (rules()?.rules ?? []).filter((r) => r.claimable);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setSent(false);
    try {
      await api('POST', '/points/claims', { ruleCode: rule(), date: date(), quantity: quantity(), description: description(), evidence: evidence() });
      setSent(true);
      setDescription('');
      setEvidence([]);
      await refetch();
    } catch (err) {
      setError(apiErrorText(err));
    }
  };
  const latest = () => pubs()?.publications[0];
  const myRow = () => latest()?.rows.find((r) => r.deputyId === me()?.id);
  return (
    <section class="points-mine">
      <h1>{t('pointsMine')}</h1>
      <Show when={!mine.error} fallback={<p role="alert" class="error">{apiErrorText(mine.error)}</p>}>
        <div class="points-total card">
          <span class="muted">{fill(t('pointsYear'), { year: String(year()) })}{withColon(t('pointsTotal'))}</span>
          <strong class="big" data-total={mine()?.total ?? ''}>{fill(t('pointsValue'), { points: String(mine()?.total ?? 0) })}</strong>
          <span class="muted">{withColon(t('pointsInReview'))}{fill(t('pointsValue'), { points: String(mine()?.inReview ?? 0) })}</span>
        </div>
      </Show>

      <h2>{t('pointsRanking')}</h2>
      <Show when={latest()} fallback={<p class="muted">{t('pointsNotPublished')}</p>}>
        {(p) => (
          <div class="points-published">
            <p>
              <strong>{fill(t('pointsQuarter'), { year: String(p().year), quarter: String(p().quarter) })}</strong>
              <Show when={myRow()}>
                {(r) => (
                  <span class="my-rank">
                    {' '}{fill(t('pointsMyRank'), { rank: String(r().rank) })}
                    <Show when={r().delegation && r().delegationRank}>{fill(t('pointsMyDelegationRank'), { delegation: r().delegation ?? '', rank: String(r().delegationRank) })}</Show>
                  </span>
                )}
              </Show>
            </p>
            <RankingTable rows={p().rows.filter((r) => !myRow()?.delegation || r.delegation === myRow()?.delegation)} mine={me()?.id} byDelegation={Boolean(myRow()?.delegation)} />
          </div>
        )}
      </Show>

      <h2>{t('pointsClaim')}</h2>
      <form class="points-claim" onSubmit={(e) => void submit(e)}>
        <label>
          {t('pointsRule')}
          <select required value={rule()} onChange={(e) => setRule(e.currentTarget.value)}>
            <option value="" />
            <For each={claimable()}>
              {(r) => <option value={r.code}>{words(r)}（{fill(t('pointsPerUnit'), { unit: words(rules()?.units[r.unit] ?? { title: '', title_en: '' }), points: String(r.points) })}）</option>}
            </For>
          </select>
        </label>
        <label>
          {t('pointsDate')}
          <input type="date" required value={date()} max={countyToday()} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
        <label>
          {t('pointsQuantity')}
          <input type="number" min="1" max="1000" step="1" required value={quantity()} onInput={(e) => setQuantity(Number(e.currentTarget.value))} />
        </label>
        <label>
          {t('pointsDescription')}
          <textarea required maxLength={2000} rows={3} value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
        </label>
        <fieldset class="points-evidence">
          <legend>{t('pointsEvidence')}</legend>
          <ul class="files">
            <For each={evidence()}>
              {(f) => (
                <li>
                  <span class="file-name">{f.name}</span>
                  <button type="button" class="secondary" onClick={() => setEvidence(evidence().filter((x) => x.fileId !== f.fileId))}>
                    {t('removeItem')}<span class="sr-only">{` ${f.name}`}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
          <Show when={evidence().length < 10}>
            <label>
              {t('pointsEvidenceAdd')}
              <input type="file" accept="image/*,application/pdf" disabled={uploading()} onChange={(e) => void addEvidence(e.currentTarget)} />
            </label>
          </Show>
          <p class="muted">{uploading() ? t('pointsEvidenceUploading') : t('pointsEvidenceHint')}</p>
        </fieldset>
        <Show when={error()}><p role="alert" class="error">{error()}</p></Show>
        <Show when={sent()}><p role="status" class="ok">{t('pointsClaimSent')}</p></Show>
        <button type="submit" disabled={uploading()}>{t('pointsSubmitClaim')}</button>
      </form>

      <h2>{t('pointsEntries')}</h2>
      <ul class="cards points-entries">
        <For each={mine()?.entries ?? []} fallback={<li class="empty">{mine.loading ? t('loading') : t('pointsNoEntries')}</li>}>
          {(e) => (
            <li class={`card point-entry pe-${e.state}`}>
              <div class="pe-head">
                <strong>{ruleWords(e)}</strong>
                <span class="pe-points">{fill(t('pointsValue'), { points: (e.points > 0 ? '+' : '') + String(e.points) })}</span>
              </div>
              <span class="pe-cause">{causeWords(e) ?? `${t('pointsOwnClaim')}${withColon('')}${e.description ?? ''}`}</span>
              <span class="muted">
                {e.occurredOn} · <span class="pe-state">{stateWords(e)}</span>
                <Show when={e.rejectReason}>{` · ${withColon(t('pointsReason'))}${e.rejectReason}`}</Show>
              </span>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
