/**
 * Statistics of a process (issue 14: 代表建议, 民生实事, 监督, 评议 — any package with a
 * definitions/<process>/metrics.json): the county's catalogue
 * (definitions/<process>/metrics.json with its regions' overlays), the rows of the period read
 * in one statement (sql/statistics-rows.ts), and the figures computed by interpreting the
 * catalogue (runtime/statistics/). Every number carries the register query that lists exactly
 * the instances behind it (`drill`); `drillIds` answers that query for GET /api/register.
 */
import type { Kysely } from 'kysely';
import { enumOptions, type ProcessPackage } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { applyCatalogueOverlays, checkCatalogue, TABLE_CATALOGUES, childKindOf, kindsOf, periodFactsOf, type Catalogue, type FactSource } from '../statistics/catalogue.ts';
import { drillMembers, figure, Populations, type DrillPart, type Figure, type Option, type Rows } from '../statistics/compute.ts';
import { factRows, registerIdOf, type FactRow, type StoredSuggestion } from '../statistics/facts.ts';
import { dateBounds, lastDay, type PeriodDates } from '../statistics/period-dates.ts';
import { periodParam, periodTitle, yearBounds, type Period } from '../statistics/period.ts';
import { currentDefinition, regionChain } from './county-definitions.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectMetricsOverlays } from './sql/metrics-overlays.ts';
import { selectUnitUrges } from './sql/unit-urges.ts';
import { upsertMetricsOverlay } from './sql/save-metrics-overlay.ts';
import { selectStatisticsRows, type FactPath, type PeriodFilter } from './sql/statistics-rows.ts';
import { cachedStatistics } from './statistics-cache.ts';
import { cataloguePeriod } from './statistics-period-dates.ts';
import { pointStatisticsRows } from './statistics-point-source.ts';
import { baseCatalogue } from './statistics-catalogues.ts';
import { projectedStatistics } from './statistics-projection.ts';
import { listUnits } from './users.ts';

export { baseCatalogue };

export { TABLE_CATALOGUES };

/** The processes that have a statistics catalogue (definitions/<id>/metrics.json), in the registry's order; then the catalogues over tables (deputies' points), titled by the catalogue. */
export function statisticsProcesses(rt: Runtime): Array<{ id: string; title: string; title_en: string }> {
  const processes = rt.registry
    .list()
    .filter((d) => baseCatalogue(d.id) !== null)
    .map((d) => ({ id: d.id, title: d.pkg.title, title_en: d.pkg.title_en }));
  const tables = TABLE_CATALOGUES.map((id) => ({ id, cat: baseCatalogue(id) }))
    .filter((x): x is { id: (typeof TABLE_CATALOGUES)[number]; cat: Catalogue } => x.cat !== null && x.cat.source === 'point-entries')
    .map(({ id, cat }) => ({ id, title: cat.title, title_en: cat.title_en }));
  return [...processes, ...tables];
}

/** A catalogue over a table (source point-entries): its figures drill into its own list, not the register. */
export function isTableCatalogue(cat: Pick<Catalogue, 'source'>): boolean {
  return cat.source === 'point-entries';
}

/**
 * The process whose catalogue answers a register drill-down of `definitionId`: its own, or the
 * catalogue whose child figures drill into this child process's register (`childRegister`).
 */
export function drillCatalogueOf(rt: Runtime, definitionId: string): string | null {
  if (baseCatalogue(definitionId)) return definitionId;
  for (const d of rt.registry.list()) {
    const c = baseCatalogue(d.id);
    if (c?.childRegister && c.child === definitionId) return d.id;
  }
  return null;
}

