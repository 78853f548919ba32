/**
 * The last restore point of a task (its latest completion that may be withdrawn), read under
 * the task's and instance's row locks (read-task.ts FOR UPDATE) by the withdrawal. Index:
 * task_restore_points_task (county_id, task_id, seq), read backwards for the last.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface RestorePointRow {
  seq: number;
  task_id: string;
  completed_by: string;
  snapshot: unknown;
  state: string;
  open_task_ids: unknown;
  timers: unknown;
}

export async function lastRestorePoint(trx: Kysely<Database>, countyId: string, taskId: string): Promise<RestorePointRow | undefined> {
  const rows = await sql<RestorePointRow>`
    select seq, task_id, completed_by, snapshot, state, open_task_ids, timers from task_restore_points
    where county_id = ${countyId} and task_id = ${taskId}
    order by seq desc limit 1`.execute(trx);
  const row = rows.rows[0];
  return row ? { ...row, seq: Number(row.seq) } : undefined;
}
