/**
 * Every row a step writes, in ONE statement of data-modifying CTEs: the instance (version
 * check + bump, or its insert for a start), its event, closed and opened tasks, overdue flags,
 * timers and outbox rows, the attachments its form data names (file_refs, for who may read
 * them: files.ts), the instance's statistics projection row (statistics-projection-write.ts,
 * for a process a catalogue counts), and with `withView` the instance view after the step. All parts hang
 * off `upd`, so when the version check fails nothing at all is written.
 *
 * Locking: the UPDATE of `upd` takes the instance row lock for the statement (and, inside a
 * transaction, until its commit); the task, timer and outbox rows are written only if `upd`
 * wrote. On the optimistic path (no transaction) the WHERE re-checks the version read earlier
 * and that the completed task is still open and not claimed by someone else; a writer that
 * waited on the row lock re-evaluates that on the new row and writes nothing. A serial number
 * (`serialCtes`) locks the instance first (FOR UPDATE) and only then bumps the counter row.
 *
 * Indexes: instances, tasks (county_id, instance_id, key unique), timers (county_id,
 * instance_id, key unique) and counters by their keys; the view's own (instance-view.ts).
 *
 * Why one statement: on this 2-core box the separate-statement version spent most of its
 * Node CPU in socket writes (writev) for ~10 round trips per completion; one statement is
 * one round trip. Lists travel as one jsonb parameter each and are unpacked with
 * jsonb_to_recordset. Timer keys are reduced to their last operation first (a re-entered
 * state cancels and re-arms the same key), so no row is touched twice in the statement. A
 * serial number (registration's 十八届一次-0001) is taken in the same statement too.
 *
 * With the view, the statement answers in the same round trip (a task completion: 2 round
 * trips in all instead of 6). It is asked for only where nothing else is written after the
 * statement (the optimistic completion and the one-statement start); the view costs
 * PostgreSQL CPU (the tree, history and open tasks as JSON), so a step in a transaction, a
 * timer or a migration does not ask for it.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor, Effect, EngineEvent } from '../../engine/index.ts';
import { fileIdsIn } from '../file-refs.ts';
import type { Database } from '../schema.ts';
import { instanceViewParts, type InstanceViewRow, type StepChanges } from './instance-view.ts';
import { bumpCounter } from './next-serial.ts';
import { projectionWriteCte, type ProjectionWrite } from './statistics-projection-write.ts';

export interface StepRows {
  countyId: string;
  instanceId: string;
  fromVersion: number;
  snapshot: unknown;
  state: string;
  status: 'active' | 'done';
  title: string;
  from: string;
  event: EngineEvent;
  actor: Actor | null;
  effects: Effect[];
  now: Date;
  newId: () => string;
  /** Write only if this task is still open and not claimed by someone else (optimistic path). */
  openTask?: { key: string; actorId: string };
  /** A serial number taken inside the statement and written into the snapshot (see `serialCtes`). */
  serial?: SerialInStep;
  /** Insert the instance at version 1 instead of updating it (a start; `fromVersion` is 0). */
  create?: { definitionId: string; definitionHash: string; createdBy: string | null; parent: { id: string; key: string } | null };
  /** Answer with the instance view after the step (readable: the caller just acted on it). */
  withView?: boolean;
  /**
   * Answer with the instance's open tasks after the step as {id, key, title, title_en} only
   * (`Prefer: return=minimal`, instance-brief.ts): no tree, history or forms. Ignored with `withView`.
   */
  brief?: boolean;
  /** The instance's statistics projection row (a process a catalogue counts; statistics-projection-write.ts). */
  projection?: ProjectionWrite;
  /**
   * The definition lets a task take an added signer (加签, engine `declaresSigners`): a task this
   * step closes takes its signers still to answer with it (see `signerCtes`).
   */
  signers?: boolean;
}

/** What the statement wrote: the new version, and the view (or the brief open tasks) when asked for. */
export interface StepWritten {
  version: number;
  view: InstanceViewRow | undefined;
  openTasks?: BriefTaskRow[];
}

