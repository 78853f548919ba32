/**
 * Drops every pending timer of one instance: when it is cancelled (cancel-children.ts, as one
 * part of its statement) and before a migration re-arms the timers of the new version
 * (instance-migration.ts). Both callers hold the instance row lock (FOR UPDATE), so no step
 * of the instance arms a timer meanwhile. A timer of the instance that the scheduler claims
 * at that very moment is row-locked by the claim, whose transaction then waits for this
 * instance's lock: PostgreSQL detects that deadlock (40P01) and aborts one side — the
 * scheduler's tick (the timer comes back and is claimed again later) or this caller's
 * transaction (CONFLICT, see runtime.ts). The window is one timer firing; no test provokes it.
 *
 * Index: the prefix (county_id, instance_id) of timers' unique key (county_id, instance_id, key).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';

/** The statement, to run alone or as a part of a larger one. */
export function instanceTimersDelete(countyId: string, instanceId: string): RawBuilder<unknown> {
  return sql`delete from timers where county_id = ${countyId} and instance_id = ${instanceId}`;
}

export async function dropInstanceTimers(trx: Kysely<Database>, countyId: string, instanceId: string): Promise<void> {
  await instanceTimersDelete(countyId, instanceId).execute(trx);
}
