/**
 * Deadlines on the county's clock: ISO 8601 durations and working days (工作日) counted on a
 * holiday calendar (法定节假日 off, 调休 weekend days on). Local time is Asia/Shanghai
 * (UTC+8, no daylight saving), so local dates are computed by a fixed offset.
 *
 * Rules (DOMAIN.md A2): months add calendar months with end-of-month clamping, days are
 * calendar days, only working days use the holiday calendar, and a deadline counted in days
 * ends at the end of its local day. Durations with a time part (PT2H) are exact.
 */
import type { DelaySpec, HolidayCalendar } from './types.ts';
import nationalData from './calendar-cn.json' with { type: 'json' };

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

interface NationalFile {
  years: Record<string, { holidays: Record<string, string[]>; workdays: string[] }>;
}

/** The national calendar shipped with the product (State Council notices 2025–2026). */
export const NATIONAL_CALENDAR: HolidayCalendar = toCalendar(nationalData as NationalFile);

function toCalendar(file: NationalFile): HolidayCalendar {
  const holidays: Record<string, string[]> = {};
  const workdays: Record<string, string[]> = {};
  for (const [year, data] of Object.entries(file.years)) {
    holidays[year] = Object.values(data.holidays).flat().sort();
    workdays[year] = [...data.workdays].sort();
  }
  return { holidays, workdays };
}

/** Merge a county's own years over a base calendar (a county year replaces the base year). */
export function mergeCalendars(base: HolidayCalendar, own: HolidayCalendar): HolidayCalendar {
  return {
    holidays: { ...base.holidays, ...own.holidays },
    workdays: { ...base.workdays, ...own.workdays },
  };
}

/** Local (Asia/Shanghai) date of an instant, as YYYY-MM-DD. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a local day ends (= the next local midnight). */
export function endOfLocalDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + DAY_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when the calendar has data for the year of this date. */
export function hasYear(calendar: HolidayCalendar, date: string): boolean {
  const year = date.slice(0, 4);
  return calendar.holidays[year] !== undefined;
}

export function isWorkingDay(calendar: HolidayCalendar, date: string): boolean {
  const year = date.slice(0, 4);
  if (calendar.holidays[year]?.includes(date)) return false;
  if (calendar.workdays[year]?.includes(date)) return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The date `n` working days after `date` (not counting `date` itself); n = 0 gives `date`. */
export function addWorkingDays(calendar: HolidayCalendar, date: string, n: number): string {
  let current = date;
  let counted = 0;
  const step = n >= 0 ? 1 : -1;
  while (counted < Math.abs(n)) {
    current = addDays(current, step);
    if (isWorkingDay(calendar, current)) counted++;
  }
  return current;
}

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_RE =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parse an ISO 8601 duration; null when malformed. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION_RE.exec(text);
  if (!m) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

function hasTimePart(d: Duration): boolean {
  return d.hours !== 0 || d.minutes !== 0 || d.seconds !== 0;
}

function timeMs(d: Duration): number {
  return ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** Shift an instant by the date parts of a duration in local time, keeping the time of day. */
function shiftDateParts(at: Date, d: Duration, sign: 1 | -1): Date {
  const date = localDate(at);
  const timeOfDay = (at.getTime() + OFFSET_MS) % DAY_MS;
  let shifted = addMonths(date, sign * (d.years * 12 + d.months));
  shifted = addDays(shifted, sign * (d.weeks * 7 + d.days));
  return new Date(Date.parse(`${shifted}T00:00:00Z`) - OFFSET_MS + timeOfDay);
}

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A local date (YYYY-MM-DD) in words: 2026年10月16日 / 16 October 2026. */
export function dateWords(date: string): { zh: string; en: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { zh: `${y}年${m}月${d}日`, en: `${d} ${MONTHS_EN[m - 1]} ${y}` };
}

/**
 * The last local day a deadline allows, for messages ("请于2026年10月16日前"): a deadline
 * counted in days ends at the end of its local day, so the day is the one before the end instant.
 */
export function deadlineDay(end: Date): string {
  return localDate(new Date(end.getTime() - 1));
}

/** Where a delay ends, counted from `from`. Null when an `{at}` delay points at nothing. */
export function delayEnd(
  spec: DelaySpec,
  from: Date,
  calendar: HolidayCalendar,
  read: (path: string) => unknown,
): Date | null {
  if (typeof spec === 'string') {
    const d = parseDuration(spec);
    if (!d) return null;
    if (hasTimePart(d)) return new Date(shiftDateParts(from, d, 1).getTime() + timeMs(d));
    return endOfLocalDay(localDate(shiftDateParts(from, d, 1)));
  }
  if ('workingDays' in spec) {
    return endOfLocalDay(addWorkingDays(calendar, localDate(from), spec.workingDays));
  }
  const value = read(spec.at);
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const t = typeof value === 'string' ? parseLocalOrInstant(value) : value.getTime();
  return Number.isNaN(t) ? null : new Date(t);
}

/** A date-only value (YYYY-MM-DD) means the end of that local day; anything else is an instant. */
function parseLocalOrInstant(value: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return endOfLocalDay(value).getTime();
  return Date.parse(value);
}

/** The instant `spec` before `due` (for reminders). Null for `{at}` specs. */
export function delayBefore(spec: DelaySpec, due: Date, calendar: HolidayCalendar): Date | null {
  if (typeof spec === 'string') {
    const d = parseDuration(spec);
    if (!d) return null;
    return new Date(shiftDateParts(due, d, -1).getTime() - timeMs(d));
  }
  if ('workingDays' in spec) {
    const date = addWorkingDays(calendar, localDate(new Date(due.getTime() - 1)), -spec.workingDays);
    return endOfLocalDay(date);
  }
  return null;
}
