/**
 * Read models for the API: an instance with its history, children and open tasks; task
 * inboxes; instance lists. Every query filters by county first (the leading column of
 * each primary key and index), so another county's object is simply not found.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor, JsonSchema } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { mayAct } from './instance-service.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { parseJson } from './step-writer.ts';

export interface OutcomeView {
  event: string;
  form: string | null;
  schema: JsonSchema | null;
}

export interface TaskView {
  id: string;
  instanceId: string;
  definitionId: string;
  instanceTitle: string;
  key: string;
  state: string;
  title: string;
  title_en: string | null;
  role: string;
  assigneeId: string | null;
  unitId: string | null;
  item: unknown;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  claimedBy: string | null;
  outcome: string | null;
  completedBy: string | null;
  createdAt: string;
  closedAt: string | null;
  outcomes: OutcomeView[];
}

export interface HistoryEntry {
  instanceId: string;
  seq: number;
  type: string;
  actorId: string | null;
  actorName: string | null;
  at: string;
  from: string | null;
  to: string | null;
  data: unknown;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Roles that see every instance of their county. */
const OFFICE_ROLES = ['admin', 'staff', 'leader', 'integrator'];

const taskColumns = sql`t.id, t.instance_id, t.key, t.state_id, t.title, t.title_en, t.role, t.assignee_id, t.unit_id, t.item,
  t.status, t.due_at, t.overdue, t.claimed_by, t.outcome, t.completed_by, t.created_at, t.closed_at, t.outcomes,
  i.definition_id, i.definition_hash, i.title as instance_title`;

interface TaskRow {
  id: string;
  instance_id: string;
  key: string;
  state_id: string;
  title: string;
  title_en: string | null;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
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
}

async function toTaskView(db: Kysely<Database>, rt: Runtime, row: TaskRow): Promise<TaskView> {
  const outcomes = parseJson<Record<string, string | null>>(row.outcomes);
  const def = await rt.registry.byHash(db, row.definition_hash);
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    instanceTitle: row.instance_title,
    key: row.key,
    state: row.state_id,
    title: row.title,
    title_en: row.title_en,
    role: row.role,
    assigneeId: row.assignee_id,
    unitId: row.unit_id,
    item: parseJson(row.item),
    status: row.status,
    dueAt: iso(row.due_at),
    overdue: Boolean(row.overdue),
    claimedBy: row.claimed_by,
    outcome: row.outcome,
    completedBy: row.completed_by,
    createdAt: iso(row.created_at) as string,
    closedAt: iso(row.closed_at),
    outcomes: Object.entries(outcomes).map(([event, form]) => ({ event, form, schema: form ? def.pkg.forms[form] ?? null : null })),
  };
}

export interface TaskQuery {
  /** open (default), closed, or all */
  state?: 'open' | 'closed' | 'all';
  /** Only tasks the caller can act on (open) or has done (closed). Default true. */
  mine?: boolean;
  definition?: string;
  overdue?: boolean;
  limit?: number;
}

/** The caller's inbox: open tasks whose role, assignee and unit fit them (index tasks_inbox). */
export async function listTasks(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, q: TaskQuery = {}): Promise<TaskView[]> {
  const state = q.state ?? 'open';
  const mine = q.mine ?? true;
  if (!mine && !actor.roles.some((r) => OFFICE_ROLES.includes(r))) throw new AppError(403, 'FORBIDDEN', 'Only office roles may list all tasks');
  const statusFilter = state === 'open' ? sql`t.status = 'open'` : state === 'closed' ? sql`t.status <> 'open'` : sql`true`;
  const mineFilter = !mine
    ? sql`true`
    : state === 'open'
      ? sql`t.role in (${sql.join(actor.roles.length ? actor.roles : ['-'])})
             and (t.assignee_id is null or t.assignee_id = ${actor.id})
             and (t.unit_id is null or t.unit_id = ${actor.unitId ?? '-'})`
      : sql`t.completed_by = ${actor.id}`;
  const defFilter = q.definition ? sql`i.definition_id = ${q.definition}` : sql`true`;
  const overdueFilter = q.overdue === undefined ? sql`true` : sql`t.overdue = ${q.overdue}`;
  const rows = await sql<TaskRow>`
    select ${taskColumns}
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and ${statusFilter} and ${mineFilter} and ${defFilter} and ${overdueFilter}
    order by t.due_at asc nulls last, t.created_at asc
    limit ${Math.min(q.limit ?? 200, 1000)}`.execute(db);
  return Promise.all(rows.rows.map((r) => toTaskView(db, rt, r)));
}

export async function getTask(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, taskId: string): Promise<TaskView> {
  const rows = await sql<TaskRow>`
    select ${taskColumns}
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and t.id = ${taskId}`.execute(db);
  const row = rows.rows[0];
  if (!row) throw new AppError(404, 'TASK_NOT_FOUND', 'No such task');
  if (!actor.roles.some((r) => OFFICE_ROLES.includes(r)) && !mayAct(actor, row) && row.completed_by !== actor.id) {
    throw new AppError(404, 'TASK_NOT_FOUND', 'No such task');
  }
  return toTaskView(db, rt, row);
}

export interface InstanceView {
  id: string;
  definitionId: string;
  definitionHash: string;
  title: string;
  state: string;
  status: string;
  version: number;
  parentId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  context: Record<string, unknown>;
  openTasks: TaskView[];
  children: Array<{ id: string; key: string | null; definitionId: string; title: string; state: string; status: string; context: Record<string, unknown> }>;
  history: HistoryEntry[];
}

interface EventRow {
  instance_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  display_name: string | null;
  at: unknown;
  from_state: string | null;
  to_state: string | null;
  data: unknown;
}

