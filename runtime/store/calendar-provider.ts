/**
 * Holiday calendars per county: the shipped national calendar with the county's own rows
 * (`calendars` table) laid over it. Cached per county with the calendar's version stamp
 * (migration 041, bumped by a trigger in the transaction of any change to the rows); every
 * use reads the stamp again (one primary-key row, sql/calendar-version.ts) and reads the rows
 * only when it moved, so an edit made through another server process counts from the first
 * deadline computed after it commits — no restart, no waiting for a cache to expire. While the
 * stamp stands still the same object is reused, so the compiled machine cache (keyed by
 * calendar identity) stays warm.
 *
 * The stamp is read before the rows: an edit committing between the two reads leaves the new
 * rows cached under the old stamp, which the next use reads again — never the old rows under
 * the new stamp. Not for a transaction that itself changes the county's calendar rows (it would
 * cache what may roll back): the edits read the calendar with `readCountyCalendar`, uncached.
 */
import type { Kysely } from 'kysely';
import { mergeCalendars, NATIONAL_CALENDAR, type HolidayCalendar } from '../engine/index.ts';
import type { Database } from './schema.ts';
import { selectCalendarVersion } from './sql/calendar-version.ts';

export class CalendarProvider {
  private readonly byCounty = new Map<string, { version: string; calendar: HolidayCalendar }>();

  async forCounty(db: Kysely<Database>, countyId: string): Promise<HolidayCalendar> {
    return this.forCountyAt(db, countyId, await selectCalendarVersion(db, countyId));
  }

  /**
   * `forCounty` with the stamp already read by the caller's own statement (a task completion
   * reads it with the task, sql/read-task.ts: one round trip less per completion). The stamp
   * must have been read before this call, as forCounty does.
   */
  async forCountyAt(db: Kysely<Database>, countyId: string, version: string): Promise<HolidayCalendar> {
    const cached = this.byCounty.get(countyId);
    if (cached && cached.version === version) return cached.calendar;
    const calendar = await readCountyCalendar(db, countyId);
    this.byCounty.set(countyId, { version, calendar });
    return calendar;
  }

  /** Drops the county's cached calendar at once (after an edit in this process; the stamp would catch it too). */
  forget(countyId: string): void {
    this.byCounty.delete(countyId);
  }
}

/** The county's calendar as the rows say now, uncached (inside an edit's transaction: with its own uncommitted rows). */
export async function readCountyCalendar(db: Kysely<Database>, countyId: string): Promise<HolidayCalendar> {
  const rows = await db.selectFrom('calendars').select(['year', 'holidays', 'workdays']).where('region_id', '=', countyId).execute();
  if (rows.length === 0) return NATIONAL_CALENDAR;
  const own: HolidayCalendar = { holidays: {}, workdays: {} };
  for (const r of rows) {
    own.holidays[String(r.year)] = asList(r.holidays);
    own.workdays[String(r.year)] = asList(r.workdays);
  }
  return mergeCalendars(NATIONAL_CALENDAR, own);
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
