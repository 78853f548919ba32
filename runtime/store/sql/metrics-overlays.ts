/**
 * The statistics-catalogue overlays (RFC 7396 merge patches) of a chain of regions, kept in
 * the overlays table under the definition id `metrics:<process>` beside the process overlays.
 * No lock (a read). Index: the primary key (region_id, definition_id).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectMetricsOverlays(db: Kysely<Database>, regionIds: readonly string[], processId: string): Promise<Map<string, unknown>> {
  if (regionIds.length === 0) return new Map();
  const rows = await db.selectFrom('overlays').select(['region_id', 'patch']).where('region_id', 'in', [...regionIds]).where('definition_id', '=', `metrics:${processId}`).execute();
  return new Map(rows.map((r) => [r.region_id, r.patch]));
}
