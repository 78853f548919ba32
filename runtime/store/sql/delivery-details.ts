/**
 * What the worker needs to send claimed deliveries: the message (outbox payload), the
 * recipient's name and preferences (address, quiet hours). One statement for the batch.
 * Indexes: primary keys of outbox, users and notification_preferences.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface DeliveryDetails {
  id: number;
  message: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
}

export async function deliveryDetails(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, DeliveryDetails>> {
  if (ids.length === 0) return new Map();
  const r = await sql<DeliveryDetails>`
    select d.id, coalesce(o.payload ->> 'message', '') as message, u.display_name, p.email, p.phone, p.quiet_start, p.quiet_end
    from deliveries d
    join outbox o on o.id = d.outbox_id
    join users u on u.county_id = d.county_id and u.id = d.user_id
    left join notification_preferences p on p.county_id = d.county_id and p.user_id = d.user_id
    where d.id in (select x::bigint from jsonb_array_elements_text(${JSON.stringify(ids.map(String))}::jsonb) as t(x))`.execute(db);
  return new Map(r.rows.map((row) => [Number(row.id), { ...row, id: Number(row.id) }]));
}
