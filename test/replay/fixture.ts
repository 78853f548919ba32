/**
 * The shape of a recorded history (test/fixtures/replays/*.json): every instance of one walk
 * over the API, with each event as the engine received it, in `seq` order. Written by
 * record.ts, read by replay-history.ts. Like Temporal's workflow histories, a fixture is data
 * only: replaying it needs the definitions/ folder and the engine, nothing else.
 */
import type { Actor, EngineEvent, HolidayCalendar } from '../../runtime/engine/index.ts';

export interface ReplayFixture {
  /** File name without `.json`, e.g. `suggestion-rehandling`. */
  name: string;
  description: string;
  /** Wall-clock time of the recording. */
  recordedAt: string;
  /** `git rev-parse HEAD` of the checkout that recorded (its engine produced these paths). */
  engineCommit: string;
  county: string;
  /** The county's own calendar rows laid over the national calendar; null when it has none. */
  calendar: HolidayCalendar | null;
  /** Where fields that `instance_events` does not keep were taken from (see record.ts). */
  sources: Record<string, string>;
  /** Everyone who acted, as the API built the actor from the user row at the time. */
  actors: Record<string, Actor>;
  /** In creation order: a parent before its children. */
  instances: RecordedInstance[];
}

export interface RecordedInstance {
  id: string;
  definition: {
    id: string;
    /** Content hash of the package the instance ran on (`instances.definition_hash`). */
    hash: string;
    /** Example region (definitions/regions.json) whose overlays built the package; null for the base package. */
    region: string | null;
  };
  /** The parent and the key it spawned this instance under; null for a top-level instance. */
  parent: { id: string; key: string } | null;
  /** The arguments of `start()`: the input and, for a package with a start event, that event. */
  start: { at: string; input: Record<string, unknown>; event: RecordedEngineEvent | null; serials?: string[] };
  /** `instance_events` rows after the first (`started`), each with the engine event rebuilt. */
  events: RecordedEvent[];
  /** The instance row and its open task rows as they stood when the walk ended. */
  final: {
    state: string;
    status: string;
    version: number;
    context: Record<string, unknown>;
    openTasks: Array<{ key: string; stateId: string; assigneeId: string | null; unitId: string | null; dueAt: string | null }>;
  };
  /** `from`/`to` of the `started` row. */
  startedTo: string;
}

/** An engine event with the actor named by id (the full actor is in `ReplayFixture.actors`). */
export interface RecordedEngineEvent {
  type: string;
  data?: Record<string, unknown>;
  taskKey?: string;
  actor?: string;
  [key: string]: unknown;
}

export interface RecordedEvent {
  seq: number;
  at: string;
  /** `from_state` / `to_state` of the row. */
  from: string;
  to: string;
  /**
   * What `step()` was given; absent for rows the store writes without the engine
   * (`cancelled`: the parent cancelled this child).
   */
  event?: RecordedEngineEvent;
  /** `cancelled` for a row written by the store alone. */
  storeOnly?: 'cancelled';
  /** Serial numbers the store allocated for this step's `allocateSerial` effects, in effect order. */
  serials?: string[];
}

/** The actor of a recorded event, resolved against the fixture's actors. */
export function engineEvent(fixture: ReplayFixture, recorded: RecordedEngineEvent): EngineEvent {
  const { actor, ...rest } = recorded;
  if (actor === undefined) return structuredClone(rest);
  const who = fixture.actors[actor];
  if (!who) throw new Error(`${fixture.name}: actor ${actor} is not in the fixture's actors`);
  return { ...structuredClone(rest), actor: structuredClone(who) };
}
