/**
 * A 届次年度 or a whole term as dates, for the catalogues whose instances carry a date or a year
 * but no term or session (民生实事, 监督, 评议, 代表之家, 群众意见, 代表履职): the county's terms
 * and sessions tables (roster.ts) say when each session was held, and a period runs
 * - `session:<term>:<session>`: from the day that session was held up to (not including) the
 *   day the next session of the county was held (of the same term or the next one) or the next
 *   term started, whichever comes first; the last session so far runs to its term's end date
 *   (included), or on while there is none;
 * - `term:<term>`: from the term's start date (else its first held session) up to the next
 *   term's start (its start date, else its first session), else to its end date, else on.
 * So consecutive sessions and terms share the time out without gap or overlap (a term's days
 * before its first session belong to no session of it). A year-number fact (a plan,
 * a vote, an evaluation of year 2026) counts in the period holding 1 July of that year: its
 * sessions are held early in the year, and a second session in one year (held in December)
 * takes no year from the first. Pure: the store reads the tables (statistics-period-dates.ts).
 */
import { AppError } from '../errors.ts';

/** From (included) to (excluded; null: not ended yet), YYYY-MM-DD in the county's zone. */
export interface PeriodDates {
  from: string;
  to: string | null;
}

export interface DatedTerm {
  id: string;
  name: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface DatedSession {
  termId: string;
  name: string;
  heldOn: string | null;
}

/** A session's own name for a period: the table's name may repeat its term (`十八届一次`). */
export function sessionOwnName(term: string, session: string): string {
  return session.startsWith(term) && session.length > term.length ? session.slice(term.length) : session;
}

const missing = (missingWhat: string, zh: string, en: string): AppError =>
  new AppError('INVALID_QUERY', `period: ${zh}，无法按届次年度或任期统计 — ${en}, so these figures cannot be counted by session year or term`, { parameter: 'period', missing: missingWhat });

const dayAfter = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const earliest = (xs: ReadonlyArray<string | null>, after: string): string | null => xs.filter((x): x is string => x !== null && x > after).sort()[0] ?? null;

/** The dates of a session or term period (refused in words, naming what the tables lack). */
/** A session or a term period (period.ts's Period without the calendar year; named here so that this file needs nothing of period.ts). */
export type DatedPeriod = { kind: 'session'; term: string; session: string } | { kind: 'term'; term: string };

export function periodDates(p: DatedPeriod, terms: readonly DatedTerm[], sessions: readonly DatedSession[]): PeriodDates {
  const term = terms.find((t) => t.name === p.term);
  if (!term) throw missing('term', `本县届次表中没有${p.term}`, `the county's terms table has no term ${p.term}`);
  // A term starts on its start date, else on its first held session.
  const startOf = (t: DatedTerm): string | null => t.startsOn ?? sessions.filter((s) => s.termId === t.id && s.heldOn !== null).map((s) => s.heldOn as string).sort()[0] ?? null;
  const end = term.endsOn !== null ? dayAfter(term.endsOn) : null;
  if (p.kind === 'session') {
    const s = sessions.find((x) => x.termId === term.id && sessionOwnName(term.name, x.name) === p.session);
    if (!s) throw missing('session', `本县届次表中没有${p.term}${p.session}会议`, `the county's sessions table has no session ${p.session} of term ${p.term}`);
    if (s.heldOn === null) throw missing('sessionDate', `本县届次表中没有该次会议（${p.term}${p.session}会议）的日期`, `the county's sessions table has no date for session ${p.session} of term ${p.term}`);
    const next = earliest([...sessions.map((x) => x.heldOn), ...terms.map(startOf)], s.heldOn);
    return { from: s.heldOn, to: next ?? (end !== null && end > s.heldOn ? end : null) };
  }
  const from = startOf(term);
  if (from === null) throw missing('termStart', `本县届次表中没有${p.term}的会议日期或起始日期`, `the county's terms table has neither a start date nor a dated session for term ${p.term}`);
  const next = earliest(terms.filter((t) => t.id !== term.id).map(startOf), from);
  return { from, to: next ?? (end !== null && end > from ? end : null) };
}

/** The start of a day in the county's zone (UTC+8, no daylight saving in China). */
const dayStart = (d: string): Date => new Date(Date.parse(`${d}T00:00:00Z`) - 8 * 3600_000);
/** The end of a period not ended yet: the last year a period may name (period.ts: 2200). */
const OPEN_END = new Date(Date.UTC(2201, 0, 1) - 8 * 3600_000);

/** The instants the period starts (included) and ends (excluded). */
export function dateBounds(d: PeriodDates): { from: Date; to: Date } {
  return { from: dayStart(d.from), to: d.to === null ? OPEN_END : dayStart(d.to) };
}

/** The years counted in the period (from included, to excluded): those whose 1 July falls in it. */
export function yearsWithin(b: { from: Date; to: Date }): { from: number; to: number } {
  const first = (t: Date): number => {
    const y = new Date(t.getTime() + 8 * 3600_000).getUTCFullYear();
    return dayStart(`${String(y).padStart(4, '0')}-07-01`).getTime() >= t.getTime() ? y : y + 1;
  };
  return { from: first(b.from), to: first(b.to) };
}

/** The last day a period counts (YYYY-MM-DD; a period not ended: 9999-12-31), for tables whose rows carry a date. */
export function lastDay(d: PeriodDates): string {
  return d.to === null ? '9999-12-31' : new Date(Date.parse(`${d.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The dates in words, for a period's title: （2023年1月—2024年1月） / (Jan 2023 – Jan 2024); not ended: （2023年1月起） / (since Jan 2023). */
export function datesTitle(d: PeriodDates): { title: string; title_en: string } {
  const month = (day: string) => ({ y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)) });
  const en = (day: string) => `${MONTHS[month(day).m - 1] ?? ''} ${month(day).y}`;
  const zh = (day: string) => `${month(day).y}年${month(day).m}月`;
  if (d.to === null) return { title: `（${zh(d.from)}起）`, title_en: ` (since ${en(d.from)})` };
  const last = lastDay(d);
  return { title: `（${zh(d.from)}—${zh(last)}）`, title_en: ` (${en(d.from)} – ${en(last)})` };
}
