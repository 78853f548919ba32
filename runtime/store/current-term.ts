/**
 * The term and session a new suggestion's serial number is taken under (十八届一次-0001) come
 * from the county's terms table, not from a setting typed into the definition: the current
 * term is the one whose dates contain today (Asia/Shanghai), its current session the latest
 * one held by today, or its first session when none is held yet. When a new term is added
 * with its dates, new serial numbers follow it without anyone editing a setting.
 *
 * The definition's `currentTerm` / `currentSession` settings stay as the fallback only: for a
 * county whose terms table is empty or has no term containing today (and `currentSession`
 * when the current term has no session yet). A session whose name repeats its term
 * (`十八届一次`) gives its own part (`一次`), as the statistics periods read it (period.ts).
 */
import type { Kysely } from 'kysely';
import type { CompiledDefinition } from '../engine/index.ts';
import { localDate } from '../engine/index.ts';
import { sessionOwnName } from '../statistics/period-dates.ts';
import type { Database } from './schema.ts';
import { selectCurrentTermSessions, type TermSessionRow } from './sql/current-term.ts';

export interface CurrentTerm {
  termId: string;
  term: string;
  session: string | null;
}

/** Pure: the current term and session from the rows of selectCurrentTermSessions. */
export function pickCurrentTerm(rows: readonly TermSessionRow[], today: string): CurrentTerm | null {
  const first = rows[0];
  if (!first) return null;
  const sessions = rows.filter((r) => r.term_id === first.term_id && r.session !== null);
  const held = sessions.filter((r) => r.held_on !== null && r.held_on <= today);
  const chosen = held.at(-1) ?? sessions[0];
  return { termId: first.term_id, term: first.term, session: chosen?.session ? sessionOwnName(first.term, chosen.session) : null };
}

export async function currentTerm(db: Kysely<Database>, countyId: string, now: Date): Promise<CurrentTerm | null> {
  const today = localDate(now);
  return pickCurrentTerm(await selectCurrentTermSessions(db, countyId, today), today);
}

/**
 * The start input's `settings` for a process that numbers by term (its settings have
 * `currentTerm`): the package's settings with the current term and session laid over them;
 * `{}` for other processes (no query) and when the table has no current term.
 */
export async function termSettingsInput(db: Kysely<Database>, def: CompiledDefinition, countyId: string, now: Date): Promise<{ settings?: Record<string, unknown> }> {
  const settings = def.pkg.settings;
  if (!settings || !('currentTerm' in settings)) return {};
  const current = await currentTerm(db, countyId, now);
  if (!current) return {};
  return { settings: { ...settings, currentTerm: current.term, ...(current.session !== null ? { currentSession: current.session } : {}) } };
}
