/**
 * Reading a walk's history out of the recording database, with what `instance_events` does
 * not keep taken from where it is exact:
 *
 * - `instance_events.data` holds `{data, taskKey, output}` and `actor_id`; the event type and
 *   states are columns. A task completion's `taskKey` and a `child.done`'s `output` are there.
 * - The actor is stored as its id only; the engine got `{id, roles, unitId, name}`, which the
 *   API builds from the user row (roles sorted): rebuilt the same way here.
 * - `BALLOT_CLOSED` loses its `ballotKey`; its data names the ballot (`ballotId`), whose row
 *   has the key.
 * - `child.done` loses its `key`: it is the `parent_key` of the child whose done step was
 *   written just before, in the same transaction (captured order, below).
 * - A timer's event (`timerEntry` of an `after` timer) lives only in the `timers` row, deleted
 *   when it fires: a trigger captures every armed timer's event.
 * - A serial number is written into the snapshot by the store after the step: a trigger
 *   captures the snapshot of every version, the serial is read there.
 *
 * The triggers exist only in the recording database (installCapture); the store never sees them.
 */
import { sql, type Kysely } from 'kysely';
import { readPath, type Actor, type CompiledDefinition, type HolidayCalendar } from '../../runtime/engine/index.ts';
import { getUser, type Database } from '../../runtime/store/index.ts';
import type { RecordedEngineEvent, RecordedEvent, RecordedInstance, ReplayFixture } from './fixture.ts';

/** Capture tables share one sequence, so their rows are in the order they were written across tables. */
export async function installCapture(db: Kysely<Database>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of CAPTURE_DDL) await sql.raw(statement).execute(db);
}

const CAPTURE_DDL = [
  `create sequence replay_capture_order`,
  `create table replay_captured_events (ord bigint primary key default nextval('replay_capture_order'), xid bigint not null default txid_current(),
    county_id text not null, instance_id text not null, seq int not null)`,
  `create table replay_captured_timers (ord bigint primary key default nextval('replay_capture_order'), xid bigint not null default txid_current(),
    county_id text not null, instance_id text not null, key text not null, event jsonb not null)`,
  `create table replay_captured_snapshots (county_id text not null, instance_id text not null, version int not null, snapshot jsonb not null,
    primary key (county_id, instance_id, version))`,
  `create function replay_capture_event() returns trigger language plpgsql as $$
    begin insert into replay_captured_events (county_id, instance_id, seq) values (new.county_id, new.instance_id, new.seq); return null; end $$`,
  `create function replay_capture_timer() returns trigger language plpgsql as $$
    begin insert into replay_captured_timers (county_id, instance_id, key, event) values (new.county_id, new.instance_id, new.key, new.event); return null; end $$`,
  `create function replay_capture_snapshot() returns trigger language plpgsql as $$
    begin
      insert into replay_captured_snapshots (county_id, instance_id, version, snapshot) values (new.county_id, new.id, new.version, new.snapshot)
        on conflict (county_id, instance_id, version) do update set snapshot = excluded.snapshot;
      return null;
    end $$`,
  `create trigger replay_capture after insert on instance_events for each row execute function replay_capture_event()`,
  `create trigger replay_capture after insert or update on timers for each row execute function replay_capture_timer()`,
  `create trigger replay_capture after insert or update on instances for each row execute function replay_capture_snapshot()`,
];

interface EventRow {
  instance_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  at: Date;
  data: { data?: Record<string, unknown> | null; taskKey?: string | null; output?: Record<string, unknown> | null } | null;
  from_state: string | null;
  to_state: string | null;
  ord: number;
  xid: number;
}

interface TimerCapture {
  instance_id: string;
  key: string;
  event: RecordedEngineEvent;
  ord: number;
  xid: number;
}

export interface CapturedHistory {
  fixture: ReplayFixture;
  /** The stored snapshot's value at `path` after version `version` of an instance (for serial numbers). */
  storedValue(instanceId: string, version: number, path: string): unknown;
}

