/**
 * The register (台账): every item of a process in the county as the office sees it (a unit: its
 * own items), with filters in words, a search box (number, title words, deputy's name),
 * sortable column headers, paging, export to Excel/CSV of everything the filters select, and a
 * print view. The filters live in the address (/register?definition=…&unit=…), so the print
 * view, the export and the back button show the same selection. Every cell comes from the
 * server already in words (GET /api/register), so the screen, the file and the print agree.
 */
import { createEffect, createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload, ApiError } from '../api.ts';
import type { RegisterOptionsView, RegisterProcess, RegisterView } from '../api-types.ts';
import { errorText, label, lang, t } from '../i18n.ts';
import { navigate, path } from '../router.ts';
import { Link } from '../ui/link.tsx';
import { isRegionReader } from '../session.ts';
import { DrillLine } from '../statistics/drill-line.tsx';

export const PAGE_SIZE = 50;

/** The register's selection as in the address: every parameter of GET /api/register but lang. */
export function registerSelection(): URLSearchParams {
  const params = new URLSearchParams(path().split('?')[1] ?? '');
  if (!params.get('definition')) params.set('definition', 'suggestion');
  return params;
}

/** The API query for a selection, in the current language. */
export function registerApiQuery(selection: URLSearchParams, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(selection);
  q.set('lang', lang());
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

export const fillIn = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** 12,000 with a thousands separator in both languages. */
export const count = (n: number): string => n.toLocaleString('en-US');

function setParam(name: string, value: string | null, keepOffset = false): void {
  const params = registerSelection();
  if (value === null || value === '') params.delete(name);
  else params.set(name, value);
  if (!keepOffset) params.delete('offset');
  navigate(`/register?${params}`);
}

/** Downloads the export through the API (the token goes in a header, so not a plain link). */
async function download(format: 'xlsx' | 'csv', selection: URLSearchParams): Promise<void> {
  const q = new URLSearchParams(registerApiQuery(selection, { format }));
  q.delete('limit');
  q.delete('offset');
  await apiDownload(`/register/export?${q}`, `register.${format}`);
}

function Select(props: { label: string; name: string; value: string; options: Array<{ value: string; title: string }> }): JSX.Element {
  return (
    <label>
      {props.label}
      <select name={props.name} value={props.value} onChange={(e) => setParam(props.name, e.currentTarget.value)}>
        <option value="">{t('regAll')}</option>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.title}</option>}</For>
      </select>
    </label>
  );
}

