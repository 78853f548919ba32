/**
 * The period a figure covers, as one query parameter (`period=`), read and checked here for
 * the statistics and for the register's drill-down alike:
 * - `year:2026` — calendar year, by the suggestion's submission date in the county's zone;
 * - `session:十八届:一次` — 届次年度: suggestions registered under that term and session, i.e.
 *   from that session to the next (recess items carry the session current when registered);
 * - `term:十八届` — the whole term, named 十八届任期内 / Whole term 十八届 in the API, the pages,
 *   the exports and the report alike (periodTitle is the one home of these words).
 */
import { AppError } from '../errors.ts';
import { datesTitle, sessionOwnName, type PeriodDates } from './period-dates.ts';

export type Period =
  | { kind: 'year'; year: number }
  | { kind: 'session'; term: string; session: string }
  | { kind: 'term'; term: string };

const bad = (message: string): AppError => new AppError('INVALID_QUERY', `period: ${message}`, { parameter: 'period' });
const NAME = /^[^:\s\p{Cc}\p{Cf}]{1,20}$/u;

export function parsePeriod(value: string | undefined): Period {
  if (value === undefined || value.trim() === '') throw bad('required: year:<yyyy>, session:<term>:<session> or term:<term>');
  const parts = value.trim().split(':');
  const [kind] = parts;
  if (kind === 'year' && parts.length === 2 && /^\d{4}$/.test(parts[1] as string)) {
    const year = Number(parts[1]);
    if (year < 1949 || year > 2200) throw bad('a year from 1949 to 2200');
    return { kind: 'year', year };
  }
  if (kind === 'session' && parts.length === 3 && NAME.test(parts[1] as string) && NAME.test(parts[2] as string)) return { kind: 'session', term: parts[1] as string, session: parts[2] as string };
  if (kind === 'term' && parts.length === 2 && NAME.test(parts[1] as string)) return { kind: 'term', term: parts[1] as string };
  throw bad('year:<yyyy>, session:<term>:<session> or term:<term> (names without spaces, colons or control characters, at most 20 characters)');
}

export function periodParam(p: Period): string {
  return p.kind === 'year' ? `year:${p.year}` : p.kind === 'session' ? `session:${p.term}:${p.session}` : `term:${p.term}`;
}

/** The period in words; `dates` (a catalogue counting a session or term by the dates of the county's tables, period-dates.ts) adds them: 十八届一次会议以来（2023年1月—2024年1月）. */
export function periodTitle(p: Period, dates?: PeriodDates): { title: string; title_en: string } {
  if (p.kind === 'year') return { title: `${p.year}年`, title_en: String(p.year) };
  const words = p.kind === 'session' ? { title: `${p.term}${p.session}会议以来`, title_en: `Since session ${p.session} of term ${p.term}` } : { title: `${p.term}任期内`, title_en: `Whole term ${p.term}` };
  if (dates === undefined) return words;
  const d = datesTitle(dates);
  return { title: words.title + d.title, title_en: words.title_en + d.title_en };
}

/** The instants a calendar year of the zone starts and ends (UTC+8, no daylight saving in China). */
export function yearBounds(year: number): { from: Date; to: Date } {
  return { from: new Date(Date.UTC(year, 0, 1) - 8 * 3600_000), to: new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000) };
}

export interface PeriodChoice {
  param: string;
  kind: Period['kind'];
  title: string;
  title_en: string;
}

/**
 * The periods a statistics page offers, in words: the calendar years (those with suggestions
 * and the current one, newest first), then each term of the county's terms table (oldest
 * first) with each of its sessions (届次 × 次会议) and the whole term. A session's name in the
 * table may repeat its term (`十八届一次`): the period takes the session's own part (`一次`),
 * as the suggestion's context records it. Terms and sessions met only in the data (a county
 * that has not filled the tables) follow, each term with the sessions met in the data.
 */
export function periodChoices(input: {
  years: readonly number[];
  currentYear: number;
  terms: ReadonlyArray<{ id: string; name: string }>;
  sessions: ReadonlyArray<{ termId: string; name: string }>;
  dataTerms: readonly string[];
  dataSessions: readonly string[];
}): PeriodChoice[] {
  const out: PeriodChoice[] = [];
  const seen = new Set<string>();
  const add = (p: Period) => {
    const param = periodParam(p);
    if (seen.has(param)) return;
    seen.add(param);
    out.push({ param, kind: p.kind, ...periodTitle(p) });
  };
  const valid = (name: string) => NAME.test(name);
  for (const year of [...new Set([...input.years, input.currentYear])].sort((a, b) => b - a)) if (year >= 1949 && year <= 2200) add({ kind: 'year', year });
  const termNames = new Set<string>();
  for (const term of input.terms) {
    if (!valid(term.name)) continue;
    termNames.add(term.name);
    for (const s of input.sessions.filter((x) => x.termId === term.id)) {
      const own = sessionOwnName(term.name, s.name);
      if (valid(own)) add({ kind: 'session', term: term.name, session: own });
    }
    add({ kind: 'term', term: term.name });
  }
  for (const term of input.dataTerms) {
    if (!valid(term) || termNames.has(term)) continue;
    for (const session of input.dataSessions) if (valid(session)) add({ kind: 'session', term, session });
    add({ kind: 'term', term });
  }
  return out;
}
