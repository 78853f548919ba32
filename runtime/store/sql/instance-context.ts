/**
 * Instances' contexts, read for tasks whose forms offer choices from them
 * (meta.task.choices, engine/task-choices.ts): one for a task's page, those of a whole task list
 * in one statement (listTasks: an inbox of 200 tasks of a process with choices read one per task
 * before, 177 statements for the staff inbox of a county in the 1M-instance scale bench). No
 * lock: a snapshot read for a view; completing the task checks the choices again against the
 * locked row.
 *
 * Index: the primary key of instances (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Context = Record<string, unknown>;

/** Each found instance's context by id (an instance not found is not in the map). */
export async function selectInstanceContexts(db: Kysely<Database>, countyId: string, ids: readonly string[]): Promise<Map<string, Context>> {
  const out = new Map<string, Context>();
  if (ids.length === 0) return out;
  const result = await sql<{ id: string; context: unknown }>`
    select id, snapshot->'machine'->'context' as context from instances where county_id = ${countyId} and id in (${sql.join([...ids])})`.execute(db);
  for (const row of result.rows) {
    const context = typeof row.context === 'string' ? JSON.parse(row.context) : row.context;
    out.set(row.id, context !== null && typeof context === 'object' ? (context as Context) : {});
  }
  return out;
}

/** One instance's context; {} when there is no such instance. */
export async function selectInstanceContext(db: Kysely<Database>, countyId: string, id: string): Promise<Context> {
  return (await selectInstanceContexts(db, countyId, [id])).get(id) ?? {};
}
