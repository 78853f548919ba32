/**
 * Monthly inflow and answers of deputies' suggestions (issue 14, the year at a glance's line):
 * for the period's suggestions (the same `submitted` population as the statistics: registered
 * ones of the period), per calendar month of the county's zone (UTC+8):
 * - submitted: suggestions whose submission (context.submittedAt) fell in the month;
 * - answered: answer letters the answering units sent in the month (each SUBMIT_ANSWER event of
 *   a child assignment, so a re-handled answer and each unit of a split suggestion count once
 *   each: 答复件次); its drill-down lists the suggestions those letters answered;
 * - concluded: suggestions concluded (context.concludedAt) in the month.
 * The months run over the period: a calendar year's twelve months, extended past December when
 * the year's suggestions were answered or concluded later (so the months add up to the
 * totals); a session or a whole term from its first month with any of the three to its last.
 * Pure: the rows come from runtime/store/sql/statistics-monthly.ts.
 */
import type { Period } from './period.ts';

/** One suggestion of the period as the store reads it: instants in epoch milliseconds. */
export interface MonthlyRow {
  id: string;
  submittedAt: number | null;
  concludedAt: number | null;
  /** The instants of its units' answer letters. */
  answers: number[];
}

export const MONTHLY_SERIES = ['submitted', 'answered', 'concluded'] as const;
export type MonthlySeries = (typeof MONTHLY_SERIES)[number];

export const SERIES_WORDS: Record<MonthlySeries, { title: string; title_en: string; unit: string; unit_en: string; description: string; description_en: string }> = {
  submitted: { title: '提出', title_en: 'Submitted', unit: '件', unit_en: '', description: '当月提出（并已受理登记）的建议件数', description_en: 'Suggestions submitted in the month (and registered)' },
  answered: { title: '单位答复', title_en: 'Answered by units', unit: '件次', unit_en: '', description: '当月承办单位发出的答复函件次（重新办理的答复、分办各单位的答复各计一次）', description_en: 'Answer letters the units sent in the month (a re-handled answer and each unit of a split suggestion count once each)' },
  concluded: { title: '办结', title_en: 'Concluded', unit: '件', unit_en: '', description: '当月办结的建议件数', description_en: 'Suggestions concluded in the month' },
};

const ZONE_MS = 8 * 3600_000;

/** '2026-03' for an instant, in the county's zone (UTC+8, no daylight saving in China). */
export function monthOf(ms: number): string {
  const d = new Date(ms + ZONE_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthTitle(month: string): { title: string; title_en: string } {
  const [y, m] = month.split('-');
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return { title: `${y}年${Number(m)}月`, title_en: `${names[Number(m) - 1]} ${y}` };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export interface MonthCounts {
  month: string;
  submitted: number;
  answered: number;
  /** The distinct suggestions the month's answer letters answered (what the drill-down lists). */
  answeredSuggestions: number;
  concluded: number;
}

/** The months of the period, each with its three counts. */
export function monthlyCounts(period: Period, rows: readonly MonthlyRow[]): MonthCounts[] {
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.submittedAt !== null) seen.add(monthOf(r.submittedAt));
    if (r.concludedAt !== null) seen.add(monthOf(r.concludedAt));
    for (const a of r.answers) seen.add(monthOf(a));
  }
  const sorted = [...seen].sort();
  let first = period.kind === 'year' ? `${period.year}-01` : sorted[0];
  const lastSeen = sorted[sorted.length - 1];
  let last = period.kind === 'year' ? `${period.year}-12` : lastSeen;
  if (first === undefined || last === undefined) return [];
  if (lastSeen !== undefined && lastSeen > last) last = lastSeen;
  if (sorted[0] !== undefined && sorted[0] < first) first = sorted[0];
  const months: string[] = [];
  for (let m = first; m <= last && months.length < 1200; m = nextMonth(m)) months.push(m);
  const counts = new Map(months.map((month) => [month, { month, submitted: 0, answered: 0, answeredSuggestions: 0, concluded: 0 }]));
  for (const r of rows) {
    const at = (ms: number | null) => (ms === null ? undefined : counts.get(monthOf(ms)));
    const s = at(r.submittedAt);
    if (s) s.submitted++;
    const c = at(r.concludedAt);
    if (c) c.concluded++;
    const answered = new Set<string>();
    for (const a of r.answers) {
      const m = at(a);
      if (m) m.answered++;
      answered.add(monthOf(a));
    }
    for (const month of answered) {
      const m = counts.get(month);
      if (m) m.answeredSuggestions++;
    }
  }
  return [...counts.values()];
}

/** The suggestions behind one month's number of a series (for the register's drill-down). */
export function monthlyIds(rows: readonly MonthlyRow[], series: MonthlySeries, month: string): string[] {
  const inMonth = (ms: number | null) => ms !== null && monthOf(ms) === month;
  if (series === 'submitted') return rows.filter((r) => inMonth(r.submittedAt)).map((r) => r.id);
  if (series === 'concluded') return rows.filter((r) => inMonth(r.concludedAt)).map((r) => r.id);
  return rows.filter((r) => r.answers.some((a) => inMonth(a))).map((r) => r.id);
}
