import { sql, type Kysely } from 'kysely';

/** 抄送我 reads a county's notifications newest first (GET /api/notifications). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index outbox_notifications on outbox (county_id, id desc) where kind = 'notify'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index outbox_notifications`.execute(db);
}
