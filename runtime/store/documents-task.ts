/**
 * What a task page shows of its case, and what its outcome forms start with: pure rules over
 * the documents of the task's scope (documents.ts reads them), driven by the task's
 * definition (`meta.task.documents`, `meta.task.prefill`; engine/types.ts TaskSpec), and the
 * attachments a form's data holds.
 */
import type { JsonSchema, ProcessPackage, StateJson, TaskSpec } from '../engine/index.ts';

/** The fields of a document these rules read. */
export interface DocumentKey {
  instanceId: string;
  /** The instance is the root of its tree (the case itself, not a unit's child process). */
  root: boolean;
  /** `started` for the start form; else the outcome event. */
  type: string;
  definitionId: string;
  form: string;
  data: Record<string, unknown>;
}

/** The task's definition: state `stateId` ("suggestion-assignment.active.main.rehandling") of `pkg`. */
export function taskSpecOf(pkg: Pick<ProcessPackage, 'machine'>, stateId: string): TaskSpec | undefined {
  let state: StateJson | undefined = pkg.machine;
  for (const part of stateId.split('.').slice(1)) {
    const states: Record<string, StateJson> | undefined = state?.states;
    state = states && Object.hasOwn(states, part) ? states[part] : undefined;
  }
  return state?.meta?.task;
}

/** The latest document of `form` of process `definitionId`, preferring those of the task's own instance. */
function latest<T extends DocumentKey>(docs: readonly T[], definitionId: string, form: string, instanceId: string): T | undefined {
  const of = docs.filter((d) => d.definitionId === definitionId && d.form === form && d.type !== 'started');
  // A draft another process prepared (DOMAIN §8: an issue converted into a suggestion) starts from its own start document.
  const own = () => docs.filter((d) => d.type === 'started' && d.instanceId === instanceId && d.definitionId === definitionId && d.form === form).at(-1);
  return of.filter((d) => d.instanceId === instanceId).at(-1) ?? of.at(-1) ?? own();
}

/**
 * The documents a task shows, oldest first: the case's start document (the suggestion, the
 * plan), then the latest document of each form the task names (`documents`) or, by default,
 * the latest document of each form of each instance in scope. `docs` are in the order they
 * happened.
 */
export function taskDocuments<T extends DocumentKey>(docs: readonly T[], task: { instanceId: string; definitionId: string }, spec: TaskSpec | undefined): T[] {
  const chosen = new Set<T>();
  const start = docs.find((d) => d.type === 'started' && d.root);
  if (start) chosen.add(start);
  if (spec?.documents) {
    for (const form of spec.documents) {
      const doc = latest(docs, task.definitionId, form, task.instanceId);
      if (doc) chosen.add(doc);
    }
  } else {
    const last = new Map<string, T>();
    for (const d of docs) if (d !== start) last.set(`${d.instanceId}\u0000${d.form}`, d);
    for (const d of last.values()) chosen.add(d);
  }
  return docs.filter((d) => chosen.has(d));
}

/**
 * Outcome event → the data its form starts with (`prefill: {SUBMIT_ANSWER: "answer"}`): the
 * latest document of the named form, cut to the fields the outcome's form has.
 */
export function taskPrefill(
  docs: readonly DocumentKey[],
  task: { instanceId: string; definitionId: string; outcomes: ReadonlyArray<{ event: string; schema: JsonSchema | null }> },
  spec: TaskSpec | undefined,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [event, form] of Object.entries(spec?.prefill ?? {})) {
    const schema = task.outcomes.find((o) => o.event === event)?.schema;
    const doc = latest(docs, task.definitionId, form, task.instanceId);
    if (!schema || !doc) continue;
    const fields = (schema.properties ?? {}) as Record<string, unknown>;
    out[event] = Object.fromEntries(Object.entries(doc.data).filter(([k]) => Object.hasOwn(fields, k)));
  }
  return out;
}

/** Outcome events whose form starts from a draft another process prepared (the instance's own start document), not from an earlier answer. */
export function preparedDrafts(docs: readonly DocumentKey[], task: { instanceId: string; definitionId: string }, spec: TaskSpec | undefined): string[] {
  return Object.entries(spec?.prefill ?? {})
    .filter(([, form]) => latest(docs, task.definitionId, form, task.instanceId)?.type === 'started')
    .map(([event]) => event);
}

/** The file ids a form's data holds in its `x-ui.widget: file-upload` fields (`[{fileId, name}]`), at any depth. */
export function formAttachments(schema: JsonSchema, data: unknown): string[] {
  const out: string[] = [];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    const value = (data as Record<string, unknown>)[name];
    const widget = (sub['x-ui'] as { widget?: unknown } | undefined)?.widget;
    if (widget === 'file-upload' && Array.isArray(value)) {
      for (const f of value) if (f && typeof (f as { fileId?: unknown }).fileId === 'string') out.push((f as { fileId: string }).fileId);
    } else if (Array.isArray(value)) {
      for (const v of value) out.push(...formAttachments((sub.items ?? {}) as JsonSchema, v));
    } else if (value && typeof value === 'object') out.push(...formAttachments(sub, value));
  }
  return out;
}
