/**
 * Moves one pending timer to a new fire time (a deadline counted again on a new calendar,
 * deadline-recount.ts), only while it still fires when it was read to: a step that re-armed or
 * fired it meanwhile wins, and 0 rows change. Row lock: the updated row only.
 *
 * Index: timers' unique key (county_id, instance_id, key).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function moveTimer(trx: Kysely<Database>, countyId: string, instanceId: string, key: string, from: string, to: string): Promise<boolean> {
  const r = await sql`update timers set fire_at = ${to} where county_id = ${countyId} and instance_id = ${instanceId} and key = ${key} and fire_at = ${from}`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}
