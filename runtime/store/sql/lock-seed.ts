/**
 * Serialises seeding: a transaction-level advisory lock on one key shared by the demo seed
 * (seed.ts) and the county examples (county-examples.ts), so two servers starting on an empty
 * PostgreSQL seed once and the two seeds never run at the same time. Released at commit or
 * rollback; no table row is locked and no index is used.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const SEED_LOCK_KEY = 7_265_401_338;

export async function lockSeed(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(trx);
}
