/**
 * Cancels the ballot a process opened under `ballotKey` (a step's `cancelBallot` effect),
 * unless it is already closed: a closed ballot keeps its result.
 *
 * Locking: the UPDATE locks the ballot row; if a close holds it (FOR UPDATE), the cancel
 * waits and then re-checks the status, so a ballot is either counted or cancelled, never both
 * half-way. Index: ballots_instance (county_id, instance_id, ballot_key), unique where
 * instance_id is not null.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function cancelInstanceBallot(trx: Kysely<Database>, countyId: string, instanceId: string, ballotKey: string): Promise<void> {
  await trx
    .updateTable('ballots')
    .set({ status: 'cancelled' })
    .where('county_id', '=', countyId)
    .where('instance_id', '=', instanceId)
    .where('ballot_key', '=', ballotKey)
    .where('status', 'in', ['ready', 'open', 'counting'])
    .execute();
}
