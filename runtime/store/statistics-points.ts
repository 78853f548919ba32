/**
 * The rows of the deputies' duty statistics (DOMAIN §7.8; definitions/deputy-points/metrics.json,
 * catalogue source `point-entries`): points are rows of point_entries, not instances, so the
 * catalogue's rows are the county's active deputies (kind `deputy`: the year's confirmed points
 * and entries summed) with their confirmed entries of the year (kind `entry`: rule, words,
 * points). The figures drill into the points list (readPointsList, GET
 * /api/statistics/deputy-points/list), which lists the deputies or the entries behind a number.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import type { DrillPart } from '../statistics/compute.ts';
import { periodParam, periodTitle, type Period } from '../statistics/period.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { cataloguePeriod } from './statistics-period-dates.ts';
import { countyCatalogue, drillRows } from './statistics.ts';

export interface PointsListView {
  title: string;
  title_en: string;
  period: { param: string; title: string; title_en: string };
  /** What the number counts, in words (the metric's or population's title). */
  metric: { id: string; title: string; title_en: string; part: string; item: string | null };
  /** deputies: one row per deputy; entries: one row per point entry. */
  kind: 'deputies' | 'entries';
  total: number;
  deputies?: Array<{ deputyId: string; name: string; delegation: string | null; points: number; entries: number }>;
  entries?: Array<{ entryId: string; deputyId: string; name: string; ruleTitle: string; ruleTitle_en: string; occurredOn: string; quantity: number; points: number }>;
}

/** The deputies or the point entries behind one number of a table catalogue (its own list: these rows are no register's). */
export async function readPointsList(db: Kysely<Database>, rt: Runtime, countyId: string, catalogueId: string, d: DrillPart & { period: Period }): Promise<PointsListView> {
  const cat = await countyCatalogue(db, countyId, catalogueId);
  const rows = await drillRows(db, rt, countyId, catalogueId, null, d);
  // A session or term: its title says the dates of the county's sessions table it covers.
  const dates = await cataloguePeriod(db, countyId, cat, d.period);
  const popId = d.metric.startsWith('population:') ? d.metric.slice('population:'.length) : undefined;
  const words = popId !== undefined ? cat.populations[popId] : cat.metrics[d.metric];
  if (!words) throw new AppError('INVALID_QUERY', 'metric: no such metric', { parameter: 'metric' });
  const head = {
    title: cat.title,
    title_en: cat.title_en,
    period: { param: periodParam(d.period), ...periodTitle(d.period, dates) },
    metric: { id: d.metric, title: words.title, title_en: words.title_en, part: d.part, item: d.item ?? null },
    total: rows.length,
  };
  const first = rows[0];
  const isEntry = first !== undefined ? 'entryId' in first : (cat.populations[popId ?? cat.metrics[d.metric]?.population ?? cat.metrics[d.metric]?.numerator ?? '']?.of ?? '') !== cat.kinds?.instance;
  if (isEntry) {
    return {
      ...head,
      kind: 'entries',
      entries: rows.map((r) => ({ entryId: String(r.entryId), deputyId: String(r.deputyId), name: String((r.parent as { name?: unknown } | undefined)?.name ?? ''), ruleTitle: String(r.ruleTitle), ruleTitle_en: String(r.ruleTitleEn), occurredOn: String(r.occurredOn), quantity: Number(r.quantity), points: Number(r.points) })),
    };
  }
  return {
    ...head,
    kind: 'deputies',
    deputies: rows.map((r) => ({ deputyId: String(r.deputyId), name: String(r.name), delegation: typeof r.delegation === 'string' ? r.delegation : null, points: Number(r.points), entries: Number(r.entries) })),
  };
}
