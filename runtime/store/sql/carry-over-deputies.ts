/**
 * A new term's roster from the previous one (届次换届): the active deputies of `fromTerm` move
 * to `toTerm` (the roster holds one row per deputy, keyed by the deputy's user, with the term
 * they serve). Deactivated deputies stay with the old term. Index: the primary key's prefix
 * (county_id) — a county has a few hundred deputies, read whole. Locking: the updated rows; a
 * second carry-over at the same time waits and then finds nothing left to move.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function carryOverDeputies(db: Kysely<Database>, countyId: string, fromTermId: string, toTermId: string): Promise<number> {
  const r = await db
    .updateTable('deputies')
    .set({ term_id: toTermId })
    .where('county_id', '=', countyId)
    .where('term_id', '=', fromTermId)
    .where('active', '=', true)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
