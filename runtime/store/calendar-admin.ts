/**
 * The admin's holiday calendar (节假日): a year's holidays (放假) and adjusted working days
 * (调休上班) with their names, where they come from (the national calendar shipped with the
 * product, or the county's own year laid over it), and the edits: add or remove one day, import
 * years from a file, go back to the national year. A county year replaces the national year
 * whole (calendar-provider.ts), so the first edit of a national year copies it into the
 * county's row. Each edit runs in one transaction and tells the provider to forget the county,
 * so the next deadline counts on the new calendar; in the same transaction the county's open
 * working-day deadlines over the changed year are counted again (deadline-recount.ts), and the
 * answer says how many moved (`recounted`). Every edit writes its audit log entry in the same
 * transaction (the date and kind of the day, or the years and how many days: never the names
 * typed), which the audit page words with runtime/audit-summary.ts. Other server processes see
 * the edit through the calendar's version stamp (migration 041, calendar-provider.ts).
 */
import type { Kysely } from 'kysely';
import { calendarGap, NATIONAL_YEARS, WORKDAY_NAME, type CalendarGap, type CalendarYear, type DayKind, type NewDay } from '../calendar/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { dateWords, localDate } from '../engine/index.ts';
import { recordAudit, type AuditDetail, type AuditEntry } from './audit.ts';
import { recountCountyDeadlines } from './deadline-recount.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { deleteCalendarYear, selectCalendarYear, selectCalendarYears, selectCountyYears, type CalendarRow } from './sql/calendar-rows.ts';
import { upsertCalendar } from './sql/upsert-calendar.ts';

export type CalendarSource = 'national' | 'county' | 'missing';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  name: string;
}

export interface CalendarYearView {
  year: number;
  source: CalendarSource;
  /** Whether the national calendar has this year (the county may go back to it). */
  national: boolean;
  days: CalendarDay[];
  /** After an edit: how many open deadlines of the county were counted again and moved. */
  recounted?: number;
}

export interface CalendarStatus extends CalendarGap {
  today: string;
  /** Years the county's calendar holds (national or its own), oldest first. */
  knownYears: number[];
}

/** 2026-12-28 → 2026年12月28日, for the Chinese messages. */
const zhDate = (date: string) => dateWords(date).zh;
/** 2026-12-28 → 28 December 2026, for the English messages. */
const enDate = (date: string) => dateWords(date).en;
const invalid = (errors: FieldError[]) => new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const nameMap = (v: unknown): Record<string, string> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {});

function fromRow(r: CalendarRow): CalendarYear {
  return { year: r.year, holidays: list(r.holidays), workdays: list(r.workdays), names: nameMap(r.names) };
}

