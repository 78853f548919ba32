/**
 * The outcome of one claimed delivery (claim-deliveries.ts), by primary key, each one
 * statement and guarded by `status = 'pending'` so an outcome never overwrites a row an admin
 * has meanwhile changed:
 * - delivered: status 'delivered', one more attempt counted;
 * - failed: one more attempt and its error; 'dead' once `maxAttempts` are spent, else pending
 *   again at `retryAt` (the backoff, delivery-settings.ts retryDelayMs);
 * - postponed (quiet hours): pending again at `until`, no attempt counted.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function recordDelivered(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await sql`update deliveries set status = 'delivered', attempts = attempts + 1, delivered_at = ${now}, last_attempt_at = ${now}
    where id = ${id} and status = 'pending'`.execute(db);
}

export async function recordFailure(db: Kysely<Database>, id: number, failure: { code: string; detail: string | null }, now: Date, retryAt: Date, maxAttempts: number): Promise<'dead' | 'pending'> {
  const r = await sql<{ status: string }>`
    update deliveries set attempts = attempts + 1, last_error_code = ${failure.code}, last_error_detail = ${failure.detail}, last_attempt_at = ${now},
      status = case when attempts + 1 >= ${maxAttempts} then 'dead' else 'pending' end,
      next_attempt_at = ${retryAt}
    where id = ${id} and status = 'pending'
    returning status`.execute(db);
  return r.rows[0]?.status === 'dead' ? 'dead' : 'pending';
}

export async function postponeDelivery(db: Kysely<Database>, id: number, until: Date): Promise<void> {
  await sql`update deliveries set next_attempt_at = ${until} where id = ${id} and status = 'pending'`.execute(db);
}
