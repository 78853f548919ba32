/**
 * Gives back one reserved proof check (reserve-cast-check.ts) whose ballot held: the count
 * goes down by one and a lock goes when the count falls below the threshold. One UPDATE by the
 * primary key ballot_cast_throttle_pkey (row lock).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function releaseCastCheck(db: Kysely<Database>, key: { countyId: string; ballotId: string; deputyId: string }, threshold: number): Promise<void> {
  await sql`
    update ballot_cast_throttle set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${threshold} then null else locked_until end
    where county_id = ${key.countyId} and ballot_id = ${key.ballotId} and deputy_id = ${key.deputyId}`.execute(db);
}
