/**
 * The period's 代表建议办理情况报告 as a printable page (/statistics/suggestion/report?period=…):
 * GET /api/statistics/suggestion/report (runtime/statistics/report.ts builds it from the same
 * figures the dashboard shows), on A4 in 仿宋/宋体 where installed (styles.css, @media print),
 * with a 打印 button and the Word download; the app's header and the buttons are not printed.
 * The report is in Chinese, as the office issues it.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload, ApiError } from '../api.ts';
import { errorText, fill, t } from '../i18n.ts';
import { path } from '../router.ts';
import { Link } from '../ui/link.tsx';

interface Report {
  title: string;
  asOfDate: string;
  period: { param: string; title: string };
  sections: Array<{ heading: string; paragraphs: Array<{ text: string; placeholder?: true }>; table?: { kind: string; caption: string; head: string[]; rows: string[][] } }>;
}

/** 2026-06-15 → 2026年6月15日 (the report is in Chinese). */
const chineseDate = (day: string): string => {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export function ReportPage(): JSX.Element {
  const period = () => new URLSearchParams(path().split('?')[1] ?? '').get('period') ?? '';
  // A region reader (上级人大) reads one county's report: the county comes with the address.
  const county = () => new URLSearchParams(path().split('?')[1] ?? '').get('county') ?? '';
  const countyQuery = () => (county() ? `&county=${encodeURIComponent(county())}` : '');
  const [report] = createResource(() => (period() ? `${encodeURIComponent(period())}${countyQuery()}` : undefined), (q) => api<Report>('GET', `/statistics/suggestion/report?period=${q}`));
  const [error, setError] = createSignal('');
  const word = async () => {
    setError('');
    try {
      await apiDownload(`/statistics/suggestion/report?period=${encodeURIComponent(period())}${countyQuery()}&format=docx`, 'report.docx');
    } catch (err) {
      setError(err instanceof ApiError ? errorText({ message: err.message }) : String(err));
    }
  };
  return (
    <section class="report-print">
      <div class="actions no-print">
        <Link href={`/statistics/suggestion?period=${encodeURIComponent(period())}${countyQuery()}`}>{t('statBack')}</Link>
        <button type="button" onClick={() => window.print()}>{t('statReportPrintNow')}</button>
        <button type="button" class="secondary" onClick={() => void word()}>{t('statReportWord')}</button>
      </div>
      <Show when={error()}>
        <p class="error no-print" role="alert">{error()}</p>
      </Show>
      <Show when={report.error}>{(e) => <p class="error" role="alert">{e() instanceof ApiError ? errorText({ message: (e() as ApiError).message }) : String(e())}</p>}</Show>
      <Show when={report()} fallback={<Show when={!report.error}><p>{t('loading')}</p></Show>}>
        {(r) => (
          <article class="report-sheet" data-testid="report">
            <h1>{r().title}</h1>
            <p class="report-meta">{fill(t('statReportAsOf'), { date: chineseDate(r().asOfDate) })}</p>
            <p class="report-meta no-print">{t('statReportPlaceholder')}</p>
            <For each={r().sections}>
              {(s) => (
                <section class="report-section">
                  <h2>{s.heading}</h2>
                  <For each={s.paragraphs}>{(p) => <p class={p.placeholder ? 'report-placeholder' : undefined}>{p.text}</p>}</For>
                  <Show when={s.table}>
                    {(tb) => (
                      <div class="table-scroll">
                        <table class="report-table" data-testid={`report-${tb().kind}`}>
                          <caption>{tb().caption}</caption>
                          <thead>
                            <tr>
                              <For each={tb().head}>{(h) => <th scope="col">{h}</th>}</For>
                            </tr>
                          </thead>
                          <tbody>
                            <For each={tb().rows}>
                              {(row) => (
                                <tr>
                                  <For each={row}>{(c, i) => (i() === 0 ? <th scope="row">{c}</th> : <td class="k-number">{c}</td>)}</For>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </div>
                    )}
                  </Show>
                </section>
              )}
            </For>
          </article>
        )}
      </Show>
    </section>
  );
}