/** The catalogue a county sees: the base and each of its regions' overlays (province, city, county). */
export async function countyCatalogue(db: Kysely<Database>, countyId: string, processId: string, patch?: unknown): Promise<Catalogue> {
  const base = baseCatalogue(processId);
  if (!base) throw new AppError('STATISTICS_NOT_FOUND', `"${processId}" has no statistics catalogue`);
  const chain = await regionChain(db, countyId);
  const stored = await selectMetricsOverlays(db, chain.map((r) => r.id), processId);
  const patches = chain.filter((r) => r.id !== countyId && stored.has(r.id)).map((r) => stored.get(r.id));
  const own = patch !== undefined ? patch : stored.get(countyId);
  if (own !== undefined) patches.push(own);
  if (patches.length === 0) return base;
  let cat: Catalogue;
  try {
    cat = applyCatalogueOverlays(base, patches);
  } catch (err) {
    throw new AppError('INVALID_OVERLAY', (err as Error).message);
  }
  const problems = checkCatalogue(cat);
  if (problems.length > 0) throw new AppError('DEFINITION_INVALID', `The statistics overlay leaves ${problems.length} problem(s)`, { errors: problems.map((p) => ({ code: 'INVALID_METRICS', ...p })) });
  return cat;
}

/** Save a region's overlay of a process's catalogue after checking what its county would see (nothing saved when it does not check). */
export async function saveMetricsOverlay(db: Kysely<Database>, rt: Runtime, regionId: string, processId: string, patch: unknown, by: string | null): Promise<void> {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new AppError('INVALID_OVERLAY', 'An overlay is a JSON object (RFC 7396 merge patch)');
  await countyCatalogue(db, regionId, processId, patch);
  await upsertMetricsOverlay(db, { regionId, processId, patch, by, at: rt.clock.now() });
}

/** The facts of a kind the store reads (those with a context path; `rule` facts are computed after). */
function readFacts(facts: Record<string, FactSource> | undefined): Record<string, FactPath> {
  const out: Record<string, FactPath> = {};
  for (const [name, f] of Object.entries(facts ?? {})) if (f.path !== undefined) out[name] = { path: f.path, ...(f.as !== undefined ? { as: f.as } : {}) };
  return out;
}

/**
 * The period as the statistics rows' filter (the catalogue's period facts); the monthly line
 * (statistics-monthly.ts) filters the same way. A session or term of a catalogue without term
 * and session facts is placed by its year fact within `dates` (statistics-period-dates.ts).
 */
export function periodFilter(cat: Catalogue, period: Period, dates?: PeriodDates): PeriodFilter {
  const pf = periodFactsOf(cat);
  const f = cat.facts[kindsOf(cat).instance] ?? {};
  const path = (name: string): string => (f[name] as { path: string }).path;
  if (period.kind === 'year') {
    if (pf.year.as === 'year') return { kind: 'equal', pairs: [{ path: path(pf.year.fact), value: String(period.year) }] };
    return { kind: 'between', path: path(pf.year.fact), ...yearBounds(period.year) };
  }
  if (dates !== undefined) return { kind: 'between', path: path(pf.year.fact), ...dateBounds(dates), ...(pf.year.as === 'year' ? { as: 'year' as const } : {}) };
  if (pf.term === undefined || (period.kind === 'session' && pf.session === undefined)) throw new Error(`the statistics of ${cat.process} place a ${period.kind} by the dates of the terms and sessions tables (catalogueFilter)`);
  const pairs = [{ path: path(pf.term), value: period.term }];
  if (period.kind === 'session') pairs.push({ path: path(pf.session as string), value: period.session });
  return { kind: 'equal', pairs };
}

/** The period's filter for a county's catalogue, with the dates it was placed by (read from the county's tables when the catalogue counts by dates). */
export async function catalogueFilter(db: Kysely<Database>, countyId: string, cat: Catalogue, period: Period): Promise<{ filter: PeriodFilter; dates: PeriodDates | undefined }> {
  const dates = await cataloguePeriod(db, countyId, cat, period);
  return { filter: periodFilter(cat, period, dates), dates };
}

interface Computed {
  cat: Catalogue;
  /** The dates the period was placed by (a catalogue counting a session or term by dates); its title says them. */
  dates?: PeriodDates;
  rows: Rows;
  /** The populations over all `rows` (memoised, kept with the rows in the cache). */
  pops: Populations;
}

