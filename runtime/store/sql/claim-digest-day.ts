/**
 * Claim a county's digest for one local day: the insert that succeeds is the one server that
 * writes that day's digest (in the same transaction); every other gets nothing back.
 * Locking: the primary key (county_id, day) — a concurrent insert of the same day waits for the
 * first transaction and then finds the conflict.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function claimDigestDay(trx: Kysely<Database>, countyId: string, day: string, recipients: number, now: Date): Promise<boolean> {
  const r = await sql`insert into notification_digests (county_id, day, recipients, created_at) values (${countyId}, ${day}::date, ${recipients}, ${now})
    on conflict do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}
