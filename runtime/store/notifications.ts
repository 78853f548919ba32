/**
 * What the engine told a user (抄送我): `notify` effects are outbox rows addressed to a user,
 * a unit or a role. A user sees those naming them, their unit, or one of their roles with no
 * narrower addressee. Newest first, by the partial index outbox_notifications (county, id desc).
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../engine/index.ts';
import type { Database } from './schema.ts';

export interface NotificationView {
  id: number;
  instanceId: string | null;
  instanceTitle: string | null;
  message: string;
  message_en: string | null;
  at: string;
}

export async function listNotifications(db: Kysely<Database>, countyId: string, actor: Actor, limit = 100): Promise<NotificationView[]> {
  const roles = actor.roles.length > 0 ? actor.roles : ['-'];
  const rows = await sql<{ id: number; instance_id: string | null; title: string | null; payload: { message?: string; message_en?: string }; created_at: Date }>`
    select o.id, o.instance_id, i.title, o.payload, o.created_at
    from outbox o left join instances i on i.county_id = o.county_id and i.id = o.instance_id
    where o.county_id = ${countyId} and o.kind = 'notify'
      and (o.payload -> 'to' ->> 'userId' = ${actor.id}
        or (${actor.unitId ?? null}::text is not null and o.payload -> 'to' ->> 'unitId' = ${actor.unitId ?? null})
        or (o.payload -> 'to' ->> 'userId' is null and o.payload -> 'to' ->> 'unitId' is null and o.payload -> 'to' ->> 'role' in (${sql.join(roles)})))
    order by o.id desc
    limit ${Math.min(Math.max(limit, 1), 500)}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    instanceId: r.instance_id,
    instanceTitle: r.title,
    message: r.payload.message ?? '',
    message_en: r.payload.message_en ?? null,
    at: new Date(r.created_at).toISOString(),
  }));
}
