import { sql, type Kysely } from 'kysely';

/**
 * A deputy's 履职档案 lists the ballots they attended (runtime/store/sql/deputy-archive-ballots.ts):
 * the roll's primary key (county_id, ballot_id, deputy_id) cannot find one deputy's rows without
 * reading the whole county's roll, so this index leads with the deputy. Only rows that voted:
 * the archive never asks for the others. The roll says who voted, never how (ballot secrecy is
 * untouched).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index ballot_voters_deputy on ballot_voters (county_id, deputy_id) where voted`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ballot_voters_deputy`.execute(db);
}
