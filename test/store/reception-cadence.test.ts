/** The cadence rules (runtime/store/reception-cadence.ts): which days they fall on, in county time, and their words. */
import { describe, expect, it } from 'vitest';
import { cadenceTitle, checkCadence, dateLabel, occurrences, onDuty } from '../../runtime/store/reception-cadence.ts';
import { NATIONAL_CALENDAR } from '../../runtime/engine/index.ts';
import { noticeInstant, reminderInstant } from '../../runtime/store/receptions.ts';

describe('reception cadences', () => {
  it('finds the 15th of odd months at 09:00 county time over a year', () => {
    const days = occurrences({ kind: 'MONTHLY', day: 15, months: 'ODD' }, '09:00', new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    expect(days).toEqual(['2026-01-15', '2026-03-15', '2026-05-15', '2026-07-15', '2026-09-15', '2026-11-15']);
  });

  it('counts a Monday by the county clock (UTC+8), and leaves out a day whose start has passed', () => {
    // Sunday 2026-12-06 17:00 UTC is Monday 01:00 in the county: that Monday at 09:00 is still ahead.
    expect(occurrences({ kind: 'WEEKLY', weekday: 1 }, '09:00', new Date('2026-12-06T17:00:00Z'), new Date('2026-12-20T00:00:00Z'))).toEqual(['2026-12-07', '2026-12-14']);
    // Monday 09:30 in the county: today's 09:00 is gone.
    expect(occurrences({ kind: 'WEEKLY', weekday: 1 }, '09:00', new Date('2026-12-07T01:30:00Z'), new Date('2026-12-20T00:00:00Z'))).toEqual(['2026-12-14']);
  });

  it('names days and cadences in words, and puts deputies on duty in turn', () => {
    expect(dateLabel('2027-03-15', '09:00', '11:00')).toBe('2027年3月15日（周一）09:00–11:00');
    expect(cadenceTitle({ kind: 'MONTHLY', day: 15, months: 'ODD' }, '09:00', '11:00').title).toBe('单月15日 09:00–11:00');
    expect([0, 1, 2, 3].map((k) => onDuty(['a', 'b', 'c'], 2, k).join(''))).toEqual(['ab', 'ca', 'bc', 'ab']);
    expect(onDuty(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });

  it('puts the notice noticeDays calendar days before, over a weekend', () => {
    expect(noticeInstant(new Date('2026-12-07T01:00:00Z'), 3).toISOString()).toBe('2026-12-04T01:00:00.000Z');
    expect(noticeInstant(new Date('2026-12-07T01:00:00Z'), 2).toISOString()).toBe('2026-12-05T01:00:00.000Z');
  });

  it('puts the deputies\' reminder reminderDays working days before, past a weekend and the National Day holidays', () => {
    const now = new Date('2026-09-01T00:00:00Z');
    // Monday 14 December 09:00 (county time), 3 working days: Wednesday 9 December 09:00.
    expect(reminderInstant(NATIONAL_CALENDAR, '2026-12-14', '09:00', 3, now)?.toISOString()).toBe('2026-12-09T01:00:00.000Z');
    // Friday 9 October: Thursday 8 October, then 1–7 October are holidays: 30 and 29 September.
    expect(reminderInstant(NATIONAL_CALENDAR, '2026-10-09', '14:30', 3, now)?.toISOString()).toBe('2026-09-29T06:30:00.000Z');
    // Saturday 10 October is a working day (调休): 1 working day before Monday 12 October.
    expect(reminderInstant(NATIONAL_CALENDAR, '2026-10-12', '09:00', 1, now)?.toISOString()).toBe('2026-10-10T01:00:00.000Z');
    // None for 0 days, and none once its time has passed.
    expect(reminderInstant(NATIONAL_CALENDAR, '2026-12-14', '09:00', 0, now)).toBeNull();
    expect(reminderInstant(NATIONAL_CALENDAR, '2026-12-14', '09:00', 3, new Date('2026-12-09T01:00:00Z'))).toBeNull();
  });

  it('refuses a bad cadence with every field error, keys as own properties only', () => {
    const r = checkCadence({ rule: { kind: 'MONTHLY', day: 31, months: 'SOME' }, startTime: '25:00', endTime: '9:00', deputiesPerSession: -1, colour: 'red' });
    expect(r.ok ? [] : r.errors.map((e) => e.pointer)).toEqual(['/colour', '/rule/day', '/startTime', '/endTime', '/deputiesPerSession']);
    const inherited = Object.create({ kind: 'WEEKLY', weekday: 1 }) as object;
    const r2 = checkCadence({ rule: inherited, startTime: '09:00', endTime: '11:00' });
    expect(r2.ok).toBe(false);
  });
});
