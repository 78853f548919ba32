/**
 * 统计 → 代表建议办理统计 (issue 14): the county's figures of deputies' suggestions for a period
 * chosen in words (a year, since a session, a whole term), from GET /api/statistics/suggestion
 * and /units. Big numbers with their numerator and denominator in words; bar charts of
 * categories, results and satisfaction, each with its data table; the per-unit table; exports.
 * Every number (a bar, a table cell) opens the register filtered to exactly those suggestions
 * (the figure's `drill`). Loaded lazily with its charts (echarts) when opened.
 *
 * A region reader (上级人大, role region) sees the same page over the counties under its region:
 * a chooser (全市 — the sum over the counties — or one county, `&county=` in the address), the
 * per-county table (GET …/counties) where a county's staff see the per-unit table, and a
 * county's per-unit table and report once a county is chosen. Every drill names the county.
 */
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { api, apiDownload, ApiError } from '../api.ts';
import { errorText, fill, lang, t } from '../i18n.ts';
import { navigate, path } from '../router.ts';
import { isRegionReader } from '../session.ts';
import { Link } from '../ui/link.tsx';
import { BarsChart } from './chart.tsx';
import { chosenPeriod, PeriodSelect, usePeriods } from './period-chooser.tsx';

interface Words {
  title: string;
  title_en: string;
}
type Drill = string | { numerator?: string; denominator?: string } | null;
interface Part extends Words {
  key: string;
  numerator: number;
  denominator: number;
  display: string;
  drill: { numerator: string; denominator: string };
}
export interface Figure extends Words {
  id: string;
  /** sum: a numeric fact added up (sum, over `count` rows); avg: a mean answered as numerator (the sum) / denominator (the rows). */
  kind: 'count' | 'rate' | 'distribution' | 'sum' | 'avg';
  count?: number;
  sum?: number;
  numerator?: number;
  denominator?: number;
  display?: string;
  parts?: Part[];
  drill: Drill;
  numeratorOf?: Words;
  denominatorOf?: Words;
}
export interface StatisticsView extends Words {
  /** `dates`: a catalogue counting a session or term by the dates of the county's terms and sessions tables (its title says them). */
  period: Words & { param: string; dates?: { from: string; to: string | null } };
  /** A region reader's view: its region, the counties under it and the one these figures are of (null: the sum). */
  region?: { code: string; name: string; name_en: string | null };
  counties?: Array<{ code: string; name: string; name_en: string | null }>;
  county?: { code: string; name: string; name_en: string | null } | null;
  populations: Array<Words & { id: string; count: number; drill: string }>;
  metrics: Figure[];
}
interface CountyTable extends Words {
  columns: Array<Words & { id: string; kind: Figure['kind'] }>;
  rows: Array<{ county: { code: string; name: string; name_en: string | null }; cells: Figure[] }>;
  total: Figure[];
}
interface UnitTable extends Words {
  columns: Array<Words & { id: string; kind: Figure['kind']; parts?: Array<Words & { key: string }> }>;
  rows: Array<{ unit: { id: string; name: string; name_en: string | null }; cells: Figure[] }>;
}

