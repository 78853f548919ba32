/**
 * PointEntries with the deputy's name, newest first: a deputy's own (index point_entries_deputy,
 * county_id + deputy_id) or the office's queue by state (index point_entries_state, county_id +
 * state), optionally within a date range. No lock: a read.
 */
import type { Kysely } from 'kysely';
import type { Database, PointEntriesTable } from '../schema.ts';

export interface PointEntryFilter {
  deputyId?: string;
  states?: ReadonlyArray<PointEntriesTable['state']>;
  from?: string;
  to?: string;
  limit: number;
}

export async function listPointEntries(db: Kysely<Database>, countyId: string, f: PointEntryFilter) {
  let q = db
    .selectFrom('point_entries as e')
    .innerJoin('deputies as d', (j) => j.onRef('d.county_id', '=', 'e.county_id').onRef('d.user_id', '=', 'e.deputy_id'))
    .selectAll('e')
    .select(['d.name as deputy_name'])
    .where('e.county_id', '=', countyId);
  if (f.deputyId !== undefined) q = q.where('e.deputy_id', '=', f.deputyId);
  if (f.states !== undefined) q = q.where('e.state', 'in', [...f.states]);
  if (f.from !== undefined) q = q.where('e.occurred_on', '>=', f.from);
  if (f.to !== undefined) q = q.where('e.occurred_on', '<=', f.to);
  return q.orderBy('e.occurred_on', 'desc').orderBy('e.created_at', 'desc').orderBy('e.id').limit(f.limit).execute();
}
