/**
 * The county's current term (届) and its sessions, in one round trip: the term whose dates
 * contain `today` (an open start or end counts as containing it; of several, the latest
 * started), with each of its sessions (one row per session; a term without sessions gives one
 * row with a null session). Read when a process with a `currentTerm` setting starts
 * (current-term.ts). Index: the primary keys of terms (county_id, id) and sessions
 * (county_id, id) by county — a county has a handful of terms and a few sessions a term. No
 * lock: terms and sessions are never deleted.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TermSessionRow {
  term_id: string;
  term: string;
  session: string | null;
  held_on: string | null;
}

export async function selectCurrentTermSessions(db: Kysely<Database>, countyId: string, today: string): Promise<TermSessionRow[]> {
  const r = await sql<TermSessionRow>`
    select t.id as term_id, t.name as term, s.name as session, s.held_on
    from terms t
    left join sessions s on s.county_id = t.county_id and s.term_id = t.id
    where t.county_id = ${countyId}
      and (t.starts_on is null or t.starts_on <= ${today})
      and (t.ends_on is null or t.ends_on >= ${today})
    order by t.starts_on desc nulls last, t.id desc, s.held_on nulls last, s.id`.execute(db);
  return r.rows;
}
