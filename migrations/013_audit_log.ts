import { sql, type Kysely } from 'kysely';

/**
 * The audit log (审计日志): one row per security-relevant action (logins, role and password
 * changes, overlays, publishes, migrations, ballots opened and closed, exports), written by
 * runtime/store/audit.ts in the transaction of the action where it has one. Append-only: the
 * triggers below refuse UPDATE, DELETE and TRUNCATE for every role that does not own the table
 * or disable them, on PostgreSQL and PGlite alike (plpgsql is built into both).
 *
 * `id` is one identity for the whole table, so rows of a county are in the order they were
 * written; not gapless (a rolled-back action leaves a hole, which is what rollback means).
 * Names are copied at the time (`actor_name`, `target_name`): the log says who it was then,
 * even after a rename. `detail` holds ids and codes only, never form contents or passwords.
 *
 * Index: the primary key (county_id, id) serves the county admin's list, newest first, with a
 * cursor (`id < $cursor`); filters by action, actor and date are applied on that range (a
 * county writes a few hundred rows a day, so a year is ~10^5 rows: a page is a short scan).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_log (
    county_id text not null references regions(id),
    id bigint generated always as identity,
    at timestamptz not null,
    actor_id text,
    actor_name text,
    action text not null,
    target_kind text,
    target_id text,
    target_name text,
    address text,
    detail jsonb,
    primary key (county_id, id)
  )`.execute(db);
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = '42501';
    end
  $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
  await sql`drop function audit_log_append_only()`.execute(db);
}
