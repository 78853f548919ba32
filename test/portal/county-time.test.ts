/**
 * One time zone (designer/src/county-time.ts): every time the app shows or reads is on the
 * county's clock (Asia/Shanghai), whatever zone the process or browser runs in. The process
 * zone is set to one far away (UTC−10) for the whole file, so a formatter or input that fell
 * back to the local zone would show 20:05 the day before.
 */
process.env.TZ = 'Pacific/Honolulu';
import { describe, expect, it } from 'vitest';
import { COUNTY_TIME_ZONE, formatDate, formatDateTime, fromCountyInput, toCountyInput } from '../../designer/src/county-time.ts';

describe('county time', () => {
  it('runs in a zone that is not the county\'s', () => {
    expect(new Date('2026-03-02T06:05:00Z').getHours()).not.toBe(14);
    expect(COUNTY_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it('shows an instant as the county reads it', () => {
    expect(formatDateTime('2026-03-02T06:05:00Z')).toBe('2026-03-02 14:05');
    expect(formatDate('2026-03-01T17:00:00Z')).toBe('2026-03-02');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDateTime('not a time')).toBe('');
    expect(formatDateTime(null)).toBe('');
  });

  it('reads a typed time as the county\'s and shows it back unchanged', () => {
    expect(fromCountyInput('2026-03-02T14:05')).toBe('2026-03-02T06:05:00.000Z');
    expect(toCountyInput('2026-03-02T06:05:00.000Z')).toBe('2026-03-02T14:05');
    expect(toCountyInput(fromCountyInput('2026-12-31T23:59'))).toBe('2026-12-31T23:59');
    expect(fromCountyInput('2026-03-02')).toBeNull();
  });
});
