/**
 * The stamp of a county's calendar (migration 041): how many times its `calendars` rows
 * changed, '0' when never. Read by the calendar provider before every use of its cached
 * calendar, so it is one row by the primary key calendar_versions_pkey (region_id), no lock:
 * under READ COMMITTED it sees every edit committed before the statement began, which is what
 * "a deadline computed after the edit commits uses the new calendar" needs.
 * Returned as text, so pg's bigint string and PGlite's number compare alike.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectCalendarVersion(db: Kysely<Database>, regionId: string): Promise<string> {
  const r = await sql<{ version: string }>`select version::text as version from calendar_versions where region_id = ${regionId}`.execute(db);
  return r.rows[0]?.version ?? '0';
}