export async function readHistory(
  db: Kysely<Database>,
  countyId: string,
  definitionOf: (hash: string) => Promise<CompiledDefinition>,
  header: Pick<ReplayFixture, 'name' | 'description' | 'recordedAt' | 'engineCommit'>,
): Promise<CapturedHistory> {
  const instances = await db
    .selectFrom('instances')
    .select(['id', 'definition_id', 'definition_hash', 'parent_id', 'parent_key', 'version', 'snapshot', 'state', 'status'])
    .where('county_id', '=', countyId)
    .execute();
  const events = (
    await sql<EventRow>`
      select e.instance_id, e.seq, e.type, e.actor_id, e.at, e.data, e.from_state, e.to_state, c.ord, c.xid
      from instance_events e join replay_captured_events c using (county_id, instance_id, seq)
      where e.county_id = ${countyId} order by c.ord`.execute(db)
  ).rows.map((r) => ({ ...r, ord: Number(r.ord), xid: Number(r.xid), seq: Number(r.seq) }));
  const timers = (
    await sql<TimerCapture>`select instance_id, key, event, ord, xid from replay_captured_timers where county_id = ${countyId} order by ord`.execute(db)
  ).rows.map((r) => ({ ...r, ord: Number(r.ord), xid: Number(r.xid) }));
  const snapshots = (
    await sql<{ instance_id: string; version: number; snapshot: { machine: { context: Record<string, unknown> } } }>`
      select instance_id, version, snapshot from replay_captured_snapshots where county_id = ${countyId}`.execute(db)
  ).rows;
  const ballots = await db.selectFrom('ballots').select(['id', 'ballot_key', 'instance_id']).where('county_id', '=', countyId).execute();
  const openTasks = await db
    .selectFrom('tasks')
    .select(['instance_id', 'key', 'state_id', 'assignee_id', 'unit_id', 'due_at'])
    .where('county_id', '=', countyId)
    .where('status', '=', 'open')
    .orderBy('key')
    .execute();
  const calendarRows = await db.selectFrom('calendars').select(['year', 'holidays', 'workdays']).where('region_id', '=', countyId).execute();

  const byId = new Map(instances.map((i) => [i.id, i]));
  const actorIds = new Set<string>();
  const recorded: RecordedInstance[] = [];
  const created = events.filter((e) => e.seq === 1).map((e) => e.instance_id);
  for (const id of created) {
    const row = byId.get(id);
    if (!row) throw new Error(`instance ${id} has events but no row in county ${countyId}`);
    const own = events.filter((e) => e.instance_id === id).sort((a, b) => a.seq - b.seq);
    const [started, ...rest] = own;
    if (!started || started.type !== 'started') throw new Error(`instance ${id}: the first event is not "started"`);
    const def = await definitionOf(row.definition_hash);
    const body = started.data?.data ?? {};
    const startSpec = row.parent_id === null ? def.pkg.start : undefined;
    // instance-service.ts: input = {...body, startedBy}, and the start event (if the package has one) carries the body; the row keeps the body.
    const start: RecordedInstance['start'] = startSpec?.event
      ? { at: started.at.toISOString(), input: { ...body, startedBy: started.actor_id }, event: { type: startSpec.event, data: body, actor: started.actor_id ?? undefined } }
      : { at: started.at.toISOString(), input: body, event: null };
    if (started.actor_id) actorIds.add(started.actor_id);
    recorded.push({
      id,
      definition: { id: row.definition_id, hash: row.definition_hash, region: null },
      parent: row.parent_id && row.parent_key ? { id: row.parent_id, key: row.parent_key } : null,
      start,
      startedTo: started.to_state ?? '',
      events: rest.map((e) => {
        if (e.actor_id) actorIds.add(e.actor_id);
        return recordEvent(e, { events, timers, ballots, byId });
      }),
      final: {
        state: row.state,
        status: row.status,
        version: Number(row.version),
        context: (row.snapshot as { machine: { context: Record<string, unknown> } }).machine.context,
        openTasks: openTasks
          .filter((t) => t.instance_id === id)
          .map((t) => ({ key: t.key, stateId: t.state_id, assigneeId: t.assignee_id, unitId: t.unit_id, dueAt: t.due_at ? new Date(t.due_at).toISOString() : null })),
      },
    });
  }

  const actors: Record<string, Actor> = {};
  for (const id of [...actorIds].sort()) {
    const user = await getUser(db, countyId, id);
    if (!user) throw new Error(`actor ${id} is not a user of ${countyId}`);
    actors[id] = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
  }
  let calendar: HolidayCalendar | null = null;
  if (calendarRows.length > 0) {
    calendar = { holidays: {}, workdays: {} };
    for (const r of calendarRows) {
      calendar.holidays[String(r.year)] = (r.holidays as string[]) ?? [];
      calendar.workdays[String(r.year)] = (r.workdays as string[]) ?? [];
    }
  }
  const stored = new Map(snapshots.map((s) => [`${s.instance_id}@${Number(s.version)}`, s.snapshot]));
  return {
    fixture: { ...header, county: countyId, calendar, sources: SOURCES, actors, instances: recorded },
    storedValue(instanceId, version, path) {
      const snapshot = stored.get(`${instanceId}@${version}`);
      return snapshot ? readPath({ context: snapshot.machine.context }, path) : undefined;
    },
  };
}

