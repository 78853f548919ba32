/**
 * Holiday calendars per county: the shipped national calendar with the county's own rows
 * (`calendars` table) laid over it. Cached per county; the same object is reused so the
 * compiled machine cache (keyed by calendar identity) stays warm.
 */
import type { Kysely } from 'kysely';
import { mergeCalendars, NATIONAL_CALENDAR, type HolidayCalendar } from '../engine/index.ts';
import type { Database } from './schema.ts';

export class CalendarProvider {
  private readonly byCounty = new Map<string, HolidayCalendar>();

  async forCounty(db: Kysely<Database>, countyId: string): Promise<HolidayCalendar> {
    const cached = this.byCounty.get(countyId);
    if (cached) return cached;
    const calendar = await readCountyCalendar(db, countyId);
    this.byCounty.set(countyId, calendar);
    return calendar;
  }

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
