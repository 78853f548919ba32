/**
 * Detach one deputy from a station: one DELETE by primary key (county_id, station_id,
 * deputy_id). Answers whether the deputy was attached. Reception days already scheduled keep
 * the deputies they named.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function detachStationDeputy(db: Kysely<Database>, countyId: string, stationId: string, deputyId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('station_deputies')
    .where('county_id', '=', countyId)
    .where('station_id', '=', stationId)
    .where('deputy_id', '=', deputyId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
