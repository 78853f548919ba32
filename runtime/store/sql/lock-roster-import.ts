/**
 * Serialises roster imports of one county: a transaction-level advisory lock on the key pair
 * (ROSTER_LOCK_KEY, hashtext(county_id)), released at commit or rollback. Two imports of one
 * county at once would both pass the username check; the second waits here and then sees
 * the first one's users as conflicts (row errors, not a 409). Imports of different counties
 * do not wait on each other (unless their hashtext collides, which only makes one wait).
 * No table row is locked and no index is used.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The first key of the pair; any constant no other advisory lock of the app uses. */
const ROSTER_LOCK_KEY = 72_654;

export async function lockRosterImport(trx: Kysely<Database>, countyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROSTER_LOCK_KEY}, hashtext(${countyId}))`.execute(trx);
}
