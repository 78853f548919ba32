/**
 * Claiming a batch of pending outbox rows: the oldest `batch` unprocessed rows are locked
 * with FOR UPDATE SKIP LOCKED (another server process takes the next ones instead of
 * waiting) and marked processed in the same statement. The caller delivers them inside the
 * same transaction, so a delivery that throws rolls the mark back and the rows stay pending.
 *
 * Index: the partial index outbox_pending (id) where processed_at is null serves the claim
 * in id order; the update is by the primary key (id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface OutboxRow {
  id: number;
  county_id: string;
  instance_id: string | null;
  kind: string;
  payload: unknown;
}

/** In id order (RETURNING has none of its own). */
export async function claimOutbox(trx: Kysely<Database>, batch: number, now: Date): Promise<OutboxRow[]> {
  const rows = await sql<OutboxRow>`
    update outbox set processed_at = ${now}
    where id in (
      select id from outbox
      where processed_at is null order by id limit ${batch}
      for update skip locked
    )
    returning id, county_id, instance_id, kind, payload`.execute(trx);
  return rows.rows.map((r) => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id);
}