async function compute(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, period: Period): Promise<Computed> {
  const cat = await taxonomyOrdered(db, rt, countyId, await countyCatalogue(db, countyId, processId));
  const now = rt.clock.now();
  if (isTableCatalogue(cat)) {
    // Deputies and their point entries: small per county (one row per deputy), read each time, not cached
    // (the cache's stamp watches instances, not point entries).
    // Entries by their date: a calendar year, or a session or term by the dates of the county's tables.
    const dates = await cataloguePeriod(db, countyId, cat, period);
    const days = period.kind === 'year' ? { from: `${period.year}-01-01`, to: `${period.year}-12-31` } : { from: (dates as PeriodDates).from, to: lastDay(dates as PeriodDates) };
    const rows = factRows(cat, await pointStatisticsRows(db, countyId, days));
    return { cat, rows, pops: new Populations(cat, rows), ...(dates ? { dates } : {}) };
  }
  const calendar = await calendarFor(db, rt, countyId, cat);
  const { filter, dates } = await catalogueFilter(db, countyId, cat, period);
  // The dates are part of the key: an office that dates a session again gets the figures of the new dates.
  const key = { countyId, definitionIds: [cat.process, cat.child ?? '', ...(cat.linked ? [cat.linked.process] : [])], period: dates ? `${periodParam(period)}@${dates.from}..${dates.to ?? ''}` : periodParam(period), catalogue: cat };
  const finish = (rows: Rows) => ({ rows, pops: new Populations(cat, rows) });
  const build = (stored: StoredSuggestion[]) => finish(factRows(cat, stored, calendar));
  // The projection (statistics-projection.ts) when it holds every fact the catalogue reads; else the snapshots.
  const projected = await projectedStatistics(db, { countyId, catalogue: cat, period: key.period, filter, now }, (stored) => factRows(cat, stored, calendar), finish);
  if (projected) return { cat, ...projected, ...(dates ? { dates } : {}) };
  const { rows, pops } = await cachedStatistics(db, key, now, async () => {
    return build(await storedRows(db, countyId, cat, filter, now));
  });
  return { cat, rows, pops, ...(dates ? { dates } : {}) };
}

/** The county's holiday calendar when a fact of the catalogue counts working days. */
async function calendarFor(db: Kysely<Database>, rt: Runtime, countyId: string, cat: Catalogue) {
  return Object.values(cat.facts).some((fs) => Object.values(fs).some((f) => f.workingDays !== undefined)) ? rt.calendars.forCounty(db, countyId) : undefined;
}

/** The stored rows of the catalogue's instances that `filter` holds, with their facts (sql/statistics-rows.ts). */
function storedRows(db: Kysely<Database>, countyId: string, cat: Catalogue, filter: PeriodFilter, now: Date): Promise<StoredSuggestion[]> {
  const kinds = kindsOf(cat);
  return selectStatisticsRows(db, {
    countyId,
    definitionId: cat.process,
    // No child process: a definition id no instance has, so no child is read.
    childDefinitionId: kinds.child !== undefined && cat.child !== undefined ? cat.child : '',
    facts: readFacts(cat.facts[kinds.instance]),
    childFacts: kinds.child !== undefined ? readFacts(cat.facts[kinds.child]) : {},
    ...(cat.linked ? { linked: { definitionId: cat.linked.process, key: cat.linked.key, facts: readFacts(cat.facts[cat.linked.kind]) } } : {}),
    period: filter,
    now,
  });
}

/**
 * The populations of a process's figures over its instances whose context holds `value` at
 * `path`, whatever their period: a 重点督办专题's suggestions (context.keyTheme.instanceId,
 * key-theme-figures.ts), counted by the very facts, `combine` and rules of the dashboard (one
 * result and one rating per suggestion). Not cached: a theme has a few dozen suggestions.
 */
