/**
 * Documents, not fields: every form submitted in a case (the suggestion, its registration and
 * assignment, each unit's consultation record, answer letter, the deputy's feedback, each
 * re-handling round) as a document in the order it happened, with the form's JSON Schema from
 * the package of the instance it was submitted on, who submitted it (name, unit), when, under
 * which outcome, in which instance (a child's unit), the names of the people and units it
 * refers to, and its attachments (name, type, size). The statement is sql/instance-documents.ts;
 * names sql/reference-names.ts; attachments sql/file-infos.ts.
 *
 * Who sees them: whoever may see the instance (GET /api/instances/:id/documents) or the task
 * (GET /api/tasks/:id, with the documents the task shows, documents-task.ts); anyone else gets
 * "not found", as for the instance or task itself (task-access.ts).
 */
import { sql, type Kysely } from 'kysely';
import { eventTitle, formReferences, readPath, type Actor, type AllowedTaskAction, type JsonSchema, type NamedRef, type ProcessPackage, type StateJson } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { formAttachments, preparedDrafts, taskDocuments, taskPrefill, taskSpecOf } from './documents-task.ts';
import { getTask, type TaskView } from './instance-views.ts';
import { letterNumbers } from './document-letters.ts';
import { isUnitOnly, withheldForm } from './feedback-privacy.ts';
import { parseJson } from './json.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectFileInfos } from './sql/file-infos.ts';
import { selectInstanceDocuments, type DocumentEventRow } from './sql/instance-documents.ts';
import { selectReferenceNames } from './sql/reference-names.ts';
import { maySeeInstanceSql } from './task-access.ts';
import { taskActionsFor } from './task-actions.ts';
import { taskStatistics, type TaskStatisticsView } from './task-statistics.ts';

/** A person's or unit's name as people read it. */
export interface NameView {
  name: string;
  name_en: string | null;
}

export interface DocumentFileView {
  name: string;
  mime: string;
  size: number;
}

export interface DocumentView {
  /** Where it was submitted, and its place in that instance's history. */
  instanceId: string;
  seq: number;
  /** `started` for the start form, else the outcome's event (for code, like `form`). */
  type: string;
  /** The form's key in its package (for code: the UI shows `schema.title`). */
  form: string;
  schema: JsonSchema;
  data: Record<string, unknown>;
  at: string;
  /** The outcome in words (提交答复), or 发起 for the start form. */
  title: string;
  title_en: string;
  /** Who submitted it: name and unit; null when the engine did. */
  actorName: string | null;
  actorUnit: NameView | null;
  /** 委托: whom the submitter acted for (李秀英（代王建国办理）), when a delegate completed the task. */
  onBehalfOfName?: string;
  definitionId: string;
  /** Submitted on the case itself (not on one unit's child process). */
  root: boolean;
  instanceTitle: string;
  /** The unit a child process works for (its `context.unitId`). */
  instanceUnit: NameView | null;
  /** Each reference in `data` (JSON pointer → name); a reference that no longer exists is absent. */
  names: Record<string, NameView>;
  /** Each attachment in `data` by file id (download: GET /api/files/:id). */
  files: Record<string, DocumentFileView>;
  /** 背靠背 (feedback-privacy.ts): a deputy's rating a unit clerk sees only as given; `data` is then empty. */
  withheld?: true;
  /** 撤回: the completion that submitted it was taken back (task-return.ts), when and why; the form stays in the record, marked. */
  withdrawn?: { at: string; reason: string };
  /** The number (文号) of the letter signed from this document, e.g. 县卫生健康委员会函〔2026〕1号 (document-letters.ts). */
  letterNo?: string;
}

export interface InstanceDocuments {
  /** The case's serial number (an `allocateSerial` action's target), when it has one. */
  serialNo: string | null;
  documents: DocumentView[];
}