interface InstanceRowView {
  id: string;
  definition_id: string;
  definition_hash: string;
  title: string;
  state: string;
  status: string;
  version: number;
  parent_id: string | null;
  parent_key: string | null;
  created_by: string | null;
  created_at: unknown;
  updated_at: unknown;
  snapshot: unknown;
}

/** Children, grandchildren…: one query per level on instances_parent (usually one or two). */
async function descendants(db: Kysely<Database>, countyId: string, rootId: string): Promise<InstanceRowView[]> {
  const all: InstanceRowView[] = [];
  let level = [rootId];
  while (level.length > 0) {
    const rows = (await db
      .selectFrom('instances')
      .selectAll()
      .where('county_id', '=', countyId)
      .where('parent_id', 'in', level)
      .orderBy('created_at')
      .execute()) as unknown as InstanceRowView[];
    all.push(...rows);
    level = rows.map((r) => r.id);
  }
  return all;
}

async function mayRead(db: Kysely<Database>, countyId: string, actor: Actor, row: InstanceRowView, ids: string[]): Promise<boolean> {
  if (actor.roles.some((r) => OFFICE_ROLES.includes(r))) return true;
  if (row.created_by === actor.id) return true;
  const involved = await db
    .selectFrom('tasks')
    .select('id')
    .where('county_id', '=', countyId)
    .where('instance_id', 'in', ids)
    .where((eb) => eb.or([eb('assignee_id', '=', actor.id), eb('completed_by', '=', actor.id), ...(actor.unitId ? [eb('unit_id', '=', actor.unitId)] : [])]))
    .limit(1)
    .execute();
  return involved.length > 0;
}

export async function getInstanceView(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, id: string): Promise<InstanceView> {
  // Simple statements on primary keys and instances_parent: a single recursive CTE with
  // json_agg answered in one round trip but cost ~2 ms of PostgreSQL CPU (1 ms of it
  // planning) per view, more than all other work of a task completion.
  const row = (await db.selectFrom('instances').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst()) as
    | InstanceRowView
    | undefined;
  if (!row) throw new AppError(404, 'INSTANCE_NOT_FOUND', 'No such instance');
  const children = await descendants(db, countyId, id);
  const ids = [id, ...children.map((ch) => ch.id)];
  if (!(await mayRead(db, countyId, actor, row, ids))) throw new AppError(404, 'INSTANCE_NOT_FOUND', 'No such instance');
  const [events, openRows] = await Promise.all([
    sql<EventRow>`
      select e.instance_id, e.seq, e.type, e.actor_id, u.display_name, e.at, e.from_state, e.to_state, e.data
      from instance_events e left join users u on u.county_id = e.county_id and u.id = e.actor_id
      where e.county_id = ${countyId} and e.instance_id in (${sql.join(ids)})
      order by e.at, e.instance_id = ${id} desc, e.seq`.execute(db),
    sql<TaskRow>`
      select ${taskColumns}
      from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
      where t.county_id = ${countyId} and t.instance_id in (${sql.join(ids)}) and t.status = 'open'
      order by t.created_at, t.key`.execute(db),
  ]);
  const snapshot = parseJson<{ machine: { context: Record<string, unknown> } }>(row.snapshot);
  return {
    id: row.id,
    definitionId: row.definition_id,
    definitionHash: row.definition_hash,
    title: row.title,
    state: row.state,
    status: row.status,
    version: Number(row.version),
    parentId: row.parent_id,
    createdBy: row.created_by,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    context: snapshot.machine.context,
    openTasks: await Promise.all(openRows.rows.map((r) => toTaskView(db, rt, r))),
    children: children.map((c) => ({
      id: c.id,
      key: c.parent_key,
      definitionId: c.definition_id,
      title: c.title,
      state: c.state,
      status: c.status,
      context: parseJson<{ machine: { context: Record<string, unknown> } }>(c.snapshot).machine.context,
    })),
    history: events.rows.map((e) => ({
      instanceId: e.instance_id,
      seq: Number(e.seq),
      type: e.type,
      actorId: e.actor_id,
      actorName: e.display_name,
      at: iso(e.at) as string,
      from: e.from_state,
      to: e.to_state,
      data: parseJson(e.data),
    })),
  };
}

export interface InstanceListQuery {
  definition?: string;
  state?: string;
  status?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface InstanceSummary {
  id: string;
  definitionId: string;
  title: string;
  state: string;
  status: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Top-level instances of the county (index instances_list), newest first. */
export async function listInstances(db: Kysely<Database>, countyId: string, actor: Actor, q: InstanceListQuery = {}): Promise<InstanceSummary[]> {
  let query = db
    .selectFrom('instances')
    .select(['id', 'definition_id', 'title', 'state', 'status', 'created_by', 'created_at', 'updated_at'])
    .where('county_id', '=', countyId)
    .where('parent_id', 'is', null);
  if (q.definition) query = query.where('definition_id', '=', q.definition);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.q) query = query.where('title', 'like', `%${q.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  if (!actor.roles.some((r) => OFFICE_ROLES.includes(r))) {
    query = query.where((eb) =>
      eb.or([
        eb('created_by', '=', actor.id),
        eb.exists(
          eb
            .selectFrom('tasks')
            .select('tasks.id')
            .whereRef('tasks.county_id', '=', 'instances.county_id')
            .whereRef('tasks.instance_id', '=', 'instances.id')
            .where((t) => t.or([t('tasks.assignee_id', '=', actor.id), t('tasks.completed_by', '=', actor.id)])),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('updated_at', 'desc').limit(Math.min(q.limit ?? 100, 500)).offset(q.offset ?? 0).execute();
  return rows.map((r) => ({
    id: r.id,
    definitionId: r.definition_id,
    title: r.title,
    state: r.state,
    status: r.status,
    createdBy: r.created_by,
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  }));
}
