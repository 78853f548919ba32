import { sql, type Kysely } from 'kysely';

/** Process packages added through the API by integrators (files in definitions/ need no row). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table api_definitions (
    definition_id text primary key,
    hash text not null references definitions(hash),
    added_by text,
    added_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_definitions`.execute(db);
}
