/**
 * A withdrawal reopens the tasks that were open before the completion and are closed now (the
 * withdrawn task itself, and any the completion cancelled beside it), keeping their ids; the
 * withdrawn task goes back to the one who completed it (claimed by them). The caller holds
 * the instance row (read-task.ts FOR UPDATE). Index: tasks by the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function reopenTasks(trx: Kysely<Database>, countyId: string, instanceId: string, ids: readonly string[], withdrawn: { taskId: string; holderId: string }): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update tasks set status = 'open', outcome = null, completed_by = null, closed_at = null,
      claimed_by = case when id = ${withdrawn.taskId} then ${withdrawn.holderId} else claimed_by end
    where county_id = ${countyId} and instance_id = ${instanceId} and status <> 'open'
      and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(trx);
}
