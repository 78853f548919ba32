/**
 * Read models for the API: an instance with its history, children and open tasks; task
 * inboxes; instance lists. Each statement is in sql/ (instance-view.ts, list-tasks.ts,
 * get-task.ts, list-instances.ts); this file turns their rows into the API's views. Every
 * query filters by county first (the leading column of each primary key and index), so
 * another county's object is simply not found; who may see what is task-access.ts.
 */
import type { Kysely } from 'kysely';
import { eventTitle, isUnitPosition, narrowForm, resolveChoices, taskActionDetail, UNIT_POSITION_TITLES, type Actor, type JsonSchema, type ProcessPackage } from '../engine/index.ts';
import { taskSpecOf } from './documents-task.ts';
import { selectInstanceContext, selectInstanceContexts } from './sql/instance-context.ts';
import { countPositionHolders } from './sql/position-holders.ts';
import { AppError } from '../errors.ts';
import { instanceLinks, type InstanceLinkView } from './instance-links.ts';
import { contextForUnit, contextIsDirect, historyDataForUnit, isUnitOnly } from './feedback-privacy.ts';
import { parseJson } from './json.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectTask } from './sql/get-task.ts';
import { selectInstanceView, type InstanceViewRow } from './sql/instance-view.ts';
import { selectInstances } from './sql/list-instances.ts';
import { selectTasks } from './sql/list-tasks.ts';
import type { TaskRow } from './sql/task-row.ts';
import { isOffice, maySeeTask } from './task-access.ts';

export interface OutcomeView {
  event: string;
  /** What the button says: the package's title for the outcome (runtime/engine/event-titles.ts). */
  title: string;
  title_en: string;
  form: string | null;
  schema: JsonSchema | null;
}

export interface TaskView {
  id: string;
  instanceId: string;
  definitionId: string;
  instanceTitle: string;
  /** Who started the instance (a user id; displays ask GET /api/directory/names for the name). */
  instanceCreatedBy: string | null;
  /** The instance's 领衔代表 (`context.leadDeputyId`) when its process keeps one (the suggestion processes). */
  leadDeputyId: string | null;
  key: string;
  state: string;
  title: string;
  title_en: string | null;
  role: string;
  assigneeId: string | null;
  unitId: string | null;
  /** The unit position that may act (经办人, 审核人, 签发人), in words; null: anyone of the role and unit. */
  position: { code: string; title: string; title_en: string } | null;
  /** An open task whose position nobody in the unit holds: the warning its page shows (the admin must name one). */
  positionVacant: boolean;
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
  /** 委托: the user acting for the holder on this task (null: nobody). */
  delegateId: string | null;
  /** 催办: how many times the holder was urged. */
  urgeCount: number;
}

export interface HistoryEntry {
  instanceId: string;
  seq: number;
  type: string;
  actorId: string | null;
  actorName: string | null;
  /** The unit the actor acts for (a unit's clerk), else null: the history reads "县住房和城乡建设局 张三 签收". */
  actorUnitName: string | null;
  actorUnitName_en: string | null;
  /** 委托: the holder the actor acted for, by name ("李四（代张三办理）"); absent when they acted for themselves. */
  onBehalfOfName?: string;
  at: string;
  from: string | null;
  to: string | null;
  data: unknown;
  /** What happened in words: the event's title in its process (an outcome, a timer, a child finishing…). */
  title: string;
  title_en: string;
  /** A task action's or remark's particulars in words ("张三 → 县教育局 · 理由：…"; task-actions.ts), else absent. */
  detail?: string;
  detail_en?: string;
}

/** A task action's particulars in words, from the names its event recorded (engine/task-actions.ts). */
function detailOf(type: string, data: unknown): { detail?: string; detail_en?: string } {
  const inner = data !== null && typeof data === 'object' ? (data as { data?: unknown }).data : undefined;
  const words = taskActionDetail(type, inner);
  return words ? { detail: words.title, detail_en: words.title_en } : {};
}

