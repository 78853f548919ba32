/**
 * The signers added to a task, oldest first, with their names (and the adder's), for the
 * completion check (an open or waiting one stops or holds the completion), 加签 itself and the
 * task page. No lock: the callers that decide on it hold the task's row (read-task.ts FOR
 * UPDATE), and every change of a signer row is made under that same lock. Index:
 * task_signers_task (county_id, task_id); users by primary key.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SignerRow {
  id: string;
  task_id: string;
  signer_id: string;
  signer_name: string;
  added_by: string;
  added_by_name: string;
  place: 'before' | 'after';
  status: 'waiting' | 'open' | 'agreed' | 'disagreed' | 'cancelled';
  countersign_task_id: string | null;
  held: unknown;
  reason: string | null;
  opinion: string | null;
}

export async function taskSigners(db: Kysely<Database>, countyId: string, taskId: string): Promise<SignerRow[]> {
  const rows = await sql<SignerRow>`
    select s.id, s.task_id, s.signer_id, su.display_name as signer_name, s.added_by, au.display_name as added_by_name,
      s.place, s.status, s.countersign_task_id, s.held, s.reason, s.opinion
    from task_signers s
    join users su on su.county_id = s.county_id and su.id = s.signer_id
    join users au on au.county_id = s.county_id and au.id = s.added_by
    where s.county_id = ${countyId} and s.task_id = ${taskId}
    order by s.created_at, s.id`.execute(db);
  return rows.rows;
}

/** The signer row whose countersign task this is, if it is one (task_signers_countersign). */
export async function signerOfCountersign(db: Kysely<Database>, countyId: string, countersignTaskId: string): Promise<SignerRow | undefined> {
  const rows = await sql<SignerRow>`
    select s.id, s.task_id, s.signer_id, su.display_name as signer_name, s.added_by, au.display_name as added_by_name,
      s.place, s.status, s.countersign_task_id, s.held, s.reason, s.opinion
    from task_signers s
    join users su on su.county_id = s.county_id and su.id = s.signer_id
    join users au on au.county_id = s.county_id and au.id = s.added_by
    where s.county_id = ${countyId} and s.countersign_task_id = ${countersignTaskId}`.execute(db);
  return rows.rows[0];
}
