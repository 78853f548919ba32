/**
 * Claiming due deliveries, graphile-worker style but with a lease instead of a held
 * transaction: the oldest-due pending rows are locked FOR UPDATE SKIP LOCKED (another server
 * takes the next ones instead of waiting) and their next_attempt_at is pushed `leaseMs` ahead
 * in the same statement, which commits at once. The send then happens outside any transaction
 * (a mail server may take seconds; holding a row lock and a pooled connection that long would
 * stall the other writers), and record-delivery.ts writes the outcome. A process that dies
 * mid-send leaves the row to be claimed again when the lease ends; the idempotency key lets
 * the receiver drop that second copy.
 *
 * Index: deliveries_due (next_attempt_at) where status = 'pending' serves the claim in due
 * order; the update is by the primary key.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ClaimedDelivery {
  id: number;
  county_id: string;
  outbox_id: number;
  user_id: string;
  channel: string;
  attempts: number;
  idempotency_key: string;
}

export async function claimDeliveries(db: Kysely<Database>, now: Date, leaseMs: number, batch: number): Promise<ClaimedDelivery[]> {
  const r = await sql<ClaimedDelivery>`
    update deliveries d set next_attempt_at = ${new Date(now.getTime() + leaseMs)}::timestamptz
    from (
      select id from deliveries
      where status = 'pending' and next_attempt_at <= ${now}::timestamptz
      order by next_attempt_at, id
      limit ${batch}
      for update skip locked
    ) due
    where d.id = due.id
    returning d.id, d.county_id, d.outbox_id, d.user_id, d.channel, d.attempts, d.idempotency_key`.execute(db);
  return r.rows.map((row) => ({ ...row, id: Number(row.id), outbox_id: Number(row.outbox_id) })).sort((a, b) => a.id - b.id);
}
