/**
 * Change a station's fields (and its public code, when a new one retires the old). One UPDATE
 * by primary key (county_id, id), which takes the row's lock for the statement; answers
 * whether the station exists in the county (another county's id changes nothing).
 */
import type { Kysely } from 'kysely';
import type { Database, StationLevel } from '../schema.ts';

export interface StationRowChange {
  name?: string;
  nameEn?: string | null;
  level?: StationLevel;
  township?: string | null;
  address?: string | null;
  managerId?: string | null;
  grids?: string[];
  active?: boolean;
  publicCode?: string;
}

export async function updateStationRow(db: Kysely<Database>, countyId: string, id: string, c: StationRowChange): Promise<boolean> {
  const set = {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.nameEn !== undefined ? { name_en: c.nameEn } : {}),
    ...(c.level !== undefined ? { level: c.level } : {}),
    ...(c.township !== undefined ? { township: c.township } : {}),
    ...(c.address !== undefined ? { address: c.address } : {}),
    ...(c.managerId !== undefined ? { manager_id: c.managerId } : {}),
    ...(c.grids !== undefined ? { grids: JSON.stringify(c.grids) } : {}),
    ...(c.active !== undefined ? { active: c.active } : {}),
    ...(c.publicCode !== undefined ? { public_code: c.publicCode } : {}),
  };
  if (Object.keys(set).length === 0) {
    const row = await db.selectFrom('stations').select('id').where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }
  const res = await db.updateTable('stations').set(set).where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
