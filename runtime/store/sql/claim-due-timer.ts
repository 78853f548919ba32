/**
 * Claiming a due timer, graphile-worker style: the earliest timer whose fire_at has passed is
 * locked with FOR UPDATE SKIP LOCKED and deleted in the same statement, inside the
 * transaction that then locks its instance and applies the event (scheduler.ts). Every server
 * process runs the loop; SKIP LOCKED lets each take a different timer instead of queueing on
 * the first, and because the delete commits with the step, a timer fires exactly once across
 * processes and restarts (a rollback puts the row back).
 *
 * Index: timers_due (fire_at) serves `fire_at <= now order by fire_at limit 1`; the delete
 * is by the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TimerRow {
  county_id: string;
  id: string;
  instance_id: string;
  key: string;
  event: unknown;
}

/** The claimed (and, until the transaction commits, deleted) timer; undefined when none is free and due. */
export async function claimDueTimer(trx: Kysely<Database>, now: Date): Promise<TimerRow | undefined> {
  const claimed = await sql<TimerRow>`
    delete from timers t
    using (
      select county_id, id from timers
      where fire_at <= ${now}
      order by fire_at
      limit 1
      for update skip locked
    ) due
    where t.county_id = due.county_id and t.id = due.id
    returning t.county_id, t.id, t.instance_id, t.key, t.event`.execute(trx);
  return claimed.rows[0];
}

/**
 * A timer whose event cannot be applied (its claim rolled back) is dropped and reported in
 * the outbox (`timer_failed`) in one statement, instead of failing on every tick forever.
 * Locking: the delete takes the timer row by its primary key; a process that claimed it
 * meanwhile makes this wait, and then the delete finds nothing and the report is still written.
 */
export async function dropFailedTimer(db: Kysely<Database>, timer: TimerRow, error: string, now: Date): Promise<void> {
  await sql`
    with dropped as (delete from timers where county_id = ${timer.county_id} and id = ${timer.id})
    insert into outbox (county_id, instance_id, kind, payload, created_at)
    values (${timer.county_id}, ${timer.instance_id}, 'timer_failed', ${JSON.stringify({ key: timer.key, error })}::jsonb, ${now})`.execute(db);
}
