/**
 * Gives back one reserved attempt of a key (a client address whose sign-in succeeded, or one
 * refused by the account's lock): the count goes down by one and a lock goes when the count
 * falls below the threshold. One UPDATE by the primary key login_throttle_pkey (row lock).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function releaseLoginAttempt(db: Kysely<Database>, key: string, threshold: number): Promise<void> {
  await sql`
    update login_throttle set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${threshold} then null else locked_until end
    where key = ${key}`.execute(db);
}
