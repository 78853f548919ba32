/**
 * Moves an open task's due date (a deadline counted again on a new calendar,
 * deadline-recount.ts), only while the task is open and due when it was read to. The instance
 * snapshot's copy of the task keeps the date it was first given: the due date people read,
 * the register's 期限 and the overdue flag come from this row and the task's timers.
 * Row lock: the updated row only.
 *
 * Index: tasks' unique key (county_id, instance_id, key).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function moveTaskDue(trx: Kysely<Database>, countyId: string, instanceId: string, key: string, from: string, to: string): Promise<boolean> {
  const r = await sql`update tasks set due_at = ${to} where county_id = ${countyId} and instance_id = ${instanceId} and key = ${key} and status = 'open' and due_at = ${from}`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}
