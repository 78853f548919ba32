/**
 * The tellers (监票人) of a ballot: who they are, their public key share and its proof, and
 * their partial decryption. Every statement reads or writes one range of ballot_tellers'
 * primary key (county_id, ballot_id, user_id). Writers run inside a transaction that holds the
 * ballot row (readBallot 'update'), so the tellers cannot change while a ballot opens or closes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface TellerRow {
  ballot_id: string;
  user_id: string;
  display_name: string;
  public_key: string | null;
  key_proof: unknown;
  decryption: unknown;
}

/** The tellers of some ballots, by ballot then user id (the order of shares in a decryption). No lock. Join: users by primary key. */
export async function selectTellers(db: Kysely<Database>, countyId: string, ballotIds: string[]): Promise<TellerRow[]> {
  if (ballotIds.length === 0) return [];
  const rows = await sql<TellerRow>`
    select t.ballot_id, t.user_id, u.display_name, t.public_key, t.key_proof, t.decryption
    from ballot_tellers t join users u on u.county_id = t.county_id and u.id = t.user_id
    where t.county_id = ${countyId} and t.ballot_id in (${sql.join(ballotIds)})
    order by t.ballot_id, t.user_id`.execute(db);
  return rows.rows;
}

/** Which of the ids are users of the county (tellers must be). Index: users' primary key. */
export async function selectCountyUserIds(db: Kysely<Database>, countyId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('county_id', '=', countyId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Removes the tellers not in `keep`, with their keys (PUT /tellers, ready only). */
export async function deleteTellersNotIn(trx: Kysely<Database>, countyId: string, ballotId: string, keep: string[]): Promise<void> {
  let q = trx.deleteFrom('ballot_tellers').where('county_id', '=', countyId).where('ballot_id', '=', ballotId);
  if (keep.length > 0) q = q.where('user_id', 'not in', keep);
  await q.execute();
}

/** Adds tellers; one already there keeps their key. */
export async function insertTellers(trx: Kysely<Database>, countyId: string, ballotId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .insertInto('ballot_tellers')
    .values(userIds.map((user_id) => ({ county_id: countyId, ballot_id: ballotId, user_id })))
    .onConflict((oc) => oc.columns(['county_id', 'ballot_id', 'user_id']).doNothing())
    .execute();
}

/** A teller's key share (replacing an earlier one). False when the user is not a teller of the ballot. */
export async function setTellerKey(trx: Kysely<Database>, countyId: string, ballotId: string, userId: string, key: { publicKey: string; proof: unknown }): Promise<boolean> {
  const r = await trx
    .updateTable('ballot_tellers')
    .set({ public_key: key.publicKey, key_proof: JSON.stringify(key.proof) })
    .where('county_id', '=', countyId)
    .where('ballot_id', '=', ballotId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A teller's partial decryption of the aggregate (checked by the caller). */
export async function setDecryption(trx: Kysely<Database>, countyId: string, ballotId: string, userId: string, decryption: unknown): Promise<void> {
  await trx
    .updateTable('ballot_tellers')
    .set({ decryption: JSON.stringify(decryption) })
    .where('county_id', '=', countyId)
    .where('ballot_id', '=', ballotId)
    .where('user_id', '=', userId)
    .execute();
}
