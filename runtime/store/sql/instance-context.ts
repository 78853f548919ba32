/**
 * One instance's context, read for a task whose form offers choices from it
 * (meta.task.choices, engine/task-choices.ts). No lock: a snapshot read for a view; completing
 * the task checks the choices again against the locked row.
 *
 * Index: the primary key of instances (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectInstanceContext(db: Kysely<Database>, countyId: string, id: string): Promise<Record<string, unknown>> {
  const result = await sql<{ context: unknown }>`
    select snapshot->'machine'->'context' as context from instances where county_id = ${countyId} and id = ${id}`.execute(db);
  const raw = result.rows[0]?.context;
  const context = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return context !== null && typeof context === 'object' ? (context as Record<string, unknown>) : {};
}
