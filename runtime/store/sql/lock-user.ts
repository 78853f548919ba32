/**
 * Locks a user row for the rest of the transaction (SELECT … FOR UPDATE by the primary key
 * (county_id, id)) before a patch rewrites it and replaces its roles: two patches of one user
 * queue here, so one patch's role list is never mixed with another's. False when the county
 * has no such user.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function lockUser(trx: Kysely<Database>, countyId: string, userId: string): Promise<boolean> {
  const row = await trx.selectFrom('users').select('id').where('county_id', '=', countyId).where('id', '=', userId).forUpdate().executeTakeFirst();
  return row !== undefined;
}
