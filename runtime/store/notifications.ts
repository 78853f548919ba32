/**
 * What the engine told a user (抄送我): `notify` effects are outbox rows addressed to a user,
 * a unit or a role. A user sees those naming them, their unit, or one of their roles with no
 * narrower addressee. Newest first, by the partial index outbox_notifications (county, id desc).
 * Each names its addressee in words (a unit's or user's name, or the role), never by id: the
 * user and the unit are read by primary key (county_id, id) per row shown (at most `limit`).
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
  /** Whom it was addressed to: a user's or a unit's name (null when addressed to a role). */
  toName: string | null;
  toNameEn: string | null;
  /** The role it was addressed to, when it named no user or unit. */
  toRole: string | null;
  /** Addressed to the caller's unit (or role), not to the caller by name. */
  toUnit: boolean;
}

export async function listNotifications(db: Kysely<Database>, countyId: string, actor: Actor, limit = 100): Promise<NotificationView[]> {
  const roles = actor.roles.length > 0 ? actor.roles : ['-'];
  const rows = await sql<{
    id: number;
    instance_id: string | null;
    title: string | null;
    payload: { message?: string; message_en?: string; to?: { userId?: string; unitId?: string; role?: string } };
    created_at: Date;
    user_name: string | null;
    unit_name: string | null;
    unit_name_en: string | null;
  }>`
    select o.id, o.instance_id, i.title, o.payload, o.created_at, tu.display_name as user_name, tn.name as unit_name, tn.name_en as unit_name_en
    from outbox o left join instances i on i.county_id = o.county_id and i.id = o.instance_id
      left join users tu on tu.county_id = o.county_id and tu.id = o.payload -> 'to' ->> 'userId'
      left join units tn on tn.county_id = o.county_id and tn.id = o.payload -> 'to' ->> 'unitId'
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
    toName: r.user_name ?? r.unit_name,
    toNameEn: r.user_name === null ? r.unit_name_en : null,
    toRole: r.payload.to?.userId === undefined && r.payload.to?.unitId === undefined ? r.payload.to?.role ?? null : null,
    toUnit: r.payload.to?.userId === undefined && r.payload.to?.unitId !== undefined,
  }));
}
