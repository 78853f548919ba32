/**
 * A county's overlay over the point rules (migration 020): read it, or save a new one with the
 * version + 1 (one upsert). Locking: the save's row lock (insert … on conflict do update) orders
 * two saves of one county; each gets its own version. Index: the primary key (county_id).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function readPointOverlay(db: Kysely<Database>, countyId: string): Promise<{ version: number; overlay: unknown } | undefined> {
  return db.selectFrom('point_rule_overlays').select(['version', 'overlay']).where('county_id', '=', countyId).executeTakeFirst();
}
