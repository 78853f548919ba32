/**
 * A task action or a remark written beside the machine (转办, 委托, 催办, a comment, an
 * attachment; runtime/store/task-actions.ts), in ONE statement of data-modifying CTEs: the
 * instance's version bumped (and its snapshot, when the action changes an open task the
 * snapshot tracks), the history event appended with that version as its `seq` (the per-instance
 * gapless sequence every step keeps), the task row changed, an attachment recorded in file_refs
 * (so whoever sees the instance may read it, files.ts) and a notification queued in the outbox.
 *
 * Locking: the caller holds the instance row (FOR UPDATE, in its transaction: read-task.ts or
 * sql/instance-for-remark.ts); the UPDATE re-checks the version read, so a step that slipped in
 * (it cannot while the lock is held) would leave everything unwritten. A concurrent optimistic
 * completion (step-write.ts) then sees a new version and takes its locking path, which re-reads
 * the task as this statement left it (its new holder, its delegate).
 *
 * Indexes: instances and tasks by their primary keys (county_id, id); instance_events by its
 * primary key (county_id, instance_id, seq); file_refs by its primary key.
 */
import { sql, type Kysely } from 'kysely';
import type { NotifyTarget } from '../../engine/index.ts';
import type { Database } from '../schema.ts';

/** The task columns an action may set; `urge` adds one to urge_count. */
export interface TaskChange {
  assignee_id?: string | null;
  unit_id?: string | null;
  claimed_by?: string | null;
  delegate_id?: string | null;
  delegated_by?: string | null;
  urge?: true;
}

export interface SideEvent {
  countyId: string;
  instanceId: string;
  fromVersion: number;
  type: string;
  actorId: string;
  now: Date;
  /** Stored as the event's data: `{data, taskKey}`, the shape of every step's event. */
  data: Record<string, unknown>;
  taskKey: string | null;
  /** The instance's new snapshot, when the action changes what it tracks of an open task. */
  snapshot?: unknown;
  task?: { id: string; change: TaskChange };
  fileId?: string;
  notify?: { to: NotifyTarget; message: string; message_en: string; data: Record<string, unknown> };
}

/** The new version, or undefined when the instance's version was not `fromVersion` (nothing written). */
export async function writeSideEvent(trx: Kysely<Database>, e: SideEvent): Promise<number | undefined> {
  const c = e.countyId;
  const i = e.instanceId;
  const now = e.now.toISOString();
  const change = e.task?.change ?? {};
  const sets = (Object.keys(change) as Array<keyof TaskChange>).map((k) =>
    k === 'urge' ? sql`urge_count = t.urge_count + 1` : sql`${sql.ref(k)} = ${change[k] as string | null}`,
  );
  const parts = [
    sql`upd as (
      update instances set version = version + 1, updated_at = ${now}::timestamptz
        ${e.snapshot !== undefined ? sql`, snapshot = ${JSON.stringify(e.snapshot)}::jsonb` : sql``}
      where county_id = ${c} and id = ${i} and version = ${e.fromVersion}
      returning version, state
    )`,
    sql`ev as (
      insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
      select ${c}, ${i}, upd.version, ${e.type}, ${e.actorId}, ${now}::timestamptz, ${JSON.stringify({ data: e.data, taskKey: e.taskKey })}::jsonb, upd.state, upd.state
      from upd
    )`,
    e.task && sets.length > 0 &&
      sql`tk as (
      update tasks t set ${sql.join(sets)}
      where t.county_id = ${c} and t.id = ${e.task.id} and exists (select 1 from upd)
    )`,
    e.fileId !== undefined &&
      sql`fr as (
      insert into file_refs (county_id, file_id, instance_id)
      select ${c}, ${e.fileId}, ${i} where exists (select 1 from upd)
      on conflict do nothing
    )`,
    e.notify !== undefined &&
      sql`ob as (
      insert into outbox (county_id, instance_id, kind, payload, created_at)
      select ${c}, ${i}, 'notify', ${JSON.stringify({ type: 'notify', ...e.notify })}::jsonb, ${now}::timestamptz
      where exists (select 1 from upd)
    )`,
  ].filter((p) => p !== false && p !== undefined);
  const result = await sql<{ version: number }>`with ${sql.join(parts)} select version from upd`.execute(trx);
  const row = result.rows[0];
  return row ? Number(row.version) : undefined;
}
