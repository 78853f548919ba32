/**
 * Starting instances and completing or claiming tasks: each call is one transaction that
 * locks the instance, checks the caller, validates the form, steps the engine and writes
 * every effect (see step-writer.ts). Bad input changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Actor, CompiledDefinition } from '../engine/index.ts';
import { AppError } from '../errors.ts';
import { inTransaction, type Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { createInstance, lockInstance, parseJson, stepInstance, type StepContext } from './step-writer.ts';

export interface CallerContext {
  countyId: string;
  actor: Actor;
}

function validate(def: CompiledDefinition, form: string | null | undefined, data: unknown): Record<string, unknown> {
  if (!form) return {};
  const validator = def.validators[form];
  if (!validator) throw new AppError(500, 'FORM_MISSING', `Form ${form} is not compiled`);
  const body = data ?? {};
  const errors = validator(body);
  if (errors.length > 0) {
    throw new AppError(400, 'VALIDATION_FAILED', `表单有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { form, errors });
  }
  return body as Record<string, unknown>;
}

export async function startInstance(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  definitionId: string,
  data: unknown,
): Promise<string> {
  const def = rt.registry.latest(definitionId);
  const startSpec = def.pkg.start;
  if (!startSpec || def.pkg.child) throw new AppError(422, 'NOT_STARTABLE', `Process "${definitionId}" is started only by another process`);
  if (!startSpec.roles.some((r) => caller.actor.roles.includes(r))) {
    throw new AppError(403, 'FORBIDDEN', `Starting "${def.pkg.title}" needs one of the roles: ${startSpec.roles.join(', ')}`);
  }
  const body = validate(def, startSpec.form, data);
  return inTransaction(db, async (trx) => {
    const ctx: StepContext = { trx, rt, countyId: caller.countyId, depth: 0 };
    const input = { ...body, startedBy: caller.actor.id };
    const event = startSpec.event ? { type: startSpec.event, data: body, actor: caller.actor } : undefined;
    return createInstance(ctx, def, input, caller.actor, null, event);
  });
}

interface TaskLockRow {
  id: string;
  instance_id: string;
  key: string;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  status: string;
  outcomes: unknown;
  claimed_by: string | null;
}

/**
 * Lock the task and its instance (FOR UPDATE OF both, primary keys): a second writer waits
 * here and then sees the task already closed, so it answers 409 instead of writing twice.
 */
async function lockTask(trx: Kysely<Database>, countyId: string, taskId: string): Promise<TaskLockRow> {
  const result = await sql<TaskLockRow>`
    select t.id, t.instance_id, t.key, t.role, t.assignee_id, t.unit_id, t.status, t.outcomes, t.claimed_by
    from tasks t join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and t.id = ${taskId}
    for update of t, i`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new AppError(404, 'TASK_NOT_FOUND', 'No such task');
  return row;
}

export function mayAct(actor: Actor, task: { role: string; assignee_id: string | null; unit_id: string | null }): boolean {
  if (!actor.roles.includes(task.role)) return false;
  if (task.assignee_id && task.assignee_id !== actor.id) return false;
  if (task.unit_id && task.unit_id !== (actor.unitId ?? null)) return false;
  return true;
}

function ensureOpenAndMine(task: TaskLockRow, actor: Actor): void {
  if (!mayAct(actor, task)) throw new AppError(403, 'FORBIDDEN', 'This task is for someone else');
  if (task.status !== 'open') throw new AppError(409, 'TASK_ALREADY_COMPLETED', 'The task has already been completed');
  if (task.claimed_by && task.claimed_by !== actor.id) throw new AppError(409, 'TASK_CLAIMED', 'Someone else has claimed this task');
}

export async function completeTask(
  db: Kysely<Database>,
  rt: Runtime,
  caller: CallerContext,
  taskId: string,
  outcome: string,
  data: unknown,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    const task = await lockTask(trx, caller.countyId, taskId);
    ensureOpenAndMine(task, caller.actor);
    const outcomes = parseJson<Record<string, string | null>>(task.outcomes);
    if (typeof outcome !== 'string' || !(outcome in outcomes)) {
      throw new AppError(422, 'UNKNOWN_OUTCOME', `"${String(outcome)}" is not an outcome of this task`, { outcomes: Object.keys(outcomes) });
    }
    const instance = await lockInstance(trx, caller.countyId, task.instance_id);
    if (!instance) throw new AppError(404, 'INSTANCE_NOT_FOUND', 'No such instance');
    const def = await rt.registry.byHash(trx, instance.definition_hash);
    const body = validate(def, outcomes[outcome], data);
    const ctx: StepContext = { trx, rt, countyId: caller.countyId, depth: 0 };
    const result = await stepInstance(ctx, instance, { type: outcome, data: body, actor: caller.actor, taskKey: task.key }, caller.actor);
    if (!result.changed) {
      throw new AppError(422, 'TRANSITION_REJECTED', `流程当前不接受“${outcome}”（条件未满足） / The process does not accept ${outcome} now: a condition is not met`);
    }
    return task.instance_id;
  });
}

/** Claim a task so colleagues holding the same role see it is taken. */
export async function claimTask(db: Kysely<Database>, caller: CallerContext, taskId: string): Promise<string> {
  return inTransaction(db, async (trx) => {
    const task = await lockTask(trx, caller.countyId, taskId);
    ensureOpenAndMine(task, caller.actor);
    await trx.updateTable('tasks').set({ claimed_by: caller.actor.id }).where('county_id', '=', caller.countyId).where('id', '=', taskId).execute();
    return task.instance_id;
  });
}
