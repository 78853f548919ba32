/**
 * The restore point of a completion that may be withdrawn (撤回, migration 036): written in
 * the completion's transaction just BEFORE its step is written, so the open tasks and pending
 * timers it copies are those before the completion; `seq` is the version the step is about to
 * write (the caller holds the instance row FOR UPDATE, so no other writer can take it). The
 * snapshot travels as a parameter (the one the step was computed from).
 *
 * Indexes: tasks and timers by (county_id, instance_id, …) (their unique keys' prefixes);
 * task_restore_points by its primary key.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface RestorePointInput {
  countyId: string;
  instanceId: string;
  seq: number;
  taskId: string;
  completedBy: string;
  snapshot: unknown;
  state: string;
  at: Date;
}

export async function insertRestorePoint(trx: Kysely<Database>, p: RestorePointInput): Promise<void> {
  await sql`
    insert into task_restore_points (county_id, instance_id, seq, task_id, completed_by, snapshot, state, open_task_ids, timers, at)
    values (${p.countyId}, ${p.instanceId}, ${p.seq}, ${p.taskId}, ${p.completedBy}, ${JSON.stringify(p.snapshot)}::jsonb, ${p.state},
      (select coalesce(jsonb_agg(t.id), '[]'::jsonb) from tasks t where t.county_id = ${p.countyId} and t.instance_id = ${p.instanceId} and t.status = 'open'),
      (select coalesce(jsonb_agg(jsonb_build_object('key', m.key, 'fire_at', m.fire_at, 'event', m.event)), '[]'::jsonb)
         from timers m where m.county_id = ${p.countyId} and m.instance_id = ${p.instanceId}),
      ${p.at.toISOString()}::timestamptz)
    on conflict (county_id, instance_id, seq) do nothing`.execute(trx);
}

/** A completion whose step turned out not restorable (it started another process, took a number…) keeps no restore point. */
export async function deleteRestorePoint(trx: Kysely<Database>, countyId: string, instanceId: string, seq: number): Promise<void> {
  await sql`delete from task_restore_points where county_id = ${countyId} and instance_id = ${instanceId} and seq = ${seq}`.execute(trx);
}
