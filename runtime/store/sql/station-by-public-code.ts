/**
 * The active station a QR code's public code names, in any county (the public form does not
 * know the county). Index: stations_public_code (unique). No lock: read only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface PublicStationRow {
  county_id: string;
  id: string;
  name: string;
  name_en: string | null;
}

export async function selectStationByPublicCode(db: Kysely<Database>, code: string): Promise<PublicStationRow | undefined> {
  return db
    .selectFrom('stations')
    .select(['county_id', 'id', 'name', 'name_en'])
    .where('public_code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
}
