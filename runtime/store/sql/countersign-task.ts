/**
 * The countersign task of an added signer (加签): a row of `tasks`, so the signer's inbox
 * (list-tasks.ts) and the task page show it like any task, assigned to the signer, with no
 * outcomes of the machine (it is answered through task-return.ts, never completed by a step).
 * The caller holds the instance row (read-task.ts FOR UPDATE). Index: tasks (county_id,
 * instance_id, key) unique for the insert; the primary key for the close.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CountersignTask {
  countyId: string;
  id: string;
  instanceId: string;
  key: string;
  stateId: string;
  role: string;
  assigneeId: string;
  title: string;
  title_en: string;
  at: Date;
}

export async function insertCountersignTask(trx: Kysely<Database>, t: CountersignTask): Promise<void> {
  await sql`
    insert into tasks (county_id, id, instance_id, key, state_id, role, assignee_id, unit_id, item, title, title_en, outcomes, status, created_at)
    values (${t.countyId}, ${t.id}, ${t.instanceId}, ${t.key}, ${t.stateId}, ${t.role}, ${t.assigneeId}, null, null, ${t.title}, ${t.title_en}, '{}'::jsonb, 'open', ${t.at.toISOString()}::timestamptz)`.execute(trx);
}

/** Close it: answered (completed, with AGREE or DISAGREE) or cancelled with the holder's task. Only while open. */
export async function closeCountersignTask(trx: Kysely<Database>, countyId: string, id: string, close: { status: 'completed' | 'cancelled'; outcome: string | null; by: string | null; at: Date }): Promise<void> {
  await sql`
    update tasks set status = ${close.status}, outcome = ${close.outcome}, completed_by = ${close.by}, closed_at = ${close.at.toISOString()}::timestamptz
    where county_id = ${countyId} and id = ${id} and status = 'open'`.execute(trx);
}