export async function populationsWhere(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, where: { path: string; value: string }): Promise<Populations> {
  const cat = await countyCatalogue(db, countyId, processId);
  const stored = await storedRows(db, countyId, cat, { kind: 'equal', pairs: [where] }, rt.clock.now());
  return new Populations(cat, factRows(cat, stored, await calendarFor(db, rt, countyId, cat)));
}

/** The register a drill-down of `d` lists: the child process's when the catalogue's child figures drill there, else the process's own. */
function drillDefinition(cat: Catalogue, d: DrillPart): string {
  if (!cat.childRegister || cat.child === undefined) return cat.process;
  const m = cat.metrics[d.metric];
  const popId = d.metric.startsWith('population:')
    ? d.metric.slice('population:'.length)
    : m === undefined ? undefined : m.kind === 'rate' ? (d.part === 'numerator' ? m.numerator : m.denominator) : m.kind === 'distribution' && d.part === 'denominator' ? m.denominator : m.population;
  const of = popId === undefined ? undefined : cat.populations[popId]?.of;
  return of !== undefined && of === kindsOf(cat).child ? cat.child : cat.process;
}

/** A drill-down of a table catalogue as its list's query string (GET /api/statistics/<id>/list?…): the deputies or the entries behind the number. */
export function tableDrillQuery(catalogueId: string, period: Period, d: DrillPart): string {
  const q = new URLSearchParams({ period: periodParam(period), metric: d.metric, part: d.part });
  if (d.item !== undefined) q.set('item', d.item);
  return `/api/statistics/${catalogueId}/list?${q.toString()}`;
}

/** A drill-down as the register's query string (GET /api/register?…). */
export function drillQuery(processId: string, period: Period, d: DrillPart, unit?: string): string {
  const q = new URLSearchParams({ definition: processId, period: periodParam(period), metric: d.metric, part: d.part });
  if (d.item !== undefined) q.set('item', d.item);
  if (unit !== undefined) q.set('unit', unit);
  return `/api/register?${q.toString()}`;
}

function withDrill(f: Figure, url: (d: DrillPart) => string): Record<string, unknown> {
  const map = (d: unknown): unknown => {
    if (d === null) return null;
    const o = d as Record<string, unknown>;
    if (typeof o.metric === 'string') return url(o as unknown as DrillPart);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, url(v as DrillPart)]));
  };
  const out: Record<string, unknown> = { ...f, drill: map(f.drill) };
  if (f.kind === 'distribution') out.parts = f.parts.map((p) => ({ ...p, drill: map(p.drill) }));
  return out;
}

/**
 * A figure over memoised populations, kept with them (the populations live in the statistics'
 * cache while nothing changed): a dashboard read again computes no figure; the options (the
 * distribution's labels from the county's forms) are part of the key.
 */
const figures = new WeakMap<Populations, Map<string, Figure>>();
function figureOf(pops: Populations, cat: Catalogue, id: string, options?: readonly Option[]): Figure {
  let memo = figures.get(pops);
  if (!memo) figures.set(pops, (memo = new Map()));
  const key = `${id}\u0000${JSON.stringify(options ?? null)}`;
  let f = memo.get(key);
  if (!f) memo.set(key, (f = figure(pops, cat, id, options)));
  return f;
}

/** A unit's populations (the unit table's rows), kept with the county's populations they narrow. */
const unitPopulations = new WeakMap<Populations, Map<string, Populations>>();
function unitPopulationsOf(all: Populations, cat: Catalogue, rows: Rows, by: string, unitId: string): Populations {
  let memo = unitPopulations.get(all);
  if (!memo) unitPopulations.set(all, (memo = new Map()));
  let p = memo.get(unitId);
  if (!p) memo.set(unitId, (p = new Populations(cat, unitRows(cat, rows, by, unitId))));
  return p;
}

/**
 * The catalogue with `combine.resultOrder` (which result of separate units counts, the worst)
 * in the order of the county's result taxonomy (办理结果分类, the setting's chosen categories as
 * the answer form offers them: the labels of the distribution by `result`), then any other code
 * of the catalogue's own list (answers given under an earlier taxonomy). Unchanged: the same object.
 */
