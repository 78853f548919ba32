/**
 * The county's 重点督办专题 open for 增列 now: each running theme with its open task that takes
 * ADD_SUGGESTIONS (definitions/key-supervision, underway.additions.open; the task's role,
 * assignee, unit and position say who may act on it, task-access.ts). The suggestion page's
 * 列入重点督办专题 offers these by name and completes that very task (key-theme-addition.ts).
 *
 * One statement, no lock: the completion locks the theme (instance-service.ts). Index: the
 * county's open tasks of the definition through tasks_instance (county_id, instance_id) per
 * theme of instances_list (county_id, definition_id, …); a county has a few running themes.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface OpenKeyThemeRow {
  id: string;
  title: string;
  taskId: string;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  position: string | null;
  delegate_id: string | null;
}

export async function selectKeyThemesOpenForAdditions(db: Kysely<Database>, countyId: string): Promise<OpenKeyThemeRow[]> {
  const rows = await sql<OpenKeyThemeRow>`
    select i.id, i.title, t.id as "taskId", t.role, t.assignee_id, t.unit_id, t.position, t.delegate_id
    from instances i join tasks t on t.county_id = i.county_id and t.instance_id = i.id
    where i.county_id = ${countyId} and i.definition_id = 'key-supervision' and i.status = 'active'
      and t.status = 'open' and t.outcomes ? 'ADD_SUGGESTIONS'
    order by i.created_at, i.id, t.created_at, t.id`.execute(db);
  return rows.rows;
}
