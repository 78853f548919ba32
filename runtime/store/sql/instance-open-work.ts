/**
 * What is open on an instance now: its open tasks (id, key, who claimed it) and the keys of
 * its pending timers, in one statement. Read by the withdrawal under the instance row lock
 * (read-task.ts FOR UPDATE): a claimed task means the next holder has begun. Indexes: tasks
 * and timers by their (county_id, instance_id, key) unique keys' prefix.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface OpenWork {
  tasks: Array<{ id: string; key: string; claimed_by: string | null }>;
  timerKeys: string[];
}

export async function instanceOpenWork(trx: Kysely<Database>, countyId: string, instanceId: string): Promise<OpenWork> {
  const rows = await sql<{ tasks: unknown; timer_keys: unknown }>`
    select
      (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'key', t.key, 'claimed_by', t.claimed_by)), '[]'::jsonb)
         from tasks t where t.county_id = ${countyId} and t.instance_id = ${instanceId} and t.status = 'open') as tasks,
      (select coalesce(jsonb_agg(m.key), '[]'::jsonb) from timers m where m.county_id = ${countyId} and m.instance_id = ${instanceId}) as timer_keys`.execute(trx);
  const row = rows.rows[0];
  const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  return { tasks: (parse(row?.tasks) ?? []) as OpenWork['tasks'], timerKeys: (parse(row?.timer_keys) ?? []) as string[] };
}
