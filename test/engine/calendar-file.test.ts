/**
 * The shipped national calendar passes the same check as an imported file, and the named
 * years the admin screen shows (NATIONAL_YEARS) hold exactly the days the engine counts on
 * (NATIONAL_CALENDAR): a file that stopped passing would drop the names silently.
 */
import { describe, expect, it } from 'vitest';
import nationalData from '../../runtime/engine/calendar-cn.json' with { type: 'json' };
import { calendarGap, checkCalendarFile, NATIONAL_YEARS, yearsNeeded } from '../../runtime/calendar/index.ts';
import { NATIONAL_CALENDAR } from '../../runtime/engine/index.ts';

describe('calendar file and status', () => {
  it('checks the shipped national calendar as an imported file, with the same days the engine counts', () => {
    const checked = checkCalendarFile(nationalData);
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
    expect([...NATIONAL_YEARS.keys()]).toEqual(Object.keys(NATIONAL_CALENDAR.holidays).map(Number));
    for (const [year, y] of NATIONAL_YEARS) {
      expect(y.holidays).toEqual(NATIONAL_CALENDAR.holidays[String(year)]);
      expect(y.workdays).toEqual(NATIONAL_CALENDAR.workdays[String(year)]);
      for (const d of y.holidays) expect(y.names[d]?.length).toBeGreaterThan(0);
    }
  });

  it('needs next year from 1 November, and says in both languages what a missing year means', () => {
    expect(yearsNeeded('2026-10-31')).toEqual([2026]);
    expect(yearsNeeded('2026-11-01')).toEqual([2026, 2027]);
    const gap = calendarGap('2026-12-07', (y) => y <= 2026);
    expect(gap.missingYears).toEqual([2027]);
    expect(gap.message).toContain('周一至周五');
    expect(gap.message_en).toContain('Monday to Friday');
    expect(calendarGap('2026-12-07', () => true)).toEqual({ missingYears: [], message: '', message_en: '' });
  });
});