async function taxonomyOrdered(db: Kysely<Database>, rt: Runtime, countyId: string, cat: Catalogue): Promise<Catalogue> {
  const combine = cat.combine;
  const labels = Object.values(cat.metrics).find((m) => m.kind === 'distribution' && m.by === 'result' && m.labels)?.labels;
  if (!combine || !labels) return cat;
  const pkg = (await currentDefinition(db, rt, countyId, labels.process)).pkg;
  const codes = (enumOptions(pkg.forms[labels.form], labels.field) ?? []).map((o) => o.value);
  const order = [...codes, ...combine.resultOrder.filter((c) => !codes.includes(c))];
  return order.join('\n') === combine.resultOrder.join('\n') ? cat : { ...cat, combine: { ...combine, resultOrder: order } };
}

async function optionsOf(db: Kysely<Database>, rt: Runtime, countyId: string, cat: Catalogue): Promise<Map<string, Option[]>> {
  const out = new Map<string, Option[]>();
  const pkgs = new Map<string, ProcessPackage>();
  for (const [id, m] of Object.entries(cat.metrics)) {
    if (m.kind !== 'distribution' || !m.labels) continue;
    let pkg = pkgs.get(m.labels.process);
    if (!pkg) pkgs.set(m.labels.process, (pkg = (await currentDefinition(db, rt, countyId, m.labels.process)).pkg));
    out.set(id, enumOptions(pkg.forms[m.labels.form], m.labels.field) ?? []);
  }
  return out;
}

const titles = (m: { title: string; title_en: string; description?: string; description_en?: string }) => ({
  title: m.title,
  title_en: m.title_en,
  ...(m.description !== undefined ? { description: m.description } : {}),
  ...(m.description_en !== undefined ? { description_en: m.description_en } : {}),
});

/** The facts and events a population reads, its `within` chain included. */
function populationReads(cat: Catalogue, id: string): { facts: string[]; events: string[] } {
  const facts = new Set<string>();
  const events = new Set<string>();
  for (let cur: string | undefined = id, n = 0; cur !== undefined && n < 20; cur = cat.populations[cur]?.within, n++) {
    for (const f of cat.populations[cur]?.reads.facts ?? []) facts.add(f);
    for (const e of cat.populations[cur]?.reads.events ?? []) events.add(e);
  }
  return { facts: [...facts], events: [...events] };
}

/** What a metric reads: its populations' reads and the fact it splits by. */
function metricReads(cat: Catalogue, id: string): { facts: string[]; events: string[] } {
  const m = cat.metrics[id] as Catalogue['metrics'][string];
  const facts = new Set<string>();
  const events = new Set<string>();
  for (const p of [m.population, m.numerator, m.denominator]) {
    if (p === undefined) continue;
    const r = populationReads(cat, p);
    r.facts.forEach((f) => facts.add(f));
    r.events.forEach((e) => events.add(e));
  }
  for (const f of [m.by, m.distinct, m.field, m.numeratorSum, m.denominatorSum]) if (f !== undefined) facts.add(f);
  return { facts: [...facts], events: [...events] };
}

/** The titles of what a metric counts and what it divides by (分子、分母 in words, for the dashboard and the register's drill line). */
function populationWords(cat: Catalogue, id: string): { numeratorOf?: { title: string; title_en: string }; denominatorOf?: { title: string; title_en: string } } {
  const m = cat.metrics[id];
  const of = (p: string | undefined) => {
    const pop = p === undefined ? undefined : cat.populations[p];
    return pop ? { title: pop.title, title_en: pop.title_en } : undefined;
  };
  const numeratorOf = of(m?.numerator ?? m?.population);
  // An average divides by the rows it averaged: its population.
  const denominatorOf = of(m?.kind === 'avg' ? m.population : m?.denominator);
  return { ...(numeratorOf ? { numeratorOf } : {}), ...(denominatorOf ? { denominatorOf } : {}) };
}