/** An open task in a brief answer (`Prefer: return=minimal`). */
export interface BriefTaskRow {
  id: string;
  key: string;
  title: string;
  title_en: string | null;
}

/**
 * The county's next number in `scope` (十八届一次 → 十八届一次-0001), written at `path` of the
 * snapshot (whose value there is a placeholder). Taken inside the write statement, the counter
 * row is locked only for that statement and its commit instead of a whole transaction of
 * round trips: W1-serial's completions all queue on this one row.
 */
export interface SerialInStep {
  scope: string;
  width: number;
  /** Keys from the snapshot's root, e.g. ["machine", "context", "serialNo"]. */
  path: string[];
}

type Of<T extends Effect['type']> = Extract<Effect, { type: T }>;
export const ofType = <T extends Effect['type']>(effects: Effect[], type: T): Array<Of<T>> => effects.filter((e): e is Of<T> => e.type === type);

/** Undefined when the instance version did not match (nothing written). */
export async function writeStepRows(db: Kysely<Database>, r: StepRows): Promise<StepWritten | undefined> {
  const result = await stepStatement(r).execute(db);
  const row = result.rows[0] as (InstanceViewRow & { version: number; brief_tasks?: BriefTaskRow[] | string }) | undefined;
  if (!row) return undefined;
  const brief = row.brief_tasks;
  return { version: Number(row.version), view: r.withView ? row : undefined, ...(brief !== undefined ? { openTasks: typeof brief === 'string' ? (JSON.parse(brief) as BriefTaskRow[]) : brief } : {}) };
}

