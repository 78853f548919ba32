/**
 * Which years a county's calendar must hold today, and which of them it lacks, in words. A
 * working-day deadline in a year the calendar lacks is counted Monday–Friday (the engine's
 * rule, runtime/engine/calendar.ts); this status is how that never goes unseen: the admin's
 * pages show it and GET /api/health reports it (README "Holiday calendars").
 *
 * The current year is needed always; the next year from 1 November, as the State Council
 * publishes its notice in early November (2024-11-12 for 2025, 2025-11-04 for 2026) and a
 * 30-working-day deadline set after mid-November already ends in January.
 */
export const NEXT_YEAR_FROM_MONTH = 11;

export interface CalendarGap {
  /** Years needed today that the calendar lacks, oldest first; empty when complete. */
  missingYears: number[];
  message: string;
  message_en: string;
}

/** The years a calendar must hold on local date `today` (YYYY-MM-DD). */
export function yearsNeeded(today: string): number[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month >= NEXT_YEAR_FROM_MONTH ? [year, year + 1] : [year];
}

export function calendarGap(today: string, known: (year: number) => boolean): CalendarGap {
  const missingYears = yearsNeeded(today).filter((y) => !known(y));
  if (missingYears.length === 0) return { missingYears, message: '', message_en: '' };
  const zh = missingYears.map((y) => `${y}年`).join('、');
  const en = missingYears.join(' and ');
  return {
    missingYears,
    message: `尚未导入${zh}的节假日安排（国务院办公厅通知）。在导入之前，落在${zh}的工作日期限只按周一至周五计算，不含法定节假日和调休。请在“节假日”页导入。`,
    message_en: `The holiday calendar for ${en} (the State Council's notice) is not imported. Until it is, working-day deadlines that fall in ${en} are counted Monday to Friday, without public holidays or adjusted working days. Import it on the Holidays page.`,
  };
}