export interface StatisticsView {
  process: { id: string; title: string; title_en: string };
  title: string;
  title_en: string;
  /** 代表建议 only (how several answering units make one result); null for other processes. */
  combine: { title: string; title_en: string; description: string; description_en: string } | null;
  /** `dates`: the days a session or term covers when the catalogue counts it by the dates of the county's terms and sessions tables (from included, to excluded; to null: not ended). */
  period: { param: string; title: string; title_en: string; dates?: PeriodDates } & Period;
  asOf: string;
  /** `instances`: the distinct register instances behind the members (`suggestions`, the same number, kept for 代表建议's readers). */
  populations: Array<{ id: string; of: string; title: string; title_en: string; description?: string; description_en?: string; count: number; instances: number; suggestions: number; reads: { facts: string[]; events: string[] }; drill: string }>;
  metrics: Array<Record<string, unknown>>;
}

/** A county's view of the statistics (all but `asOf`), kept with the populations it was made from (they change whenever a figure could). */
const views = new WeakMap<Populations, Map<string, Omit<StatisticsView, 'asOf'>>>();

/** The county's figures for the period: every population and every summary metric, in words, with drill-downs. */
export async function readStatistics(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, period: Period): Promise<StatisticsView> {
  const { cat, pops, dates } = await compute(db, rt, countyId, processId, period);
  const options = await optionsOf(db, rt, countyId, cat);
  const pkg = isTableCatalogue(cat) ? { id: processId, title: cat.title, title_en: cat.title_en } : (await currentDefinition(db, rt, countyId, processId)).pkg;
  let memo = views.get(pops);
  if (!memo) views.set(pops, (memo = new Map()));
  const key = JSON.stringify([pkg.id, pkg.title, pkg.title_en, periodParam(period), [...options]]);
  let view = memo.get(key);
  if (!view) memo.set(key, (view = statisticsView(cat, pops, options, pkg, period, dates)));
  const { process, title, title_en, combine, period: p, populations, metrics } = view;
  return { process, title, title_en, combine, period: p, asOf: rt.clock.now().toISOString(), populations, metrics };
}

function statisticsView(cat: Catalogue, pops: Populations, options: Map<string, Option[]>, pkg: Pick<ProcessPackage, 'id' | 'title' | 'title_en'>, period: Period, dates: PeriodDates | undefined): Omit<StatisticsView, 'asOf'> {
  const url = (d: DrillPart) => (isTableCatalogue(cat) ? tableDrillQuery(pkg.id, period, d) : drillQuery(drillDefinition(cat, d), period, d));
  return {
    process: { id: pkg.id, title: pkg.title, title_en: pkg.title_en },
    title: cat.title,
    title_en: cat.title_en,
    combine: cat.combine ? { title: cat.combine.title, title_en: cat.combine.title_en, description: cat.combine.description ?? '', description_en: cat.combine.description_en ?? '' } : null,
    period: { ...period, param: periodParam(period), ...periodTitle(period, dates), ...(dates ? { dates } : {}) },
    populations: Object.entries(cat.populations).map(([id, p]) => {
      const members = pops.members(id);
      // A table catalogue's list shows its rows as they are (deputies or entries): as many as the members.
      const instances = isTableCatalogue(cat) ? members.length : new Set(members.map(registerIdOf)).size;
      return { id, of: p.of, ...titles(p), count: members.length, instances, suggestions: instances, reads: populationReads(cat, id), drill: url({ metric: `population:${id}`, part: 'numerator' }) };
    }),
    metrics: (cat.summary ?? Object.keys(cat.metrics)).map((id) => ({ ...titles(cat.metrics[id] as Catalogue['metrics'][string]), ...withDrill(figureOf(pops, cat, id, options.get(id)), url), reads: metricReads(cat, id), ...populationWords(cat, id) })),
  };
}

export interface UnitTableView {
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
  period: { param: string; title: string; title_en: string };
  columns: Array<{ id: string; kind: string; title: string; title_en: string; parts?: Array<{ key: string; title: string; title_en: string }> }>;
  rows: Array<{ unit: { id: string; name: string; name_en: string | null }; cells: Array<Record<string, unknown>> }>;
}

