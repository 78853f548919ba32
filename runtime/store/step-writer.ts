/**
 * Applies one engine step: instance row (version + 1, or its insert for a start), one
 * appended event (seq = new version, so gapless per instance), task, timer and outbox rows
 * (all in the one statement of sql/step-write.ts), then child instances, ballots and the
 * parent's `child.done`. In a transaction the caller holds the instance row lock (FOR UPDATE),
 * so the version check never fails in practice; it is the guard that turns any lost update
 * into a 409 instead of silent damage. Without one (the optimistic completion, the
 * one-statement start) the statement's own guards decide, and it can answer with the view.
 */
import type { Kysely } from 'kysely';
import {
  assignToContext,
  writeSerial,
  declaresSigners,
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
import { createBallot, type DraftBallotSpec } from './ballot-creation.ts';
import { currentDefinition } from './county-definitions.ts';
import { writeAwards } from './point-awards.ts';
import { assessmentScoring } from './assessment-grading.ts';
import { takeCarriedSeats } from './carried-seats.ts';
import { holdEach } from './instance-holds.ts';
import { mayAward } from '../points/index.ts';
import { cancelInstanceBallot } from './sql/cancel-ballot.ts';
import { cancelChildren } from './sql/cancel-children.ts';
import { lockInstance, type InstanceRow } from './sql/lock-instance.ts';
import { nextSerial } from './sql/next-serial.ts';
import { insertInstanceLink } from './sql/insert-instance-link.ts';
import { linkSources } from './sql/link-sources.ts';
import { lockOpenInstanceInState } from './sql/open-instance-in-state.ts';
import { lockRunningInstance } from './sql/lock-running-instance.ts';
import { ofType, writeStepRows, type SerialInStep, type StepRows, type StepWritten } from './sql/step-write.ts';
import { projectionOf } from './statistics-projection.ts';
import type { StoreEvent } from './store-events.ts';
import type { Database } from './schema.ts';

/** Nested steps (parent ← child done ← grandchild…) stop here. */
const MAX_DEPTH = 8;

export interface StepContext {
  /** Events to emit once the transaction has committed. */
  emitted: StoreEvent[];
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

/** Write a step already computed (with `step`) from exactly this row's snapshot and version. */
export async function writeComputedStep(ctx: StepContext, def: CompiledDefinition, row: InstanceRow, result: StepResult, event: EngineEvent, actor: Actor | null): Promise<void> {
  await writeStep(ctx, def, row, result, event, actor);
}

/**
 * Create an instance (top-level or child) with its first step: the write statement inserts it
 * at version 1 (one round trip, not an insert at version 0 and then the step's update). With
 * `withView`, the statement also answers with the view: only for a start that
 * `needsTransaction` leaves alone and that takes no serial number, run outside a transaction
 * (a suggestion's submission: 3 round trips instead of 7).
 */
export async function createInstance(
  ctx: StepContext,
  def: CompiledDefinition,
  input: Record<string, unknown>,
  actor: Actor | null,
  parent: { id: string; key: string } | null,
  startEvent?: EngineEvent,
  /** The start already computed (with `start`) from exactly these arguments. */
  computed?: StepResult,
  answer: StepAnswer = 'none',
): Promise<{ id: string; written: StepWritten }> {
  const result = computed ?? start(def, input, { clock: ctx.rt.clock, calendar: await ctx.rt.calendars.forCounty(ctx.trx, ctx.countyId) }, startEvent);
  const id = ctx.rt.newId();
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
  const create = { definitionId: def.id, definitionHash: def.hash, createdBy: actor?.id ?? null, parent };
  const written = await writeStep(ctx, def, row, result, { type: 'started', data: startEvent?.data ?? input }, actor, { create, ...answerRows(answer) });
  return { id, written };
}

async function writeStep(
  ctx: StepContext,
  def: CompiledDefinition,
  row: InstanceRow,
  result: StepResult,
  event: EngineEvent,
  actor: Actor | null,
  options: Pick<StepRows, 'create' | 'withView' | 'brief'> = {},
): Promise<StepWritten> {
  const { trx, countyId, rt } = ctx;
  // A view answered by the statement would miss what is written after it (children, ballots).
  if ((options.withView || options.brief) && needsTransaction(def, result, event.type)) throw new Error('A step that writes after its statement cannot answer with the view');
  const now = rt.clock.now();
  let snapshot = result.snapshot;

  // Serial numbers are allocated here (the only effect whose value flows back into the context).
  for (const e of result.effects) {
    if (e.type !== 'allocateSerial') continue;
    const letter = e.format !== undefined ? { format: e.format, unitId: e.unitId ?? null } : undefined;
    snapshot = writeSerial(snapshot, e, await nextSerial(trx, countyId, e.scope, e.width, letter));
  }
  // The annual assessment's grades from the year's confirmed points (assessment-grading.ts).
  for (const e of result.effects) {
    if (e.type !== 'gradeDeputies') continue;
    snapshot = assignToContext(snapshot, e.to, await assessmentScoring(trx, countyId, e.year, e.mode, e.bands));
  }
  // Seats an earlier vote left for this session (carried-seats.ts); linked once this row is written.
  const carriedLinks: Array<{ key: string; targetId: string }> = [];
  for (const e of result.effects) {
    if (e.type !== 'takeCarriedSeats') continue;
    const taken = await takeCarriedSeats(trx, countyId, def.id, snapshot, e);
    snapshot = taken.snapshot;
    if (taken.targetId) carriedLinks.push({ key: e.key, targetId: taken.targetId });
  }

  const written = await writeStepRows(trx, { ...stepRows(rt, countyId, def, row.id, row.version, { ...result, snapshot }, event, actor), now, ...options });
  if (!written) throw new AppError('CONFLICT', 'The instance was changed by someone else; reload and try again');
  row.version = written.version;
  row.snapshot = snapshot;
  for (const l of carriedLinks) await insertInstanceLink(trx, { countyId, sourceId: row.id, key: l.key, targetId: l.targetId, at: now });
  // The instances this one lists, held under their scope (instance-holds.ts): one refused undoes the step.
  for (const e of ofType(result.effects, 'holdEach')) await holdEach(trx, { countyId, scope: e.scope, process: e.process, holderId: row.id, ids: e.ids, at: now });
  ctx.emitted.push(transitioned(countyId, row, event, result, actor));
  // Points the step earns deputies (DOMAIN §8), in this transaction: needsTransaction sent it here.
  if (mayAward(def.id, event.type, result.from, result.to)) {
    await writeAwards(trx, rt, countyId, def, { id: row.id, title: instanceTitle(def, snapshot) }, { ...result, snapshot }, event);
  }

  if (ctx.depth >= MAX_DEPTH) throw new AppError('NESTING_TOO_DEEP', 'Processes are nested too deeply');
  const inner: StepContext = { ...ctx, depth: ctx.depth + 1 };
  for (const e of result.effects) {
    if (e.type === 'startChild') {
      // The child starts on its own process's current version for this county.
      const child = await currentDefinition(trx, rt, countyId, e.process);
      await createInstance(inner, child, e.input, null, { id: row.id, key: e.key });
    } else if (e.type === 'cancelChild') {
      await cancelChildren(trx, countyId, row.id, e.key, now);
    } else if (e.type === 'createBallot') {
      const electorate = e.electorate === 'STANDING_COMMITTEE' ? 'STANDING_COMMITTEE' : e.electorate === 'DEPUTIES' ? 'DEPUTIES' : e.electorate === 'VOTERS' ? 'VOTERS' : null;
      if (!electorate) throw new AppError('INVALID_BALLOT', `The ballot's electorate "${e.electorate}" is not DEPUTIES, STANDING_COMMITTEE or VOTERS`);
      await createBallot(trx, rt, countyId, {
        title: e.title,
        spec: e.spec as unknown as DraftBallotSpec,
        electorate,
        instanceId: row.id,
        ballotKey: e.key,
        ...(e.batchSize ? { batchSize: e.batchSize } : {}),
        termId: e.termId,
        secret: e.secret,
        ...(electorate === 'VOTERS' ? { voters: e.voters ?? null } : {}),
      });
    } else if (e.type === 'cancelBallot') {
      // A closed ballot keeps its result; only one not yet counted is cancelled.
      await cancelInstanceBallot(trx, countyId, row.id, e.key);
    } else if (e.type === 'childDone') {
      if (row.parent_id && row.parent_key) {
        const parent = await lockInstance(trx, countyId, row.parent_id);
        if (parent && parent.status === 'active') {
          await stepInstance(inner, parent, { type: 'child.done', key: row.parent_key, output: e.output }, null);
        }
      }
      // The instances that linked to this one hear that it finished (DOMAIN §8: the issue closes when its suggestion concludes).
      for (const link of await linkSources(trx, countyId, row.id)) {
        const source = await lockInstance(trx, countyId, link.source_id);
        if (source && source.status === 'active') {
          await stepInstance(inner, source, { type: 'linked.done', key: link.key, output: e.output, linkedId: row.id }, null);
        }
      }
    } else if (e.type === 'startLinked') {
      const other = await currentDefinition(trx, rt, countyId, e.process);
      // `linkedFrom`: the instance that started it (a follow-up keeps its unit's handling), as sendLinked's data carries it.
      const started = await createInstance(inner, other, e.input, actor, null, { type: e.event, data: e.input, linkedFrom: row.id, ...(actor ? { actor } : {}) });
      await insertInstanceLink(trx, { countyId, sourceId: row.id, key: e.key, targetId: started.id, at: now });
    } else if (e.type === 'sendLinked') {
      const target = await lockOpenInstanceInState(trx, countyId, e.process, e.state);
      if (!target) throw new AppError('LINK_TARGET_MISSING', `没有正在进行的“${e.process}”流程可以接收 / No running ${e.process} instance in state ${e.state} to receive this`, { process: e.process, state: e.state });
      const sent = await stepInstance(inner, target, { type: e.event, data: { ...e.data, linkedFrom: row.id }, ...(actor ? { actor } : {}) }, actor);
      if (!sent.changed) throw new AppError('LINK_TARGET_MISSING', `接收方流程当前不接受 / The receiving ${e.process} instance does not accept ${e.event} now`, { process: e.process, state: e.state });
      await insertInstanceLink(trx, { countyId, sourceId: row.id, key: e.key, targetId: target.id, at: now });
    } else if (e.type === 'sendEach') {
      // In id order, so two lists that share instances lock them in the same order.
      for (const one of [...e.targets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
        if (one.id === row.id) throw new AppError('LINK_TARGET_REFUSED', '流程不能向自身发送此操作 / An instance cannot send this to itself', { process: e.process });
        const target = await lockRunningInstance(trx, countyId, e.process, one.id);
        if (!target) throw new AppError('LINK_TARGET_REFUSED', `所列的一件流程不存在、不属本县或已经结束 / A listed ${e.process} instance is missing, of another county or finished`, { process: e.process, instanceId: one.id });
        const sent = await stepInstance(inner, target, { type: e.event, data: { ...one.data, linkedFrom: row.id }, ...(actor ? { actor } : {}) }, actor);
        if (!sent.changed) throw new AppError('LINK_TARGET_REFUSED', `“${target.title}”当前不能接收此操作 / "${target.title}" cannot receive this now`, { process: e.process, instanceId: one.id });
        await insertInstanceLink(trx, { countyId, sourceId: row.id, key: e.key, targetId: target.id, at: now });
      }
    }
  }
  return written;
}

export function transitioned(countyId: string, row: Pick<InstanceRow, 'id' | 'definition_id'>, event: EngineEvent, result: StepResult, actor: Actor | null): StoreEvent {
  return {
    name: 'instance:transitioned',
    payload: { countyId, instanceId: row.id, definitionId: row.definition_id, event: event.type, from: result.from, to: result.to, actorId: actor?.id ?? null },
  };
}

export function instanceTitle(def: CompiledDefinition, snapshot: InstanceSnapshot): string {
  if (!def.pkg.instanceTitle) return def.pkg.title;
  return renderTemplate(def.pkg.instanceTitle, { context: snapshot.machine.context }) || def.pkg.title;
}

/** Effects that need more than the one-statement write (values read back, other instances). */
const MULTI_STATEMENT_EFFECTS = new Set<Effect['type']>(['allocateSerial', 'gradeDeputies', 'startChild', 'cancelChild', 'childDone', 'createBallot', 'cancelBallot', 'startLinked', 'sendLinked', 'sendEach', 'holdEach', 'takeCarriedSeats']);

export function needsTransaction(def: CompiledDefinition, result: StepResult, eventType: string): boolean {
  // A step that may write point entries (points/triggers.ts) writes them after its statement.
  if (mayAward(def.id, eventType, result.from, result.to)) return true;
  const others = result.effects.some((e) => e.type !== 'allocateSerial' && MULTI_STATEMENT_EFFECTS.has(e.type));
  return others || (result.effects.some((e) => e.type === 'allocateSerial') && serialInStep(def, result) === undefined);
}

/**
 * A step's one serial number, when the write statement can take it itself (sql/step-write.ts): not
 * when the step takes several, nor when the instance title shows it (the title is rendered
 * here, before the number exists).
 */
function serialInStep(def: CompiledDefinition, result: StepResult): SerialInStep | undefined {
  const serials = ofType(result.effects, 'allocateSerial');
  const only = serials[0];
  // A formatted number (a letter's 文号), or one also recorded in a list, is made in nextSerial, not by the step statement.
  if (serials.length !== 1 || !only || only.format !== undefined || only.recordIn !== undefined) return undefined;
  const target = only.to.replace(/^context\./, '');
  const shown = [...(def.pkg.instanceTitle ?? '').matchAll(/\{context\.([^}]*)\}/g)].map((m) => m[1] ?? '');
  if (shown.some((path) => path === target || path.startsWith(`${target}.`) || target.startsWith(`${path}.`))) return undefined;
  return { scope: only.scope, width: only.width, path: ['machine', 'context', ...target.split('.')] };
}

/**
 * The optimistic path for a step that touches only its own instance: one autocommit
 * statement guarded by the version read earlier (and by the task still being open and not
 * claimed by someone else). Undefined when anything changed meanwhile; the caller then takes
 * the locking path, which decides who won. With `withView`, the statement also answers with
 * the instance view after the step.
 */
export async function writeStepOptimistic(
  db: Kysely<Database>,
  rt: Runtime,
  countyId: string,
  def: CompiledDefinition,
  row: InstanceRow,
  result: StepResult,
  event: EngineEvent,
  actor: Actor,
  answer: StepAnswer,
  /** No task of the instance had a signer to answer at `row.version` (sql/read-task.ts `has_signers`): the 加签 CTEs are left out. */
  noSigners = false,
): Promise<StepWritten | undefined> {
  const serial = serialInStep(def, result);
  const rows = stepRows(rt, countyId, def, row.id, row.version, result, event, actor);
  return writeStepRows(db, {
    ...rows,
    // A signer added since is written through the version, so this statement would not write.
    signers: rows.signers === true && !noSigners,
    // The number's place exists (with a placeholder) for the statement to fill in.
    ...(serial
      ? (() => {
          const snapshot = assignToContext(result.snapshot, serial.path.slice(2).join('.'), null);
          return { serial, snapshot, projection: projectionOf(def.id, snapshot, serial.path) };
        })()
      : {}),
    openTask: event.taskKey ? { key: event.taskKey, actorId: actor.id } : undefined,
    ...answerRows(answer),
  });
}

/**
 * What the write statement answers with besides the version: the instance view, the brief
 * answer's open tasks (`Prefer: return=minimal`: no tree, history or forms), or nothing.
 */
export type StepAnswer = 'view' | 'brief' | 'none';

function answerRows(answer: StepAnswer): Pick<StepRows, 'withView' | 'brief'> {
  return answer === 'view' ? { withView: true } : answer === 'brief' ? { brief: true } : {};
}

/** The rows of a step computed from `fromVersion` of instance `instanceId`, written as they are. */
function stepRows(rt: Runtime, countyId: string, def: CompiledDefinition, instanceId: string, fromVersion: number, result: StepResult, event: EngineEvent, actor: Actor | null): StepRows {
  return {
    countyId,
    instanceId,
    fromVersion,
    snapshot: result.snapshot,
    state: result.to,
    status: result.done ? 'done' : 'active',
    title: instanceTitle(def, result.snapshot),
    from: result.from,
    event,
    actor,
    effects: result.effects,
    now: rt.clock.now(),
    newId: rt.newId,
    // What the statistics read of the instance, written by the same statement (statistics-projection.ts).
    projection: projectionOf(def.id, result.snapshot),
    signers: signersOf(def),
  };
}

const SIGNERS = new WeakMap<CompiledDefinition, boolean>();

/** Whether a task of this definition may take an added signer (加签), computed once per compiled definition. */
export function signersOf(def: CompiledDefinition): boolean {
  let known = SIGNERS.get(def);
  if (known === undefined) SIGNERS.set(def, (known = declaresSigners(def.pkg)));
  return known;
}
