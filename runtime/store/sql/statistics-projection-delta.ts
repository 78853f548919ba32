/**
 * The statistics projection rows (statistics_facts, migration 022) of a county's processes
 * written since transaction `since` (all of them when `since` is null), and the new `since`:
 * the oldest transaction still running when this statement's snapshot was taken
 * (pg_snapshot_xmin). Every transaction below it has ended, so its rows are in this answer or
 * an earlier one; rows of those at or above it are asked for again next time (a few rows, read
 * twice). So a server keeps the county's rows in memory and reads only what changed, however
 * the writers' commits interleave (runtime/store/statistics-projection.ts).
 *
 * No lock (a read of committed rows). Index: statistics_facts_delta (county_id,
 * definition_id, xid): a range scan per definition — nothing or a few rows when nothing
 * changed, the county's rows on the first read.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ProjectionRow {
  instance_id: string;
  definition_id: string;
  parent_id: string | null;
  created_at: Date;
  state: string;
  facts: Record<string, unknown>;
}

export async function selectProjectionDelta(db: Kysely<Database>, countyId: string, definitionIds: readonly string[], since: string | null): Promise<{ rows: ProjectionRow[]; next: string }> {
  const r = await sql<{ next: string } & { [K in keyof ProjectionRow]: ProjectionRow[K] | null }>`
    with w as (select pg_snapshot_xmin(pg_current_snapshot())::text as next)
    select w.next, p.instance_id, p.definition_id, p.parent_id, p.created_at, p.state, p.facts
    from w left join statistics_facts p on p.county_id = ${countyId}
      and p.definition_id in (${sql.join(definitionIds.map((d) => sql`${d}`))})
      ${since === null ? sql`` : sql`and p.xid >= ${since}::xid8`}`.execute(db);
  const next = r.rows[0]?.next as string;
  const rows: ProjectionRow[] = [];
  for (const x of r.rows) {
    if (x.instance_id === null) continue;
    rows.push({
      instance_id: x.instance_id,
      definition_id: x.definition_id as string,
      parent_id: x.parent_id,
      created_at: x.created_at instanceof Date ? x.created_at : new Date(x.created_at as unknown as string),
      state: x.state as string,
      facts: (typeof x.facts === 'string' ? JSON.parse(x.facts) : x.facts) as Record<string, unknown>,
    });
  }
  return { rows, next };
}
