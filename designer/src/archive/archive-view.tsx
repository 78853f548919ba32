/**
 * One deputy's 履职档案 of a year (GET /api/deputies/:id/archive): the year chosen in words, the
 * count of each section at the top, then each section as a collapsible block of entries — date,
 * item, the deputy's part, state and facts, all words from the server — each opening its item.
 * Phone first (one column, nothing wider than the screen); 打印 prints A4 with every section
 * open (styles.css `.archive` print rules); 导出 Excel downloads the same rows.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload } from '../api.ts';
import { apiErrorText } from '../portal/submission.ts';
import { navigate, path, query } from '../router.ts';
import { Link } from '../ui/link.tsx';
import type { ArchiveEntry, DeputyArchive } from './archive-api.ts';
import { aw, inLang } from './words.ts';

function Entry(props: { entry: ArchiveEntry }): JSX.Element {
  const e = props.entry;
  return (
    <li class="archive-entry" id={`e-${e.id}`}>
      <div class="ae-head">
        <span class="ae-date">{inLang(e.dateText)}</span>
        <span class="ae-state">{inLang(e.state)}</span>
      </div>
      <Link class="ae-title" href={e.link}>{e.title}</Link>
      <Show when={e.part}>
        <span class="ae-part">{inLang(e.part)}</span>
      </Show>
      <Show when={e.facts.length > 0}>
        <ul class="ae-facts">
          <For each={e.facts}>{(f) => <li class="ae-fact">{`${inLang(f.label)}：${inLang(f.value)}`}</li>}</For>
        </ul>
      </Show>
    </li>
  );
}

export function ArchiveView(props: { deputyId: string; back?: string }): JSX.Element {
  const year = () => query('year') ?? '';
  const [archive] = createResource(
    () => ({ id: props.deputyId, year: year() }),
    (k) => api<DeputyArchive>('GET', `/deputies/${encodeURIComponent(k.id)}/archive${k.year ? `?year=${encodeURIComponent(k.year)}` : ''}`),
  );
  // The years offered: the one shown and the four before it (the server's year when none is asked).
  const [latest, setLatest] = createSignal<number | null>(null);
  const years = () => {
    const y = latest() ?? archive()?.year;
    return y ? [y, y - 1, y - 2, y - 3, y - 4] : [];
  };
  const choose = (y: string) => {
    if (latest() === null && archive()) setLatest(archive()!.year);
    navigate(`${path().split('?')[0]}?year=${y}`);
  };
  const [exporting, setExporting] = createSignal(false);
  const [exportError, setExportError] = createSignal('');
  const exportXlsx = async () => {
    const a = archive();
    if (!a) return;
    setExporting(true);
    setExportError('');
    try {
      await apiDownload(`/deputies/${encodeURIComponent(props.deputyId)}/archive/export?year=${a.year}`, `archive-${a.year}.xlsx`);
    } catch (err) {
      setExportError(apiErrorText(err));
    } finally {
      setExporting(false);
    }
  };
  const print = () => {
    for (const d of document.querySelectorAll<HTMLDetailsElement>('.archive details')) d.open = true;
    window.print();
  };
  return (
    <section class="archive">
      <Show when={props.back}>
        <p class="no-print"><Link href={props.back!}>{aw('back')}</Link></p>
      </Show>
      <Show when={!archive.error} fallback={<p role="alert" class="error">{apiErrorText(archive.error)}</p>}>
        <Show when={archive()} fallback={<p>{aw('loading')}</p>}>
          {(a) => (
            <>
              <h1>{inLang(a().title)}</h1>
              <p class="archive-who">
                <Show when={a().deputy.delegation}>{`${aw('delegation')}：${a().deputy.delegation}　`}</Show>
                <Show when={a().deputy.group}>{`${aw('group')}：${a().deputy.group}　`}</Show>
                <Show when={a().deputy.standingCommittee}>{aw('standingCommittee')}</Show>
              </p>
              <div class="archive-tools no-print">
                <label>
                  {aw('year')}
                  <select value={String(a().year)} onChange={(e) => choose(e.currentTarget.value)}>
                    <For each={years()}>{(y) => <option value={String(y)}>{aw('yearWords', { year: y })}</option>}</For>
                  </select>
                </label>
                <button type="button" onClick={print}>{aw('print')}</button>
                <button type="button" disabled={exporting()} onClick={() => void exportXlsx()}>{exporting() ? aw('exporting') : aw('exportXlsx')}</button>
              </div>
              <Show when={exportError()}><p role="alert" class="error">{exportError()}</p></Show>

              <h2>{aw('summary')}</h2>
              <ul class="archive-counts">
                <For each={a().sections}>
                  {(s) => (
                    <li>
                      <a href={`#s-${s.key}`}><span class="ac-title">{inLang(s.title)}</span> <strong class="ac-count">{aw('countWords', { n: s.count })}</strong></a>
                    </li>
                  )}
                </For>
              </ul>
              <div class="archive-points">
                <p>
                  {`${aw('pointsTotal')}：`}<strong class="ap-total">{aw('pointsValue', { points: a().points.total })}</strong>
                  {`　${aw('pointsInReview')}：${aw('pointsValue', { points: a().points.inReview })}`}
                </p>
                <Show when={a().points.quarters.length > 0}>
                  <ul class="archive-quarters">
                    <For each={a().points.quarters}>
                      {(q) => (
                        <li>
                          {`${inLang(q.title)}：${q.rank === null ? aw('noRank', { points: q.points }) : aw('rankWords', { points: q.points, rank: q.rank, of: q.of })}（${q.published ? aw('published') : aw('notPublished')}）`}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </div>

              <For each={a().sections}>
                {(s) => (
                  <details class="archive-section" id={`s-${s.key}`} data-section={s.key} open>
                    <summary>
                      <h2>{inLang(s.title)}</h2>
                      <span class="muted">{aw('countWords', { n: s.count })}</span>
                    </summary>
                    <Show when={s.entries.length > 0} fallback={<p class="muted archive-empty">{inLang(s.empty)}</p>}>
                      <ol class="archive-entries">
                        <For each={s.entries}>{(e) => <Entry entry={e} />}</For>
                      </ol>
                    </Show>
                  </details>
                )}
              </For>
              <p class="muted archive-footer">{aw('printedAt')}</p>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
