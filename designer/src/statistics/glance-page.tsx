/**
 * 年度概览 — the county's year at a glance (issue 14, DOMAIN §10): one panel per line of work,
 * for a period chosen in words. The panels are data (PANELS): the 代表建议 panel draws its big
 * numbers (办结率、满意率 with numerator and denominator), the monthly line (GET
 * /api/statistics/suggestion/monthly) and the category bars; every other panel draws whatever
 * figures GET /api/statistics/<process> answers (the same shape as the suggestions'): counts and
 * rates as big numbers, distributions as bars (sums as big numbers, averages beside the rates with
 * their sum and count). 代表之家 draws two catalogues (reception days, constituents' issues);
 * 代表履职 draws the points, whose numbers open the points list instead of the register. A
 * process whose statistics do not exist yet (404) shows 暂无统计. Each chart has its table beside it (screen readers, copying), and every
 * number opens the register filtered to the instances behind it. Every panel answers every period
 * offered: a session or term of a catalogue other than 代表建议 is counted by the dates of the
 * county's sessions table, which the panel states (统计期间：十八届一次会议以来（2023年1月—2024年1月）);
 * a session without a date there reads as the API's words saying so.
 */
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { api, ApiError } from '../api.ts';
import { errorText, fill, lang, t } from '../i18n.ts';
import { navigate } from '../router.ts';
import { Link } from '../ui/link.tsx';
import { BigRate, Distribution, Num, registerHref, words, type Figure, type StatisticsView } from './dashboard-page.tsx';
import { KeyThemesOfYear } from '../portal/key-theme-figures.tsx';
import { LinesChart } from './line-chart.tsx';
import { chosenPeriod, PeriodSelect, usePeriods } from './period-chooser.tsx';

interface Words {
  title: string;
  title_en: string;
}

/** One panel of the page: which process's statistics it shows and how. */
export interface PanelSpec extends Words {
  id: string;
  process: string;
  /** More catalogues drawn in the same panel, each under its own title (代表之家: reception days, then constituents' issues). */
  also?: string[];
  /** A line of words under the panel's figures (e.g. what is still to come). */
  note?: Words;
  /** `suggestion`: big numbers, the monthly line and the category bars; `figures`: whatever the process's statistics answer. */
  kind: 'suggestion' | 'figures';
  /** The fuller dashboard of the process, if it has one. */
  dashboard?: string;
}

export const PANELS: PanelSpec[] = [
  { id: 'suggestion', process: 'suggestion', kind: 'suggestion', title: '代表建议', title_en: "Deputies' suggestions", dashboard: '/statistics/suggestion' },
  { id: 'livelihood', process: 'livelihood-vote', kind: 'figures', title: '民生实事', title_en: 'Livelihood projects' },
  { id: 'supervision', process: 'supervision', kind: 'figures', title: '监督', title_en: 'Supervision' },
  { id: 'evaluation', process: 'evaluation', kind: 'figures', title: '评议', title_en: 'Evaluation' },
  // DOMAIN §6.6: reception days (reception-session) and constituents' issues (constituent-issue).
  { id: 'stations', process: 'reception-session', also: ['constituent-issue'], kind: 'figures', title: '代表之家', title_en: "Deputies' stations" },
  // DOMAIN §7.8: points and report-backs to voters (deputy-points: reportBackCoverage and
  // reportBackSatisfaction, counted by term); its numbers open the points list.
  {
    id: 'deputies',
    process: 'deputy-points',
    kind: 'figures',
    title: '代表履职',
    title_en: "Deputies' duty",
    note: { title: '向选民述职覆盖率和选民满意率按本届计算（每届至少述职一次），不随所选年度变化。', title_en: 'Report-back coverage and the voters’ satisfaction count by term (at least once a term), whatever the year chosen.' },
  },
];

type Series = 'submitted' | 'answered' | 'concluded';
interface MonthlyView {
  series: Array<Words & { id: Series; unit: string; unit_en: string; total: number }>;
  months: Array<Words & { month: string } & Record<Series, { count: number; suggestions: number; drill: string }>>;
}

