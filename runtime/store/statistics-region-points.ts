/**
 * The points list behind a number of the deputies' duty statistics, for a region reader
 * (上级人大): one county's list (`county=`), or — for the region's sum — every county's list
 * under the region one after another (code order), each row naming its county, so the list is
 * as long as the region's number.
 */
import type { Kysely } from 'kysely';
import type { DrillPart } from '../statistics/compute.ts';
import type { Period } from '../statistics/period.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { readPointsList, type PointsListView } from './statistics-points.ts';
import { regionScope } from './statistics-region.ts';

type Row = Record<string, unknown>;

export async function readRegionPointsList(db: Kysely<Database>, rt: Runtime, regionId: string, catalogueId: string, d: DrillPart & { period: Period }, countyCode: string | undefined): Promise<PointsListView & { county: string | null }> {
  const scope = await regionScope(db, regionId, countyCode);
  const chosen = scope.county ? [scope.county] : scope.counties;
  let head: PointsListView | undefined;
  const deputies: Row[] = [];
  const entries: Row[] = [];
  for (const county of chosen) {
    const v = await readPointsList(db, rt, county.id, catalogueId, d);
    head ??= v;
    for (const r of v.deputies ?? []) deputies.push({ ...r, county: county.name });
    for (const r of v.entries ?? []) entries.push({ ...r, county: county.name });
  }
  const h = head as PointsListView;
  return {
    ...h,
    total: h.kind === 'deputies' ? deputies.length : entries.length,
    ...(h.kind === 'deputies' ? { deputies: deputies as unknown as NonNullable<PointsListView['deputies']> } : { entries: entries as unknown as NonNullable<PointsListView['entries']> }),
    county: scope.county?.code ?? null,
  };
}
