/**
 * Several `notify` outbox rows at once, each to one user (the daily digest): drained by the
 * scheduler like the engine's own notices, so they reach the in-app list (抄送我) and each
 * person's outside channels (enqueue-deliveries.ts). No index beyond the outbox's own.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function insertNotices(trx: Kysely<Database>, countyId: string, notices: readonly { userId: string; message: string; message_en: string }[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  const payloads = notices.map((n) => ({ to: { userId: n.userId }, message: n.message, message_en: n.message_en }));
  await sql`insert into outbox (county_id, instance_id, kind, payload, created_at)
    select ${countyId}, null, 'notify', p.value, ${now} from jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) with ordinality as p(value, n) order by p.n`.execute(trx);
}
