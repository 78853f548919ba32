/**
 * Saves (inserts or replaces) one region's statistics-catalogue overlay, under the definition
 * id `metrics:<process>` of the overlays table. Locks the one row it writes (the upsert's row
 * lock); the primary key (region_id, definition_id) finds it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function upsertMetricsOverlay(db: Kysely<Database>, row: { regionId: string; processId: string; patch: unknown; by: string | null; at: Date }): Promise<void> {
  const patch = JSON.stringify(row.patch);
  await db
    .insertInto('overlays')
    .values({ region_id: row.regionId, definition_id: `metrics:${row.processId}`, patch, updated_by: row.by, updated_at: row.at })
    .onConflict((oc) => oc.columns(['region_id', 'definition_id']).doUpdateSet({ patch, updated_by: row.by, updated_at: row.at }))
    .execute();
}
