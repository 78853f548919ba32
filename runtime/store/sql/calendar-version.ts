/**
 * The stamp of a county's calendar (migration 041): how many times its `calendars` rows
 * changed, '0' when never. Read by the calendar provider before every use of its cached
 * calendar, so it is one row by the primary key calendar_versions_pkey (region_id), no lock:
 * under READ COMMITTED it sees every edit committed before the statement began, which is what
 * "a deadline computed after the edit commits uses the new calendar" needs. Measured on the
 * shared 2-core box over a local TCP socket, 3,000 reads after warm-up: ~0.04 ms each, the
 * same as a `select 1` (~0.06 ms) — a round trip, nothing more, beside a step's ~1 ms.
 * Returned as text, so pg's bigint string and PGlite's number compare alike.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectCalendarVersion(db: Kysely<Database>, regionId: string): Promise<string> {
  const r = await sql<{ version: string }>`select version::text as version from calendar_versions where region_id = ${regionId}`.execute(db);
  return r.rows[0]?.version ?? '0';
}
