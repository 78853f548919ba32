/**
 * 催办 per unit for the per-unit table (承办单位统计, statistics.ts `readUnitTable` with the
 * catalogue's `unitTable.urges`): for each (unit, instance) pair of the rows the table counts for
 * that unit, the urges of that unit's own tasks in that instance (tasks.urge_count, one added by
 * each `task.urged`), summed per unit. A task of another unit in the same instance counts for
 * that unit only if the instance is one of its rows too.
 *
 * No lock: a snapshot read. Index: tasks_instance (county_id, instance_id) per pair, the unit and
 * `urge_count > 0` filtered on its rows (an instance holds a handful of tasks). The pairs travel
 * as one jsonb parameter.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectUnitUrges(db: Kysely<Database>, countyId: string, pairs: ReadonlyArray<{ unit_id: string; instance_id: string }>): Promise<Map<string, number>> {
  if (pairs.length === 0) return new Map();
  const rows = await sql<{ unit_id: string; urges: number | string }>`
    select x.unit_id, sum(t.urge_count)::int as urges
    from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(unit_id text, instance_id text)
    join tasks t on t.county_id = ${countyId} and t.instance_id = x.instance_id and t.unit_id = x.unit_id
    where t.urge_count > 0
    group by x.unit_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.unit_id, Number(r.urges)]));
}
