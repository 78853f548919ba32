/**
 * The rows of the deputies' duty statistics (definitions/deputy-points/metrics.json, source
 * point-entries): every active deputy of the county's roll with the confirmed point entries
 * dated in [from, to] (YYYY-MM-DD, both included), as one JSON array per deputy. Confirmed
 * entries only: the points a deputy has (as the 亮分 ranking counts them); an entry waiting for
 * review or rejected is not a point yet. One statement; no lock (a read).
 *
 * Indexes: the entries come from point_entries_state (county_id, state = confirmed,
 * occurred_on range); the roll from the deputies primary key (county_id, user_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface PointStatisticsRow {
  deputy_id: string;
  name: string;
  delegation: string | null;
  entries: Array<{ id: string; rule_code: string; source: string; state: string; occurred_on: string; quantity: number; points: number }>;
}

export async function selectPointStatisticsRows(db: Kysely<Database>, countyId: string, from: string, to: string): Promise<PointStatisticsRow[]> {
  const r = await sql<PointStatisticsRow>`
    select d.user_id as deputy_id, d.name, d.delegation, coalesce(e.entries, '[]'::jsonb) as entries
    from deputies d
    left join (
      select deputy_id, jsonb_agg(jsonb_build_object('id', id, 'rule_code', rule_code, 'source', source, 'state', state, 'occurred_on', occurred_on, 'quantity', quantity, 'points', points) order by occurred_on, id) as entries
      from point_entries
      where county_id = ${countyId} and state = 'confirmed' and occurred_on between ${from} and ${to}
      group by deputy_id
    ) e on e.deputy_id = d.user_id
    where d.county_id = ${countyId} and d.active
    order by d.name, d.user_id`.execute(db);
  return r.rows.map((row) => ({ ...row, entries: typeof row.entries === 'string' ? JSON.parse(row.entries) : row.entries }));
}
