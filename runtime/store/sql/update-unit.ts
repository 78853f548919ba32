/**
 * Renames, sets or clears the short name (简称) of, deactivates or reactivates one handling unit, by the primary key (county_id, id);
 * one statement, so the row lock lasts only as long as the update. Returns the row as it now
 * is, or nothing when the county has no such unit. A rename to a name another unit of the
 * county has raises the unique violation of units_county_name (migration 009), which the
 * caller turns into UNIT_NAME_TAKEN (run it outside a transaction you need to keep: on
 * PostgreSQL the failed statement aborts it).
 */
import type { Kysely } from 'kysely';
import { pinyinColumns } from '../name-pinyin.ts';
import type { Database } from '../schema.ts';
import { UNIT_COLUMNS, type UnitRow } from './insert-unit.ts';

export interface UnitChange {
  name?: string;
  nameEn?: string | null;
  /** 简称; null clears it (the letter numbers use the full name again). */
  shortName?: string | null;
  active?: boolean;
}

export async function updateUnitRow(db: Kysely<Database>, countyId: string, unitId: string, change: UnitChange): Promise<UnitRow | undefined> {
  const set: { name?: string; name_en?: string | null; short_name?: string | null; active?: boolean; name_initials?: string | null; name_pinyin?: string | null } = {};
  // The directory searches the pinyin (name-pinyin.ts): a rename writes it with the name.
  if (change.name !== undefined) Object.assign(set, { name: change.name }, pinyinColumns(change.name));
  if (change.nameEn !== undefined) set.name_en = change.nameEn;
  if (change.shortName !== undefined) set.short_name = change.shortName;
  if (change.active !== undefined) set.active = change.active;
  if (Object.keys(set).length === 0) {
    return db.selectFrom('units').select(UNIT_COLUMNS).where('county_id', '=', countyId).where('id', '=', unitId).executeTakeFirst();
  }
  return db.updateTable('units').set(set).where('county_id', '=', countyId).where('id', '=', unitId).returning(UNIT_COLUMNS).executeTakeFirst();
}
