/**
 * Forgets a ballot's counts of invalid casts when it stops taking casts (close, in the closing
 * transaction): nobody can cast any more, and the rows would only say who once sent a bad
 * ballot. DELETE by the prefix (county_id, ballot_id) of ballot_cast_throttle_pkey.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function clearCastThrottle(trx: Kysely<Database>, countyId: string, ballotId: string): Promise<void> {
  await sql`delete from ballot_cast_throttle where county_id = ${countyId} and ballot_id = ${ballotId}`.execute(trx);
}