export function RegisterPage(): JSX.Element {
  const selection = () => registerSelection();
  const get = (name: string) => selection().get(name) ?? '';
  const definition = () => get('definition');
  const [processes] = createResource(() => api<{ processes: RegisterProcess[] }>('GET', '/register/processes'));
  const [options] = createResource(
    () => ({ definition: definition(), lang: lang() }),
    (p) => api<RegisterOptionsView>('GET', `/register/options?definition=${encodeURIComponent(p.definition)}&lang=${p.lang}`),
  );
  const [view] = createResource(
    () => registerApiQuery(selection(), { limit: String(PAGE_SIZE) }),
    (q) => api<RegisterView>('GET', `/register?${q}`),
  );
  const [words, setWords] = createSignal(get('q'));
  createEffect(() => setWords(get('q')));
  const [exporting, setExporting] = createSignal(false);
  const [exportError, setExportError] = createSignal('');

  const offset = () => Number(get('offset') || 0);
  const total = (): number | undefined => (view.state === 'ready' || view.state === 'refreshing' ? view.latest.total : undefined);
  const sortBy = (key: string) => {
    const params = registerSelection();
    const asc = params.get('sort') === key && (params.get('order') ?? 'asc') === 'asc';
    params.set('sort', key);
    params.set('order', asc ? 'desc' : 'asc');
    params.delete('offset');
    navigate(`/register?${params}`);
  };
  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(true);
    setExportError('');
    try {
      await download(format, selection());
    } catch (err) {
      setExportError(err instanceof ApiError ? errorText({ message: err.message }) : String(err));
    } finally {
      setExporting(false);
    }
  };
  const printHref = () => `/register/print?${(() => {
    const p = registerSelection();
    p.delete('offset');
    p.delete('limit');
    return p.toString();
  })()}`;

  return (
    <section class="register">
      <h1>{view()?.title ?? t('register')}</h1>
      <Show when={isRegionReader()}>
        <p class="muted" data-testid="region-note">{t('regRegionNote')}</p>
      </Show>
      {/* Opened from a statistic (统计): which figure these rows are (issue 14). */}
      <DrillLine selection={selection()} total={total()} unitName={(id) => options()?.units.find((u) => u.value === id)?.title} />
      <form
        class="filters register-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('q', words().trim());
        }}
      >
        <label>
          {t('regProcess')}
          <select
            name="definition"
            value={definition()}
            onChange={(e) => navigate(`/register?definition=${encodeURIComponent(e.currentTarget.value)}`)}
          >
            <For each={processes()?.processes ?? []}>{(p) => <option value={p.id} selected={p.id === definition()}>{label(p)}</option>}</For>
          </select>
        </label>
        {/* On a phone the filters fold away under 筛选条件 so the rows come first; open on a desk. */}
        <details class="register-more" open={typeof window === 'undefined' || window.innerWidth > 600}>
          <summary>{t('regFilters')}</summary>
          <div class="filters register-filters">
            <Show when={options()}>
              {(o) => (
                <>
                  {/* A region reader (上级人大) chooses among the counties under its region. */}
                  <Show when={(o() as { counties?: Array<{ value: string; title: string }> }).counties}>
                    {(counties) => <Select label={t('regCounty')} name="county" value={get('county')} options={counties()} />}
                  </Show>
                  <Show when={o().filters.term}>
                    <Select label={t('regTerm')} name="term" value={get('term')} options={o().terms} />
                  </Show>
                  <Show when={o().filters.session}>
                    <Select label={t('regSession')} name="session" value={get('session')} options={o().sessions} />
                  </Show>
                  <Select label={t('regYear')} name="year" value={get('year')} options={o().years} />
                  <Show when={o().filters.category}>
                    <Select label={t('regCategory')} name="category" value={get('category')} options={o().categories} />
                  </Show>
                  <Show when={o().filters.unit}>
                    <Select label={t('regUnit')} name="unit" value={get('unit')} options={o().units} />
                  </Show>
                  <Select label={t('regState')} name="state" value={get('state')} options={o().states} />
                  <Select label={t('regOverdue')} name="overdue" value={get('overdue')} options={[{ value: '1', title: t('regYes') }, { value: '0', title: t('regNo') }]} />
                  <Show when={o().filters.key}>
                    <Select label={t('regKey')} name="key" value={get('key')} options={[{ value: '1', title: t('regYes') }, { value: '0', title: t('regNo') }]} />
                  </Show>
                </>
              )}
            </Show>
          </div>
        </details>
        <label class="register-search">
          {t('search')}
          <span class="register-search-row">
            <input type="search" name="q" value={words()} placeholder={t('regSearch')} onInput={(e) => setWords(e.currentTarget.value)} />
            <button type="submit">{t('regSearchButton')}</button>
          </span>
        </label>
      </form>
      <div class="actions register-actions">
        <button type="button" class="secondary" onClick={() => navigate(`/register?definition=${encodeURIComponent(definition())}`)}>
          {t('regReset')}
        </button>
        <button type="button" disabled={exporting()} onClick={() => void exportAs('xlsx')}>
          {t('regExportXlsx')}
        </button>
        <button type="button" disabled={exporting()} onClick={() => void exportAs('csv')}>
          {t('regExportCsv')}
        </button>
        <Link href={printHref()} class="button-link">
          {t('regPrint')}
        </Link>
        <Show when={exporting()}>
          <span class="muted" role="status">{t('regExporting')}</span>
        </Show>
      </div>
      <Show when={exportError()}>
        <p class="error" role="alert">{exportError()}</p>
      </Show>
      <Show when={view.error}>
        <p class="error" role="alert">{view.error instanceof ApiError ? errorText({ message: view.error.message }) : String(view.error)}</p>
      </Show>
      <Show when={view.latest}>
        {(v) => (
          <>
            <p class="register-range" role="status" data-testid="register-range">
              {v().total === 0
                ? t('regNone')
                : fillIn(t('regRange'), { from: count(v().offset + 1), to: count(v().offset + v().rows.length), total: count(v().total) })}
            </p>
            <div class="table-scroll">
              <table class="register-table">
                <thead>
                  <tr>
                    <For each={v().columns}>
                      {(c) => (
                        <th scope="col" aria-sort={get('sort') === c.key ? (get('order') === 'desc' ? 'descending' : 'ascending') : undefined}>
                          <button type="button" class="sort" onClick={() => sortBy(c.key)}>
                            {c.title}
                            <span aria-hidden="true">{get('sort') === c.key ? (get('order') === 'desc' ? ' ▼' : ' ▲') : ''}</span>
                          </button>
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={v().rows}>
                    {(row) => (
                      <tr class={row.overdue ? 'overdue' : undefined} data-instance={row.id}>
                        <For each={row.cells}>
                          {(text, i) => (
                            <td data-label={v().columns[i()]?.title} class={`k-${v().columns[i()]?.kind ?? 'text'}`}>
                              {/* A region reader opens no record: the row is what it reads of the county's item. */}
                              {v().columns[i()]?.kind === 'title' && !isRegionReader() ? <Link href={`/instances/${row.id}`}>{text}</Link> : text}
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <nav class="actions register-pager" aria-label={t('regRange')}>
              <button type="button" class="secondary" disabled={offset() === 0} onClick={() => setParam('offset', String(Math.max(0, offset() - PAGE_SIZE)), true)}>
                {t('regPrev')}
              </button>
              <button type="button" class="secondary" disabled={offset() + v().rows.length >= v().total} onClick={() => setParam('offset', String(offset() + PAGE_SIZE), true)}>
                {t('regNext')}
              </button>
            </nav>
          </>
        )}
      </Show>
    </section>
  );
}
