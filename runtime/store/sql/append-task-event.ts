/**
 * One history entry of a task action that moves no state (退回's own entry before its step,
 * 加签, a countersign opinion, a held completion): the instance's version + 1 and its
 * instance_events row at seq = the new version, so the history stays gapless and any
 * optimistic writer computing from the old version loses (step-write.ts re-checks it).
 *
 * Locking: called in a transaction that holds the instance row (read-task.ts FOR UPDATE or
 * lock-instance.ts); the UPDATE is guarded by the version read, so a lost update writes
 * nothing and answers undefined. Index: instances by its primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TaskEventRow {
  countyId: string;
  instanceId: string;
  fromVersion: number;
  type: string;
  actorId: string;
  at: Date;
  data: Record<string, unknown>;
}

/** The new version, or undefined when the instance was not at `fromVersion`. */
export async function appendTaskEvent(trx: Kysely<Database>, e: TaskEventRow): Promise<number | undefined> {
  const at = e.at.toISOString();
  const rows = await sql<{ seq: number }>`
    with upd as (
      update instances set version = version + 1, updated_at = ${at}::timestamptz
      where county_id = ${e.countyId} and id = ${e.instanceId} and version = ${e.fromVersion}
      returning version, state
    )
    insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
    select ${e.countyId}, ${e.instanceId}, upd.version, ${e.type}, ${e.actorId}, ${at}::timestamptz, ${JSON.stringify({ data: e.data })}::jsonb, upd.state, upd.state
    from upd
    returning seq`.execute(trx);
  const row = rows.rows[0];
  return row ? Number(row.seq) : undefined;
}