/** What the fixture says about its own provenance (the same text in every fixture). */
const SOURCES: Record<string, string> = {
  event: 'instance_events: type, at, actor_id, from_state/to_state, and data = {data, taskKey, output}',
  actor: 'instance_events keeps actor_id only: {id, roles, unitId, name} rebuilt from users/user_roles as the API builds it',
  ballotKey: 'not in instance_events: the ballots row named by data.ballotId',
  'child.done key': 'not in instance_events: parent_key of the child whose done step was written just before (captured write order)',
  timerEntry: 'not in instance_events: the fired timers row (deleted when it fires), captured by a trigger of the recording database',
  serials: 'not in instance_events: the stored snapshot after the step (captured per version), at the allocateSerial effect\'s path',
  start: 'the started row keeps the start body; input = body + startedBy, and a package with start.event got that event with the body (instance-service.ts)',
};

interface Lookups {
  events: EventRow[];
  timers: TimerCapture[];
  ballots: Array<{ id: string; ballot_key: string | null; instance_id: string | null }>;
  byId: Map<string, { id: string; parent_id: string | null; parent_key: string | null }>;
}

function recordEvent(e: EventRow, look: Lookups): RecordedEvent {
  const base = { seq: e.seq, at: e.at.toISOString(), from: e.from_state ?? '', to: e.to_state ?? '' };
  if (e.type === 'cancelled') return { ...base, storeOnly: 'cancelled' };
  if (e.type === 'migrated') throw new Error(`instance ${e.instance_id} seq ${e.seq}: a migration is not an engine step; replaying migrated instances is not supported`);
  const stored = e.data ?? {};
  const event: RecordedEngineEvent = { type: e.type };
  if (stored.data !== null && stored.data !== undefined) event.data = stored.data;
  if (stored.taskKey !== null && stored.taskKey !== undefined) event.taskKey = stored.taskKey;
  if (stored.output !== null && stored.output !== undefined) event.output = stored.output;
  if (e.actor_id) event.actor = e.actor_id;

  if (e.type === 'BALLOT_CLOSED') {
    const ballot = look.ballots.find((b) => b.id === stored.data?.ballotId);
    if (!ballot?.ballot_key) throw new Error(`instance ${e.instance_id} seq ${e.seq}: no ballot row with a key for ballotId ${String(stored.data?.ballotId)}`);
    event.ballotKey = ballot.ballot_key;
  } else if (e.type === 'child.done') {
    const child = [...look.events].reverse().find((c) => c.ord < e.ord && look.byId.get(c.instance_id)?.parent_id === e.instance_id);
    const key = child ? look.byId.get(child.instance_id)?.parent_key : undefined;
    if (!child || child.xid !== e.xid || !key) throw new Error(`instance ${e.instance_id} seq ${e.seq}: no child step written before this child.done in its transaction`);
    event.key = key;
  } else if (!e.actor_id && (e.type.startsWith('xstate.after.') || e.type === 'task.overdue' || e.type === 'task.remind')) {
    const timerKey = e.type.startsWith('xstate.after.') ? e.type : `task:${String(stored.taskKey)}:${e.type === 'task.overdue' ? 'due' : 'remind'}`;
    // The timer was armed in an earlier transaction; one re-armed by this very step is newer and not the one that fired.
    const armed = [...look.timers].reverse().find((t) => t.instance_id === e.instance_id && t.key === timerKey && t.ord < e.ord && t.xid !== e.xid);
    if (!armed || armed.event.type !== e.type) throw new Error(`instance ${e.instance_id} seq ${e.seq}: no armed timer ${timerKey} found for ${e.type}`);
    return { ...base, event: { ...armed.event } };
  }
  return { ...base, event };
}
