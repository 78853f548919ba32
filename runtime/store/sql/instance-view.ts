/**
 * The instance view as one statement: the instance, its children, the history of the whole
 * tree and its open tasks as JSON, and whether the caller may see it (task-access.ts
 * `maySeeInstanceSql`). No lock: a snapshot read.
 *
 * Indexes: a recursive `tree` CTE walks the instance and its descendants (instances_parent);
 * per tree row, the events (instance_events primary key) and open tasks (tasks_instance) are
 * each a LATERAL subquery behind OFFSET 0, so each stays an index scan per tree row: joined
 * plainly, the generic plan of the prepared statement scanned every event and open task of the
 * county (EXPLAIN on the bench data: 1.3 ms, against 0.2 ms this way). Actor names come from
 * the users primary key, their unit's name from the units primary key; the holder a delegate
 * acted for (委托, `data.onBehalfOf`) from the users primary key, only on events that name one.
 *
 * The same SELECT also runs inside a step's write statement (step-write.ts), which then hands
 * in what the step changed (`StepChanges`): its CTEs see the rows as they were before the
 * statement, so the view takes the new ones from them. Only step-write.ts names those CTEs.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { maySeeInstanceSql } from '../task-access.ts';
import type { InstanceHeadRow } from './instance-head.ts';
import type { TaskRow } from './task-row.ts';

export interface EventRow {
  instance_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  display_name: string | null;
  /** The unit the actor works for (users.unit_id → units), for "县住房和城乡建设局 张三 签收". */
  unit_name: string | null;
  unit_name_en: string | null;
  /** 委托: the name of the holder a delegate acted for (the event's `onBehalfOf`), else null. */
  on_behalf_of_name: string | null;
  at: unknown;
  from_state: string | null;
  to_state: string | null;
  data: unknown;
}

export interface ChildRow {
  id: string;
  key: string | null;
  definitionId: string;
  definitionHash: string;
  title: string;
  state: string;
  status: string;
  context: Record<string, unknown>;
}

export interface InstanceViewRow extends InstanceHeadRow {
  version: number;
  parent_id: string | null;
  created_by: string | null;
  created_at: unknown;
  updated_at: unknown;
  context: Record<string, unknown>;
  children: ChildRow[];
  history: EventRow[];
  open_tasks: TaskRow[];
  readable: boolean | null;
}

/** The columns of an event row, from `instance_events` and from a step's new event alike. */
export const EVENT_COLUMNS = sql.raw('county_id, instance_id, seq, type, actor_id, at, from_state, to_state, data');

/** The task columns the view reads, from `tasks` and from a step's opened tasks alike. */
const TASK_COLUMNS = ['county_id', 'id', 'instance_id', 'key', 'state_id', 'role', 'assignee_id', 'unit_id', 'item', 'title', 'title_en', 'outcomes',
  'status', 'position', 'due_at', 'overdue', 'claimed_by', 'outcome', 'completed_by', 'created_at', 'closed_at'];
const taskColumnsOf = (alias: string) => sql.raw(TASK_COLUMNS.map((c) => `${alias}.${c}`).join(', '));

/** What a step changed, as relations of its write statement (all of the root instance). */
export interface StepChanges {
  /**
   * The instance row as the step wrote it. Updated: with title, state, status, version,
   * updated_at and `context` (snapshot->'machine'->'context'). Inserted (a start): the whole row.
   */
  instance: RawBuilder<unknown>;
  inserted: boolean;
  /** The new event (EVENT_COLUMNS). */
  event: RawBuilder<unknown>;
  /** Keys of the tasks the step closed, opened rows (all task columns) and keys flagged overdue. */
  closedKeys?: RawBuilder<unknown>;
  opened?: RawBuilder<unknown>;
  lateKeys?: RawBuilder<unknown>;
}

/**
 * The view's `tree` CTE and its SELECT, to be run as `with recursive ${tree} ${select}`, or
 * inside a step's statement with `step`. `readable` is the SQL of the `readable` column on
 * instance `i`.
 */
