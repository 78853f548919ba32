/**
 * The deputies attached to one station, or to several (the reception generator), in name
 * (pinyin) order: the order a duty rotation takes them in. No lock (a read; the generator
 * holds the cadence's row lock, not these rows').
 *
 * Index: station_deputies' primary key (county_id, station_id, deputy_id) gives a station's
 * rows; deputies by their primary key (county_id, user_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface StationDeputyRow {
  station_id: string;
  id: string;
  name: string;
  delegation: string | null;
  active: boolean;
}

export async function stationDeputyRows(db: Kysely<Database>, countyId: string, stationIds: readonly string[]): Promise<StationDeputyRow[]> {
  if (stationIds.length === 0) return [];
  const rows = await sql<StationDeputyRow>`
    select sd.station_id, d.user_id as id, d.name, d.delegation, d.active
    from station_deputies sd join deputies d on d.county_id = sd.county_id and d.user_id = sd.deputy_id
    where sd.county_id = ${countyId} and sd.station_id in (${sql.join(stationIds)})
    order by sd.station_id, d.name_pinyin nulls last, d.name, d.user_id`.execute(db);
  return rows.rows;
}
