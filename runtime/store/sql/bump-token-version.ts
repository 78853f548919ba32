/**
 * Adds one to a user's token_version, so every token issued before stops working (password
 * change or reset, deactivation, role change, logout). One UPDATE by the primary key
 * (county_id, id), which row-locks the user; in the caller's transaction when given one.
 * Undefined when the county has no such user.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function bumpTokenVersion(db: Kysely<Database>, countyId: string, userId: string): Promise<number | undefined> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
    .where('county_id', '=', countyId)
    .where('id', '=', userId)
    .returning('token_version')
    .executeTakeFirst();
  return row?.token_version;
}
