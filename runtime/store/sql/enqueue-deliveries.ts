/**
 * Fan-out of `notify` outbox rows into deliveries, one per recipient and outside channel they
 * chose (notification_preferences.channels), in the transaction that claimed the outbox rows
 * (scheduler.ts drainOutbox): the claim and the fan-out commit together, so a message is
 * fanned out exactly once across processes.
 *
 * Recipients are read as 抄送我 reads them (notifications.ts): the user named, else every
 * active user of the unit named, else every active user with the role named. Users with no
 * preferences row have the in-app list only and get no delivery rows.
 *
 * Indexes: outbox by its primary key; users (county_id, id) or a scan of the county's users
 * for a unit or role (a county has a few hundred); user_roles and notification_preferences by
 * their primary keys. `on conflict do nothing` on (outbox_id, user_id, channel) makes a re-run
 * harmless. The idempotency key is an md5 of county, message, user and channel: the same on
 * every retry, different for every person and channel.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function enqueueDeliveries(trx: Kysely<Database>, outboxIds: readonly number[], now: Date): Promise<number> {
  if (outboxIds.length === 0) return 0;
  const r = await sql`
    insert into deliveries (county_id, outbox_id, user_id, channel, status, attempts, next_attempt_at, created_at, idempotency_key)
    select o.county_id, o.id, u.id, ch.channel, 'pending', 0, ${now}::timestamptz, ${now}::timestamptz,
      md5(concat_ws(':', o.county_id, o.id::text, u.id, ch.channel))
    from outbox o
    join users u on u.county_id = o.county_id and u.active and (
      u.id = o.payload -> 'to' ->> 'userId'
      or (o.payload -> 'to' ->> 'userId' is null and u.unit_id = o.payload -> 'to' ->> 'unitId')
      or (o.payload -> 'to' ->> 'userId' is null and o.payload -> 'to' ->> 'unitId' is null
          and exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role = o.payload -> 'to' ->> 'role')))
    join notification_preferences p on p.county_id = u.county_id and p.user_id = u.id
    cross join lateral jsonb_array_elements_text(p.channels) as ch(channel)
    where o.id in (select x::bigint from jsonb_array_elements_text(${JSON.stringify(outboxIds.map(String))}::jsonb) as t(x))
      and o.kind = 'notify'
    on conflict do nothing`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
