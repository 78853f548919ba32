/**
 * Saves a county's overlay over the point rules as its next version (1 for the first save).
 * Locking: insert … on conflict do update takes the county's row lock, so two saves get two
 * versions, never the same. Index: the primary key (county_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function savePointOverlay(db: Kysely<Database>, countyId: string, overlay: unknown, savedBy: string, at: Date): Promise<number> {
  const row = await sql<{ version: number }>`
    insert into point_rule_overlays (county_id, version, overlay, saved_by, saved_at)
    values (${countyId}, 1, ${JSON.stringify(overlay)}::jsonb, ${savedBy}, ${at})
    on conflict (county_id) do update set version = point_rule_overlays.version + 1, overlay = excluded.overlay, saved_by = excluded.saved_by, saved_at = excluded.saved_at
    returning version`.execute(db);
  return Number(row.rows[0]!.version);
}
