import { sql, type Kysely } from 'kysely';

/** Attachments (附件) uploaded with forms; forms keep {fileId, name}. At most a few MiB each. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table files (
    county_id text not null references regions(id),
    id text not null,
    name text not null,
    mime text not null,
    size int not null,
    content bytea not null,
    uploaded_by text,
    uploaded_at timestamptz not null,
    primary key (county_id, id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table files`.execute(db);
}
