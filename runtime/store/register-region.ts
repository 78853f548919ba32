/**
 * The register (台账) of a region reader (上级人大, role `region`, migration 018): the instances
 * of a process in every county under its region, or in one (`county=`), as each county's own
 * register shows them (its columns, words and version), with a first column naming the county.
 *
 * Order and paging: rows are grouped by county (code order), each county's rows in the
 * register's order (`sort`/`order`, default newest first) — a sort across counties would need
 * one statement over every county's rows, and counties' registers may differ in columns. A
 * page is taken across that sequence: each county answers its total and at most the rows the
 * page still needs (one register statement per county).
 *
 * What a region reader is: an actor with the one role `region`, which sees every instance of
 * the county asked about and no task (task-access.ts); only this module and the statistics
 * ask on its behalf, and only for counties under its region (statistics-region.ts regionScope).
 * The instance record itself (documents, history) stays in the county: rows open nothing.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { currentRegisterPackage, readRegister, readRegisterOptions, type RegisterOption, type RegisterOptionsView, type RegisterView } from './register.ts';
import { parseRegisterParams, registerDefinition, type RegisterParams } from './register-query.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { drillIds } from './statistics.ts';
import { regionScope, type CountyOfRegion } from './statistics-region.ts';

/** The extra parameter a region reader's register takes (a county user's register refuses it). */
export const REGION_REGISTER_PARAMS = ['county'] as const;

export function regionReader(user: { id: string; displayName: string }): Actor {
  return { id: user.id, roles: ['region'], unitId: null, name: user.displayName };
}

export type RegionRegisterView = RegisterView & {
  rows: Array<RegisterView['rows'][number] & { county: string }>;
  counties: Array<{ code: string; name: string; name_en: string | null }>;
  county: string | null;
};

/** The checked parameters of one county (its package decides which states and sorts exist), with a drill-down's instance ids. */
async function countyParams(db: Kysely<Database>, rt: Runtime, county: CountyOfRegion, raw: Record<string, string>): Promise<RegisterParams> {
  const pkg = await currentRegisterPackage(db, rt, county.id, registerDefinition(raw));
  const p = parseRegisterParams(raw, pkg);
  if (p.drill) p.filters = { ...p.filters, ids: await drillIds(db, rt, county.id, p.definition, { ...p.drill, ...(p.filters.unit !== undefined ? { unit: p.filters.unit } : {}) }) };
  return p;
}

/** One page of the region's register (`raw` are the register's parameters and `county`). */
export async function readRegionRegister(db: Kysely<Database>, rt: Runtime, regionId: string, reader: Actor, raw: Record<string, string>): Promise<RegionRegisterView> {
  const scope = await regionScope(db, regionId, raw.county);
  const chosen = scope.county ? [scope.county] : scope.counties;
  let skip = -1;
  let total = 0;
  let template: RegisterView | undefined;
  const rows: RegionRegisterView['rows'] = [];
  let limit = 50;
  let offset = 0;
  for (const county of chosen) {
    const p = await countyParams(db, rt, county, raw);
    if (skip < 0) {
      ({ limit, offset } = p);
      skip = offset;
    }
    const need = limit - rows.length;
    const page = await readRegister(db, rt, county.id, reader, { ...p, offset: skip, limit: Math.max(need, 1) });
    template ??= page;
    total += page.total;
    skip = Math.max(0, skip - page.total);
    if (need > 0) for (const r of page.rows) rows.push({ ...r, county: county.code, cells: [county.name, ...r.cells] });
  }
  const first = template as RegisterView;
  const lang = raw.lang === 'en' ? 'en' : 'zh';
  return {
    ...first,
    columns: [{ key: 'county', title: lang === 'en' ? 'County' : '县（市、区）', kind: 'text' }, ...first.columns],
    rows,
    total,
    limit,
    offset,
    counties: scope.counties.map((c) => ({ code: c.code, name: c.name, name_en: c.nameEn })),
    county: scope.county?.code ?? null,
  };
}

/** Every row of the region's register (all pages), for the export. */
export async function* readWholeRegionRegister(db: Kysely<Database>, rt: Runtime, regionId: string, reader: Actor, raw: Record<string, string>, batch = 500): AsyncGenerator<RegionRegisterView> {
  for (let offset = 0; ; offset += batch) {
    const page = await readRegionRegister(db, rt, regionId, reader, { ...raw, limit: String(batch), offset: String(offset) });
    yield page;
    if (page.rows.length < batch || offset + batch >= page.total) return;
  }
}

/** What the region register's filters offer: the union over its counties (a county's own when `county=`), and the counties. */
export async function readRegionRegisterOptions(db: Kysely<Database>, rt: Runtime, regionId: string, definitionId: string, lang: 'zh' | 'en', countyCode?: string): Promise<RegisterOptionsView & { counties: RegisterOption[] }> {
  const scope = await regionScope(db, regionId, countyCode);
  const chosen = scope.county ? [scope.county] : scope.counties;
  const views: RegisterOptionsView[] = [];
  for (const c of chosen) views.push(await readRegisterOptions(db, rt, c.id, definitionId, lang));
  const first = views[0];
  if (!first) throw new AppError('COUNTY_NOT_FOUND', 'This region has no county under it');
  const union = (pick: (v: RegisterOptionsView) => RegisterOption[], sort?: (a: RegisterOption, b: RegisterOption) => number): RegisterOption[] => {
    const seen = new Map<string, RegisterOption>();
    for (const v of views) for (const o of pick(v)) if (!seen.has(o.value)) seen.set(o.value, o);
    const out = [...seen.values()];
    return sort ? out.sort(sort) : out;
  };
  return {
    filters: first.filters,
    terms: union((v) => v.terms),
    sessions: union((v) => v.sessions),
    years: union((v) => v.years, (a, b) => b.value.localeCompare(a.value)),
    categories: union((v) => v.categories),
    // Units are each county's own: offered only for one county.
    units: scope.county ? first.units : [],
    states: union((v) => v.states),
    counties: scope.counties.map((c) => ({ value: c.code, title: lang === 'en' ? c.nameEn ?? c.name : c.name })),
  };
}

