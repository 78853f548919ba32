import { sql, type Kysely } from 'kysely';

/** A ballot may be held for one term's deputies (届): its roll is then that term's roster only. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ballots add column term_id text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ballots drop column term_id`.execute(db);
}
