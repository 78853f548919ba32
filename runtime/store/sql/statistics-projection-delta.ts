/**
 * The statistics projection rows (statistics_facts, migration 022) of a county's processes
 * written since an earlier read's snapshot (all of them when there was none), and this read's
 * snapshot: the first transaction id not yet started (`xmax`) and those still running (`xip`)
 * when the statement's snapshot was taken (pg_current_snapshot). A row written later than a
 * snapshot is by a transaction at or above its xmax or in its xip list — however the writers'
 * commits interleave — so a server keeps the county's rows in memory and reads only the rows
 * written since (runtime/store/statistics-projection.ts). (The snapshot's xmin would do with one
 * number, but on a shared server one long transaction anywhere holds it back and every row
 * written since would be read again on every request.)
 *
 * No lock (a read of committed rows). Index: statistics_facts_delta (county_id,
 * definition_id, xid): a range scan above xmax and probes of the xip ids per definition —
 * nothing or a few rows when nothing changed; the county's rows on the first read.
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

/** A read's snapshot: its xmax and the transactions running then (xid8 values as text). */
export interface DeltaSince {
  xmax: string;
  xip: string[];
}

export async function selectProjectionDelta(db: Kysely<Database>, countyId: string, definitionIds: readonly string[], since: DeltaSince | null): Promise<{ rows: ProjectionRow[]; next: DeltaSince }> {
  const r = await sql<{ xmax: string; xip: string[] | null } & { [K in keyof ProjectionRow]: ProjectionRow[K] | null }>`
    with w as (select pg_snapshot_xmax(s)::text as xmax, array(select x::text from pg_snapshot_xip(s) x) as xip from pg_current_snapshot() s)
    select w.xmax, w.xip, p.instance_id, p.definition_id, p.parent_id, p.created_at, p.state, p.facts
    from w left join statistics_facts p on p.county_id = ${countyId}
      and p.definition_id in (${sql.join(definitionIds.map((d) => sql`${d}`))})
      ${
        since === null
          ? sql``
          : since.xip.length === 0
            ? sql`and p.xid >= ${since.xmax}::xid8`
            : sql`and (p.xid >= ${since.xmax}::xid8 or p.xid in (${sql.join(since.xip.map((x) => sql`${x}::xid8`))}))`
      }`.execute(db);
  const first = r.rows[0];
  const next: DeltaSince = { xmax: first?.xmax as string, xip: first?.xip ?? [] };
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
