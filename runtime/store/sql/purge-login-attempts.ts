/**
 * Deletes throttle rows with no failure since `before` (a lock never outlasts its last failure
 * by more than the cap, an hour, so such a row is stale). A range on the index
 * login_throttle_last; no row of a running attempt is touched.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function purgeLoginAttempts(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('login_throttle').where('last_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
