/**
 * Every county's stored delivery settings (at start, to seal secrets saved in plain text). A
 * read, no lock; a sequential scan of notification_settings, one row per county.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function allNotificationSettings(db: Kysely<Database>): Promise<Array<{ county_id: string; settings: Record<string, unknown> }>> {
  const r = await sql<{ county_id: string; settings: Record<string, unknown> }>`select county_id, settings from notification_settings`.execute(db);
  return r.rows;
}
