/**
 * The dates of a 届次年度 or a term for a catalogue that counts them by dates (its instances
 * carry a date or a year, no term or session; the deputies' points carry a date): read from the
 * county's terms and sessions tables (roster.ts), placed by runtime/statistics/period-dates.ts.
 * Undefined for a calendar year and for a catalogue that reads the term and session from its
 * instances (代表建议). Two small reads of the county's rows (terms and sessions primary keys,
 * a dozen rows a county); no lock.
 */
import type { Kysely } from 'kysely';
import { periodFactsOf, type Catalogue } from '../statistics/catalogue.ts';
import { periodDates, type PeriodDates } from '../statistics/period-dates.ts';
import type { Period } from '../statistics/period.ts';
import { listSessions, listTerms } from './roster.ts';
import type { Database } from './schema.ts';

/** Whether the catalogue places this period by the tables' dates (no term/session facts for it). */
export function countsByDates(cat: Pick<Catalogue, 'period' | 'source'>, period: Period): boolean {
  if (period.kind === 'year') return false;
  if (cat.source === 'point-entries') return true;
  const pf = periodFactsOf(cat);
  return pf.term === undefined || (period.kind === 'session' && pf.session === undefined);
}

export async function cataloguePeriod(db: Kysely<Database>, countyId: string, cat: Pick<Catalogue, 'period' | 'source'>, period: Period): Promise<PeriodDates | undefined> {
  if (period.kind === 'year' || !countsByDates(cat, period)) return undefined;
  const [terms, sessions] = await Promise.all([listTerms(db, countyId), listSessions(db, countyId)]);
  return periodDates(period, terms, sessions);
}