function daysOf(y: CalendarYear): CalendarDay[] {
  const days: CalendarDay[] = [
    ...y.holidays.map((date) => ({ date, kind: 'holiday' as const, name: y.names[date] ?? '' })),
    ...y.workdays.map((date) => ({ date, kind: 'workday' as const, name: y.names[date] ?? WORKDAY_NAME })),
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

export async function calendarYear(db: Kysely<Database>, countyId: string, year: number): Promise<CalendarYearView> {
  const own = await selectCalendarYear(db, countyId, year);
  const national = NATIONAL_YEARS.get(year);
  if (own) return { year, source: 'county', national: national !== undefined, days: daysOf(fromRow(own)) };
  if (national) return { year, source: 'national', national: true, days: daysOf(national) };
  return { year, source: 'missing', national: false, days: [] };
}

export async function calendarStatus(db: Kysely<Database>, countyId: string, now: Date): Promise<CalendarStatus> {
  const own = (await selectCalendarYears(db, countyId)).map((r) => r.year);
  const known = new Set([...NATIONAL_YEARS.keys(), ...own]);
  const today = localDate(now);
  return { today, knownYears: [...known].sort((a, b) => a - b), ...calendarGap(today, (y) => known.has(y)) };
}

/** The county's year to edit: its own row (locked), else a copy of the national year, else empty. */
async function editableYear(trx: Kysely<Database>, countyId: string, year: number): Promise<CalendarYear> {
  const own = await selectCalendarYear(trx, countyId, year, { forUpdate: true });
  if (own) return fromRow(own);
  const national = NATIONAL_YEARS.get(year);
  return national ? structuredClone(national) as CalendarYear : { year, holidays: [], workdays: [], names: {} };
}

async function save(trx: Kysely<Database>, countyId: string, y: CalendarYear): Promise<void> {
  await upsertCalendar(trx, countyId, y.year, [...y.holidays].sort(), [...y.workdays].sort(), y.names);
}

/** Who edits, when, from where (server/audit-entry.ts `auditBy`); the county is the caller's. */
export type CalendarAuditBase = Pick<AuditEntry, 'countyId' | 'at' | 'actor' | 'address'>;

/** The edit's audit entry, in its transaction: about the county's calendar, with codes and counts only. */
async function audit(trx: Kysely<Database>, by: CalendarAuditBase, action: 'calendar.day_added' | 'calendar.day_removed' | 'calendar.imported' | 'calendar.reset', detail: AuditDetail): Promise<void> {
  await recordAudit(trx, { ...by, action, target: { kind: 'county', id: by.countyId, name: null }, detail });
}

/** Add one day; a date the year already lists → 400 on /date, nothing written. */
export async function addCalendarDay(db: Kysely<Database>, rt: Runtime, by: CalendarAuditBase, year: number, day: NewDay): Promise<CalendarYearView> {
  const countyId = by.countyId;
  const recounted = await db.transaction().execute(async (trx) => {
    const y = await editableYear(trx, countyId, year);
    if (y.holidays.includes(day.date) || y.workdays.includes(day.date)) {
      const was = y.holidays.includes(day.date) ? '放假日' : '调休上班日';
      throw invalid([{ pointer: '/date', message: `${zhDate(day.date)}已是${was}（${y.names[day.date] ?? ''}），请先删除`, message_en: `${enDate(day.date)} is already listed (${y.names[day.date] ?? ''}); remove it first` }]);
    }
    (day.kind === 'holiday' ? y.holidays : y.workdays).push(day.date);
    y.names[day.date] = day.name;
    await save(trx, countyId, y);
    const moved = await recountCountyDeadlines(trx, rt, countyId, [year]);
    await audit(trx, by, 'calendar.day_added', { date: day.date, kind: day.kind, recounted: moved });
    return moved;
  });
  rt.calendars.forget(countyId);
  return { ...(await calendarYear(db, countyId, year)), recounted };
}

/** Remove one day; a date the year does not list → 400 on /date. */
export async function removeCalendarDay(db: Kysely<Database>, rt: Runtime, by: CalendarAuditBase, year: number, date: string): Promise<CalendarYearView> {
  const countyId = by.countyId;
  const recounted = await db.transaction().execute(async (trx) => {
    const y = await editableYear(trx, countyId, year);
    if (!y.holidays.includes(date) && !y.workdays.includes(date)) {
      throw invalid([{ pointer: '/date', message: `${year}年的日历中没有${zhDate(date)}`, message_en: `${enDate(date)} is not in the calendar of ${year}` }]);
    }
    const kind: DayKind = y.holidays.includes(date) ? 'holiday' : 'workday';
    y.holidays = y.holidays.filter((d) => d !== date);
    y.workdays = y.workdays.filter((d) => d !== date);
    delete y.names[date];
    await save(trx, countyId, y);
    const moved = await recountCountyDeadlines(trx, rt, countyId, [year]);
    await audit(trx, by, 'calendar.day_removed', { date, kind, recounted: moved });
    return moved;
  });
  rt.calendars.forget(countyId);
  return { ...(await calendarYear(db, countyId, year)), recounted };
}

/** Write every year of a checked file as the county's own (each replaces that year whole), in one transaction. */
export async function importCalendarYears(db: Kysely<Database>, rt: Runtime, by: CalendarAuditBase, years: readonly CalendarYear[]): Promise<{ years: CalendarYearView[]; recounted: number }> {
  const countyId = by.countyId;
  const recounted = await db.transaction().execute(async (trx) => {
    for (const y of years) await save(trx, countyId, y);
    const moved = await recountCountyDeadlines(trx, rt, countyId, years.map((y) => y.year));
    const days = (pick: (y: CalendarYear) => readonly string[]) => years.reduce((n, y) => n + pick(y).length, 0);
    await audit(trx, by, 'calendar.imported', { years: years.map((y) => String(y.year)), holidays: days((y) => y.holidays), workdays: days((y) => y.workdays), recounted: moved });
    return moved;
  });
  rt.calendars.forget(countyId);
  return { years: await Promise.all(years.map((y) => calendarYear(db, countyId, y.year))), recounted };
}

/** Drop the county's own year, back to the national one; a year without an own row → 400. */
export async function resetCalendarYear(db: Kysely<Database>, rt: Runtime, by: CalendarAuditBase, year: number): Promise<CalendarYearView> {
  const countyId = by.countyId;
  const recounted = await db.transaction().execute(async (trx) => {
    const removed = await deleteCalendarYear(trx, countyId, year);
    if (!removed) throw invalid([{ pointer: '/year', message: `${year}年本县没有自己的日历`, message_en: `the county has no own calendar for ${year}` }]);
    const moved = await recountCountyDeadlines(trx, rt, countyId, [year]);
    await audit(trx, by, 'calendar.reset', { year, recounted: moved });
    return moved;
  });
  rt.calendars.forget(countyId);
  return { ...(await calendarYear(db, countyId, year)), recounted };
}

export interface CalendarHealth extends CalendarGap {
  /** False when some county lacks a needed year (its working-day deadlines there count Monday–Friday). */
  complete: boolean;
}

/**
 * For GET /api/health (no caller, no county): a needed year is missing when the national
 * calendar lacks it and some county has no own row for it. Names no county (the health answer
 * is public); the admin of each county sees its own status on its pages.
 */
export async function calendarHealth(db: Kysely<Database>, now: Date): Promise<CalendarHealth> {
  const counties = await db.selectFrom('regions').select('id').where('level', '=', 'county').execute();
  const rows = await selectCountyYears(db);
  const own = new Set(rows.map((r) => `${r.region_id}:${r.year}`));
  const known = (year: number) => NATIONAL_YEARS.has(year) || (counties.length > 0 && counties.every((c) => own.has(`${c.id}:${year}`)));
  const gap = calendarGap(localDate(now), known);
  return { complete: gap.missingYears.length === 0, ...gap };
}
