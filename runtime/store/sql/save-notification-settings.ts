/**
 * Save a county's whole delivery settings (secrets already sealed by the caller). An upsert on
 * the primary key (county_id): two admins saving at once each write a whole row; the later
 * commit wins.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function saveNotificationSettings(db: Kysely<Database>, countyId: string, settings: Record<string, unknown>, now: Date): Promise<void> {
  await sql`
    insert into notification_settings (county_id, settings, updated_at) values (${countyId}, ${JSON.stringify(settings)}::jsonb, ${now})
    on conflict (county_id) do update set settings = excluded.settings, updated_at = excluded.updated_at`.execute(db);
}
