/**
 * The periods a statistics page offers (GET /api/statistics/suggestion/periods), in the words
 * the figures carry (runtime/statistics/period.ts): the years met in the process's data and the
 * current one, each term of the county's terms table with each of its sessions, and terms and
 * sessions met only in the data.
 */
import type { Kysely } from 'kysely';
import { periodChoices, type PeriodChoice } from '../statistics/period.ts';
import { readRegisterOptions } from './register.ts';
import { listSessions, listTerms } from './roster.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';

export async function readPeriodChoices(db: Kysely<Database>, rt: Runtime, countyId: string, processId: string): Promise<PeriodChoice[]> {
  const [data, terms, sessions] = await Promise.all([readRegisterOptions(db, rt, countyId, processId, 'zh'), listTerms(db, countyId), listSessions(db, countyId)]);
  // The current year in the county's zone (UTC+8).
  const currentYear = new Date(rt.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  return periodChoices({
    years: data.years.map((y) => Number(y.value)).filter((y) => Number.isInteger(y)),
    currentYear,
    terms,
    sessions,
    dataTerms: data.terms.map((t) => t.value),
    dataSessions: data.sessions.map((s) => s.value),
  });
}