/** Rows with the child kind narrowed to one unit's (the per-unit table's cells and their drill-downs). */
function unitRows(cat: Catalogue, rows: Rows, by: string, unitId: string): Rows {
  const child = childKindOf(cat) as string;
  return { ...rows, [child]: (rows[child] ?? []).filter((a) => String(a[by] ?? '') === unitId) };
}

/** The catalogue's unit table, or 404 for a process without one. */
function unitTableOf(cat: Catalogue): NonNullable<Catalogue['unitTable']> {
  if (!cat.unitTable) throw new AppError('STATISTICS_NOT_FOUND', `the statistics of ${cat.process} have no per-unit table`);
  return cat.unitTable;
}

/** The per-unit table (承办单位统计): one row per unit, the catalogue's unit columns over that unit's child rows (代表建议: its assignments). */
export async function readUnitTable(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, period: Period): Promise<UnitTableView> {
  const { cat, rows, pops: all, dates } = await compute(db, rt, countyId, processId, period);
  const table = unitTableOf(cat);
  const options = await optionsOf(db, rt, countyId, cat);
  const by = table.by;
  const countedId = table.population ?? 'assignments';
  const units = new Map((await listUnits(db, countyId)).map((u) => [u.id, u]));
  const counted = all.members(countedId);
  const unitIds = [...new Set(counted.map((r) => String(r[by] ?? '')).filter((u) => u !== ''))];
  const perUnit = unitIds.map((unitId) => {
    const pops = unitPopulationsOf(all, cat, rows, by, unitId);
    const url = (d: DrillPart) => drillQuery(drillDefinition(cat, d), period, d, unitId);
    const u = units.get(unitId);
    return {
      unit: { id: unitId, name: u?.name ?? unitId, name_en: u?.nameEn ?? null },
      count: pops.members(countedId).length,
      cells: table.columns.map((id) => withDrill(figureOf(pops, cat, id, options.get(id)), url)),
    };
  });
  perUnit.sort((a, b) => b.count - a.count || a.unit.name.localeCompare(b.unit.name, 'zh'));
  const columns: UnitTableView['columns'] = table.columns.map((id, i) => {
    const m = cat.metrics[id] as Catalogue['metrics'][string];
    const sample = perUnit[0]?.cells[i] ?? withDrill(figure(new Populations(cat, {}), cat, id, options.get(id)), () => '');
    const parts = m.kind === 'distribution' ? (sample.parts as Array<{ key: string; title: string; title_en: string }>).map((p) => ({ key: p.key, title: p.title, title_en: p.title_en })) : undefined;
    return { id, kind: m.kind, ...titles(m), ...(parts ? { parts } : {}) };
  });
  const tableRows = perUnit.map(({ unit, cells }) => ({ unit, cells }));
  if (table.urges) {
    // 催办次数: the urges of each unit's own tasks in the instances of its counted rows (a suggestion and its assignment).
    const pairs = new Map<string, { unit_id: string; instance_id: string }>();
    for (const unitId of unitIds) {
      for (const r of unitPopulationsOf(all, cat, rows, by, unitId).members(countedId)) {
        for (const instanceId of new Set([r.id, registerIdOf(r)])) pairs.set(`${unitId}\u0000${instanceId}`, { unit_id: unitId, instance_id: instanceId });
      }
    }
    const urges = await selectUnitUrges(db, countyId, [...pairs.values()]);
    columns.push({ id: URGES_COLUMN, kind: 'count', ...URGES_TITLE });
    for (const row of tableRows) row.cells.push({ id: URGES_COLUMN, kind: 'count', count: urges.get(row.unit.id) ?? 0, drill: null });
  }
  return {
    ...titles(table),
    period: { param: periodParam(period), ...periodTitle(period, dates) },
    columns,
    rows: tableRows,
  };
}