function stepStatement(r: StepRows): RawBuilder<unknown> {
  const view = r.withView === true;
  const brief = !view && r.brief === true;
  // Keys the statement closed (RETURNING) and tasks it opened: the view's and the brief answer's.
  const answer = view || brief;
  const now = r.now.toISOString();
  const closes = ofType(r.effects, 'closeTask');
  const closedKeys = new Set(closes.map((c) => c.key));
  const closed = closes.map((c) => ({
    key: c.key,
    status: c.reason,
    outcome: c.outcome ?? null,
    completed_by: c.reason === 'completed' ? r.actor?.id ?? null : null,
  }));
  const opened = ofType(r.effects, 'openTask').map(({ task }) => ({
    id: r.newId(),
    key: task.key,
    state_id: task.stateId,
    role: task.role,
    assignee_id: task.assigneeId,
    unit_id: task.unitId,
    position: task.position ?? null,
    item: task.item,
    title: task.title,
    title_en: task.title_en,
    outcomes: task.outcomes,
    // A task opened and closed in the same step (e.g. an `any` group) is written closed.
    status: closedKeys.has(task.key) ? 'cancelled' : 'open',
    due_at: task.dueAt,
  }));
  const overdue = ofType(r.effects, 'markTaskOverdue').map((e) => e.key);
  const last = new Map<string, Of<'scheduleTimer'> | Of<'cancelTimer'>>();
  for (const e of r.effects) if (e.type === 'scheduleTimer' || e.type === 'cancelTimer') last.set(e.key, e);
  const cancelled = [...last.values()].filter((e) => e.type === 'cancelTimer').map((e) => e.key);
  const scheduled = [...last.values()]
    .filter((e): e is Of<'scheduleTimer'> => e.type === 'scheduleTimer')
    .map((e) => ({ id: r.newId(), key: e.key, fire_at: e.fireAt, event: e.event }));
  const notes = ofType(r.effects, 'notify');
  const { type, data, taskKey, output, key, ballotKey, timerEntry, onBehalfOf } = r.event;
  // What the engine was given beyond the form data (a child's key, a ballot's key, a timer's
  // entry number) is kept too, so a stored history can be replayed through step() as it ran.
  const eventData = {
    data: data ?? null,
    taskKey: taskKey ?? null,
    output: output ?? null,
    ...(key !== undefined ? { key } : {}),
    ...(ballotKey !== undefined ? { ballotKey } : {}),
    ...(timerEntry !== undefined ? { timerEntry } : {}),
    // A delegate's completion (委托, task-actions.ts): the holder they acted for.
    ...(onBehalfOf !== undefined ? { onBehalfOf } : {}),
  };
  const c = r.countyId;
  const i = r.instanceId;
  // Attachments the form data names (checked readable by the submitter before the step).
  const attached = fileIdsIn(data);

  const signers = r.signers === true && closed.length > 0;

  // Only the parts a step needs: every CTE is planned on each call, and planning this
  // statement cost more PostgreSQL CPU than executing it (EXPLAIN: 0.5 ms plan, 0.2 ms run).
  const parts = [
    signers && signerCtes(c, i, closed.map((x) => x.key), now, answer),
    sql`ev as (
      insert into instance_events (county_id, instance_id, seq, type, actor_id, at, data, from_state, to_state)
      select ${c}, ${i}, upd.version, ${type}, ${r.actor?.id ?? null}, ${now}::timestamptz,
        ${JSON.stringify(eventData)}::jsonb${signers ? sql` || ${signersCancelled(c)}` : sql``}, ${r.from || null}, ${r.state}
      from upd
      ${view ? sql`returning county_id, instance_id, seq, type, actor_id, at, from_state, to_state, data` : sql``}
    )`,
    closed.length > 0 &&
      sql`closed as (
      update tasks t set status = x.status, outcome = x.outcome, completed_by = x.completed_by, closed_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(closed)}::jsonb) as x(key text, status text, outcome text, completed_by text)
      where t.county_id = ${c} and t.instance_id = ${i} and t.key = x.key and t.status = 'open' and exists (select 1 from upd)
      ${answer ? sql`returning t.key` : sql``}
    )`,
    opened.length > 0 &&
      sql`opened as (
      insert into tasks (county_id, id, instance_id, key, state_id, role, assignee_id, unit_id, position, item, title, title_en, outcomes, status, due_at, created_at)
      select ${c}, x.id, ${i}, x.key, x.state_id, x.role, x.assignee_id, x.unit_id, x.position, x.item, x.title, x.title_en, x.outcomes, x.status, x.due_at, ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(opened)}::jsonb) as x(id text, key text, state_id text, role text, assignee_id text, unit_id text, position text,
        item jsonb, title text, title_en text, outcomes jsonb, status text, due_at timestamptz)
      where exists (select 1 from upd)
      ${view ? sql`returning *` : brief ? sql`returning id, key, title, title_en, status, created_at` : sql``}
    )`,
    overdue.length > 0 &&
      sql`late as (
      update tasks t set overdue = true
      where t.county_id = ${c} and t.instance_id = ${i} and t.key in (select jsonb_array_elements_text(${JSON.stringify(overdue)}::jsonb))
        and exists (select 1 from upd)
      ${view ? sql`returning t.key` : sql``}
    )`,
    cancelled.length > 0 &&
      sql`tdel as (
      delete from timers t
      where t.county_id = ${c} and t.instance_id = ${i} and t.key in (select jsonb_array_elements_text(${JSON.stringify(cancelled)}::jsonb))
        and exists (select 1 from upd)
    )`,
    scheduled.length > 0 &&
      sql`tins as (
      insert into timers (county_id, id, instance_id, key, fire_at, event)
      select ${c}, x.id, ${i}, x.key, x.fire_at, x.event
      from jsonb_to_recordset(${JSON.stringify(scheduled)}::jsonb) as x(id text, key text, fire_at timestamptz, event jsonb)
      where exists (select 1 from upd)
      on conflict (county_id, instance_id, key) do update set fire_at = excluded.fire_at, event = excluded.event
    )`,
    attached.length > 0 &&
      sql`frefs as (
      insert into file_refs (county_id, file_id, instance_id)
      select ${c}, f.id, ${i} from files f
      where f.county_id = ${c} and f.id in (select jsonb_array_elements_text(${JSON.stringify(attached)}::jsonb)) and exists (select 1 from upd)
      on conflict do nothing
    )`,
    r.projection !== undefined && projectionWriteCte(c, i, r.projection),
    notes.length > 0 &&
      sql`ob as (
      insert into outbox (county_id, instance_id, kind, payload, created_at)
      select ${c}, ${i}, 'notify', x.payload, ${now}::timestamptz
      from jsonb_array_elements(${JSON.stringify(notes)}::jsonb) as x(payload)
      where exists (select 1 from upd)
    )`,
  ].filter((part) => part !== false);

  // The view reads the step's new rows from these CTEs (RETURNING above when `view`).
  const ctes = view
    ? instanceViewParts(c, i, sql`true`, {
        instance: sql`upd`,
        inserted: r.create !== undefined,
        event: sql`ev`,
        ...(closed.length > 0 ? { closedKeys: signers ? sql`(select key from closed union all select key from sgnt)` : sql`closed` } : {}),
        ...(opened.length > 0 ? { opened: sql`opened` } : {}),
        ...(overdue.length > 0 ? { lateKeys: sql`late` } : {}),
      } satisfies StepChanges)
    : undefined;
  const current = sql`county_id = ${c} and id = ${i} and version = ${r.fromVersion}
        and ${
          r.openTask
            ? sql`exists (select 1 from tasks t where t.county_id = ${c} and t.instance_id = ${i} and t.key = ${r.openTask.key}
                and t.status = 'open' and (t.claimed_by is null or t.claimed_by = ${r.openTask.actorId}))`
            : sql`true`
        }`;
  const snapshot = sql`${JSON.stringify(r.snapshot)}::jsonb`;
  if (r.create && r.serial) throw new Error('A start in one statement takes no serial number');
  const upd = r.create
    ? sql`insert into instances (county_id, id, definition_id, definition_hash, parent_id, parent_key, title, state, status, snapshot, version, created_by, created_at, updated_at)
      values (${c}, ${i}, ${r.create.definitionId}, ${r.create.definitionHash}, ${r.create.parent?.id ?? null}, ${r.create.parent?.key ?? null}, ${r.title}, ${r.state}, ${r.status}, ${snapshot}, 1,
        ${r.create.createdBy}, ${now}::timestamptz, ${now}::timestamptz)
      returning ${ctes ? sql`*` : r.projection ? sql`version, parent_id, created_at, state` : sql`version`}`
    : sql`update instances set snapshot = ${r.serial ? sql`jsonb_set(${snapshot}, array(select jsonb_array_elements_text(${JSON.stringify(r.serial.path)}::jsonb)), (select to_jsonb(serial) from ctr))` : snapshot},
        version = version + 1, state = ${r.state}, status = ${r.status}, title = ${r.title}, updated_at = ${now}::timestamptz
      where ${current}${r.serial ? sql` and exists (select 1 from ctr)` : sql``}
      returning version${ctes ? sql`, title, state, status, updated_at, snapshot->'machine'->'context' as context` : sql``}${r.projection ? sql`, parent_id, created_at${ctes ? sql`` : sql`, state`}` : sql``}`;
  // The brief answer: the instance's open tasks before the statement less those it closed, and
  // those it opened (statements see the rows as they were before them). Index: tasks
  // (county_id, instance_id, key); no tree, history or forms (W1: see instance-service.ts).
  const leftKeys = closed.length > 0 ? (signers ? sql`(select key from closed union all select key from sgnt)` : sql`(select key from closed)`) : undefined;
  const briefSelect = sql`select upd.version, (select coalesce(json_agg(json_build_object('id', b.id, 'key', b.key, 'title', b.title, 'title_en', b.title_en) order by b.created_at, b.key), '[]'::json)
      from (${
        r.create
          ? sql`select null::text as id, null::text as key, null::text as title, null::text as title_en, null::timestamptz as created_at where false`
          : sql`select t.id, t.key, t.title, t.title_en, t.created_at from tasks t where t.county_id = ${c} and t.instance_id = ${i} and t.status = 'open'${leftKeys ? sql` and t.key not in ${leftKeys}` : sql``}`
      }${opened.length > 0 ? sql` union all select o.id, o.key, o.title, o.title_en, o.created_at from opened o where o.status = 'open'` : sql``}) b) as brief_tasks
    from upd`;
  return sql`
    with ${ctes ? sql`recursive ` : sql``}${r.serial ? serialCtes(r.serial, c, current) : sql``}upd as (
      ${upd}
    ), ${sql.join(parts, sql`, `)}${ctes ? sql`, ${ctes.tree}` : sql``}
    ${ctes ? ctes.select : brief ? briefSelect : sql`select version from upd`}`;
}

