/**
 * The documents of an instance's scope in one statement: every form submitted on the instance,
 * on its ancestors (the suggestion a unit's child process answers) and on its descendants (each
 * unit's child), i.e. each `started` event and each event that completed a task with an
 * outcome that has a form, oldest first, and each 撤回 (`task.withdrawn`: its data the reason,
 * documents.ts marks the completion it took back); and whether the caller may see the instance
 * (task-access.ts `maySeeInstanceSql`, or `true` when the caller already saw the task). No
 * lock: a snapshot read.
 *
 * The form of an event is the one the completed task offered for that outcome, as the task row
 * recorded it when it opened (`tasks.outcomes`, found by the event's `data.taskKey` through the
 * unique (county_id, instance_id, key) index): a reliable join, where re-deriving it from
 * `from_state` and the machine would have to know which state of a parallel state value held
 * the task, and a migrated instance's machine may no longer have it.
 *
 * Indexes: `down` walks children (instances_parent), `up` parents (instances primary key); per
 * scope row the events are a LATERAL index scan on the instance_events primary key behind
 * OFFSET 0 (as in instance-view.ts); actors, their units and the child's unit
 * (`context.unitId`, the convention of per-unit children) by primary keys.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

export interface DocumentEventRow {
  instance_id: string;
  seq: number;
  type: string;
  at: unknown;
  /** The form data (the event's `data.data`). */
  data: unknown;
  /** The outcome's form, from the completed task's row; null for a `started` event. */
  form: string | null;
  task_key: string | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_unit: string | null;
  actor_unit_en: string | null;
  /** 委托: the holder a delegate acted for (the event's `onBehalfOf`, users primary key), else null. */
  on_behalf_of_name: string | null;
  definition_id: string;
  definition_hash: string;
  parent_id: string | null;
  instance_title: string;
  instance_unit: string | null;
  instance_unit_en: string | null;
}

export interface InstanceDocumentsRow {
  readable: boolean | null;
  definition_id: string;
  definition_hash: string;
  context: Record<string, unknown> | null;
  documents: DocumentEventRow[];
}

export async function selectInstanceDocuments(db: Kysely<Database>, countyId: string, id: string, readable: RawBuilder<SqlBool>): Promise<InstanceDocumentsRow | undefined> {
  const result = await sql<InstanceDocumentsRow>`
    with recursive down (id) as (
      select ${id}::text
      union all
      select c.id from down join instances c on c.county_id = ${countyId} and c.parent_id = down.id
    ), up (id, parent_id) as (
      select p.id, p.parent_id from instances p where p.county_id = ${countyId} and p.id = ${id}
      union all
      select p.id, p.parent_id from up join instances p on p.county_id = ${countyId} and p.id = up.parent_id
    ), scope (id) as (
      select id from down union select id from up
    )
    select ${readable} as readable, i.definition_id, i.definition_hash, i.snapshot->'machine'->'context' as context,
      (select coalesce(json_agg(json_build_object(
          'instance_id', e.instance_id, 'seq', e.seq, 'type', e.type, 'at', e.at, 'data', e.data->'data',
          'form', t.outcomes->>e.type, 'task_key', coalesce(t.key, e.data->'data'->>'taskKey'),
          'actor_id', e.actor_id, 'actor_name', u.display_name, 'actor_unit', au.name, 'actor_unit_en', au.name_en,
          'on_behalf_of_name', case when e.data->>'onBehalfOf' is not null then (select ob.display_name from users ob where ob.county_id = e.county_id and ob.id = e.data->>'onBehalfOf') end,
          'definition_id', si.definition_id, 'definition_hash', si.definition_hash, 'parent_id', si.parent_id,
          'instance_title', si.title, 'instance_unit', iu.name, 'instance_unit_en', iu.name_en)
          order by e.at, si.created_at, e.seq), '[]'::json)
        from scope
        cross join lateral (select * from instance_events e where e.county_id = ${countyId} and e.instance_id = scope.id offset 0) e
        join instances si on si.county_id = e.county_id and si.id = e.instance_id
        left join tasks t on t.county_id = e.county_id and t.instance_id = e.instance_id and t.key = e.data->>'taskKey'
        left join users u on u.county_id = e.county_id and u.id = e.actor_id
        left join units au on au.county_id = u.county_id and au.id = u.unit_id
        left join units iu on iu.county_id = si.county_id and iu.id = si.snapshot->'machine'->'context'->>'unitId'
        where (e.type = 'started' and si.parent_id is null) or t.outcomes->>e.type is not null or e.type = 'task.withdrawn') as documents
    from instances i
    where i.county_id = ${countyId} and i.id = ${id}`.execute(db);
  return result.rows[0];
}
