/**
 * The statistics routes as a region reader (上级人大, role `region`, migration 018) calls them:
 * the same paths as a county's (routes/statistics.ts hands over to these when the caller is a
 * region reader), plus `county=<code>` (a county under the caller's region; another → 404
 * COUNTY_NOT_FOUND), and GET /api/statistics/suggestion/counties, the per-county table.
 *
 * - `/suggestion`: the region's sum over its counties (rates from summed numerators and
 *   denominators), or one county's figures; every drill names the county (or none: all of them);
 * - `/units`: one county's per-unit table (`county=` required: units are each county's own);
 * - `/counties`: one row per county with its key figures, and the region's total;
 * - `/export`: `table=summary|units|counties` as XLSX or CSV;
 * - `/report`: the county's report (`county=` required; the report is a county's document).
 * Figures: runtime/store/statistics-region.ts.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../runtime/errors.ts';
import { parsePeriod } from '../../runtime/statistics/period.ts';
import type { FigureRecord } from '../../runtime/statistics/rollup.ts';
import { countyDate, readRegionCountyTable, readRegionPointsList, readRegionStatistics, readRegionUnitTable, recordAudit, regionReader, regionScope, type Database } from '../../runtime/store/index.ts';
import type { DrillPart } from '../../runtime/statistics/compute.ts';
import type { Period } from '../../runtime/statistics/period.ts';
import { findBadCharacter } from '../../runtime/engine/text-input.ts';
import type { Actor } from '../../runtime/engine/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { auditBy, definitionTarget } from '../audit-entry.ts';
import { registerPath } from '../openapi.ts';
import { enumQuery } from '../request-body.ts';
import { exportFormat, exportResponse, type Cell } from '../table-export.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';

/** The one value of each allowed parameter; unknown or repeated ones are 400 (as routes/statistics.ts, with `county`). */
export function regionQuery(c: Context<AppEnv>, allowed: readonly string[]): Record<string, string> {
  const names = [...allowed, 'county'];
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!names.includes(name)) throw new AppError('INVALID_QUERY', `${name}: unknown parameter; known: ${names.join(', ')}`, { parameter: name });
    if (values.length !== 1) throw new AppError('INVALID_QUERY', `${name}: given more than once`, { parameter: name });
    out[name] = values[0] as string;
  }
  if (out.county !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(out.county)) throw new AppError('INVALID_QUERY', 'county: not a county code', { parameter: 'county' });
  return out;
}

type Deps = LaggingReadDeps;

/** The drill-down of a points list (`metric`, `part`, `item`, `period`), checked; the metric itself is checked against the county's catalogue when the rows are read. */
export function listDrill(q: Record<string, string>): DrillPart & { period: Period } {
  const bad = (parameter: string, message: string) => new AppError('INVALID_QUERY', `${parameter}: ${message}`, { parameter });
  const metric = q.metric;
  if (metric === undefined) throw bad('metric', 'required: the metric (or population:<id>) whose number is listed');
  if (!/^(population:)?[a-z][A-Za-z0-9-]{0,62}$/.test(metric)) throw bad('metric', 'not a metric id');
  const part = q.part ?? 'numerator';
  if (part !== 'numerator' && part !== 'denominator') throw bad('part', 'numerator or denominator');
  const item = q.item;
  if (item !== undefined && (item.length > 100 || findBadCharacter(item))) throw bad('item', 'at most 100 characters, no control characters');
  return { metric, part, ...(item !== undefined ? { item } : {}), period: parsePeriod(q.period) };
}

export async function regionPointsList(c: Context<AppEnv>, { readDb, rt }: Deps, catalogueId: string): Promise<Response> {
  const q = regionQuery(c, ['period', 'metric', 'part', 'item']);
  return c.json(await readRegionPointsList(readDb, rt, currentUser(c).countyId, catalogueId, listDrill(q), q.county));
}

