/**
 * The deputies who cast a vote in an instance's ballot (its `ballot_key`): the roll says who
 * voted, never how (ballot secrecy is untouched: the roll is not secret). Read in the step that
 * BALLOT_CLOSED causes, inside the closing transaction. Index: ballots_instance (county_id,
 * instance_id, ballot_key), then the roll's primary key prefix (county_id, ballot_id).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function ballotAttendees(trx: Kysely<Database>, countyId: string, instanceId: string, ballotKey: string | null): Promise<Array<{ ballotId: string; deputyId: string }>> {
  let q = trx
    .selectFrom('ballots as b')
    .innerJoin('ballot_voters as v', (j) => j.onRef('v.county_id', '=', 'b.county_id').onRef('v.ballot_id', '=', 'b.id'))
    .select(['b.id as ballotId', 'v.deputy_id as deputyId'])
    .where('b.county_id', '=', countyId)
    .where('b.instance_id', '=', instanceId)
    .where('v.voted', '=', true);
  q = ballotKey === null ? q.where('b.ballot_key', 'is', null) : q.where('b.ballot_key', '=', ballotKey);
  return q.orderBy('v.deputy_id').execute();
}
