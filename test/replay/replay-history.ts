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
  writeSerial,
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
  divergence?: string;
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
    const parent = instance.parent ? replayed.get(instance.parent.id) : undefined;
    // A parent that went another way is reported already; its children's starts would only repeat it.
    if (instance.parent && parent && !parent.divergence && !outcome.divergence) {
      const started = parent.startedChildren.get(instance.parent.key);
      if (!started) report.divergences.push(`${label}: the replayed parent never started a child "${instance.parent.key}"${changed}`);
      else {
        const differs = started.process !== instance.definition.id
          ? `the process is ${started.process}, recorded ${instance.definition.id}`
          : firstDifference(instance.start.input, started.input, 'input');
        if (differs) report.divergences.push(`${label}: the replayed parent started child "${instance.parent.key}" differently: ${differs}${changed}`);
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

  // A store-only row (cancelled) leaves the state where the last step put it.
  const state = result.to;
  const final = instance.final;
  if (state !== final.state || status !== final.status) {
    return fail(`after the last event: expected ${final.state} (${final.status}), got ${state} (${status})`, events);
  }
  const differs = firstDifference(final.context, roundTrip(snapshot.machine.context), 'context');
  if (differs) return fail(`after the last event ${differs}`, events);
  if (status === 'active') {
    const open = snapshot.tasks.map((t) => ({ key: t.key, stateId: t.stateId, assigneeId: t.assigneeId, unitId: t.unitId, dueAt: t.dueAt }));
    const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const tasksDiffer = firstDifference([...final.openTasks].sort(byKey), [...open].sort(byKey), 'openTasks');
    if (tasksDiffer) return fail(`after the last event ${tasksDiffer}`, events);
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
    snapshot = writeSerial(snapshot, effect, serial);
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

/** Where two JSON values first differ, e.g. `context.decisions[0].proposal.no is 5, recorded 1`; undefined when equal. */
function firstDifference(recorded: unknown, replayed: unknown, path: string): string | undefined {
  if (isDeepStrictEqual(recorded, replayed)) return undefined;
  const bothArrays = Array.isArray(recorded) && Array.isArray(replayed);
  const bothObjects = isObject(recorded) && isObject(replayed) && !Array.isArray(recorded) && !Array.isArray(replayed);
  if (bothArrays) {
    for (let i = 0; i < Math.min(recorded.length, replayed.length); i++) {
      const inner = firstDifference(recorded[i], replayed[i], `${path}[${i}]`);
      if (inner) return inner;
    }
    return `${path} has ${replayed.length} items, recorded ${recorded.length}`;
  }
  if (bothObjects) {
    for (const key of [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort()) {
      const inner = firstDifference(recorded[key], replayed[key], `${path}.${key}`);
      if (inner) return inner;
    }
  }
  return `${path} is ${brief(replayed)}, recorded ${brief(recorded)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function brief(value: unknown): string {
  if (value === undefined) return 'absent';
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