export const words = (w: Words | undefined): string => (w ? (lang() === 'en' ? w.title_en : w.title) : '');
/** The portal's register for a drill query of the API. */
export const registerHref = (drill: string): string => drill.replace(/^\/api\/register/, '/register').replace(/^\/api\/statistics\//, '/statistics/');
export const drillOf = (d: Drill, part: 'numerator' | 'denominator'): string | undefined => (typeof d === 'string' ? (part === 'numerator' ? d : undefined) : d?.[part]);

export function Num(props: { n: number | undefined; drill: string | undefined; label?: string }): JSX.Element {
  return (
    <Show when={props.drill} fallback={<span>{props.n ?? 0}</span>}>
      {(d) => (
        <Link href={registerHref(d())} aria-label={props.label}>
          {props.n ?? 0}
        </Link>
      )}
    </Show>
  );
}

export function BigRate(props: { f: Figure | undefined }): JSX.Element {
  return (
    <Show when={props.f}>
      {(f) => (
        <div class="stat-card" data-metric={f().id}>
          <div class="stat-title">{words(f())}</div>
          <div class="stat-number">{f().kind === 'count' || f().kind === 'sum' ? <Num n={f().kind === 'sum' ? f().sum : f().count} drill={drillOf(f().drill, 'numerator')} label={`${words(f())} ${f().kind === 'sum' ? f().sum ?? 0 : f().count ?? 0}`} /> : f().display}</div>
          <Show when={f().kind === 'rate'}>
            <div class="stat-ratio muted">
              {t('statNumerator')}
              {words(f().numeratorOf)} <Num n={f().numerator} drill={drillOf(f().drill, 'numerator')} /> {t('statPieces')} · {t('statDenominator')}
              {words(f().denominatorOf)} <Num n={f().denominator} drill={drillOf(f().drill, 'denominator')} /> {t('statPieces')}
            </div>
          </Show>
        </div>
      )}
    </Show>
  );
}

export function Distribution(props: { f: Figure | undefined; id: string }): JSX.Element {
  return (
    <Show when={props.f}>
      {(f) => (
        <section class="stat-chart" data-metric={f().id} aria-labelledby={`${props.id}-h`}>
          <h2 id={`${props.id}-h`}>{words(f())}</h2>
          <BarsChart
            testid={`chart-${f().id}`}
            label={words(f())}
            bars={(f().parts ?? []).map((p) => ({ title: words(p), value: p.numerator, display: p.display }))}
            onBar={(i) => {
              const d = f().parts?.[i]?.drill.numerator;
              if (d) navigate(registerHref(d));
            }}
          />
          <div class="table-scroll">
            <table class="stat-table">
              <caption>{fill(t('statTableOf'), { title: words(f()), of: words(f().denominatorOf), n: String(f().denominator ?? 0) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('statItem')}</th>
                  <th scope="col">{t('statCount')}</th>
                  <th scope="col">{t('statShare')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={f().parts ?? []}>
                  {(p) => (
                    <tr>
                      <th scope="row">{words(p)}</th>
                      <td class="k-number"><Num n={p.numerator} drill={p.drill.numerator} label={`${words(p)} ${p.numerator}`} /></td>
                      <td class="k-number">{p.display}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Show>
  );
}

function unitCells(cell: Figure): JSX.Element[] {
  if (cell.kind === 'count') return [<td class="k-number"><Num n={cell.count} drill={drillOf(cell.drill, 'numerator')} /></td>];
  if (cell.kind === 'rate')
    return [
      <td class="k-number">
        <Show when={(cell.denominator ?? 0) > 0} fallback={cell.display}>
          {cell.display} <span class="muted">（<Num n={cell.numerator} drill={drillOf(cell.drill, 'numerator')} />/<Num n={cell.denominator} drill={drillOf(cell.drill, 'denominator')} />）</span>
        </Show>
      </td>,
    ];
  return (cell.parts ?? []).map((p) => <td class="k-number"><Num n={p.numerator} drill={p.drill.numerator} /></td>);
}

const countyName = (c: { name: string; name_en: string | null }): string => (lang() === 'en' ? c.name_en ?? c.name : c.name);

/** The region's per-county table (各县区办理情况): each county's key figures, the total from the summed numerators and denominators. */
function CountiesTable(props: { table: CountyTable; period: string }): JSX.Element {
  return (
    <section class="stat-units" aria-labelledby="stat-counties-h">
      <h2 id="stat-counties-h">{words(props.table)}</h2>
      <div class="table-scroll">
        <table class="stat-table" data-testid="county-table">
          <caption>{fill(t('statCountiesCaption'), { title: words(props.table), n: String(props.table.rows.length) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statCounty')}</th>
              <For each={props.table.columns}>{(c) => <th scope="col">{words(c)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.table.rows}>
              {(r) => (
                <tr>
                  <th scope="row">
                    <Link href={`/statistics/suggestion?period=${encodeURIComponent(props.period)}&county=${encodeURIComponent(r.county.code)}`}>{countyName(r.county)}</Link>
                  </th>
                  {r.cells.flatMap(unitCells)}
                </tr>
              )}
            </For>
            <tr class="stat-total">
              <th scope="row">{t('statTotalRow')}</th>
              {props.table.total.flatMap(unitCells)}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DashboardPage(): JSX.Element {
  const periods = usePeriods();
  const chosen = () => chosenPeriod(periods()?.periods);
  const params = () => new URLSearchParams(path().split('?')[1] ?? '');
  /** A region reader's chosen county ('' = the region's sum). */
  const county = () => (isRegionReader() ? params().get('county') ?? '' : '');
  const countyQuery = () => (county() ? `&county=${encodeURIComponent(county())}` : '');
  const scope = () => (chosen() ? `period=${encodeURIComponent(chosen())}${countyQuery()}` : undefined);
  /** The region's sum (no county chosen): the per-county table stands where a county has its per-unit table. */
  const wholeRegion = () => isRegionReader() && !county();
  const [view] = createResource(scope, (q) => api<StatisticsView>('GET', `/statistics/suggestion?${q}`));
  const [units] = createResource(() => (wholeRegion() ? undefined : scope()), (q) => api<UnitTable>('GET', `/statistics/suggestion/units?${q}`));
  const [counties] = createResource(() => (wholeRegion() ? scope() : undefined), (q) => api<CountyTable>('GET', `/statistics/suggestion/counties?${q}`));
  const go = (p: string, c: string) => navigate(`/statistics/suggestion?period=${encodeURIComponent(p)}${c ? `&county=${encodeURIComponent(c)}` : ''}`);
  const [exportError, setExportError] = createSignal('');
  const [exporting, setExporting] = createSignal(false);
  const metric = (id: string) => view()?.metrics.find((m) => m.id === id);
  const exportAs = async (table: 'summary' | 'units' | 'counties', format: 'xlsx' | 'csv') => {
    setExporting(true);
    setExportError('');
    try {
      await apiDownload(`/statistics/suggestion/export?period=${encodeURIComponent(chosen())}${countyQuery()}&table=${table}&format=${format}&lang=${lang()}`, `statistics.${format}`);
    } catch (err) {
      setExportError(err instanceof ApiError ? errorText({ message: err.message }) : String(err));
    } finally {
      setExporting(false);
    }
  };
  const reportWord = async () => {
    setExporting(true);
    setExportError('');
    try {
      await apiDownload(`/statistics/suggestion/report?period=${encodeURIComponent(chosen())}${countyQuery()}&format=docx`, 'report.docx');
    } catch (err) {
      setExportError(err instanceof ApiError ? errorText({ message: err.message }) : String(err));
    } finally {
      setExporting(false);
    }
  };
  return (
    <section class="dashboard">
      <h1>{t('statSuggestion')}</h1>
      <div class="filters">
        <PeriodSelect periods={periods()?.periods} value={chosen()} onChange={(p) => go(p, county())} />
        <Show when={isRegionReader() && view.latest?.counties}>
          {(list) => (
            <label>
              {t('statCounty')}
              <select name="county" onChange={(e) => go(chosen(), e.currentTarget.value)}>
                <option value="" selected={!county()}>{view.latest?.region ? fill(t('statWholeRegionOf'), { region: countyName(view.latest.region) }) : t('statWholeRegion')}</option>
                <For each={list()}>{(c) => <option value={c.code} selected={c.code === county()}>{countyName(c)}</option>}</For>
              </select>
            </label>
          )}
        </Show>
      </div>
      <div class="actions">
        <button type="button" disabled={exporting()} onClick={() => void exportAs('summary', 'xlsx')}>{t('statExportSummaryXlsx')}</button>
        <button type="button" disabled={exporting()} onClick={() => void exportAs('summary', 'csv')}>{t('statExportSummaryCsv')}</button>
        <Show
          when={wholeRegion()}
          fallback={
            <>
              <button type="button" class="secondary" disabled={exporting()} onClick={() => void exportAs('units', 'xlsx')}>{t('statExportUnitsXlsx')}</button>
              <button type="button" class="secondary" disabled={exporting()} onClick={() => void exportAs('units', 'csv')}>{t('statExportUnitsCsv')}</button>
              <button type="button" disabled={exporting() || !chosen()} onClick={() => void reportWord()}>{t('statReportWord')}</button>
              <Show when={chosen()}>
                <Link class="button secondary" href={`/statistics/suggestion/report?period=${encodeURIComponent(chosen())}${countyQuery()}`}>{t('statReportPrint')}</Link>
              </Show>
            </>
          }
        >
          <button type="button" class="secondary" disabled={exporting()} onClick={() => void exportAs('counties', 'xlsx')}>{t('statExportCountiesXlsx')}</button>
          <button type="button" class="secondary" disabled={exporting()} onClick={() => void exportAs('counties', 'csv')}>{t('statExportCountiesCsv')}</button>
          <span class="muted">{t('statRegionReportHint')}</span>
        </Show>
      </div>
      <Show when={exportError()}>
        <p class="error" role="alert">{exportError()}</p>
      </Show>
      <Show when={view.error ?? units.error ?? counties.error}>
        {(e) => <p class="error" role="alert">{e() instanceof ApiError ? errorText({ message: (e() as ApiError).message }) : String(e())}</p>}
      </Show>
      <Show when={view.latest}>
        {(v) => (
          <>
            <p class="muted" role="status" data-testid="stat-period">
              {fill(t('statOf'), { period: words(v().period) })}
              <Show when={v().region}>{(r) => <> · {v().county ? countyName(v().county as { name: string; name_en: string | null }) : fill(t('statWholeRegionOf'), { region: countyName(r()) })}</>}</Show>
            </p>
            <div class="stat-cards">
              <BigRate f={metric('total')} />
              <BigRate f={metric('concludedRate')} />
              <BigRate f={metric('satisfiedOrBasicRate')} />
              <BigRate f={metric('answeredOnTimeRate')} />
              <BigRate f={metric('consultationRate')} />
            </div>
            <div class="stat-charts">
              <Distribution f={metric('byCategory')} id="stat-category" />
              <Distribution f={metric('results')} id="stat-results" />
              <Distribution f={metric('satisfaction')} id="stat-satisfaction" />
            </div>
          </>
        )}
      </Show>
      <Show when={wholeRegion() && counties.latest}>
        {(table) => <CountiesTable table={table()} period={chosen()} />}
      </Show>
      <Show when={!wholeRegion() && units.latest}>
        {(u) => (
          <section class="stat-units" aria-labelledby="stat-units-h">
            <h2 id="stat-units-h">{words(u())}</h2>
            <div class="table-scroll">
              <table class="stat-table" data-testid="unit-table">
                <caption>{fill(t('statUnitsCaption'), { title: words(u()), n: String(u().rows.length) })}</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>{t('regUnit')}</th>
                    <For each={u().columns}>{(c) => <th scope="col" colSpan={c.kind === 'distribution' ? c.parts?.length ?? 1 : 1} rowSpan={c.kind === 'distribution' ? 1 : 2}>{words(c)}</th>}</For>
                  </tr>
                  <tr>
                    <For each={u().columns.filter((c) => c.kind === 'distribution')}>{(c) => <For each={c.parts ?? []}>{(p) => <th scope="col">{words(p)}</th>}</For>}</For>
                  </tr>
                </thead>
                <tbody>
                  <For each={u().rows}>
                    {(r) => (
                      <tr>
                        <th scope="row">{lang() === 'en' ? r.unit.name_en ?? r.unit.name : r.unit.name}</th>
                        {r.cells.flatMap(unitCells)}
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </section>
        )}
      </Show>
    </section>
  );
}
