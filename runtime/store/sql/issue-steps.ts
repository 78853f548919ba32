/**
 * The events of one issue, oldest first, for the citizen's progress page: type and time only
 * (never the data, which may name the unit's staff). Index: instance_events' primary key
 * (county_id, instance_id, seq). No lock.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectIssueSteps(db: Kysely<Database>, countyId: string, instanceId: string): Promise<Array<{ type: string; at: Date | string }>> {
  return db
    .selectFrom('instance_events')
    .select(['type', 'at'])
    .where('county_id', '=', countyId)
    .where('instance_id', '=', instanceId)
    .orderBy('seq')
    .limit(200)
    .execute();
}