/** A task's position in words (unit-positions.ts), or null. */
function positionWords(code: string | null): TaskView['position'] {
  if (code === null) return null;
  const words = isUnitPosition(code) ? UNIT_POSITION_TITLES[code] : { title: code, title_en: code };
  return { code, title: words.title, title_en: words.title_en };
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/**
 * `countyId`: to narrow a form offering choices from the case (the task page); null: the instance
 * page's list, which shows no forms. `contexts`: the instances' contexts a task list read at once
 * (selectInstanceContexts); without it the one context is read here.
 */
async function toTaskView(db: Kysely<Database>, rt: Runtime, row: TaskRow, countyId: string | null, county: string, contexts?: Map<string, Record<string, unknown>>): Promise<TaskView> {
  const outcomes = parseJson<Record<string, string | null>>(row.outcomes);
  const def = await rt.registry.byHash(db, row.definition_hash);
  // A form offering choices from the case (the candidates a vote left out) is narrowed to them.
  const choiceSpecs = row.status === 'open' && countyId !== null ? taskSpecOf(def.pkg, row.state_id)?.choices : undefined;
  const context = choiceSpecs ? (contexts ? contexts.get(row.instance_id) ?? {} : await selectInstanceContext(db, countyId as string, row.instance_id)) : undefined;
  const choices = choiceSpecs && context ? resolveChoices(choiceSpecs, context) : null;
  const schemaOf = (form: string | null): JsonSchema | null => {
    const schema = form ? def.pkg.forms[form] ?? null : null;
    return schema && choices ? narrowForm(schema, choices) : schema;
  };
  return {
    id: row.id,
    instanceId: row.instance_id,
    definitionId: row.definition_id,
    instanceTitle: row.instance_title,
    instanceCreatedBy: row.instance_created_by ?? null,
    leadDeputyId: typeof row.lead_deputy_id === 'string' ? row.lead_deputy_id : null,
    key: row.key,
    state: row.state_id,
    title: row.title,
    title_en: row.title_en,
    role: row.role,
    assigneeId: row.assignee_id,
    unitId: row.unit_id,
    position: positionWords(row.position),
    positionVacant: row.status === 'open' && row.position !== null && row.unit_id !== null && (await countPositionHolders(db, county, row.unit_id, row.position)) === 0,
    item: parseJson(row.item),
    status: row.status,
    dueAt: iso(row.due_at),
    overdue: Boolean(row.overdue),
    claimedBy: row.claimed_by,
    outcome: row.outcome,
    completedBy: row.completed_by,
    createdAt: iso(row.created_at) as string,
    closedAt: iso(row.closed_at),
    outcomes: Object.entries(outcomes).map(([event, form]) => ({ event, ...eventTitle(def.pkg, event, form), form, schema: schemaOf(form) })),
    delegateId: row.delegate_id ?? null,
    urgeCount: Number(row.urge_count ?? 0),
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

/** The caller's inbox: open tasks they may act on (index tasks_inbox); or closed ones they completed; or, for the office, all. */
export async function listTasks(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, q: TaskQuery = {}): Promise<TaskView[]> {
  const mine = q.mine ?? true;
  if (!mine && !isOffice(actor)) throw new AppError('FORBIDDEN', 'Only office roles may list all tasks');
  const rows = await selectTasks(db, countyId, actor, {
    state: q.state ?? 'open',
    mine,
    ...(q.definition ? { definition: q.definition } : {}),
    ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
    limit: q.limit ?? 200,
  });
  // The contexts of the tasks whose forms offer choices from the case, in one statement (not one per task).
  const choosing = await Promise.all(rows.map(async (r) => (r.status === 'open' && taskSpecOf((await rt.registry.byHash(db, r.definition_hash)).pkg, r.state_id)?.choices ? r.instance_id : null)));
  const contexts = await selectInstanceContexts(db, countyId, [...new Set(choosing.filter((id): id is string => id !== null))]);
  return Promise.all(rows.map((r) => toTaskView(db, rt, r, countyId, countyId, contexts)));
}

/** A task the caller may see (task-access.ts `maySeeTask`); any other is "not found". */
export async function getTask(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, taskId: string): Promise<TaskView> {
  const row = await selectTask(db, countyId, taskId);
  if (!row || !maySeeTask(actor, row)) throw new AppError('TASK_NOT_FOUND', 'No such task');
  return toTaskView(db, rt, row, countyId, countyId);
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
  /** Cases of other processes linked to this one (DOMAIN §8), in words; only in GET /api/instances/:id, and only when there are some. */
  links?: InstanceLinkView[];
}

export async function getInstanceView(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, id: string): Promise<InstanceView> {
  const row = await selectInstanceView(db, countyId, actor, id);
  // Someone else's instance is "not found", like one of another county.
  if (!row?.readable) throw new AppError('INSTANCE_NOT_FOUND', 'No such instance');
  // `links` only when there are some: the answers of a start or a completion (toInstanceView) do
  // not read them, and for an instance without links they equal this view.
  const own = await instanceLinks(db, rt, countyId, id);
  const view = await toInstanceView(db, rt, row, countyId, actor);
  // What its children started shows here too, marked `via` the child (a suggestion's page shows
  // each unit's 跟踪办理 with the category as answered and as revised; the suggestion stays concluded).
  const fromChildren = await Promise.all(view.children.map(async (c) => (await instanceLinks(db, rt, countyId, c.id)).filter((l) => l.direction === 'to').map((l) => ({ ...l, via: c.id }))));
  const links = [...own, ...fromChildren.flat()];
  return links.length > 0 ? { ...view, links } : view;
}

/** A row of sql/instance-view.ts as the API's instance view. */
export async function toInstanceView(db: Kysely<Database>, rt: Runtime, row: InstanceViewRow, countyId: string, actor?: Actor): Promise<InstanceView> {
  const view = await instanceViewOf(db, rt, row, countyId);
  return isUnitOnly(actor) ? forUnit(view) : view;
}

/** 背靠背 (feedback-privacy.ts): a unit clerk's view keeps when deputies rated, not what. */
function forUnit(view: InstanceView): InstanceView {
  const directIds = new Set(view.children.filter((c) => contextIsDirect(c.context)).map((c) => c.id));
  if (view.definitionId === 'suggestion-assignment' && contextIsDirect(view.context)) directIds.add(view.id);
  return {
    ...view,
    context: contextForUnit(view.definitionId, view.context, directIds.size > 0),
    children: view.children.map((c) => ({ ...c, context: contextForUnit(c.definitionId, c.context, false) })),
    // A parent's child.done carries a unit's record: hidden when any of its units is under 背靠背.
    history: view.history.map((e) => ({ ...e, data: historyDataForUnit(e.type, e.data, directIds.has(e.instanceId) || (e.type === 'child.done' && directIds.size > 0)) })),
  };
}

async function instanceViewOf(db: Kysely<Database>, rt: Runtime, row: InstanceViewRow, countyId: string): Promise<InstanceView> {
  // Each history entry is titled in its own process: the instance's, or a child's.
  const hashes = new Map<string, string>([[row.id, row.definition_hash], ...row.children.map((c): [string, string] => [c.id, c.definitionHash])]);
  const packages = new Map<string, ProcessPackage>();
  for (const hash of new Set(hashes.values())) packages.set(hash, (await rt.registry.byHash(db, hash)).pkg);
  const words = (instanceId: string, type: string) => {
    const pkg = packages.get(hashes.get(instanceId) ?? '');
    return pkg ? eventTitle(pkg, type) : { title: type, title_en: type };
  };
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
    context: row.context,
    openTasks: await Promise.all(row.open_tasks.map((r) => toTaskView(db, rt, r, null, countyId))),
    children: row.children,
    history: row.history.flatMap((e) => withCancelledSigners({
      instanceId: e.instance_id,
      seq: Number(e.seq),
      type: e.type,
      actorId: e.actor_id,
      actorName: e.display_name,
      actorUnitName: e.unit_name ?? null,
      actorUnitName_en: e.unit_name_en ?? null,
      ...(e.on_behalf_of_name ? { onBehalfOfName: e.on_behalf_of_name } : {}),
      at: iso(e.at) as string,
      from: e.from_state,
      to: e.to_state,
      data: parseJson(e.data),
      ...words(e.instance_id, e.type),
      ...detailOf(e.type, parseJson(e.data)),
    }, (type) => words(e.instance_id, type))),
  };
}

const SIGNER_CANCELLED = 'task.countersignCancelled';

/**
 * A step that closed a task whose added signer had not answered (加签; sql/step-write.ts) records
 * them in its event (`countersignsCancelled`): each reads as an entry of its own after the step,
 * by nobody (the case moved on), "审定交办方案：主任会议成员的会签随环节结束取消".
 */
function withCancelledSigners(entry: HistoryEntry, words: (type: string) => { title: string; title_en: string }): HistoryEntry[] {
  const cancelled = (entry.data as { countersignsCancelled?: unknown } | null)?.countersignsCancelled;
  if (!Array.isArray(cancelled)) return [entry];
  return [
    entry,
    ...cancelled.map((signer: unknown): HistoryEntry => ({
      ...entry,
      type: SIGNER_CANCELLED,
      actorId: null,
      actorName: null,
      actorUnitName: null,
      actorUnitName_en: null,
      onBehalfOfName: undefined,
      from: null,
      to: null,
      data: { data: signer },
      ...words(SIGNER_CANCELLED),
      ...detailOf(SIGNER_CANCELLED, { data: signer }),
    })),
  ];
}

export interface InstanceListQuery {
  /** Only instances this user started (我发起的). */
  startedBy?: string;
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

/** Top-level instances of the county the caller may see, newest first (sql/list-instances.ts). */
export async function listInstances(db: Kysely<Database>, countyId: string, actor: Actor, q: InstanceListQuery = {}): Promise<InstanceSummary[]> {
  const rows = await selectInstances(db, countyId, actor, { ...q, limit: q.limit ?? 100, offset: q.offset ?? 0 });
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