/** The per-unit table's 催办次数 column (`unitTable.urges`): its id and words. */
export const URGES_COLUMN = 'urges';
const URGES_TITLE = { title: '催办次数', title_en: 'Urges' };

/**
 * The suggestions behind one number, for the register's drill-down: `metric` is a metric id
 * (or `population:<id>`), `part` numerator or denominator, `item` a distribution's part,
 * `unit` narrows assignment populations to one unit (the per-unit table's cells).
 */
export async function drillIds(db: Kysely<Database>, rt: Runtime, countyId: string, definitionId: string, d: DrillPart & { period: Period; unit?: string }): Promise<string[]> {
  // A child process's register drills through the catalogue of the process it runs in (childRegister).
  const processId = drillCatalogueOf(rt, definitionId);
  if (processId === null) throw new AppError('INVALID_QUERY', 'metric: this process has no statistics', { parameter: 'metric' });
  return [...new Set((await drillRows(db, rt, countyId, processId, definitionId, d)).map(registerIdOf))];
}

/**
 * The rows behind one number of catalogue `processId` (checked as drillIds says); a table
 * catalogue's list (statistics-points.ts) shows them as they are, deputies or entries.
 * `definitionId`: the register asked for (null: the catalogue's own list).
 */
export async function drillRows(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string, definitionId: string | null, d: DrillPart & { period: Period; unit?: string }): Promise<readonly FactRow[]> {
  const { cat, rows } = await compute(db, rt, countyId, processId, d.period);
  if (isTableCatalogue(cat) !== (definitionId === null)) throw new AppError('INVALID_QUERY', isTableCatalogue(cat) ? `definition: the figures of ${cat.title_en} open their own list (/api/statistics/${processId}/list), not the register` : 'metric: these figures open the register', { parameter: 'definition' });
  if (d.unit !== undefined && !cat.unitTable) throw new AppError('INVALID_QUERY', 'unit: these statistics have no per-unit table', { parameter: 'unit' });
  const scoped: Rows = d.unit !== undefined ? unitRows(cat, rows, unitTableOf(cat).by, d.unit) : rows;
  const pops = new Populations(cat, scoped);
  const bad = (parameter: string, message: string) => new AppError('INVALID_QUERY', `${parameter}: ${message}`, { parameter });
  if (d.metric.startsWith('population:')) {
    const id = d.metric.slice('population:'.length);
    if (!Object.hasOwn(cat.populations, id)) throw bad('metric', 'no such population');
    if (d.part !== 'numerator' || d.item !== undefined) throw bad('part', 'a population has only its members (part=numerator, no item)');
    if (definitionId !== null && drillDefinition(cat, d) !== definitionId) throw bad('definition', `this population's members are in the register of ${drillDefinition(cat, d)}`);
    return pops.members(id);
  }
  const m = Object.hasOwn(cat.metrics, d.metric) ? cat.metrics[d.metric] : undefined;
  if (!m) throw bad('metric', `no such metric; metrics: ${Object.keys(cat.metrics).join(', ')}`);
  if (m.kind === 'count' && m.distinct !== undefined) throw bad('metric', 'a count of distinct units lists no suggestions; open the per-unit table');
  if (m.kind === 'count' && d.part !== 'numerator') throw bad('part', 'a count has only part=numerator');
  if (d.item !== undefined && !(m.kind === 'distribution' && d.part === 'numerator')) throw bad('item', 'only a distribution’s numerator has parts');
  if (m.kind === 'distribution' && d.part === 'numerator' && d.item === undefined) throw bad('item', 'required: which part of the distribution');
  if (m.kind === 'sum' && d.part !== 'numerator') throw bad('part', 'a sum has only part=numerator');
  if (m.kind === 'avg' && d.part !== 'numerator') throw bad('part', 'an average has only part=numerator (the rows averaged)');
  if (definitionId !== null && drillDefinition(cat, d) !== definitionId) throw bad('definition', `this number's instances are in the register of ${drillDefinition(cat, d)}`);
  return drillMembers(pops, cat, d);
}

export type { Figure };
