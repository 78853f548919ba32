/**
 * Which keys each process's statistics projection rows hold (statistics_projection_shapes,
 * migration 022), read on start to find the definitions whose rows must be written again.
 * No lock (read under the migration's advisory lock). Index: a scan of a table of a few rows.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectProjectionShapes(db: Kysely<Database>): Promise<Map<string, string>> {
  const r = await sql<{ definition_id: string; keys: unknown }>`select definition_id, keys from statistics_projection_shapes`.execute(db);
  return new Map(r.rows.map((row) => [row.definition_id, JSON.stringify(typeof row.keys === 'string' ? JSON.parse(row.keys) : row.keys)]));
}
