/**
 * 催办 for the statistics (GET /api/statistics/urges): how many tasks were urged and how many
 * times, per handling unit and per process, for the tasks opened in a period of the county
 * (sql/urge-counts.ts). The period is the statistics' own (`period=`, runtime/statistics/period.ts):
 * a calendar year in the county's zone, or a 届次年度 or a term by the dates of the county's terms
 * and sessions tables (refused in words when the tables lack them). Everything in words: a unit
 * by its name, a process by its title in this county, tasks of no unit under one line of words.
 */
import type { Kysely } from 'kysely';
import { dateBounds, periodDates } from '../statistics/period-dates.ts';
import { periodParam, periodTitle, yearBounds, type Period } from '../statistics/period.ts';
import { currentDefinition } from './county-definitions.ts';
import { listSessions, listTerms } from './roster.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectUrgeCounts } from './sql/urge-counts.ts';

interface Counted {
  /** Tasks urged at least once. */
  tasks: number;
  /** Urges in all. */
  urges: number;
}

export interface UrgeStatisticsView {
  title: string;
  title_en: string;
  period: { param: string; title: string; title_en: string };
  total: Counted;
  /** Most urged first; `unitId` null: the tasks of the office, leaders and deputies (no unit). */
  units: Array<Counted & { unitId: string | null; name: string; name_en: string }>;
  processes: Array<Counted & { process: string; title: string; title_en: string }>;
}

const NO_UNIT = { name: '机关及代表的任务（非承办单位）', name_en: 'Tasks of the office and deputies (no unit)' };

/** The instants [from, to) of the period: a calendar year, or a session year or term by the county's tables. */
async function periodBounds(db: Kysely<Database>, countyId: string, period: Period) {
  if (period.kind === 'year') return { bounds: yearBounds(period.year), dates: undefined };
  const [terms, sessions] = await Promise.all([listTerms(db, countyId), listSessions(db, countyId)]);
  const dates = periodDates(period, terms, sessions);
  return { bounds: dateBounds(dates), dates };
}

function add(into: Map<string, Counted>, key: string, row: Counted): void {
  const c = into.get(key) ?? { tasks: 0, urges: 0 };
  into.set(key, { tasks: c.tasks + row.tasks, urges: c.urges + row.urges });
}

const mostUrged = (a: Counted & { name?: string; title?: string }, b: Counted & { name?: string; title?: string }) =>
  b.urges - a.urges || b.tasks - a.tasks || (a.name ?? a.title ?? '').localeCompare(b.name ?? b.title ?? '', 'zh');

export async function readUrgeStatistics(db: Kysely<Database>, rt: Runtime, countyId: string, period: Period): Promise<UrgeStatisticsView> {
  const { bounds, dates } = await periodBounds(db, countyId, period);
  const rows = await selectUrgeCounts(db, countyId, bounds.from, bounds.to);
  const units = new Map<string, Counted>();
  const unitWords = new Map<string, { unitId: string | null; name: string; name_en: string }>();
  const processes = new Map<string, Counted>();
  for (const r of rows) {
    const key = r.unit_id ?? '';
    add(units, key, r);
    unitWords.set(key, r.unit_id === null ? { unitId: null, ...NO_UNIT } : { unitId: r.unit_id, name: r.unit_name ?? '', name_en: r.unit_name_en ?? r.unit_name ?? '' });
    add(processes, r.definition_id, r);
  }
  const processRows = await Promise.all(
    [...processes].map(async ([id, counted]) => {
      const def = await currentDefinition(db, rt, countyId, id).catch(() => undefined);
      return { process: id, title: def?.pkg.title ?? '其他流程', title_en: def?.pkg.title_en ?? 'Other process', ...counted };
    }),
  );
  return {
    title: '催办统计',
    title_en: 'Urges',
    period: { param: periodParam(period), ...periodTitle(period, dates) },
    total: { tasks: rows.reduce((n, r) => n + r.tasks, 0), urges: rows.reduce((n, r) => n + r.urges, 0) },
    units: [...units].map(([key, counted]) => ({ ...(unitWords.get(key) as { unitId: string | null; name: string; name_en: string }), ...counted })).sort(mostUrged),
    processes: processRows.sort(mostUrged),
  };
}
