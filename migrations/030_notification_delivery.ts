import { sql, type Kysely } from 'kysely';

/**
 * Notifications that leave the building (issue 16 item 4): each `notify` outbox row becomes one
 * `deliveries` row per recipient and outside channel (email, the county's SMS/WeChat gateway
 * webhook); the in-app channel stays the outbox row itself (抄送我, notifications.ts).
 *
 * - `notification_settings`: one row per county — the SMTP server, the gateway's URL and
 *   secret, and the retry rule (runtime/store/delivery-settings.ts gives each its words).
 * - `notification_preferences`: one row per user who set any — their address per channel, the
 *   channels they want, and quiet hours (local HH:MM, Asia/Shanghai).
 * - `deliveries`: the work queue. `deliveries_due` serves the worker's claim (pending rows by
 *   next_attempt_at, FOR UPDATE SKIP LOCKED); `deliveries_dead` the admin's dead-letter list
 *   (a county's, newest first). The idempotency key is unique: a gateway receiving the same key
 *   twice (a retry after a lost answer) knows it is the same message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notification_settings (
    county_id text primary key,
    settings jsonb not null,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create table notification_preferences (
    county_id text not null,
    user_id text not null,
    email text,
    phone text,
    channels jsonb not null,
    quiet_start text,
    quiet_end text,
    updated_at timestamptz not null,
    primary key (county_id, user_id)
  )`.execute(db);
  await sql`create table deliveries (
    id bigserial primary key,
    county_id text not null,
    outbox_id bigint not null,
    user_id text not null,
    channel text not null,
    status text not null,
    attempts int not null default 0,
    next_attempt_at timestamptz not null,
    last_error_code text,
    last_error_detail text,
    last_attempt_at timestamptz,
    delivered_at timestamptz,
    created_at timestamptz not null,
    idempotency_key text not null unique,
    unique (outbox_id, user_id, channel)
  )`.execute(db);
  await sql`create index deliveries_due on deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index deliveries_dead on deliveries (county_id, id desc) where status = 'dead'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table deliveries`.execute(db);
  await sql`drop table notification_preferences`.execute(db);
  await sql`drop table notification_settings`.execute(db);
}