export async function regionSummary(c: Context<AppEnv>, { readDb, rt }: Deps, processId: string): Promise<Response> {
  const q = regionQuery(c, ['period']);
  return c.json(await readRegionStatistics(readDb, rt, currentUser(c).countyId, processId, parsePeriod(q.period), q.county));
}

export async function regionUnits(c: Context<AppEnv>, { readDb, rt }: Deps, processId: string): Promise<Response> {
  const q = regionQuery(c, ['period']);
  return c.json(await readRegionUnitTable(readDb, rt, currentUser(c).countyId, processId, parsePeriod(q.period), q.county));
}

/** For the report: the county under the caller's region it is of (`county=` required), and the reader who asks. */
export async function regionReportScope(c: Context<AppEnv>, db: Kysely<Database>): Promise<{ countyId: string; actor: Actor; query: Record<string, string> }> {
  const query = regionQuery(c, ['period', 'format']);
  if (query.county === undefined) throw new AppError('INVALID_QUERY', 'county: required — the report is a county’s document', { parameter: 'county' });
  const scope = await regionScope(db, currentUser(c).countyId, query.county);
  return { countyId: (scope.county as { id: string }).id, actor: regionReader(currentUser(c)), query };
}

/** A figure as export cells: a count; a rate's numerator, denominator and percentage; a distribution's parts. */
function cells(f: FigureRecord): Cell[] {
  if (f.kind === 'count') return [Number(f.count ?? 0)];
  if (f.kind === 'sum') return [Number(f.sum ?? 0)];
  if (f.kind === 'rate' || f.kind === 'avg') return [Number(f.numerator ?? 0), Number(f.denominator ?? 0), String(f.display ?? '')];
  return ((f.parts ?? []) as Array<{ numerator: number; display: string }>).flatMap((p) => [p.numerator, p.display]);
}

export async function regionExport(c: Context<AppEnv>, { db, readDb, rt }: Deps, processId: string): Promise<Response> {
  const q = regionQuery(c, ['period', 'table', 'format', 'lang']);
  const period = parsePeriod(q.period);
  const table = enumQuery('table', q.table, ['summary', 'units', 'counties'] as const) ?? 'summary';
  const format = exportFormat(q.format);
  const en = (enumQuery('lang', q.lang, ['zh', 'en'] as const) ?? 'zh') === 'en';
  const t = (o: object) => String(((en ? (o as { title_en?: unknown }).title_en : (o as { title?: unknown }).title) ?? ''));
  const regionId = currentUser(c).countyId;
  let columns: string[];
  let rows: Cell[][];
  let name: string;
  if (table === 'summary') {
    const view = await readRegionStatistics(readDb, rt, regionId, processId, period, q.county);
    const where = view.county ? (en ? view.county.name_en ?? view.county.name : view.county.name) : en ? view.region.name_en ?? view.region.name : view.region.name;
    name = `${where}-${t(view)}-${t(view.period)}`;
    columns = [en ? 'Metric' : '指标', en ? 'Part' : '分项', en ? 'Number' : '数量', en ? 'Denominator' : '分母', en ? 'Percentage' : '比例'];
    rows = (view.metrics as FigureRecord[]).flatMap((f): Cell[][] => {
      if (f.kind === 'count') return [[t(f), '', Number(f.count ?? 0), null, null]];
      if (f.kind === 'sum') return [[t(f), '', Number(f.sum ?? 0), null, null]];
      if (f.kind === 'rate' || f.kind === 'avg') return [[t(f), '', Number(f.numerator ?? 0), Number(f.denominator ?? 0), String(f.display ?? '')]];
      return ((f.parts ?? []) as FigureRecord[]).map((p) => [t(f), t(p), Number(p.numerator ?? 0), Number(f.denominator ?? 0), String(p.display ?? '')]);
    });
  } else if (table === 'units') {
    const view = await readRegionUnitTable(readDb, rt, regionId, processId, period, q.county);
    name = `${en ? view.county.name_en ?? view.county.name : view.county.name}-${t(view)}-${t(view.period)}`;
    columns = [en ? 'Unit' : '承办单位', ...heads(view.columns, en)];
    rows = view.rows.map((r) => [en ? r.unit.name_en ?? r.unit.name : r.unit.name, ...r.cells.flatMap((cell) => cells(cell as FigureRecord))]);
  } else {
    if (q.county !== undefined) throw new AppError('INVALID_QUERY', 'county: the table of counties is the whole region’s', { parameter: 'county' });
    const view = await readRegionCountyTable(readDb, rt, regionId, processId, period);
    name = `${en ? view.region.name_en ?? view.region.name : view.region.name}-${t(view)}-${t(view.period)}`;
    columns = [en ? 'County' : '县（市、区）', ...heads(view.columns, en)];
    rows = [...view.rows.map((r) => [en ? r.county.name_en ?? r.county.name : r.county.name, ...r.cells.flatMap(cells)]), [en ? 'Total' : '合计', ...view.total.flatMap(cells)]];
  }
  await recordAudit(db, { ...auditBy(c, rt.clock), action: 'register.exported', target: definitionTarget(rt, processId), detail: { format, rows: rows.length, statistics: table } });
  const day = countyDate(rt.clock.now());
  return exportResponse(c, {
    format,
    sheet: format === 'csv' ? 'statistics' : en ? { summary: 'Statistics', units: 'Units', counties: 'Counties' }[table] : { summary: '统计', units: '承办单位', counties: '县区' }[table],
    columns: columns.map((title, i) => ({ title, width: i === 0 ? 32 : 14 })),
    pages: (async function* () {
      yield rows;
    })(),
    filename: `${name}-${day}`,
    asciiFilename: `statistics-${table}-${day}`,
  });
}

