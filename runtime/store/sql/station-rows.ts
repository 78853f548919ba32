/**
 * The stations of a county (GET /api/stations) or one of them, with the number of deputies
 * attached and the manager's name, in one statement. No lock (a read).
 *
 * Index: the primary key (county_id, id) gives the county's stations (its leading column) and
 * one station; the deputies are counted through station_deputies' primary key prefix
 * (county_id, station_id); the manager's name by users' primary key. A county keeps tens to a
 * few hundred stations (Changshu: 259), so the filters run over that range in memory.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, StationLevel } from '../schema.ts';

export interface StationRow {
  id: string;
  name: string;
  name_en: string | null;
  level: StationLevel;
  township: string | null;
  address: string | null;
  manager_id: string | null;
  manager_name: string | null;
  grids: unknown;
  public_code: string;
  active: boolean;
  created_at: Date;
  deputy_count: number | string;
}

export interface StationRowFilter {
  id?: string;
  level?: StationLevel;
  township?: string;
  active?: boolean;
  /** Words looked for in the name, township or address. */
  q?: string;
  /** Only the stations this deputy is attached to. */
  deputyId?: string;
}

export async function stationRows(db: Kysely<Database>, countyId: string, f: StationRowFilter): Promise<StationRow[]> {
  const like = f.q === undefined ? null : `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await sql<StationRow>`
    select s.id, s.name, s.name_en, s.level, s.township, s.address, s.manager_id, u.display_name as manager_name,
      s.grids, s.public_code, s.active, s.created_at,
      (select count(*) from station_deputies sd where sd.county_id = s.county_id and sd.station_id = s.id) as deputy_count
    from stations s left join users u on u.county_id = s.county_id and u.id = s.manager_id
    where s.county_id = ${countyId}
      and (${f.id ?? null}::text is null or s.id = ${f.id ?? null})
      and (${f.level ?? null}::text is null or s.level = ${f.level ?? null})
      and (${f.township ?? null}::text is null or s.township = ${f.township ?? null})
      and (${f.active ?? null}::boolean is null or s.active = ${f.active ?? null})
      and (${like}::text is null or s.name like ${like} or coalesce(s.township, '') like ${like} or coalesce(s.address, '') like ${like})
      and (${f.deputyId ?? null}::text is null or exists (
        select 1 from station_deputies sd where sd.county_id = s.county_id and sd.station_id = s.id and sd.deputy_id = ${f.deputyId ?? null}))
    order by s.active desc, s.township nulls last, s.name, s.id`.execute(db);
  return rows.rows;
}
