/**
 * A station row with its deputies, for tests and the demo county only (the station registry's
 * own API and pages are another module's). Plain inserts into the primary keys.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface NewStationRow {
  countyId: string;
  id: string;
  name: string;
  level: 'HOME' | 'STATION' | 'POINT';
  publicCode: string;
  managerId?: string | null;
  deputyIds?: readonly string[];
}

export async function insertStationRow(db: Kysely<Database>, s: NewStationRow): Promise<void> {
  await db
    .insertInto('stations')
    .values({ county_id: s.countyId, id: s.id, name: s.name, level: s.level, public_code: s.publicCode, manager_id: s.managerId ?? null })
    .execute();
  for (const deputyId of s.deputyIds ?? []) {
    await db.insertInto('station_deputies').values({ county_id: s.countyId, station_id: s.id, deputy_id: deputyId }).execute();
  }
}
