/**
 * A signer added to a task (加签, migration 036). No lock of its own: the caller holds the
 * task's and instance's rows (read-task.ts FOR UPDATE). Index: the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface NewSigner {
  countyId: string;
  id: string;
  instanceId: string;
  taskId: string;
  signerId: string;
  addedBy: string;
  place: 'before' | 'after';
  /** `open` (before: the countersign task opens now) or `waiting` (after: it opens when the holder completes). */
  status: 'open' | 'waiting';
  countersignTaskId: string | null;
  reason: string | null;
  at: Date;
}

export async function insertTaskSigner(trx: Kysely<Database>, s: NewSigner): Promise<void> {
  await sql`
    insert into task_signers (county_id, id, instance_id, task_id, signer_id, added_by, place, status, countersign_task_id, reason, created_at)
    values (${s.countyId}, ${s.id}, ${s.instanceId}, ${s.taskId}, ${s.signerId}, ${s.addedBy}, ${s.place}, ${s.status}, ${s.countersignTaskId}, ${s.reason}, ${s.at.toISOString()}::timestamptz)`.execute(trx);
}
