/**
 * Replays a recorded history against the current engine, as Temporal's `test-replay.ts` runs
 * recorded workflow histories against new workflow code: `start()` with the recorded input,
 * then `step()` for every recorded event in order, each with a clock at the recorded time and
 * a JSON round trip of the snapshot in between (as the store keeps it in jsonb). Every event
 * must still be taken and lead between the same states; at the end the state, status,
 * context and open tasks must equal the recorded instance's, and every child a parent started
 * must have been started with the recorded input.
 *
 * The result is a value (a list of divergences), so the test can print all of them at once.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../../runtime/errors.ts';
import {
  applyOverlays,
  assignToContext,
  compileDefinition,
  mergeCalendars,
  NATIONAL_CALENDAR,
  start,
  step,
  type CompiledDefinition,
  type Effect,
  type HolidayCalendar,
  type InstanceSnapshot,
  type StepEnv,
  type StepResult,
} from '../../runtime/engine/index.ts';
import { contentHash, exampleChain, readExampleRegions, readPackages } from '../../runtime/definition-files.ts';
import { engineEvent, type RecordedInstance, type ReplayFixture } from './fixture.ts';

export interface CurrentDefinition {
  def: CompiledDefinition;
  /** Content hash of the package as definitions/ holds it now. */
  hash: string;
}

/** The packages in definitions/ as the store would compile them, base or with an example region's overlays; compiled once each. */
export function currentDefinitions(): (id: string, region: string | null) => CurrentDefinition {
  const packages = new Map(readPackages().map((p) => [p.id, p]));
  const regions = readExampleRegions();
  const known = new Set(packages.keys());
  const compiled = new Map<string, CurrentDefinition>();
  return (id, region) => {
    const cacheKey = `${region ?? ''}/${id}`;
    const cached = compiled.get(cacheKey);
    if (cached) return cached;
    const base = packages.get(id);
    if (!base) throw new Error(`definitions/${id} no longer exists`);
    let pkg = base;
    if (region !== null) {
      const county = regions.find((r) => r.code === region);
      if (!county) throw new Error(`definitions/regions.json has no region ${region}`);
      const layers = exampleChain(county, regions)
        .filter((r) => r.overlays[id] !== undefined)
        .map((r) => ({ level: r.level, patch: r.overlays[id] }));
      pkg = applyOverlays(base, layers);
    }
    const hash = contentHash(pkg);
    const result = compileDefinition(pkg, hash, known);
    if (!result.ok) throw new Error(`definitions/${id} does not check: ${result.errors.map((e) => `${e.pointer} ${e.code}`).join('; ')}`);
    const current = { def: result.definition, hash };
    compiled.set(cacheKey, current);
    return current;
  };
}

export interface ReplayOptions {
  /**
   * The serial number the store wrote for a step's `allocateSerial` effect. Default: the
   * recorded `serials` of the event. The recorder passes one that reads the stored snapshot.
   */
  serial?: (instance: RecordedInstance, seq: number, effect: SerialEffect, index: number) => string | undefined;
}

type SerialEffect = Extract<Effect, { type: 'allocateSerial' }>;

export interface ReplayReport {
  instances: number;
  /** Events stepped through the engine (store-only rows such as `cancelled` are not counted). */
  events: number;
  /** One readable line per instance that went another way than recorded. */
  divergences: string[];
}

interface Replayed {
  startedChildren: Map<string, { process: string; input: Record<string, unknown> }>;
}

export function replayFixture(
  fixture: ReplayFixture,
  definitions: (id: string, region: string | null) => CurrentDefinition,
  options: ReplayOptions = {},
): ReplayReport {
  const calendar: HolidayCalendar = fixture.calendar ? mergeCalendars(NATIONAL_CALENDAR, fixture.calendar) : NATIONAL_CALENDAR;
  const report: ReplayReport = { instances: fixture.instances.length, events: 0, divergences: [] };
  const replayed = new Map<string, Replayed>();
  fixture.instances.forEach((instance, i) => {
    const label = `${fixture.name} › instance ${i + 1}/${fixture.instances.length} ${instance.definition.id}${instance.parent ? ` (child "${instance.parent.key}")` : ''}`;
    const current = definitions(instance.definition.id, instance.definition.region);
    const changed =
      current.hash === instance.definition.hash
        ? ''
        : ` — NOTE: definitions/${instance.definition.id} changed since recording (hash ${instance.definition.hash.slice(0, 12)} recorded, ${current.hash.slice(0, 12)} now); if the change is on purpose, re-record with \`npm run record:replays\``;
    const outcome = replayInstance(fixture, instance, current.def, calendar, options);
    report.events += outcome.events;
    replayed.set(instance.id, outcome);
    if (outcome.divergence) report.divergences.push(`${label}: ${outcome.divergence}${changed}`);
    if (instance.parent && !outcome.divergence) {
      const started = replayed.get(instance.parent.id)?.startedChildren.get(instance.parent.key);
      if (!started) report.divergences.push(`${label}: the replayed parent never started a child "${instance.parent.key}"${changed}`);
      else if (started.process !== instance.definition.id || !isDeepStrictEqual(started.input, instance.start.input)) {
        report.divergences.push(
          `${label}: the replayed parent started child "${instance.parent.key}" as ${started.process} with ${JSON.stringify(started.input)}, recorded ${instance.definition.id} with ${JSON.stringify(instance.start.input)}${changed}`,
        );
      }
    }
  });
  return report;
}

