/**
 * Each active deputy of a county with their confirmed points dated within [from, to] (zero when
 * none): the rows a quarter's 亮分 ranks. One statement; the sum reads point_entries_state
 * (county_id, state = confirmed, occurred_on range) and joins the roster by its primary key.
 * No lock: a read (a publication takes what is confirmed when it runs).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface QuarterPointsRow {
  deputy_id: string;
  name: string;
  delegation: string | null;
  deputy_group: string | null;
  points: number;
  entries: number;
}

export async function quarterPoints(db: Kysely<Database>, countyId: string, from: string, to: string): Promise<QuarterPointsRow[]> {
  const r = await sql<QuarterPointsRow>`
    select d.user_id as deputy_id, d.name, d.delegation, d.deputy_group,
      coalesce(s.points, 0)::int as points, coalesce(s.entries, 0)::int as entries
    from deputies d
    left join (
      select deputy_id, sum(points) as points, count(*) as entries
      from point_entries
      where county_id = ${countyId} and state = 'confirmed' and occurred_on between ${from} and ${to}
      group by deputy_id
    ) s on s.deputy_id = d.user_id
    where d.county_id = ${countyId} and d.active`.execute(db);
  return r.rows.map((row) => ({ ...row, points: Number(row.points), entries: Number(row.entries) }));
}
