/**
 * The open tasks of one instance and of its direct children (a suggestion and its per-unit
 * assignments), for the scenario driver (runtime/scenario/), which acts on a known instance
 * instead of scanning inboxes. No lock: the completion that follows reads and checks the task
 * again (instance-service.ts). Index: the instances by primary key (county_id, id) and
 * instances_parent (county_id, parent_id), then tasks_instance (county_id, instance_id); a
 * handful of rows per call.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface OpenTaskRow {
  id: string;
  instance_id: string;
  role: string;
  unit_id: string | null;
  assignee_id: string | null;
  outcomes: unknown;
}

export async function selectOpenTasksOfTree(db: Kysely<Database>, countyId: string, rootId: string): Promise<OpenTaskRow[]> {
  const rows = await sql<OpenTaskRow>`
    select t.id, t.instance_id, t.role, t.unit_id, t.assignee_id, t.outcomes
    from tasks t
    where t.county_id = ${countyId} and t.status = 'open'
      and t.instance_id in (select i.id from instances i where i.county_id = ${countyId} and (i.id = ${rootId} or i.parent_id = ${rootId}))
    order by t.created_at, t.id`.execute(db);
  return rows.rows;
}