/**
 * 加签 follows the rule of every task of a left state (the one rule: a task the step closes):
 * `sgn` cancels the signers of the closed tasks still to answer (open: their countersign task
 * is in the signer's inbox; waiting: an `after` signer not yet asked) and `sgnt` closes their
 * countersign tasks as cancelled, so a case moved on by a timer, a sibling's outcome or 退回
 * leaves nothing in a signer's inbox. The step's event records them in words
 * (`countersignsCancelled`: the signer's name and the task), which the history shows as an
 * entry of its own (instance-views.ts). Reads the closed tasks as they were before the
 * statement (open), so a held completion already agreed (applyHeld) finds nothing here.
 * Indexes: tasks (county_id, instance_id, key), task_signers_task (county_id, task_id), the
 * countersign task by the tasks primary key; the rows are those the step's instance lock covers.
 */
function signerCtes(countyId: string, instanceId: string, keys: string[], now: string, view: boolean): RawBuilder<unknown> {
  return sql`sgn as (
      update task_signers s set status = 'cancelled', held = null
      from tasks h
      where h.county_id = ${countyId} and h.instance_id = ${instanceId} and h.status = 'open'
        and h.key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
        and s.county_id = h.county_id and s.task_id = h.id and s.status in ('open', 'waiting') and exists (select 1 from upd)
      returning s.id, s.countersign_task_id, s.signer_id, s.place, h.title, h.title_en
    ), sgnt as (
      update tasks t set status = 'cancelled', closed_at = ${now}::timestamptz
      from sgn where t.county_id = ${countyId} and t.id = sgn.countersign_task_id and t.status = 'open'
      ${view ? sql`returning t.key` : sql``}
    )`;
}

