/**
 * Adds a handling unit unless the county already has one of that name (deactivated ones
 * included). `on conflict (county_id, name) do nothing` is decided by the unique index
 * units_county_name (migration 009): two admins adding the same name at once get one row, and
 * the other's statement returns nothing instead of failing, so a caller's transaction survives.
 * An id already taken (explicit ids: seeds) still raises the primary key's unique violation.
 */
import type { Kysely } from 'kysely';
import { pinyinColumns } from '../name-pinyin.ts';
import type { Database } from '../schema.ts';

export interface UnitRow {
  id: string;
  name: string;
  name_en: string | null;
  /** 简称 (migration 034): the 发文机关代字 of its letter numbers (unit-short-name.ts). */
  short_name: string | null;
  active: boolean;
}

export const UNIT_COLUMNS = ['id', 'name', 'name_en', 'short_name', 'active'] as const;

export async function insertUnit(
  db: Kysely<Database>,
  countyId: string,
  unit: { id: string; name: string; nameEn: string | null; shortName?: string | null },
): Promise<UnitRow | undefined> {
  return db
    .insertInto('units')
    .values({ county_id: countyId, id: unit.id, name: unit.name, name_en: unit.nameEn, short_name: unit.shortName ?? null, ...pinyinColumns(unit.name) })
    .onConflict((oc) => oc.columns(['county_id', 'name']).doNothing())
    .returning(UNIT_COLUMNS)
    .executeTakeFirst();
}
