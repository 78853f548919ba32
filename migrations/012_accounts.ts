import { sql, type Kysely } from 'kysely';

/**
 * Accounts (issue 13, deliverable 2):
 *
 * - `users.token_version`: every bearer token carries the version it was issued under; a
 *   password change or reset, deactivation and logout add one, so every token
 *   issued before stops working (server/auth.ts).
 * - `login_throttle`: failed sign-ins per account name and per client address, shared by every
 *   server process (runtime/store/login-throttle.ts). `key` is a hash (no typed names or
 *   addresses in clear); `refused` records whether the last attempt met a running lock, so the
 *   one upsert that takes the row lock can tell its caller. Index: the purge deletes rows by
 *   `last_at`.
 * - The plain-text signing secret leaves the database: the embedded server keeps it in a file
 *   of DATA_DIR (mode 0600), a PostgreSQL deployment in TOKEN_SECRET (server/secret.ts). A new
 *   secret is made, not the old one copied: whoever could read the old row could mint tokens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users add column token_version integer not null default 0`.execute(db);
  await sql`create table login_throttle (
    key text primary key,
    failures integer not null,
    last_at timestamptz not null,
    locked_until timestamptz,
    refused boolean not null default false
  )`.execute(db);
  await sql`create index login_throttle_last on login_throttle (last_at)`.execute(db);
  await sql`delete from app_settings where key = 'token_secret'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_throttle`.execute(db);
  await sql`alter table users drop column token_version`.execute(db);
}
