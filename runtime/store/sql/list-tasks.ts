/**
 * Task lists: the caller's inbox (open tasks they may act on, task-access.ts `mayActSql`),
 * the tasks they completed, or (office only, checked by the caller) all of the county. No
 * lock. The inbox is served by tasks_inbox (county_id, role, status): the role list and
 * status = 'open' are its second and third columns; the other lists start from the county's
 * tasks by the primary key prefix. Soonest due first, at most 1,000.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { mayActSql } from '../task-access.ts';
import { taskWithInstanceColumns, type TaskRow } from './task-row.ts';

export interface TaskFilter {
  state: 'open' | 'closed' | 'all';
  /** Only the caller's: open tasks they may act on; closed (or all) ones they completed. */
  mine: boolean;
  definition?: string;
  overdue?: boolean;
  limit: number;
}

export async function selectTasks(db: Kysely<Database>, countyId: string, actor: Actor, f: TaskFilter): Promise<TaskRow[]> {
  const statusFilter = f.state === 'open' ? sql`t.status = 'open'` : f.state === 'closed' ? sql`t.status <> 'open'` : sql`true`;
  const mineFilter = !f.mine ? sql`true` : f.state === 'open' ? mayActSql(actor, 't') : sql`t.completed_by = ${actor.id}`;
  const defFilter = f.definition ? sql`i.definition_id = ${f.definition}` : sql`true`;
  const overdueFilter = f.overdue === undefined ? sql`true` : sql`t.overdue = ${f.overdue}`;
  const rows = await sql<TaskRow>`
    select ${taskWithInstanceColumns}
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and ${statusFilter} and ${mineFilter} and ${defFilter} and ${overdueFilter}
    order by t.due_at asc nulls last, t.created_at asc
    limit ${Math.min(f.limit, 1000)}`.execute(db);
  return rows.rows;
}
