/**
 * The rows of one county's daily digest of 催办 (digest.ts): every open task that is overdue or
 * was urged (a `task.urged` event naming it, the task actions of issue 16) since `since`, with
 * the person it waits for — its assignee, or, for a task addressed to a unit, each active clerk
 * of that unit holding the task's role. Tasks addressed only to a role (the office's own pool)
 * are left out: the office sees them on its dashboard, and a digest to every staff member of
 * every pool task would be noise.
 *
 * Indexes: tasks_inbox (county_id, role, status) narrows to the county's open tasks; users by
 * (county_id, id) and a scan of the county's users for a unit (a few hundred); user_roles and
 * instances by primary key; instance_events by its primary key prefix (county_id, instance_id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface DigestTaskRow {
  user_id: string;
  task_title: string;
  task_title_en: string | null;
  due_at: Date | null;
  overdue: boolean;
  urged: boolean;
}

export async function digestTasks(db: Kysely<Database>, countyId: string, since: Date): Promise<DigestTaskRow[]> {
  const r = await sql<DigestTaskRow>`
    with waiting as (
      select t.id, t.instance_id, t.role, t.assignee_id, t.unit_id, t.title, t.title_en, t.due_at, t.overdue,
        exists (select 1 from instance_events e where e.county_id = t.county_id and e.instance_id = t.instance_id
                and e.type = 'task.urged' and e.data ->> 'taskId' = t.id and e.at >= ${since}) as urged
      from tasks t
      where t.county_id = ${countyId} and t.status = 'open'
    )
    select u.id as user_id, w.title as task_title, w.title_en as task_title_en, w.due_at, w.overdue, w.urged
    from waiting w
    join users u on u.county_id = ${countyId} and u.active and (
      u.id = w.assignee_id
      or (w.assignee_id is null and w.unit_id is not null and u.unit_id = w.unit_id
          and exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role = w.role)))
    where w.overdue or w.urged
    order by u.id, w.due_at nulls last, w.id`.execute(db);
  return r.rows.map((row) => ({ ...row, due_at: row.due_at === null ? null : new Date(row.due_at) }));
}