function replayInstance(
  fixture: ReplayFixture,
  instance: RecordedInstance,
  def: CompiledDefinition,
  calendar: HolidayCalendar,
  options: ReplayOptions,
): Replayed & { events: number; divergence?: string } {
  const env = (at: string): StepEnv => ({ clock: { now: () => new Date(at) }, calendar });
  const startedChildren = new Map<string, { process: string; input: Record<string, unknown> }>();
  const ballots = new Set<string>();
  const note = (result: StepResult) => {
    for (const e of result.effects) {
      if (e.type === 'startChild') startedChildren.set(e.key, { process: e.process, input: roundTrip(e.input) });
      if (e.type === 'createBallot') ballots.add(e.key);
    }
  };
  const fail = (divergence: string, events: number) => ({ startedChildren, events, divergence });

  let result: StepResult;
  try {
    const startEvent = instance.start.event ? engineEvent(fixture, instance.start.event) : undefined;
    result = start(def, structuredClone(instance.start.input), env(instance.start.at), startEvent);
  } catch (err) {
    return fail(`start at ${instance.start.at}: expected → ${instance.startedTo}, the engine threw ${describe(err)}`, 0);
  }
  if (result.to !== instance.startedTo) return fail(`start at ${instance.start.at}: expected → ${instance.startedTo}, got → ${result.to}`, 0);
  note(result);
  const serial = (seq: number, recordedSerials: string[] | undefined) => (effect: SerialEffect, k: number) =>
    options.serial ? options.serial(instance, seq, effect, k) : recordedSerials?.[k];
  const first = withSerials(result, serial(1, instance.start.serials));
  if (typeof first === 'string') return fail(`start at ${instance.start.at}: ${first}`, 0);
  let snapshot = first;
  let status = result.done ? 'done' : 'active';
  let events = 0;

  for (const [i, recorded] of instance.events.entries()) {
    const where = `event ${i + 1} of ${instance.events.length} (seq ${recorded.seq}) ${recorded.event?.type ?? recorded.storeOnly} at ${recorded.at}`;
    if (recorded.storeOnly === 'cancelled') {
      status = 'cancelled';
      continue;
    }
    if (!recorded.event) return fail(`${where}: the fixture has no engine event`, events);
    const event = engineEvent(fixture, recorded.event);
    if (event.type === 'BALLOT_CLOSED' && !ballots.has(String(event.ballotKey))) {
      return fail(`${where}: closes ballot "${String(event.ballotKey)}", which the replay never created (created: ${[...ballots].join(', ') || 'none'})`, events);
    }
    try {
      result = step(def, snapshot, event, env(recorded.at));
    } catch (err) {
      return fail(`${where}: expected ${recorded.from} → ${recorded.to}, the engine threw ${describe(err)}`, events);
    }
    events++;
    if (!result.changed) return fail(`${where}: expected ${recorded.from} → ${recorded.to}, got the event ignored (changed: false) in ${result.from}`, events);
    if (result.from !== recorded.from || result.to !== recorded.to) {
      return fail(`${where}: expected ${recorded.from} → ${recorded.to}, got ${result.from} → ${result.to}`, events);
    }
    note(result);
    const next = withSerials(result, serial(recorded.seq, recorded.serials));
    if (typeof next === 'string') return fail(`${where}: ${next}`, events);
    snapshot = next;
    status = result.done ? 'done' : 'active';
  }

  const state = instance.events.length > 0 ? result.to : instance.startedTo;
  const final = instance.final;
  if (state !== final.state || status !== final.status) {
    return fail(`after the last event: expected ${final.state} (${final.status}), got ${state} (${status})`, events);
  }
  const keys = contextDifferences(snapshot.machine.context, final.context);
  if (keys.length > 0) {
    return fail(`after the last event the context differs at ${keys.join(', ')}: recorded ${JSON.stringify(pick(final.context, keys))}, replayed ${JSON.stringify(pick(snapshot.machine.context, keys))}`, events);
  }
  if (status === 'active') {
    const open = snapshot.tasks.map((t) => ({ key: t.key, stateId: t.stateId, assigneeId: t.assigneeId, unitId: t.unitId, dueAt: t.dueAt }));
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    if (!isDeepStrictEqual([...open].sort(byKey), [...final.openTasks].sort(byKey))) {
      return fail(`after the last event the open tasks differ: recorded ${JSON.stringify(final.openTasks)}, replayed ${JSON.stringify(open)}`, events);
    }
  }
  return { startedChildren, events };
}

/**
 * The snapshot as the store saved it: with the serial numbers it allocated written in (the
 * only effect whose value flows back into the context), after a JSON round trip. A string
 * says what is missing.
 */
function withSerials(result: StepResult, value: (effect: SerialEffect, index: number) => string | undefined): InstanceSnapshot | string {
  let snapshot = result.snapshot;
  const serials = result.effects.filter((e): e is SerialEffect => e.type === 'allocateSerial');
  for (const [k, effect] of serials.entries()) {
    const serial = value(effect, k);
    if (serial === undefined) return `the step takes a serial number (${effect.scope} → ${effect.to}) that the recording has none for`;
    snapshot = assignToContext(snapshot, effect.to, serial);
  }
  return roundTrip(snapshot);
}

function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function describe(err: unknown): string {
  if (err instanceof AppError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Top-level context fields whose values differ (after a JSON round trip, as jsonb keeps them). */
function contextDifferences(replayed: Record<string, unknown>, recorded: Record<string, unknown>): string[] {
  const a = roundTrip(replayed);
  const keys = new Set([...Object.keys(a), ...Object.keys(recorded)]);
  return [...keys].filter((k) => !isDeepStrictEqual(a[k], recorded[k])).sort();
}

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, obj[k] ?? null]));
}
