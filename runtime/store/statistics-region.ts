/**
 * A region's figures (上级人大, issue 14 "region roll-up"): what a reader of a city or province
 * (role `region`, migration 018) sees of the counties under its region. Each county's figures
 * are that county's own answer (readStatistics, readUnitTable in statistics.ts, with its
 * catalogue and overlays); this module picks the counties, sums them (runtime/statistics/rollup.ts)
 * and adds the county to every drill query, so a number opens the register of exactly the
 * instances behind it, in that county or — for the region's sum — in every county under it.
 *
 * - `county` absent: the region's sum, the list of its counties (the chooser) and, from
 *   `readRegionCountyTable`, one row per county with its key figures;
 * - `county=<code>`: that county's figures, when it is under the region (else 404
 *   COUNTY_NOT_FOUND, the answer for a code that exists nowhere);
 * - the per-unit table is per county: units are each county's own (a 区住房和城乡建设局 of one
 *   district is not another's), so a league of units across counties would rank unlike things;
 *   the region's table ranks counties instead, and `/units` needs `county=`.
 *
 * Cost: one statistics read per county (each one statement over that county's rows, measured in
 * statistics.ts), run one after another, so a region costs the sum of its counties' reads. Not
 * yet measured at province size (100 counties): a roll-up kept per county in the step's
 * transaction, or the counties read in one statement, are the levers if it is too slow.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { sumFigures, sumPopulations, type FigureRecord } from '../statistics/rollup.ts';
import type { Period } from '../statistics/period.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectRegionCounties, type CountyOfRegion } from './sql/region-counties.ts';
import { readStatistics, readUnitTable, type StatisticsView, type UnitTableView } from './statistics.ts';
import { getRegion } from './users.ts';

export type { CountyOfRegion };

/** The key figures of 代表建议's per-county table (those of the dashboard's big numbers, and a few counts), in this order; other catalogues show every figure that is one number. */
export const COUNTY_TABLE_METRICS = ['total', 'concludedCount', 'concludedRate', 'satisfiedOrBasicRate', 'answeredOnTimeRate', 'consultationRate', 'assigned', 'overdueNowCount'] as const;

export interface RegionWords {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
}

export interface RegionScope {
  region: RegionWords;
  counties: CountyOfRegion[];
  /** The county asked for, or null for the region's sum. */
  county: CountyOfRegion | null;
}

/** The counties under the region, and the one asked for (checked to be among them). */
export async function regionScope(db: Kysely<Database>, regionId: string, countyCode: string | undefined): Promise<RegionScope> {
  const region = await getRegion(db, regionId);
  if (!region) throw new AppError('COUNTY_NOT_FOUND', 'No such region');
  const counties = await selectRegionCounties(db, regionId);
  if (counties.length === 0) throw new AppError('COUNTY_NOT_FOUND', 'This region has no county under it');
  let county: CountyOfRegion | null = null;
  if (countyCode !== undefined) {
    county = counties.find((c) => c.code === countyCode) ?? null;
    // The same answer for a county of another region as for a code that exists nowhere.
    if (!county) throw new AppError('COUNTY_NOT_FOUND', 'county: no such county under your region', { parameter: 'county' });
  }
  return { region: { id: region.id, code: region.code, name: region.name, name_en: region.nameEn, level: region.level }, counties, county };
}

/** Every drill query (`/api/register?…`) inside `value`, with the county added. */
export function withCounty<T>(value: T, code: string): T {
  const map = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith('/api/register?') || /^\/api\/statistics\/[a-z][a-z0-9-]*\/list\?/.test(v) ? `${v}&county=${encodeURIComponent(code)}` : v;
    if (Array.isArray(v)) return v.map(map);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'reads' ? x : map(x)]));
    return v;
  };
  return map(value) as T;
}

const countyWords = (c: CountyOfRegion) => ({ id: c.id, code: c.code, name: c.name, name_en: c.nameEn });

export type RegionStatisticsView = StatisticsView & {
  region: RegionWords;
  counties: Array<{ id: string; code: string; name: string; name_en: string | null }>;
  /** The county these figures are of, or null: the sum over every county under the region. */
  county: { id: string; code: string; name: string; name_en: string | null } | null;
};

