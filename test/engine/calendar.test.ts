import { describe, expect, it } from 'vitest';
import { NATIONAL_CALENDAR, addWorkingDays, dateWords, deadlineDay, delayBefore, delayEnd, isWorkingDay, localDate } from '../../runtime/engine/index.ts';

const none = () => undefined;

describe('working-day clock (2026 national calendar)', () => {
  it('knows holidays and 调休 working weekends', () => {
    expect(isWorkingDay(NATIONAL_CALENDAR, '2026-10-01')).toBe(false); // 国庆节
    expect(isWorkingDay(NATIONAL_CALENDAR, '2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay(NATIONAL_CALENDAR, '2026-10-11')).toBe(false); // plain Sunday
    expect(isWorkingDay(NATIONAL_CALENDAR, '2026-02-14')).toBe(true); // Saturday before 春节, 调休上班
    expect(isWorkingDay(NATIONAL_CALENDAR, '2026-02-16')).toBe(false); // 春节
  });

  it('counts 7 working days across the National Day holiday', () => {
    // From Tue 29 Sep: 30 Sep (1), 1–7 Oct off, 8 (2), 9 (3), Sat 10 调休 (4), 12 (5), 13 (6), 14 (7).
    expect(addWorkingDays(NATIONAL_CALENDAR, '2026-09-29', 7)).toBe('2026-10-14');
    const from = new Date('2026-09-29T10:00:00+08:00');
    const end = delayEnd({ workingDays: 7 }, from, NATIONAL_CALENDAR, none);
    expect(end?.toISOString()).toBe('2026-10-14T16:00:00.000Z'); // end of 14 Oct, Beijing time
  });

  it('adds calendar months with end-of-month clamping and ends at the end of the local day', () => {
    const from = new Date('2026-11-30T09:00:00+08:00');
    expect(delayEnd('P3M', from, NATIONAL_CALENDAR, none)?.toISOString()).toBe('2027-02-28T16:00:00.000Z');
    expect(delayEnd('P10D', new Date('2026-01-31T23:30:00+08:00'), NATIONAL_CALENDAR, none)?.toISOString()).toBe(
      '2026-02-10T16:00:00.000Z',
    );
  });

  it('uses local (Beijing) dates, not UTC dates', () => {
    expect(localDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });

  it('keeps exact time for durations with a time part, and reads {at} from the context', () => {
    const from = new Date('2026-05-06T08:00:00Z');
    expect(delayEnd('PT2H', from, NATIONAL_CALENDAR, none)?.toISOString()).toBe('2026-05-06T10:00:00.000Z');
    expect(delayEnd({ at: 'context.dueAt' }, from, NATIONAL_CALENDAR, () => '2026-06-30')?.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(delayEnd({ at: 'context.dueAt' }, from, NATIONAL_CALENDAR, () => undefined)).toBeNull();
  });

  it('computes a reminder before a due time', () => {
    const due = new Date('2026-10-14T16:00:00Z');
    expect(delayBefore('P7D', due, NATIONAL_CALENDAR)?.toISOString()).toBe('2026-10-07T16:00:00.000Z');
    expect(delayBefore({ workingDays: 2 }, due, NATIONAL_CALENDAR)?.toISOString()).toBe('2026-10-12T16:00:00.000Z');
  });

  it('names the last day of a deadline in words, for messages', () => {
    // A window of 10 days from 1 April ends at the end of 11 April (local midnight = 16:00 UTC).
    const end = delayEnd('P10D', new Date('2026-04-01T02:00:00Z'), NATIONAL_CALENDAR, none) as Date;
    expect(deadlineDay(end)).toBe('2026-04-11');
    expect(dateWords(deadlineDay(end))).toEqual({ zh: '2026年4月11日', en: '11 April 2026' });
    // 20 working days over 清明 (4–6 April 2026 off) end on 30 April.
    expect(deadlineDay(delayEnd({ workingDays: 20 }, new Date('2026-04-01T02:00:00Z'), NATIONAL_CALENDAR, none) as Date)).toBe('2026-04-30');
  });

  it('counts Monday to Friday in a year without data', () => {
    expect(addWorkingDays(NATIONAL_CALENDAR, '2030-01-04', 1)).toBe('2030-01-07');
  });
});