/** A task with the documents its page shows and the data its outcome forms start with. */
export interface TaskDetail extends TaskView {
  documents: DocumentView[];
  /** Outcome event → initial form data (meta.task.prefill). */
  prefill: Record<string, Record<string, unknown>>;
  /** One unit's statistics the task's definition shows beside the form (meta.task.statistics), in words. */
  statistics: TaskStatisticsView | null;
  /** Outcome events whose pre-filled data is a draft another process prepared (an issue converted into a suggestion), not an earlier answer. */
  preparedDrafts: string[];
  /** The task actions (转办, 委托, 催办 …) the caller may take on it now, in words (task-actions.ts). */
  allowedActions: AllowedTaskAction[];
}

const iso = (v: unknown): string => new Date(v as string).toISOString();
const nameOf = (name: string | null, en: string | null): NameView | null => (name === null ? null : { name, name_en: en });

/** The context path an `allocateSerial` action writes, anywhere in the machine. */
function serialPath(state: StateJson): string | null {
  const refs: unknown[] = [];
  const collect = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(collect);
    else if (x && typeof x === 'object') {
      const ref = x as NamedRef & { actions?: unknown };
      if (ref.type === 'allocateSerial') refs.push(ref);
      if (ref.actions) collect(ref.actions);
    }
  };
  collect(state.entry);
  collect(state.exit);
  for (const group of [state.on, state.after]) for (const t of Object.values(group ?? {})) collect(t);
  collect(state.always);
  for (const ref of refs) {
    const to = (ref as NamedRef).params?.to;
    if (typeof to === 'string') return to;
  }
  for (const child of Object.values(state.states ?? {})) {
    const found = serialPath(child);
    if (found) return found;
  }
  return null;
}

/**
 * `actor`: a unit clerk under 背靠背 sees the deputies' ratings as given, without their content
 * (feedback-privacy.ts), except the forms in `passedOn` — those a task of theirs lists among its
 * documents (the re-handling task: the office passes the deputy's reasons on to the unit).
 */
async function readDocuments(db: Kysely<Database>, rt: Runtime, countyId: string, rows: DocumentEventRow[], actor?: Actor, passedOn: readonly string[] = []): Promise<DocumentView[]> {
  const unitOnly = isUnitOnly(actor);
  const packages = new Map<string, ProcessPackage>();
  for (const hash of new Set(rows.map((r) => r.definition_hash))) packages.set(hash, (await rt.registry.byHash(db, hash)).pkg);
  const docs: Array<Omit<DocumentView, 'names' | 'files'> & { refs: ReturnType<typeof formReferences>; fileIds: string[]; hash: string }> = [];
  // A 撤回 takes back the last completion of its task in its instance: that document is marked.
  const lastOfTask = new Map<string, number>();
  for (const r of rows) {
    const taskOf = `${r.instance_id}\u0000${r.task_key ?? ''}`;
    if (r.type === 'task.withdrawn') {
      const doc = docs[lastOfTask.get(taskOf) ?? -1];
      const reason = (parseJson<{ reason?: unknown }>(r.data) ?? {}).reason;
      if (doc) doc.withdrawn = { at: iso(r.at), reason: typeof reason === 'string' ? reason : '' };
      lastOfTask.delete(taskOf);
      continue;
    }
    const pkg = packages.get(r.definition_hash) as ProcessPackage;
    const form = r.type === 'started' ? pkg.start?.form : r.form;
    const schema = form && Object.hasOwn(pkg.forms, form) ? pkg.forms[form] : undefined;
    if (!form || !schema) continue;
    const data = parseJson<unknown>(r.data);
    const withheld = unitOnly && withheldForm(pkg, form) && !passedOn.includes(form);
    const body = !withheld && data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
    const words = r.type === 'started' ? eventTitle(pkg, 'started') : eventTitle(pkg, r.type, form);
    docs.push({
      instanceId: r.instance_id,
      seq: Number(r.seq),
      type: r.type,
      form,
      schema,
      data: body,
      at: iso(r.at),
      title: words.title,
      title_en: words.title_en,
      actorName: r.actor_name,
      actorUnit: nameOf(r.actor_unit, r.actor_unit_en),
      ...(r.on_behalf_of_name ? { onBehalfOfName: r.on_behalf_of_name } : {}),
      definitionId: r.definition_id,
      root: r.parent_id === null,
      instanceTitle: r.instance_title,
      instanceUnit: nameOf(r.instance_unit, r.instance_unit_en),
      refs: formReferences(schema, body),
      fileIds: formAttachments(schema, body),
      hash: r.definition_hash,
      ...(withheld ? { withheld: true as const } : {}),
    });
    if (r.task_key) lastOfTask.set(taskOf, docs.length - 1);
  }
  const refs = docs.flatMap((d) => d.refs);
  const ids = (kind: string) => [...new Set(refs.filter((x) => x.kind === kind).map((x) => x.id))];
  const names = await selectReferenceNames(db, countyId, { users: ids('user'), deputies: ids('deputy'), units: ids('unit') });
  const byKind = new Map(names.map((n) => [`${n.kind}:${n.id}`, n]));
  const files = new Map((await selectFileInfos(db, countyId, [...new Set(docs.flatMap((d) => d.fileIds))])).map((f) => [f.id, f]));
  const letters = await letterNumbers(db, countyId, docs.map((d, i) => ({ instanceId: d.instanceId, definitionHash: d.hash, form: d.form, at: d.at })), packages);
  return docs.map(({ refs: own, fileIds, hash: _hash, ...doc }, i) => {
    const resolved: Record<string, NameView> = {};
    for (const ref of own) {
      const hit = (ref.kind === 'deputy' ? byKind.get(`deputy:${ref.id}`) : undefined) ?? byKind.get(`${ref.kind === 'unit' ? 'unit' : 'user'}:${ref.id}`);
      if (hit) resolved[ref.pointer] = { name: hit.name, name_en: hit.name_en };
    }
    const attached: Record<string, DocumentFileView> = {};
    for (const id of fileIds) {
      const f = files.get(id);
      if (f) attached[id] = { name: f.name, mime: f.mime, size: Number(f.size) };
    }
    const letterNo = letters.get(i);
    return { ...doc, names: resolved, files: attached, ...(letterNo ? { letterNo } : {}) };
  });
}

