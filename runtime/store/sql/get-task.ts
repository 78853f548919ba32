/**
 * One task with its instance's definition and title, by primary keys (tasks and instances,
 * both (county_id, id)). No lock: a read for the API; who may see it is decided on the row
 * (task-access.ts `maySeeTask`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { taskWithInstanceColumns, type TaskRow } from './task-row.ts';

export async function selectTask(db: Kysely<Database>, countyId: string, taskId: string): Promise<TaskRow | undefined> {
  const rows = await sql<TaskRow>`
    select ${taskWithInstanceColumns}
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and t.id = ${taskId}`.execute(db);
  return rows.rows[0];
}
