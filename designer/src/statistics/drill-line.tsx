/**
 * The register's line saying which figure it lists when opened from a statistic's drill-down
 * (/register?…&period=…&metric=…&part=…[&item=…][&unit=…]): e.g. "办结率 · 分子：已办结 4 件",
 * with a link back to the dashboard (代表建议) or the year at a glance (any other process). The
 * words come from GET /api/statistics/<definition> for the same period; the number is the
 * register's own total. No charts here (the main bundle).
 */
import { createResource, Show, type JSX } from 'solid-js';
import { api } from '../api.ts';
import { fill, lang, t } from '../i18n.ts';
import { Link } from '../ui/link.tsx';

interface Words {
  title: string;
  title_en: string;
}
interface Figure extends Words {
  id: string;
  parts?: Array<Words & { key: string }>;
  numeratorOf?: Words;
  denominatorOf?: Words;
}

/** The parameters of a drill query and the register's own paging and sorting; any other is a further filter. */
const DRILL_KEYS = new Set(['definition', 'period', 'metric', 'part', 'item', 'unit', 'county', 'sort', 'order', 'offset', 'limit', 'lang']);

export function DrillLine(props: { selection: URLSearchParams; total: number | undefined; unitName: (id: string) => string | undefined }): JSX.Element {
  const drill = () => {
    const s = props.selection;
    const metric = s.get('metric');
    const period = s.get('period');
    const definition = s.get('definition');
    return metric && period && definition && /^[a-z][a-z0-9-]{1,62}$/.test(definition) ? { definition, metric, period, part: s.get('part') ?? 'numerator', item: s.get('item'), unit: s.get('unit'), county: s.get('county') } : undefined;
  };
  // A month of the year at a glance's line (metric=monthly:<series>&item=<yyyy-mm>).
  const monthly = () => {
    const d = drill();
    return d && d.metric.startsWith('monthly:') ? d : undefined;
  };
  const [months] = createResource(
    () => monthly()?.period,
    (period) => api<{ series: Array<Words & { id: string }>; months: Array<Words & { month: string }> }>('GET', `/statistics/suggestion/monthly?period=${encodeURIComponent(period)}`),
  );
  const monthLine = () => {
    const d = monthly();
    const v = months.latest;
    if (!d || !v) return '';
    const series = v.series.find((s) => `monthly:${s.id}` === d.metric);
    const month = v.months.find((m) => m.month === d.item);
    return fill(t('statMonthlyDrill'), { month: words(month) || (d.item ?? ''), series: words(series), n: String(props.total ?? '') });
  };
  // A region reader's drill names the county (or none: the region's sum); the words are that view's.
  const statisticsQuery = () => {
    const d = drill();
    return d && !monthly() ? `${d.definition}?period=${encodeURIComponent(d.period)}${d.county ? `&county=${encodeURIComponent(d.county)}` : ''}` : undefined;
  };
  // Any process's statistics (代表建议's dashboard, or another catalogue of the year at a glance); a register with no catalogue of its own (a child process's) shows the line without words.
  const [view] = createResource(statisticsQuery, (q) => api<{ populations: Array<Words & { id: string }>; metrics: Figure[] }>('GET', `/statistics/${q}`).catch(() => null));
  /** Filters added on the register page narrow the figure's rows further: say so. */
  const narrowed = () => [...props.selection.keys()].some((k) => !DRILL_KEYS.has(k));
  const words = (w: Words | undefined) => (w ? (lang() === 'en' ? w.title_en : w.title) : '');
  const line = () => {
    const d = drill();
    const v = view.latest;
    if (!d || !v) return '';
    const population = d.metric.startsWith('population:') ? v.populations.find((p) => p.id === d.metric.slice('population:'.length)) : undefined;
    const f = population ? { id: population.id, title: population.title, title_en: population.title_en, numeratorOf: population } : v.metrics.find((m) => m.id === d.metric);
    if (!f) return '';
    const item = d.item ? f.parts?.find((p) => p.key === d.item) : undefined;
    const numerator = d.part !== 'denominator';
    return fill(t('statDrillLine'), {
      figure: words(f),
      part: numerator ? t('statNumerator').replace(/[：:]\s*$/, '') : t('statDenominator').replace(/[：:]\s*$/, ''),
      of: numerator ? (item ? words(item) : words(f.numeratorOf)) : words(f.denominatorOf),
      n: String(props.total ?? ''),
    });
  };
  return (
    <Show when={drill()}>
      {(d) => (
        <p class="register-drill" data-testid="register-drill">
          <span>{monthly() ? monthLine() : line()}</span>
          <Show when={d().unit}>{(u) => <span> · {fill(t('statDrillUnit'), { unit: props.unitName(u()) ?? '' })}</span>}</Show>
          <Show when={narrowed()}>
            <span> {t('statDrillNarrowed')}</span>
          </Show>{' '}
          <Link href={monthly() || d().definition !== 'suggestion' ? `/statistics?period=${encodeURIComponent(d().period)}` : `/statistics/suggestion?period=${encodeURIComponent(d().period)}${d().county ? `&county=${encodeURIComponent(d().county as string)}` : ''}`}>{t('statBack')}</Link>
        </p>
      )}
    </Show>
  );
}
