/**
 * Attach deputies to a station: one INSERT … ON CONFLICT DO NOTHING (attaching one already
 * there changes nothing). Primary key (county_id, station_id, deputy_id); the foreign keys
 * hold the station and the deputies to the same county.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function attachStationDeputies(db: Kysely<Database>, countyId: string, stationId: string, deputyIds: readonly string[]): Promise<void> {
  if (deputyIds.length === 0) return;
  await db
    .insertInto('station_deputies')
    .values(deputyIds.map((deputy_id) => ({ county_id: countyId, station_id: stationId, deputy_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
