/**
 * Applies one engine step inside the caller's transaction: instance row (version + 1),
 * one appended event (seq = new version, so gapless per instance), task, timer and outbox
 * rows, child instances, and the parent's `child.done`. The caller holds the instance row
 * lock (FOR UPDATE), so the version check below never fails in practice; it is the guard
 * that turns any lost update into a 409 instead of silent damage.
 */
import { sql, type Kysely } from 'kysely';
import {
  assignToContext,
  renderTemplate,
  start,
  step,
  type Actor,
  type CompiledDefinition,
  type Effect,
  type EngineEvent,
  type InstanceSnapshot,
  type StepResult,
} from '../engine/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';

export interface InstanceRow {
  county_id: string;
  id: string;
  definition_id: string;
  definition_hash: string;
  parent_id: string | null;
  parent_key: string | null;
  version: number;
  snapshot: InstanceSnapshot;
  state: string;
  status: string;
}

/** Nested steps (parent ← child done ← grandchild…) stop here. */
const MAX_DEPTH = 8;

/** jsonb arrives parsed from both pg and PGlite (a jsonb string stays a string); this only names the type. */
export function parseJson<T>(value: unknown): T {
  return value as T;
}

/** Lock an instance row for the rest of the transaction. */
export async function lockInstance(trx: Kysely<Database>, countyId: string, id: string): Promise<InstanceRow | undefined> {
  const result = await sql<InstanceRow>`
    select county_id, id, definition_id, definition_hash, parent_id, parent_key, version, snapshot, state, status
    from instances where county_id = ${countyId} and id = ${id} for update`.execute(trx);
  const row = result.rows[0];
  return row ? { ...row, snapshot: parseJson<InstanceSnapshot>(row.snapshot), version: Number(row.version) } : undefined;
}

export interface StepContext {
  trx: Kysely<Database>;
  rt: Runtime;
  countyId: string;
  depth: number;
}

/** Run `step` on a locked instance and write the outcome. Returns the step result. */
export async function stepInstance(
  ctx: StepContext,
  row: InstanceRow,
  event: EngineEvent,
  actor: Actor | null,
): Promise<StepResult> {
  const def = await ctx.rt.registry.byHash(ctx.trx, row.definition_hash);
  const calendar = await ctx.rt.calendars.forCounty(ctx.trx, ctx.countyId);
  const result = step(def, row.snapshot, event, { clock: ctx.rt.clock, calendar });
  if (result.changed) await writeStep(ctx, def, row, result, event, actor);
  return result;
}

