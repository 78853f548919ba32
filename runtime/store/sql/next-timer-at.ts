/**
 * When the earliest timer of the whole store fires (null when there is none), so a simulated
 * clock can stop exactly there and fire it (runtime/scenario/, like the scheduler but without
 * polling). Over all counties, as `claimDueTimer` claims over all counties. No lock. Index:
 * timers_due (fire_at) answers min(fire_at) from its first entry.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function nextTimerAt(db: Kysely<Database>): Promise<Date | null> {
  const rows = await sql<{ at: Date | string | null }>`select min(fire_at) as at from timers`.execute(db);
  const at = rows.rows[0]?.at ?? null;
  return at === null ? null : new Date(at);
}