/** The documents of instance `id`, its ancestors and its descendants, as `actor` may see them. */
export async function instanceDocuments(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, id: string): Promise<InstanceDocuments> {
  const row = await selectInstanceDocuments(db, countyId, id, maySeeInstanceSql(actor, 'i'));
  if (!row?.readable) throw new AppError('INSTANCE_NOT_FOUND', 'No such instance');
  const pkg = (await rt.registry.byHash(db, row.definition_hash)).pkg;
  const path = serialPath(pkg.machine);
  const serial = path ? readPath({ context: parseJson(row.context) ?? {} }, path) : undefined;
  return { serialNo: typeof serial === 'string' && serial !== '' ? serial : null, documents: await readDocuments(db, rt, countyId, parseJson<DocumentEventRow[]>(row.documents), actor) };
}

/** A task the caller may see (as GET /api/tasks/:id), with what its page shows of the case. */
export async function getTaskDetail(db: Kysely<Database>, rt: Runtime, countyId: string, actor: Actor, taskId: string): Promise<TaskDetail> {
  const task = await getTask(db, rt, countyId, actor, taskId);
  // The caller sees the task, and so its case (task-access.ts: a task that involves them shows its instance tree).
  const row = await selectInstanceDocuments(db, countyId, task.instanceId, sql`true`);
  if (!row) throw new AppError('TASK_NOT_FOUND', 'No such task');
  const pkg = (await rt.registry.byHash(db, row.definition_hash)).pkg;
  const spec = taskSpecOf(pkg, task.state);
  const docs = await readDocuments(db, rt, countyId, parseJson<DocumentEventRow[]>(row.documents), actor, spec?.documents ?? []);
  const scope = { instanceId: task.instanceId, definitionId: task.definitionId };
  const context = (parseJson<Record<string, unknown>>(row.context) ?? {}) as Record<string, unknown>;
  const statistics = await taskStatistics(db, rt, countyId, spec, { context, item: task.item });
  return { ...task, documents: taskDocuments(docs, scope, spec), prefill: taskPrefill(docs, { ...scope, outcomes: task.outcomes }, spec), preparedDrafts: preparedDrafts(docs, scope, spec), statistics, allowedActions: taskActionsFor(pkg, task, actor) };
}
