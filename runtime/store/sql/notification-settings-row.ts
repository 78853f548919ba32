/**
 * A county's stored delivery settings (notification_settings, migration 030), as saved: the
 * secrets still sealed. A read, no lock; the primary key (county_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function notificationSettingsRow(db: Kysely<Database>, countyId: string): Promise<Record<string, unknown> | undefined> {
  const r = await sql<{ settings: Record<string, unknown> }>`select settings from notification_settings where county_id = ${countyId}`.execute(db);
  return r.rows[0]?.settings;
}
