/**
 * Cancelling a parent's child instances under one key (a step's `cancelChild` effect), and
 * their descendants: each child is marked cancelled (version + 1, audit event `cancelled`
 * with seq = the new version), its open tasks are closed and its timers dropped.
 *
 * Locking: runs in the parent's step transaction, which holds the parent row. Each child row
 * is locked (lock-instance.ts, FOR UPDATE) before it is written, like any step of it, so the
 * version and the event's seq cannot race a step of the child; its descendants are locked
 * the same way, top down.
 *
 * Round trips: one to find the children, then two per child (lock, and the four writes in one
 * statement of data-modifying CTEs).
 *
 * Indexes: the children by instances_parent (county_id, parent_id) (parent_key and status
 * are checked on those few rows); the child by its primary key (county_id, id); its tasks by
 * tasks_instance (county_id, instance_id) and its timers as in drop-instance-timers.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { instanceTimersDelete } from './drop-instance-timers.ts';
import { lockInstance, type InstanceRow } from './lock-instance.ts';

export async function cancelChildren(trx: Kysely<Database>, countyId: string, parentId: string, key: string, now: Date): Promise<void> {
  const children = await trx
    .selectFrom('instances')
    .select(['id'])
    .where('county_id', '=', countyId)
    .where('parent_id', '=', parentId)
    .where('parent_key', '=', key)
    .where('status', '=', 'active')
    .execute();
  for (const child of children) {
    const row = await lockInstance(trx, countyId, child.id);
    if (!row) continue;
    await cancelInstanceRows(trx, row, now);
    for (const group of Object.values(row.snapshot.childGroups)) for (const k of group.keys) await cancelChildren(trx, countyId, row.id, k, now);
  }
}

/** The locked instance cancelled, its event appended, its open tasks closed, its timers dropped: one statement. */
async function cancelInstanceRows(trx: Kysely<Database>, row: InstanceRow, now: Date): Promise<void> {
  const { county_id: c, id: i } = row;
  const version = row.version + 1;
  await sql`
    with cancelled as (
      update instances set status = 'cancelled', version = ${version}, updated_at = ${now}
      where county_id = ${c} and id = ${i}
    ), event as (
      insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
      values (${c}, ${i}, ${version}, 'cancelled', null, ${now}, '{}'::jsonb, ${row.state}, ${row.state})
    ), tasks_closed as (
      update tasks set status = 'cancelled', closed_at = ${now}
      where county_id = ${c} and instance_id = ${i} and status = 'open'
    )
    ${instanceTimersDelete(c, i)}`.execute(trx);
}
