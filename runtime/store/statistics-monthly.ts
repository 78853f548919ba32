/**
 * The monthly line of deputies' suggestions (GET /api/statistics/suggestion/monthly): the
 * period's suggestions read in one statement (sql/statistics-monthly.ts), counted per month by
 * runtime/statistics/monthly.ts; every month's number carries the register query listing the
 * suggestions behind it (`metric=monthly:<series>&item=<yyyy-mm>`), answered by
 * `monthlyDrillIds` for GET /api/register.
 *
 * Who belongs: the catalogue's `submitted` population rule (definitions/<process>/metrics.json,
 * with the county's overlays), applied to the facts it reads here (registeredAt, submittedAt,
 * concludedAt) — the same suggestions the statistics count as 建议总数.
 */
import type { Kysely } from 'kysely';
import { evaluateLogic } from '../engine/index.ts';
import { truthy } from '../engine/logic.ts';
import { AppError } from '../errors.ts';
import type { Catalogue } from '../statistics/catalogue.ts';
import { MONTH_PATTERN, MONTHLY_SERIES, monthlyCounts, monthlyIds, monthTitle, SERIES_WORDS, type MonthlyRow, type MonthlySeries } from '../statistics/monthly.ts';
import { periodParam, periodTitle, type Period } from '../statistics/period.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectMonthlyRows } from './sql/statistics-monthly.ts';
import { baseCatalogue, catalogueFilter, countyCatalogue } from './statistics.ts';

/** The answer letter's event on the answering unit's child instance (its task outcome). */
const ANSWER_EVENT = 'SUBMIT_ANSWER';

const pathOf = (cat: Catalogue, name: string): string => {
  const f = cat.facts.suggestion?.[name];
  if (!f?.path) throw new AppError('DEFINITION_INVALID', `The statistics of "${cat.process}" declare no fact "${name}" for the monthly line`);
  return f.path;
};

const instant = (v: string | null): number | null => {
  if (v === null || v === '') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
};

async function monthlyRows(db: Kysely<Database>, countyId: string, processId: string, period: Period): Promise<MonthlyRow[]> {
  const cat = await countyCatalogue(db, countyId, processId);
  const stored = await selectMonthlyRows(db, {
    countyId,
    definitionId: cat.process,
    childDefinitionId: cat.child ?? '',
    answerEvent: ANSWER_EVENT,
    paths: { registeredAt: pathOf(cat, 'registeredAt'), submittedAt: pathOf(cat, 'submittedAt'), concludedAt: pathOf(cat, 'concludedAt') },
    period: (await catalogueFilter(db, countyId, cat, period)).filter,
  });
  const submitted = cat.populations.submitted;
  return stored
    .filter((r) => !submitted || truthy(evaluateLogic(submitted.rule, { registeredAt: r.registeredAt, submittedAt: r.submittedAt, concludedAt: r.concludedAt })))
    .map((r) => ({ id: r.id, submittedAt: instant(r.submittedAt), concludedAt: instant(r.concludedAt), answers: r.answers }));
}

/** The register query listing the suggestions behind one month's number. */
function monthlyDrill(processId: string, period: Period, series: MonthlySeries, month: string): string {
  return `/api/register?${new URLSearchParams({ definition: processId, period: periodParam(period), metric: `monthly:${series}`, item: month }).toString()}`;
}

export interface MonthlyView {
  process: string;
  title: string;
  title_en: string;
  period: { param: string; title: string; title_en: string } & Period;
  asOf: string;
  series: Array<{ id: MonthlySeries; title: string; title_en: string; unit: string; unit_en: string; description: string; description_en: string; total: number }>;
  months: Array<{ month: string; title: string; title_en: string } & Record<MonthlySeries, { count: number; suggestions: number; drill: string }>>;
}

export async function readMonthly(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, period: Period): Promise<MonthlyView> {
  const rows = await monthlyRows(db, countyId, processId, period);
  const counts = monthlyCounts(period, rows);
  return {
    process: processId,
    title: '代表建议按月提出、答复和办结',
    title_en: 'Suggestions submitted, answered and concluded by month',
    period: { ...period, param: periodParam(period), ...periodTitle(period) },
    asOf: rt.clock.now().toISOString(),
    series: MONTHLY_SERIES.map((id) => ({ id, ...SERIES_WORDS[id], total: counts.reduce((n, m) => n + m[id], 0) })),
    months: counts.map((m) => ({
      month: m.month,
      ...monthTitle(m.month),
      submitted: { count: m.submitted, suggestions: m.submitted, drill: monthlyDrill(processId, period, 'submitted', m.month) },
      answered: { count: m.answered, suggestions: m.answeredSuggestions, drill: monthlyDrill(processId, period, 'answered', m.month) },
      concluded: { count: m.concluded, suggestions: m.concluded, drill: monthlyDrill(processId, period, 'concluded', m.month) },
    })),
  };
}

/** Whether a register drill-down's metric is one of the monthly line's (`monthly:<series>`). */
export const isMonthlyMetric = (metric: string): boolean => metric.startsWith('monthly:');

/** The suggestions behind one month's number: `metric` monthly:submitted|answered|concluded, `item` the month (yyyy-mm). */
export async function monthlyDrillIds(db: Kysely<Database>, countyId: string, processId: string, d: { metric: string; part: string; item?: string; period: Period }): Promise<string[]> {
  const bad = (parameter: string, message: string) => new AppError('INVALID_QUERY', `${parameter}: ${message}`, { parameter });
  if (!baseCatalogue(processId)) throw bad('metric', 'this process has no statistics');
  const series = d.metric.slice('monthly:'.length);
  if (!(MONTHLY_SERIES as readonly string[]).includes(series)) throw bad('metric', `monthly:${MONTHLY_SERIES.join('|monthly:')}`);
  if (d.part !== 'numerator') throw bad('part', 'a month has only part=numerator');
  if (d.item === undefined || !MONTH_PATTERN.test(d.item)) throw bad('item', 'required: the month, yyyy-mm');
  return monthlyIds(await monthlyRows(db, countyId, processId, d.period), series as MonthlySeries, d.item);
}
