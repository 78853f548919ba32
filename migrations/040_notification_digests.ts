import { sql, type Kysely } from 'kysely';

/**
 * The daily digest of 催办 (runtime/store/digest.ts): one row per county and local day it was
 * made for. The scheduler of every server tries to insert the day's row; the primary key lets
 * exactly one of them win, and that one writes the day's digest notices in the same
 * transaction, so each person gets one digest a day however many servers run. Read only by
 * the primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notification_digests (
    county_id text not null,
    day date not null,
    recipients integer not null,
    created_at timestamptz not null,
    primary key (county_id, day)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notification_digests`.execute(db);
}
