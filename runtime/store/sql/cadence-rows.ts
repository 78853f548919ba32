/**
 * Reception cadences of a county: all, a station's, or one by id; with `forUpdate`, the one
 * cadence row locked (FOR UPDATE) for the generator's transaction, so two runs (an admin's and
 * the scheduler's, on any number of servers) take turns and never make the same day twice.
 *
 * Index: the primary key (county_id, id) for one; reception_cadences_station
 * (county_id, station_id) for a station's; the county's by the primary key's prefix.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CadenceRow {
  county_id: string;
  id: string;
  station_id: string | null;
  station_name: string | null;
  title: string;
  rule: unknown;
  start_time: string;
  end_time: string;
  place: string | null;
  deputies_per_session: number;
  sessions_made: number;
  generated_until: Date;
  active: boolean;
}

export async function cadenceRows(
  db: Kysely<Database>,
  f: { countyId?: string; id?: string; stationId?: string; active?: boolean; forUpdate?: boolean },
): Promise<CadenceRow[]> {
  const rows = await sql<CadenceRow>`
    select c.county_id, c.id, c.station_id, s.name as station_name, c.title, c.rule, c.start_time, c.end_time, c.place,
      c.deputies_per_session, c.sessions_made, c.generated_until, c.active
    from reception_cadences c left join stations s on s.county_id = c.county_id and s.id = c.station_id
    where (${f.countyId ?? null}::text is null or c.county_id = ${f.countyId ?? null})
      and (${f.id ?? null}::text is null or c.id = ${f.id ?? null})
      and (${f.stationId ?? null}::text is null or c.station_id = ${f.stationId ?? null})
      and (${f.active ?? null}::boolean is null or c.active = ${f.active ?? null})
    order by c.county_id, c.created_at, c.id
    ${f.forUpdate ? sql`for update of c` : sql``}`.execute(db);
  return rows.rows.map((r) => ({ ...r, deputies_per_session: Number(r.deputies_per_session), sessions_made: Number(r.sessions_made), generated_until: new Date(r.generated_until) }));
}
