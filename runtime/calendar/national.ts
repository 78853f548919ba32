/**
 * The shipped national calendar (runtime/engine/calendar-cn.json) read with the same check as
 * an imported file, so its days carry their names on the admin's screen. The file is checked
 * by test/engine/calendar.test.ts; a broken one would be an empty list here, never a throw.
 */
import nationalData from '../engine/calendar-cn.json' with { type: 'json' };
import { checkCalendarFile, type CalendarYear } from './calendar-file.ts';

const checked = checkCalendarFile(nationalData);

/** year → that year of the national calendar, with names. */
export const NATIONAL_YEARS: ReadonlyMap<number, CalendarYear> = new Map(checked.ok ? checked.value.map((y) => [y.year, y]) : []);