export function instanceViewParts(countyId: string, id: string, readable: RawBuilder<unknown>, step?: StepChanges): { tree: RawBuilder<unknown>; select: RawBuilder<unknown> } {
  const tree = sql`tree (id, depth) as (
      select ${id}::text, 0
      union all
      select c.id, tree.depth + 1 from tree join instances c on c.county_id = ${countyId} and c.parent_id = tree.id
    )`;
  const storedEvents = sql`select e.*
          from tree cross join lateral (select ${EVENT_COLUMNS} from instance_events e where e.county_id = ${countyId} and e.instance_id = tree.id offset 0) e`;
  const events = step ? sql`${storedEvents} union all select ${EVENT_COLUMNS} from ${step.event}` : storedEvents;
  const storedTasks = sql`select ${taskColumnsOf('t')}
          from tree cross join lateral (select * from tasks t where t.county_id = ${countyId} and t.instance_id = tree.id and t.status = 'open' offset 0) t
          ${step?.closedKeys ? sql`where not (t.instance_id = ${id} and t.key in (select k.key from ${step.closedKeys} k))` : sql``}`;
  const tasks = step?.opened ? sql`${storedTasks} union all select ${taskColumnsOf('o')} from ${step.opened} o where o.status = 'open'` : storedTasks;
  const overdue = step?.lateKeys ? sql`(t.overdue or (t.instance_id = ${id} and t.key in (select k.key from ${step.lateKeys} k)))` : sql`t.overdue`;
  const instanceTitle = step ? sql`case when ti.id = ${id} then (select s.title from ${step.instance} s) else ti.title end` : sql`ti.title`;
  const head = step && !step.inserted
    ? sql`s.title, s.state, s.status, s.version, i.parent_id, i.created_by, i.created_at, s.updated_at, s.context`
    : sql`i.title, i.state, i.status, i.version, i.parent_id, i.created_by, i.created_at, i.updated_at, i.snapshot->'machine'->'context' as context`;
  const from = step?.inserted ? sql`${step.instance} i` : step ? sql`${step.instance} s cross join instances i` : sql`instances i`;
  const select = sql`select i.id, i.definition_id, i.definition_hash, ${head},
      (select coalesce(json_agg(json_build_object('id', c.id, 'key', c.parent_key, 'definitionId', c.definition_id, 'definitionHash', c.definition_hash, 'title', c.title,
          'state', c.state, 'status', c.status, 'context', c.snapshot->'machine'->'context') order by tree.depth, c.created_at), '[]'::json)
        from tree join instances c on c.county_id = ${countyId} and c.id = tree.id where tree.depth > 0) as children,
      (select coalesce(json_agg(json_build_object('instance_id', e.instance_id, 'seq', e.seq, 'type', e.type, 'actor_id', e.actor_id,
          'display_name', (select u.display_name from users u where u.county_id = e.county_id and u.id = e.actor_id),
          'unit_name', (select un.name from users u join units un on un.county_id = u.county_id and un.id = u.unit_id where u.county_id = e.county_id and u.id = e.actor_id),
          'unit_name_en', (select un.name_en from users u join units un on un.county_id = u.county_id and un.id = u.unit_id where u.county_id = e.county_id and u.id = e.actor_id),
          'on_behalf_of_name', case when e.data->>'onBehalfOf' is not null then (select u.display_name from users u where u.county_id = e.county_id and u.id = e.data->>'onBehalfOf') end,
          'at', e.at, 'from_state', e.from_state, 'to_state', e.to_state, 'data', e.data)
          order by e.at, e.instance_id = ${id} desc, e.seq), '[]'::json)
        from (${events}) e) as history,
      (select coalesce(json_agg(json_build_object('id', t.id, 'instance_id', t.instance_id, 'key', t.key, 'state_id', t.state_id,
          'title', t.title, 'title_en', t.title_en, 'role', t.role, 'assignee_id', t.assignee_id, 'unit_id', t.unit_id, 'position', t.position, 'item', t.item,
          'status', t.status, 'due_at', t.due_at, 'overdue', ${overdue}, 'claimed_by', t.claimed_by, 'outcome', t.outcome,
          'completed_by', t.completed_by, 'created_at', t.created_at, 'closed_at', t.closed_at, 'outcomes', t.outcomes,
          'definition_id', ti.definition_id, 'definition_hash', ti.definition_hash, 'instance_title', ${instanceTitle})
          order by t.created_at, t.key), '[]'::json)
        from (${tasks}) t join ${step?.inserted ? step.instance : sql`instances`} ti on ti.county_id = t.county_id and ti.id = t.instance_id) as open_tasks,
      ${readable} as readable
    from ${from}
    where i.county_id = ${countyId} and i.id = ${id}`;
  return { tree, select };
}

/** The view of instance `id` as `actor` may see it (readable false or null: they may not). */
export async function selectInstanceView(db: Kysely<Database>, countyId: string, actor: Actor, id: string): Promise<InstanceViewRow | undefined> {
  const { tree, select } = instanceViewParts(countyId, id, maySeeInstanceSql(actor, 'i'));
  const result = await sql<InstanceViewRow>`with recursive ${tree} ${select}`.execute(db);
  return result.rows[0];
}