/** The signers `sgn` cancelled, in words, merged into the step's event data (nothing when none). */
function signersCancelled(countyId: string): RawBuilder<unknown> {
  return sql`coalesce((select jsonb_build_object('countersignsCancelled', jsonb_agg(jsonb_build_object(
      'signerName', u.display_name, 'taskTitle', g.title, 'taskTitle_en', g.title_en, 'where', g.place) order by g.id))
    from sgn g left join users u on u.county_id = ${countyId} and u.id = g.signer_id having count(*) > 0), '{}'::jsonb)`;
}

/**
 * The serial number's CTEs: `lck` locks the instance row if it is still at the version the
 * step was computed from (FOR UPDATE re-checks a row changed meanwhile), and only then `ctr`
 * bumps the counter, so a step that loses its race takes no number and leaves no gap. A
 * number wider than `width` is written in full (lpad would cut it).
 */
function serialCtes(serial: SerialInStep, countyId: string, current: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`lck as (
      select id from instances where ${current} for update
    ), ctr as (
      ${bumpCounter(countyId, serial.scope, sql`lck`)}
      returning ${serial.scope} || '-' || case when length(value::text) >= ${serial.width}::int then value::text
        else lpad(value::text, ${serial.width}::int, '0') end as serial
    ), `;
}
