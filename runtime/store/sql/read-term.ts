/**
 * One term (届) of a county by its primary key (county_id, id): for the roster import and a
 * session's dates (roster.ts) and for a ballot held among one term's deputies
 * (ballot-creation.ts). No lock: a term is never deleted, so a term found is still there when
 * the caller's write refers to it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TermRow {
  id: string;
  name: string;
  starts_on: string | null;
  ends_on: string | null;
}

export async function selectTerm(db: Kysely<Database>, countyId: string, termId: string): Promise<TermRow | undefined> {
  return db.selectFrom('terms').select(['id', 'name', 'starts_on', 'ends_on']).where('county_id', '=', countyId).where('id', '=', termId).executeTakeFirst();
}
