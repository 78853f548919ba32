/**
 * 催办 counted (task-actions.ts `urgeTask` adds one to tasks.urge_count with each `task.urged`
 * event): per handling unit and process, the tasks urged and the urges, for tasks opened in
 * [from, to) of the county — GET /api/statistics/urges (urge-statistics.ts) adds them up per
 * unit and per process. Tasks of no unit (a staff, leader or deputy task) count under unit null.
 *
 * No lock: a snapshot read. A scan of the county's tasks in the period (tasks are read by their
 * county's rows; urged tasks are few, the filter `urge_count > 0` drops the rest before the
 * join to their instance by its primary key and the grouping).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface UrgeCountRow {
  unit_id: string | null;
  unit_name: string | null;
  unit_name_en: string | null;
  definition_id: string;
  tasks: number;
  urges: number;
}

export async function selectUrgeCounts(db: Kysely<Database>, countyId: string, from: Date, to: Date): Promise<UrgeCountRow[]> {
  const rows = await sql<UrgeCountRow>`
    select t.unit_id, n.name as unit_name, n.name_en as unit_name_en, i.definition_id, count(*)::int as tasks, sum(t.urge_count)::int as urges
    from tasks t
    join instances i on i.county_id = t.county_id and i.id = t.instance_id
    left join units n on n.county_id = t.county_id and n.id = t.unit_id
    where t.county_id = ${countyId} and t.created_at >= ${from.toISOString()}::timestamptz and t.created_at < ${to.toISOString()}::timestamptz and t.urge_count > 0
    group by t.unit_id, n.name, n.name_en, i.definition_id
    order by urges desc, n.name, i.definition_id`.execute(db);
  return rows.rows.map((r) => ({ ...r, tasks: Number(r.tasks), urges: Number(r.urges) }));
}
