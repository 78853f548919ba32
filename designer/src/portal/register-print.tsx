/**
 * The register's print view (/register/print?…the register's filters…): every row the filters
 * select (up to PRINT_MAX), on A4 landscape in 仿宋/宋体 where installed (styles.css, @media
 * print), with the register's name, the filters in words and the time printed in the county's
 * zone. The app's header and the buttons are not printed.
 */
import { createResource, For, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import type { RegisterOptionsView, RegisterView } from '../api-types.ts';
import { lang, t } from '../i18n.ts';
import { Link } from '../ui/link.tsx';
import { count, fillIn, registerApiQuery, registerSelection } from './register-page.tsx';

/** Rows fetched for printing at most (4 pages of the API): ~100 A4 pages is as far as paper goes. */
export const PRINT_MAX = 2000;
const BATCH = 500;

async function allRows(query: string): Promise<RegisterView> {
  const first = await api<RegisterView>('GET', `/register?${query}&limit=${BATCH}&offset=0`);
  const rows = [...first.rows];
  while (rows.length < Math.min(first.total, PRINT_MAX)) {
    const next = await api<RegisterView>('GET', `/register?${query}&limit=${BATCH}&offset=${rows.length}`);
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  return { ...first, rows: rows.slice(0, PRINT_MAX) };
}

export function RegisterPrintPage(): JSX.Element {
  const selection = () => {
    const p = registerSelection();
    p.delete('offset');
    p.delete('limit');
    return p;
  };
  const [view] = createResource(() => registerApiQuery(selection()), allRows);
  const [options] = createResource(
    () => ({ definition: selection().get('definition') ?? '', lang: lang() }),
    (p) => api<RegisterOptionsView>('GET', `/register/options?definition=${encodeURIComponent(p.definition)}&lang=${p.lang}`),
  );
  /** The filters in words: 承办单位：县住房和城乡建设局；超期：是. */
  const filterWords = (): string => {
    const o = options();
    const s = selection();
    if (!o) return '';
    const yesNo = (v: string) => (v === '1' ? t('regYes') : t('regNo'));
    const pick = (list: Array<{ value: string; title: string }>, v: string) => list.find((x) => x.value === v)?.title ?? v;
    const parts: Array<[string, string | null, (v: string) => string]> = [
      [t('regTerm'), s.get('term'), (v) => pick(o.terms, v)],
      [t('regSession'), s.get('session'), (v) => pick(o.sessions, v)],
      [t('regYear'), s.get('year'), (v) => pick(o.years, v)],
      [t('regCategory'), s.get('category'), (v) => pick(o.categories, v)],
      [t('regUnit'), s.get('unit'), (v) => pick(o.units, v)],
      [t('regState'), s.get('state'), (v) => pick(o.states, v)],
      [t('regOverdue'), s.get('overdue'), yesNo],
      [t('regKey'), s.get('key'), yesNo],
      [t('search'), s.get('q'), (v) => `“${v}”`],
    ];
    const sep = lang() === 'zh' ? '：' : ': ';
    return parts
      .filter(([, v]) => v)
      .map(([name, v, words]) => `${name}${sep}${words(v as string)}`)
      .join(lang() === 'zh' ? '；' : '; ');
  };
  const printed = () =>
    new Date().toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

  return (
    <section class="register-print">
      <div class="actions no-print">
        <Link href={`/register?${selection()}`}>{t('regBack')}</Link>
        <button type="button" onClick={() => window.print()}>
          {t('regPrintNow')}
        </button>
      </div>
      <Show when={view()} fallback={<p>{t('loading')}</p>}>
        {(v) => (
          <>
            <h1>{v().title}</h1>
            <p class="print-meta">
              <Show when={filterWords()}>
                <span>
                  {t('regFilters')}
                  {lang() === 'zh' ? '：' : ': '}
                  {filterWords()}
                </span>
              </Show>
              <span>
                {v().total === 0 ? t('regNone') : fillIn(t('regRange'), { from: count(1), to: count(v().rows.length), total: count(v().total) })}
              </span>
              <span>
                {t('regPrinted')}
                {lang() === 'zh' ? '：' : ': '}
                {printed()}
              </span>
            </p>
            <Show when={v().total > v().rows.length}>
              <p class="notice">{fillIn(t('regPrintCapped'), { n: count(PRINT_MAX) })}</p>
            </Show>
            <table class="register-table print-table" data-testid="register-print-table">
              <thead>
                <tr>
                  <th scope="col">{lang() === 'zh' ? '序号' : '#'}</th>
                  <For each={v().columns}>{(c) => <th scope="col">{c.title}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={v().rows}>
                  {(row, i) => (
                    <tr>
                      <td>{i() + 1}</td>
                      <For each={row.cells}>{(text, j) => <td class={`k-${v().columns[j()]?.kind ?? 'text'}`}>{text}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </Show>
    </section>
  );
}
