/**
 * A county's own calendar years (`calendars`, laid over the national calendar): all of them
 * for the status and the provider, one with `forUpdate` for an edit. Index: the primary key
 * (region_id, year). Locking: an edit locks its year's row (FOR UPDATE) so two admins adding
 * a day each both land (the second reads the first's list); a year without a row is created
 * by `upsertCalendar`'s ON CONFLICT, where the later writer of two first edits wins whole.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CalendarRow {
  year: number;
  holidays: unknown;
  workdays: unknown;
  names: unknown;
}

export async function selectCalendarYears(db: Kysely<Database>, regionId: string): Promise<CalendarRow[]> {
  return db.selectFrom('calendars').select(['year', 'holidays', 'workdays', 'names']).where('region_id', '=', regionId).orderBy('year').execute();
}

export async function selectCalendarYear(db: Kysely<Database>, regionId: string, year: number, opts: { forUpdate?: boolean } = {}): Promise<CalendarRow | undefined> {
  const q = db.selectFrom('calendars').select(['year', 'holidays', 'workdays', 'names']).where('region_id', '=', regionId).where('year', '=', year);
  return (opts.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** Back to the national calendar for that year. Locking: the row, by its primary key. */
export async function deleteCalendarYear(db: Kysely<Database>, regionId: string, year: number): Promise<boolean> {
  const r = await db.deleteFrom('calendars').where('region_id', '=', regionId).where('year', '=', year).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Which county has its own row for which year (GET /api/health). Index: a scan of a table of a few rows per county. */
export async function selectCountyYears(db: Kysely<Database>): Promise<Array<{ region_id: string; year: number }>> {
  return db.selectFrom('calendars').select(['region_id', 'year']).execute();
}
