/**
 * A new station. One INSERT; no lock beyond the row's own. The unique index
 * stations_public_code holds the code unique over all counties (a clash of two 128-bit random
 * codes is not expected in the life of the universe; it would be a 409 CONFLICT).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { StationFields } from '../station-input.ts';

/** The checked fields of the form (station-input.ts), the new id and the public code. */
export type NewStationRow = StationFields & { id: string; publicCode: string };

export async function insertStation(db: Kysely<Database>, countyId: string, s: NewStationRow): Promise<void> {
  await db
    .insertInto('stations')
    .values({
      county_id: countyId,
      id: s.id,
      name: s.name,
      name_en: s.nameEn,
      level: s.level,
      township: s.township,
      address: s.address,
      manager_id: s.managerId,
      grids: JSON.stringify(s.grids),
      public_code: s.publicCode,
    })
    .execute();
}