/** A process's figures for the period; null when the process has no statistics (404). */
async function panelFigures(process: string, period: string): Promise<StatisticsView | null> {
  try {
    return await api<StatisticsView>('GET', `/statistics/${encodeURIComponent(process)}?period=${encodeURIComponent(period)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

const errorOf = (e: unknown): string => (e instanceof ApiError ? errorText({ message: e.message }) : String(e));

/** Rates as big numbers ("667 / 670" and its words), with their table beside them. */
function RateBoard(props: { figures: Figure[]; id: string }): JSX.Element {
  return (
    <div class="glance-pair">
      <div class="stat-cards glance-rates">
        <For each={props.figures}>
          {(f) => (
            <div class="stat-card" data-metric={f.id}>
              <div class="stat-title">{words(f)}</div>
              <div class="stat-number">{f.display}</div>
              <div class="stat-fraction" data-testid={`fraction-${props.id}-${f.id}`}>
                {f.numerator ?? 0} / {f.denominator ?? 0}
              </div>
              <div class="stat-ratio muted">
                {f.kind === 'avg'
                  ? fill(t('statAvgWords'), { den: words(f.denominatorOf), d: String(f.denominator ?? 0), n: String(f.numerator ?? 0) })
                  : fill(t('statFractionWords'), { num: words(f.numeratorOf), n: String(f.numerator ?? 0), den: words(f.denominatorOf), d: String(f.denominator ?? 0) })}
              </div>
            </div>
          )}
        </For>
      </div>
      <div class="table-scroll">
        <table class="stat-table" data-testid={`rates-${props.id}`}>
          <caption>{t('statRatesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statMetric')}</th>
              <th scope="col">{t('statNumerator').replace(/[：:]\s*$/, '')}</th>
              <th scope="col">{t('statDenominator').replace(/[：:]\s*$/, '')}</th>
              <th scope="col">{t('statShare')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.figures}>
              {(f) => {
                // An average's rows are both its numerator's and its denominator's (the rows averaged).
                const drill = typeof f.drill === 'string' ? { numerator: f.drill, denominator: f.drill } : (f.drill as { numerator?: string; denominator?: string } | null);
                return (
                  <tr>
                    <th scope="row">{words(f)}</th>
                    <td class="k-number"><Num n={f.numerator} drill={drill?.numerator} label={`${words(f)} ${words(f.numeratorOf)} ${f.numerator ?? 0}`} /></td>
                    <td class="k-number"><Num n={f.denominator} drill={drill?.denominator} label={`${words(f)} ${words(f.denominatorOf)} ${f.denominator ?? 0}`} /></td>
                    <td class="k-number">{f.display}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The axis label of a month: 3月 within one year, 2026.3 when the months span years. */
function axisLabels(months: string[]): string[] {
  const oneYear = new Set(months.map((m) => m.slice(0, 4))).size <= 1;
  const en = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return months.map((m) => {
    const [y, mm] = m.split('-');
    const n = Number(mm);
    if (lang() === 'en') return oneYear ? en[n - 1] ?? m : `${en[n - 1]} ${y}`;
    return oneYear ? `${n}月` : `${y}.${n}`;
  });
}

function MonthlyPanel(props: { period: string; id: string }): JSX.Element {
  const [monthly] = createResource(() => props.period || undefined, (p) => api<MonthlyView>('GET', `/statistics/suggestion/monthly?period=${encodeURIComponent(p)}`));
  return (
    <section class="stat-chart glance-monthly" aria-labelledby={`${props.id}-monthly-h`} data-testid="glance-monthly">
      <h3 id={`${props.id}-monthly-h`}>{t('statMonthly')}</h3>
      <Show when={monthly.error}>{(e) => <p class="error" role="alert">{errorOf(e())}</p>}</Show>
      <Show when={monthly.latest}>
        {(m) => (
          <Show when={m().months.length > 0} fallback={<p class="muted">{t('statMonthlyNone')}</p>}>
            <div class="glance-pair">
              <LinesChart
                testid="chart-monthly"
                label={t('statMonthly')}
                months={axisLabels(m().months.map((x) => x.month))}
                lines={m().series.map((s) => ({ id: s.id, title: words(s), values: m().months.map((x) => x[s.id].count) }))}
                onPoint={(line, month) => {
                  const s = m().series[line];
                  const d = s ? m().months[month]?.[s.id].drill : undefined;
                  if (d) navigate(registerHref(d));
                }}
              />
              <div class="table-scroll">
                <table class="stat-table" data-testid="monthly-table">
                  <caption>{fill(t('statMonthlyCaption'), { totals: m().series.map((s) => `${words(s)} ${s.total}`).join('，') })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('statMonth')}</th>
                      <For each={m().series}>{(s) => <th scope="col">{words(s)}{lang() === 'en' ? '' : `（${s.unit}）`}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={m().months}>
                      {(row) => (
                        <tr>
                          <th scope="row">{words(row)}</th>
                          <For each={m().series}>
                            {(s) => (
                              <td class="k-number">
                                <Show when={row[s.id].count > 0} fallback={<span>0</span>}>
                                  <Num n={row[s.id].count} drill={row[s.id].drill} label={`${words(row)} ${words(s)} ${row[s.id].count}`} />
                                </Show>
                              </td>
                            )}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

function SuggestionBody(props: { view: StatisticsView; period: string; id: string }): JSX.Element {
  const metric = (id: string) => props.view.metrics.find((m) => m.id === id);
  const rates = () => ['concludedRate', 'satisfiedOrBasicRate'].map(metric).filter((f): f is Figure => f !== undefined);
  return (
    <>
      <div class="stat-cards glance-counts">
        <BigRate f={metric('total')} />
        <BigRate f={metric('concludedCount')} />
        <BigRate f={metric('inHandlingCount')} />
      </div>
      <RateBoard figures={rates()} id={props.id} />
      <MonthlyPanel period={props.period} id={props.id} />
      <Distribution f={metric('byCategory')} id={`${props.id}-category`} />
      {/* The year's 重点督办专题 with their figures (themes are proposed in a calendar year: shown for a year's period). */}
      <Show when={/^year:(\d{4})$/.exec(props.period)}>{(m) => <KeyThemesOfYear year={Number(m()[1])} />}</Show>
    </>
  );
}

/** Any process's figures, read from their kinds: counts and rates as big numbers, distributions as bars. */
function FiguresBody(props: { view: StatisticsView; id: string }): JSX.Element {
  const of = (kind: Figure['kind']) => props.view.metrics.filter((m) => m.kind === kind);
  return (
    <>
      <Show when={[...of('count'), ...of('sum')].length > 0}>
        <div class="stat-cards glance-counts">
          <For each={props.view.metrics.filter((m) => m.kind === 'count' || m.kind === 'sum')}>{(f) => <BigRate f={f} />}</For>
        </div>
      </Show>
      <Show when={[...of('rate'), ...of('avg')].length > 0}>
        <RateBoard figures={props.view.metrics.filter((m) => m.kind === 'rate' || m.kind === 'avg')} id={props.id} />
      </Show>
      <For each={of('distribution')}>{(f) => <Distribution f={f} id={`${props.id}-${f.id}`} />}</For>
    </>
  );
}

/** Another catalogue of a panel, under its own title (代表之家: 群众意见统计 after the reception days). */
function AlsoBody(props: { process: string; period: string; id: string }): JSX.Element {
  const [view] = createResource(() => props.period || undefined, (p) => panelFigures(props.process, p));
  return (
    <section class="glance-also" aria-labelledby={`${props.id}-h`} data-catalogue={props.process}>
      <Show when={view.error}>{(e) => <p class="error" role="alert">{errorOf(e())}</p>}</Show>
      <Show when={view.latest}>
        {(v) => (
          <>
            <h3 id={`${props.id}-h`}>{words(v())}</h3>
            <PeriodDates view={v()} />
            <FiguresBody view={v()} id={props.id} />
          </>
        )}
      </Show>
    </section>
  );
}

/** The period of a catalogue counting a session or term by the dates of the county's tables, with those dates (十八届一次会议以来（2023年1月—2024年1月）). */
function PeriodDates(props: { view: StatisticsView }): JSX.Element {
  return (
    <Show when={props.view.period.dates}>
      <p class="muted glance-dates" data-testid="glance-dates">{fill(t('statOf'), { period: words(props.view.period) })}</p>
    </Show>
  );
}

function Panel(props: { spec: PanelSpec; period: string }): JSX.Element {
  // Every catalogue answers every period offered: 代表建议 by the 届次 its suggestions carry, the others by the dates of the county's terms and sessions tables.
  const [view] = createResource(() => props.period || undefined, (p) => panelFigures(props.spec.process, p));
  const id = () => `glance-${props.spec.id}`;
  return (
    <section class="glance-panel" aria-labelledby={`${id()}-h`} data-panel={props.spec.id}>
      <h2 id={`${id()}-h`}>{words(props.spec)}</h2>
      <Show when={view.error}>{(e) => <p class="error" role="alert">{errorOf(e())}</p>}</Show>
      <Switch>
        <Match when={view.latest === null}>
          <p class="muted glance-none">{t('statNone')}</p>
        </Match>
        <Match when={view.latest}>
          {(v) => (
            <>
              <PeriodDates view={v()} />
              <Show when={props.spec.also}>
                <h3>{words(v())}</h3>
              </Show>
              <Show when={props.spec.kind === 'suggestion'} fallback={<FiguresBody view={v()} id={id()} />}>
                <SuggestionBody view={v()} period={props.period} id={id()} />
              </Show>
              <For each={props.spec.also ?? []}>{(process) => <AlsoBody process={process} period={props.period} id={`${id()}-${process}`} />}</For>
              <Show when={props.spec.note}>{(n) => <p class="muted glance-note">{words(n())}</p>}</Show>
              <Show when={props.spec.dashboard}>
                {(href) => (
                  <p>
                    <Link href={`${href()}?period=${encodeURIComponent(props.period)}`}>{fill(t('statMoreOf'), { title: words(props.spec) })}</Link>
                  </p>
                )}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

export function GlancePage(): JSX.Element {
  const periods = usePeriods();
  const chosen = () => chosenPeriod(periods()?.periods);
  const title = () => {
    const p = periods()?.periods.find((x) => x.param === chosen());
    return p ? words(p) : '';
  };
  return (
    <section class="dashboard glance">
      <h1>{t('statGlance')}</h1>
      <div class="filters">
        <PeriodSelect periods={periods()?.periods} value={chosen()} onChange={(p) => navigate(`/statistics?period=${encodeURIComponent(p)}`)} />
      </div>
      <Show when={periods.error}>{(e) => <p class="error" role="alert">{errorOf(e())}</p>}</Show>
      <Show when={chosen()}>
        <p class="muted" role="status" data-testid="glance-period">{fill(t('statOf'), { period: title() })}</p>
        <For each={PANELS}>{(spec) => <Panel spec={spec} period={chosen()} />}</For>
      </Show>
    </section>
  );
}
