/**
 * A task with its instance, by primary keys (tasks and instances, both (county_id, id)), for
 * completing or claiming it. With `lock`, FOR UPDATE OF both: a second writer waits here and
 * then sees the task already closed, so it answers 409 instead of writing twice. Without, the
 * read of the optimistic path (step-write.ts re-checks the version when it writes).
 */
import { sql, type Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import type { Database } from '../schema.ts';
import type { InstanceRow } from './lock-instance.ts';

export interface TaskLockRow {
  /** The task's instance (locked with it). */
  instance: InstanceRow;
  id: string;
  instance_id: string;
  key: string;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  /** The unit position that may act (migration 034). */
  position: string | null;
  status: string;
  outcomes: unknown;
  claimed_by: string | null;
  /** The state whose `meta.task` opened it (the task's definition: its form choices). */
  state_id: string;
  /** 委托 (migration 035): who acts for the holder, and the holder who named them; the task's title and completer, for the task actions' history. */
  delegate_id: string | null;
  delegated_by: string | null;
  title: string;
  title_en: string | null;
  completed_by: string | null;
  /**
   * The county's calendar stamp (sql/calendar-version.ts), read in this statement so the step's
   * calendar costs no round trip of its own (calendar-provider.ts `forCountyAt`); '0' when never changed.
   */
  calendar_version: string;
  /**
   * Whether a task of the instance has a signer still to answer (加签: task_signers open or
   * waiting). Adding a signer is written through the instance's version (task-return.ts), so an
   * optimistic write at the version read here meets none when this is false, and leaves out the
   * 加签 CTEs (step-write.ts `signerCtes`: ~75 µs of PostgreSQL CPU per statement, measured on
   * one backend, 3 × 3,000 statements). Index: tasks (county_id, instance_id, key), task_signers_task.
   */
  has_signers: boolean;
}

export async function readTask(trx: Kysely<Database>, countyId: string, taskId: string, lock: boolean): Promise<TaskLockRow> {
  const result = await sql<Omit<TaskLockRow, 'instance'> & Record<string, unknown>>`
    select t.id, t.instance_id, t.key, t.role, t.assignee_id, t.unit_id, t.position, t.status, t.outcomes, t.claimed_by, t.state_id,
      t.delegate_id, t.delegated_by, t.title, t.title_en, t.completed_by,
      i.definition_id, i.definition_hash, i.parent_id, i.parent_key, i.version, i.snapshot, i.state, i.status as instance_status,
      coalesce((select cv.version::text from calendar_versions cv where cv.region_id = t.county_id), '0') as calendar_version,
      exists (select 1 from tasks h join task_signers s on s.county_id = h.county_id and s.task_id = h.id
        where h.county_id = t.county_id and h.instance_id = t.instance_id and s.status in ('open', 'waiting')) as has_signers
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and t.id = ${taskId}
    ${lock ? sql`for update of t, i` : sql``}`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new AppError('TASK_NOT_FOUND', 'No such task');
  const instance: InstanceRow = {
    county_id: countyId,
    id: row.instance_id,
    definition_id: row.definition_id as string,
    definition_hash: row.definition_hash as string,
    parent_id: row.parent_id as string | null,
    parent_key: row.parent_key as string | null,
    version: Number(row.version),
    snapshot: row.snapshot as InstanceRow['snapshot'],
    state: row.state as string,
    status: row.instance_status as string,
  };
  return { ...row, instance };
}
