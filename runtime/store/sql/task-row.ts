/**
 * A task row as the read statements return it (get-task.ts, list-tasks.ts, and the open tasks
 * of instance-view.ts): the task's columns and its instance's definition and title.
 */
import { sql } from 'kysely';

export interface TaskRow {
  id: string;
  instance_id: string;
  key: string;
  state_id: string;
  title: string;
  title_en: string | null;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  /** The unit position that may act (migration 034). */
  position: string | null;
  item: unknown;
  status: string;
  due_at: unknown;
  overdue: boolean;
  claimed_by: string | null;
  outcome: string | null;
  completed_by: string | null;
  created_at: unknown;
  closed_at: unknown;
  outcomes: unknown;
  definition_id: string;
  definition_hash: string;
  instance_title: string;
  /** Absent from the open tasks of instance-view.ts (the instance page knows its starter). */
  instance_created_by?: string | null;
  /** The instance's `context.leadDeputyId` (领衔代表) when its process keeps one, as the suggestion processes do. */
  lead_deputy_id?: string | null;
  /** 委托 and 催办 (migration 035): who acts for the holder, how often the holder was urged. */
  delegate_id?: string | null;
  urge_count?: number | string | null;
}

/** The select list of `tasks t join instances i`. */
export const taskWithInstanceColumns = sql`t.id, t.instance_id, t.key, t.state_id, t.title, t.title_en, t.role, t.assignee_id, t.unit_id, t.position, t.item,
  t.status, t.due_at, t.overdue, t.claimed_by, t.outcome, t.completed_by, t.created_at, t.closed_at, t.outcomes, t.delegate_id, t.urge_count,
  i.definition_id, i.definition_hash, i.title as instance_title, i.created_by as instance_created_by,
  i.snapshot->'machine'->'context'->>'leadDeputyId' as lead_deputy_id`;