/** The region's figures for the period: the sum over its counties, or one county's (`countyCode`). */
export async function readRegionStatistics(db: Kysely<Database>, rt: Runtime, regionId: string, processId: string, period: Period, countyCode?: string): Promise<RegionStatisticsView> {
  const scope = await regionScope(db, regionId, countyCode);
  const head = { region: scope.region, counties: scope.counties.map(countyWords) };
  if (scope.county) return { ...withCounty(await readStatistics(db, rt, scope.county.id, processId, period), scope.county.code), ...head, county: countyWords(scope.county) };
  const views: StatisticsView[] = [];
  for (const c of scope.counties) views.push(await readStatistics(db, rt, c.id, processId, period));
  const first = views[0] as StatisticsView;
  return {
    ...first,
    populations: sumPopulations(views.map((v) => v.populations)),
    metrics: sumFigures(views.map((v) => v.metrics as FigureRecord[])),
    ...head,
    county: null,
  };
}

export interface RegionCountyTableView {
  title: string;
  title_en: string;
  description: string;
  description_en: string;
  region: RegionWords;
  period: { param: string; title: string; title_en: string };
  columns: Array<{ id: string; kind: string; title: string; title_en: string }>;
  /** One row per county (its own figures, drills naming it), in code order. */
  rows: Array<{ county: { id: string; code: string; name: string; name_en: string | null }; cells: FigureRecord[] }>;
  /** The region's sum of each column (rates from the summed numerators and denominators). */
  total: FigureRecord[];
}

/** The per-county table of a region (各县区办理情况): each county's key figures and the region's sum. */
export async function readRegionCountyTable(db: Kysely<Database>, rt: Runtime, regionId: string, processId: string, period: Period): Promise<RegionCountyTableView> {
  const scope = await regionScope(db, regionId, undefined);
  const views: Array<{ county: CountyOfRegion; view: StatisticsView }> = [];
  for (const c of scope.counties) views.push({ county: c, view: withCounty(await readStatistics(db, rt, c.id, processId, period), c.code) });
  const first = (views[0] as { view: StatisticsView }).view;
  // 代表建议: its key figures; any other catalogue: every figure that is one number (counts, sums, rates, averages; no distributions).
  const ids: readonly string[] = processId === 'suggestion' ? COUNTY_TABLE_METRICS.filter((id) => first.metrics.some((m) => m.id === id)) : first.metrics.filter((m) => m.kind !== 'distribution').map((m) => String(m.id));
  const cellsOf = (v: StatisticsView) => ids.map((id) => v.metrics.find((m) => m.id === id) as FigureRecord | undefined).filter((f): f is FigureRecord => f !== undefined);
  const columns = cellsOf(first).map((f) => ({ id: f.id, kind: f.kind, title: String(f.title), title_en: String(f.title_en) }));
  const rows = views.map(({ county, view }) => ({ county: countyWords(county), cells: cellsOf(view) }));
  return {
    title: '各县（市、区）办理情况',
    title_en: 'Counties and districts',
    description: '每个县（市、区）一行，各列是该县区按其本级统计口径计算的指标；合计行由各县区的分子、分母分别相加后重新计算比例。',
    description_en: "One row per county or district, each column that county's figure under its own definitions; the total adds the numerators and the denominators and computes each rate again.",
    region: scope.region,
    period: { param: first.period.param, title: first.period.title, title_en: first.period.title_en },
    columns,
    rows,
    total: sumFigures(rows.map((r) => r.cells)),
  };
}

/** One county's per-unit table, for a region reader: `countyCode` is required (units are each county's own). */
export async function readRegionUnitTable(db: Kysely<Database>, rt: Runtime, regionId: string, processId: string, period: Period, countyCode: string | undefined): Promise<UnitTableView & { county: { id: string; code: string; name: string; name_en: string | null } }> {
  if (countyCode === undefined) throw new AppError('INVALID_QUERY', 'county: required — handling units are each county’s own; the region’s table is /counties', { parameter: 'county' });
  const scope = await regionScope(db, regionId, countyCode);
  const county = scope.county as CountyOfRegion;
  return { ...withCounty(await readUnitTable(db, rt, county.id, processId, period), county.code), county: countyWords(county) };
}
