/**
 * Forgets the failures of an account after a successful sign-in: deletes its keys (both ways
 * of naming it: with and without the county code). DELETE by the primary key
 * login_throttle_pkey.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function clearLoginAttempts(db: Kysely<Database>, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}