/** Create an instance (top-level or child) and write its first step. Returns its id. */
export async function createInstance(
  ctx: StepContext,
  def: CompiledDefinition,
  input: Record<string, unknown>,
  actor: Actor | null,
  parent: { id: string; key: string } | null,
  startEvent?: EngineEvent,
): Promise<string> {
  const calendar = await ctx.rt.calendars.forCounty(ctx.trx, ctx.countyId);
  const result = start(def, input, { clock: ctx.rt.clock, calendar }, startEvent);
  const now = ctx.rt.clock.now();
  const id = ctx.rt.newId();
  await ctx.trx
    .insertInto('instances')
    .values({
      county_id: ctx.countyId,
      id,
      definition_id: def.id,
      definition_hash: def.hash,
      parent_id: parent?.id ?? null,
      parent_key: parent?.key ?? null,
      title: def.pkg.title,
      state: '',
      status: 'active',
      snapshot: JSON.stringify(result.snapshot),
      version: 0,
      created_by: actor?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const row: InstanceRow = {
    county_id: ctx.countyId,
    id,
    definition_id: def.id,
    definition_hash: def.hash,
    parent_id: parent?.id ?? null,
    parent_key: parent?.key ?? null,
    version: 0,
    snapshot: result.snapshot,
    state: '',
    status: 'active',
  };
  await writeStep(ctx, def, row, result, { type: 'started', data: startEvent?.data ?? input }, actor);
  return id;
}

async function writeStep(
  ctx: StepContext,
  def: CompiledDefinition,
  row: InstanceRow,
  result: StepResult,
  event: EngineEvent,
  actor: Actor | null,
): Promise<void> {
  const { trx, countyId, rt } = ctx;
  const now = rt.clock.now();
  let snapshot = result.snapshot;

  // Serial numbers are allocated here (the only effect whose value flows back into the context).
  for (const e of result.effects) {
    if (e.type !== 'allocateSerial') continue;
    const counter = await sql<{ value: number }>`
      insert into counters (county_id, scope, value) values (${countyId}, ${e.scope}, 1)
      on conflict (county_id, scope) do update set value = counters.value + 1
      returning value`.execute(trx);
    const n = Number(counter.rows[0]?.value ?? 1);
    snapshot = assignToContext(snapshot, e.to, `${e.scope}-${String(n).padStart(e.width, '0')}`);
  }

  const version = row.version + 1;
  const title = def.pkg.instanceTitle ? renderTemplate(def.pkg.instanceTitle, { context: snapshot.machine.context }) || def.pkg.title : def.pkg.title;
  const updated = await trx
    .updateTable('instances')
    .set({
      snapshot: JSON.stringify(snapshot),
      version,
      state: result.to,
      status: result.done ? 'done' : 'active',
      title,
      updated_at: now,
    })
    .where('county_id', '=', countyId)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new AppError(409, 'CONFLICT', 'The instance was changed by someone else; reload and try again');
  row.version = version;
  row.snapshot = snapshot;

  const { type, data, taskKey } = event;
  await trx
    .insertInto('instance_events')
    .values({
      county_id: countyId,
      instance_id: row.id,
      seq: version,
      type,
      actor_id: actor?.id ?? null,
      at: now,
      data: JSON.stringify({ data: data ?? null, taskKey: taskKey ?? null, output: event.output ?? null }),
      from_state: result.from || null,
      to_state: result.to,
    })
    .execute();

  await writeTasksAndTimers(ctx, row.id, result.effects, now, actor);

  const notes = result.effects.filter((e): e is Extract<Effect, { type: 'notify' }> => e.type === 'notify');
  if (notes.length > 0) {
    await trx
      .insertInto('outbox')
      .values(notes.map((n) => ({ county_id: countyId, instance_id: row.id, kind: 'notify', payload: JSON.stringify(n), created_at: now })))
      .execute();
  }

  if (ctx.depth >= MAX_DEPTH) throw new AppError(422, 'NESTING_TOO_DEEP', 'Processes are nested too deeply');
  const inner: StepContext = { ...ctx, depth: ctx.depth + 1 };
  for (const e of result.effects) {
    if (e.type === 'startChild') {
      const child = rt.registry.latest(e.process);
      await createInstance(inner, child, e.input, null, { id: row.id, key: e.key });
    } else if (e.type === 'cancelChild') {
      await cancelChildren(inner, row.id, e.key, now);
    } else if (e.type === 'childDone' && row.parent_id && row.parent_key) {
      const parent = await lockInstance(trx, countyId, row.parent_id);
      if (parent && parent.status === 'active') {
        await stepInstance(inner, parent, { type: 'child.done', key: row.parent_key, output: e.output }, null);
      }
    }
  }
}

async function writeTasksAndTimers(ctx: StepContext, instanceId: string, effects: Effect[], now: Date, actor: Actor | null): Promise<void> {
  const { trx, countyId, rt } = ctx;
  const opens = effects.filter((e): e is Extract<Effect, { type: 'openTask' }> => e.type === 'openTask');
  // A task opened and closed in the same step (e.g. forEach over an empty rule) never reaches the table.
  const closes = effects.filter((e): e is Extract<Effect, { type: 'closeTask' }> => e.type === 'closeTask');
  for (const c of closes) {
    await trx
      .updateTable('tasks')
      .set({ status: c.reason, outcome: c.outcome ?? null, closed_at: now, completed_by: c.reason === 'completed' ? actor?.id ?? null : null })
      .where('county_id', '=', countyId)
      .where('instance_id', '=', instanceId)
      .where('key', '=', c.key)
      .where('status', '=', 'open')
      .execute();
  }
  const closedKeys = new Set(closes.map((c) => c.key));
  const rows = opens.map(({ task }) => ({
    county_id: countyId,
    id: rt.newId(),
    instance_id: instanceId,
    key: task.key,
    state_id: task.stateId,
    role: task.role,
    assignee_id: task.assigneeId,
    unit_id: task.unitId,
    item: JSON.stringify(task.item),
    title: task.title,
    title_en: task.title_en,
    outcomes: JSON.stringify(task.outcomes),
    status: closedKeys.has(task.key) ? 'cancelled' : 'open',
    due_at: task.dueAt ? new Date(task.dueAt) : null,
    created_at: now,
  }));
  if (rows.length > 0) await trx.insertInto('tasks').values(rows).execute();
  for (const e of effects) {
    if (e.type === 'markTaskOverdue') {
      await trx.updateTable('tasks').set({ overdue: true }).where('county_id', '=', countyId).where('instance_id', '=', instanceId).where('key', '=', e.key).execute();
    }
  }

  // Timers: the last operation per key wins (a re-entered state cancels and re-arms the same key).
  const last = new Map<string, Extract<Effect, { type: 'scheduleTimer' | 'cancelTimer' }>>();
  for (const e of effects) if (e.type === 'scheduleTimer' || e.type === 'cancelTimer') last.set(e.key, e);
  const cancelled = [...last.values()].filter((e) => e.type === 'cancelTimer').map((e) => e.key);
  const scheduled = [...last.values()].filter((e): e is Extract<Effect, { type: 'scheduleTimer' }> => e.type === 'scheduleTimer');
  if (cancelled.length > 0) {
    await trx.deleteFrom('timers').where('county_id', '=', countyId).where('instance_id', '=', instanceId).where('key', 'in', cancelled).execute();
  }
  if (scheduled.length > 0) {
    await trx
      .insertInto('timers')
      .values(
        scheduled.map((e) => ({
          county_id: countyId,
          id: rt.newId(),
          instance_id: instanceId,
          key: e.key,
          fire_at: new Date(e.fireAt),
          event: JSON.stringify(e.event),
        })),
      )
      .onConflict((oc) => oc.columns(['county_id', 'instance_id', 'key']).doUpdateSet((eb) => ({ fire_at: eb.ref('excluded.fire_at'), event: eb.ref('excluded.event') })))
      .execute();
  }
}

/** Cancel a child instance (and its descendants): close its tasks, drop its timers. */
async function cancelChildren(ctx: StepContext, parentId: string, key: string, now: Date): Promise<void> {
  const { trx, countyId } = ctx;
  const children = await trx
    .selectFrom('instances')
    .select(['id'])
    .where('county_id', '=', countyId)
    .where('parent_id', '=', parentId)
    .where('parent_key', '=', key)
    .where('status', '=', 'active')
    .execute();
  for (const child of children) {
    const row = await lockInstance(trx, countyId, child.id);
    if (!row) continue;
    await trx.updateTable('instances').set({ status: 'cancelled', version: row.version + 1, updated_at: now }).where('county_id', '=', countyId).where('id', '=', row.id).execute();
    await trx
      .insertInto('instance_events')
      .values({ county_id: countyId, instance_id: row.id, seq: row.version + 1, type: 'cancelled', actor_id: null, at: now, data: JSON.stringify({}), from_state: row.state, to_state: row.state })
      .execute();
    await trx.updateTable('tasks').set({ status: 'cancelled', closed_at: now }).where('county_id', '=', countyId).where('instance_id', '=', row.id).where('status', '=', 'open').execute();
    await trx.deleteFrom('timers').where('county_id', '=', countyId).where('instance_id', '=', row.id).execute();
    for (const group of Object.values(row.snapshot.childGroups)) for (const k of group.keys) await cancelChildren(ctx, row.id, k, now);
  }
}
