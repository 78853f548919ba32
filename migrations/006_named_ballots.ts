import { sql, type Kysely } from 'kysely';

/**
 * Real-name ballots (记名测评, a county's choice for some evaluations): the ballot says it is
 * not secret, and the roll keeps each voter's marks. Secret ballots never fill that column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ballots add column secret boolean not null default true`.execute(db);
  await sql`alter table ballot_voters add column marks jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ballot_voters drop column marks`.execute(db);
  await sql`alter table ballots drop column secret`.execute(db);
}