function heads(columns: ReadonlyArray<{ kind: string; title: string; title_en: string; parts?: ReadonlyArray<{ title: string; title_en: string }> }>, en: boolean): string[] {
  const t = (o: { title: string; title_en: string }) => (en ? o.title_en : o.title);
  const out: string[] = [];
  for (const col of columns) {
    if (col.kind === 'count' || col.kind === 'sum') out.push(t(col));
    else if (col.kind === 'rate' || col.kind === 'avg') out.push(`${t(col)}${en ? ' (number)' : '（数）'}`, `${t(col)}${en ? ' (of)' : '（分母）'}`, t(col));
    else for (const p of col.parts ?? []) out.push(`${t(col)}：${t(p)}`, `${t(col)}：${t(p)}${en ? ' %' : '（%）'}`);
  }
  return out;
}

/** GET /api/statistics/<process>/counties: the region's per-county table (region readers only). */
export function mountRegionStatisticsRoutes(api: Hono<AppEnv>, { readDb, rt }: Deps, processId: string): void {
  api.get(`/statistics/${processId}/counties`, requireRole('region'), async (c) => {
    const q = regionQuery(c, ['period']);
    if (q.county !== undefined) throw new AppError('INVALID_QUERY', 'county: the table of counties is the whole region’s', { parameter: 'county' });
    return c.json(await readRegionCountyTable(readDb, rt, currentUser(c).countyId, processId, parsePeriod(q.period)));
  });
  registerPath('get', `/api/statistics/${processId}/counties`, {
    summary: `A region reader’s per-county table of ${processId} (各县区情况, ?period=): each county under the region with its key figures (its own catalogue), and the region’s total (counts and sums added, rates and averages from the summed numerators and denominators)`,
    tags: ['statistics'],
    responses: {
      '200': { description: '{title, region, period, columns, rows: [{county, cells}], total}' },
      '400': { description: 'INVALID_QUERY' },
      '403': { description: 'FORBIDDEN: region readers only' },
    },
  });
}
