/**
 * Types of the engine core: the process package format, instance snapshots, events and
 * effects. Pure data; nothing here touches Node, a database or the clock.
 */
import type { RegisterSpec } from './register-spec.ts';

/** A JSON Schema (draft 2020-12) as plain data. */
export type JsonSchema = { [key: string]: unknown };

/**
 * A delay: an ISO 8601 duration (`P3M`, `P10D`, `PT2H`), a number of working days counted on
 * the county's holiday calendar, or an absolute time read from the instance context
 * (`{"at": "context.dueAt"}`; used when a deadline can move, e.g. after an extension).
 * Durations made only of date parts (Y, M, W, D) and working days end at the end of the
 * local day (Asia/Shanghai), so "10 days" means "by the end of the 10th day".
 */
export type DelaySpec = string | { workingDays: number } | { at: string };

/** A task attached to a state (`meta.task`). */
export interface TaskSpec {
  /** Role that may act (county role: admin, staff, unit, deputy, leader, integrator). */
  role: string;
  /** Context path whose value is the user id that must act (e.g. `context.leadDeputyId`, `item.userId`). */
  assignee?: string;
  /** Context path whose value is the handling-unit id that must act (e.g. `context.unitId`). */
  unit?: string;
  /**
   * With `unit`: only the unit's users holding this position may act (unit-positions.ts:
   * `clerk` 经办人, `reviewer` 审核人, `signer` 签发人); store/task-access.ts enforces it.
   */
  position?: string;
  /** Context path of a list: one task per item; `item` in paths refers to the element. */
  forEach?: string;
  /** For `forEach` tasks: raise `tasks.done` when all (default) or any are completed. */
  complete?: 'all' | 'any';
  /** Event name → form name (or null for an outcome without data). Completing sends that event. */
  outcomes: Record<string, string | null>;
  title: string;
  title_en?: string;
  /** Delay name: the task's due time, counted from when it opens. */
  due?: string;
  /** Delay name: a reminder this long before `due`. */
  remindBefore?: string;
  /**
   * Event the machine receives, with the task's `item`, when one of this state's tasks passes
   * its due time still open (besides the engine's own overdue flag and notice): a follow-up's
   * commitment past its date is counted and the office told which one.
   */
  onOverdue?: string;
  /**
   * Forms of this package whose latest submitted documents the task page shows, in this order,
   * after the case's start document (the suggestion itself). Absent: the latest document of
   * every form. runtime/store/documents-task.ts applies it.
   */
  documents?: string[];
  /**
   * Outcome event → form whose latest document pre-fills that outcome's form, e.g.
   * `{"SUBMIT_ANSWER": "answer"}`: a re-handled answer starts from the previous one. Only the
   * fields the outcome's form has are copied.
   */
  prefill?: Record<string, string>;
  /**
   * One unit's row of a process's per-unit statistics for a year, shown beside the form
   * (store/task-statistics.ts), e.g. an evaluated department's suggestion figures:
   * `{"process": "suggestion", "unit": "item.unitId", "year": "context.year"}`.
   */
  statistics?: { process: string; unit: string; year: string };
  /**
   * Outcome-form fields whose values are chosen from a list in the context, by field name
   * (task-choices.ts): the task view offers only those values, completing checks them.
   */
  choices?: Record<string, TaskChoiceSpec>;
  /**
   * The everyday actions on this task (转办, 委托, 退回, 加签, 催办, 撤回; task-actions.ts): which
   * are allowed and to whom. Absent: the package's `taskActions`; `{}` switches all off.
   */
  actions?: TaskActionsSpec;
}

/** The task actions a task (or, as `taskActions`, every task of a package) allows; task-actions.ts gives each its words and rule. */
export interface TaskActionsSpec {
  /** 转办: hand the task to another user (holding the task's role) and/or another unit of the county. */
  transfer?: { roles: string[]; to: Array<'user' | 'unit'> };
  /** 委托: the holder names a user who may act for them on this task until they take it back. */
  delegate?: { roles: string[] };
  /** 退回: send back with `event`, a transition the definition declares on this state. */
  sendBack?: { roles: string[]; event: string };
  /** 加签: add an approver before or after the holder. */
  addSigner?: { roles: string[]; where: Array<'before' | 'after'> };
  /** 催办: urge the holder (a message and a counted event). */
  urge?: { roles: string[] };
  /** 撤回: take back one's completion of this task while the next task is untouched. */
  withdraw?: { roles: string[] };
}

/** One field's choices: the items of the list at `from`, each offered as `value` (default `id`) with `label` rendered over `{item.…}`. */
export interface TaskChoiceSpec {
  from: string;
  value?: string;
  label: string;
  label_en?: string;
  /** The most values an array field may hold: a number or a context path. */
  max?: number | string;
}

/** Start one child instance per item of a context list when the state is entered (`meta.spawn`). */
export interface SpawnSpec {
  /** Id of the process package to start. */
  process: string;
  /** Context path of a list: one child per item. */
  forEach: string;
  /** Child input: field → path (`item.unitId`, `context.title`) evaluated when spawning. */
  input: Record<string, string>;
}

/**
 * A secret ballot the state holds (`meta.ballot`): entering the state creates it (ready for
 * staff to open), leaving it before it closed cancels it, and closing it sends
 * `BALLOT_CLOSED` with the result (`event.data.status`, `elected`, `tie`, `revote`, `counts`…)
 * into the instance. Every value may be a literal or a `context.…` path read on entry.
 */
export interface BallotStateSpec {
  /** Template, e.g. "{context.year}年度民生实事项目票决". */
  title: string;
  /** `DEPUTIES` (all deputies on the roster), `STANDING_COMMITTEE`, or `VOTERS` (voters present, e.g. at a report-back: `voters` one-time passes), or a path to one of them. */
  electorate: string;
  /** `VOTERS` only: how many voters are present (a number or a context path); the roll is that many one-time voter passes. */
  voters?: number | string;
  /** A path to a whole ballot spec (e.g. the re-vote spec a tie produced); then the fields below are not used. */
  spec?: string;
  /** `CHOOSE_K`, `FOR_AGAINST` or `SATISFACTION` (or a path). */
  kind?: string;
  /** Path to a list of candidates: objects with `id` and `title` (or `name`), and optional `title_en`. */
  candidates?: string;
  seats?: number | string;
  countRule?: string;
  thresholdBasis?: string;
  shortfallAction?: string;
  /** Pending votes move to the box whenever at least this many wait (default 20). */
  batchSize?: number;
  /** A term id (届) or a path to one: the roll is then that term's deputies only. */
  term?: string;
  /** False (or a path to false) for a real-name ballot (记名); default true. */
  secret?: boolean | string;
}

export interface StateMeta {
  task?: TaskSpec;
  spawn?: SpawnSpec;
  ballot?: BallotStateSpec;
  /** Display label of the state. */
  title?: string;
  title_en?: string;
  [key: string]: unknown;
}

/** A guard or action reference in the machine JSON. */
export interface NamedRef {
  type: string;
  params?: Record<string, unknown>;
}

export interface TransitionJson {
  target?: string | string[];
  guard?: string | NamedRef;
  actions?: string | NamedRef | Array<string | NamedRef>;
  reenter?: boolean;
  description?: string;
}

export type TransitionsJson = string | TransitionJson | Array<string | TransitionJson>;

export interface StateJson {
  type?: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial?: string;
  states?: Record<string, StateJson>;
  on?: Record<string, TransitionsJson>;
  /** Delay name → transition(s). Delay names refer to the package's `delays`. */
  after?: Record<string, TransitionsJson>;
  always?: TransitionsJson;
  /** Taken when this compound state reaches a final child. */
  onDone?: TransitionsJson;
  entry?: string | NamedRef | Array<string | NamedRef>;
  exit?: string | NamedRef | Array<string | NamedRef>;
  meta?: StateMeta;
  description?: string;
  /** For final states of a child process: context fields returned to the parent. */
  output?: Record<string, string>;
  /** For a history state: remember the parent's direct child (shallow, the default) or every descendant (deep). */
  history?: 'shallow' | 'deep';
  /** For a history state: the state to enter while the parent has no history yet (default: the parent's initial state). */
  target?: string;
}

export interface MachineJson extends StateJson {
  id: string;
  initial: string;
  states: Record<string, StateJson>;
  /** Initial context (defaults); the start form's data and `settings` are merged in. */
  context?: Record<string, unknown>;
}

/** A process package as stored in `definitions/<id>/process.json`, with forms resolved. */
export interface ProcessPackage {
  id: string;
  version: string;
  title: string;
  title_en: string;
  description?: string;
  /** Roles the process uses. */
  roles: string[];
  /** How an instance starts: the start form, the roles allowed to start, the event sent with the data. */
  start?: {
    form: string;
    roles: string[];
    event?: string;
    /**
     * True: the instances are made by the store's scheduling (a reception day by its cadence or
     * the schedule page), so the portal's 发起流程 omits the process and a hand start
     * (POST /api/definitions/:id/instances) is refused with NOT_STARTED_BY_HAND.
     */
    scheduledOnly?: boolean;
  };
  /** True for processes started only as a child of another (`meta.spawn`). */
  child?: boolean;
  /** Form name → JSON Schema (in files: a path relative to the package, resolved on load). */
  forms: Record<string, JsonSchema>;
  delays: Record<string, DelaySpec>;
  /** Variation points a county may change (DOMAIN.md §12 keys of this process). */
  settings?: Record<string, unknown>;
  /** JSON Schema of the instance context. */
  context?: JsonSchema;
  machine: MachineJson;
  /** Template of the instance's display title, e.g. "{context.title}". */
  instanceTitle?: string;
  /**
   * What each event means to a person, by event name: task outcomes (the button 受理, the
   * history row 受理), engine and ballot events. The portal shows these titles, never the name.
   */
  events?: Record<string, EventTitle>;
  /**
   * What each setting means to a county admin, by setting key: the designer shows these words
   * and typed inputs, never the key. Kept beside `settings` (not inside it) so the values stay
   * plain: they are merged into every instance's context, overlays patch them and replays read them.
   */
  settingsInfo?: Record<string, SettingInfo>;
  /** What each delay means, by delay name (the designer shows "答复期限：3 个月", not `answerPeriod = P3M`). */
  delaysInfo?: Record<string, DelayInfo>;
  /** The register (台账): columns, filters and search of the county-wide list (register-spec.ts). */
  register?: RegisterSpec;
  /** The task actions of every task that declares no `actions` of its own (task-actions.ts). */
  taskActions?: TaskActionsSpec;
}

/** The words for one delay of a package. */
export interface DelayInfo {
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
}

/**
 * The words for one setting: its title and description, the unit of a number (次, 人), the
 * titles of the values an enum setting may take (a list setting takes several of them), the
 * bounds of a number, and for an object setting the words of each of its keys.
 */
export interface SettingInfo {
  title: string;
  title_en: string;
  description?: string;
  description_en?: string;
  unit?: string;
  unit_en?: string;
  /**
   * The values an enum setting may take, each with its words. An option may carry
   * `categories` (code, titles, in order): the setting is then a taxonomy (taxonomy.ts).
   */
  options?: Record<string, { title: string; title_en: string; categories?: Array<{ code: string; title: string; title_en: string }> }>;
  /** The options are the categories of the taxonomy this setting chooses (taxonomy.ts); derived, not written. */
  optionsFrom?: string;
  /** A taxonomy setting: the chosen categories also go into the instance's initial context under this key. */
  context?: string;
  min?: number;
  max?: number;
  fields?: Record<string, SettingInfo>;
  /** The value is the id of a unit of the county: the designer offers the units by name. */
  picker?: 'unit';
}

/** The words for one event: Chinese, English beside it, and an optional longer explanation. */
export interface EventTitle {
  title: string;
  title_en: string;
  description?: string;
}

/** A problem found while checking a package. */
export interface DefinitionError {
  code: string;
  /** JSON pointer into the package (RFC 6901), e.g. `/machine/states/draft/on/SUBMIT/target`. */
  pointer: string;
  message: string;
}

export type CheckResult =
  | { ok: true; definition: CompiledDefinitionHandle }
  | { ok: false; errors: DefinitionError[] };

/** Opaque handle to a checked, compiled definition (see compile.ts). */
export interface CompiledDefinitionHandle {
  readonly id: string;
  readonly hash: string;
  readonly pkg: ProcessPackage;
}

/** Who acts. */
export interface Actor {
  id: string;
  roles: string[];
  unitId?: string | null;
  /** Positions in their unit (unit-positions.ts), for tasks that name one. */
  positions?: string[];
  name?: string;
}

/** An event sent into an instance. `at` is stamped by `step` from the clock. */
export interface EngineEvent {
  type: string;
  data?: Record<string, unknown>;
  actor?: Actor;
  /** The task being completed, if any. */
  taskKey?: string;
  [key: string]: unknown;
}

export interface Clock {
  now(): Date;
}

/** Holiday calendar of a county: days off and 调休 working weekend days, per year. */
export interface HolidayCalendar {
  /** year → holiday dates (YYYY-MM-DD, local) */
  holidays: Record<string, string[]>;
  /** year → working weekend dates (YYYY-MM-DD, local) */
  workdays: Record<string, string[]>;
}

/** An open task as the engine tracks it inside the instance snapshot. */
export interface OpenTask {
  key: string;
  /** State node id, e.g. `suggestion.screening`. */
  stateId: string;
  role: string;
  assigneeId: string | null;
  unitId: string | null;
  /** The unit position that may act (TaskSpec.position); absent: anyone of the role and unit. */
  position?: string;
  item: unknown;
  title: string;
  title_en: string | null;
  outcomes: Record<string, string | null>;
  dueAt: string | null;
  openedAt: string;
}

/** Progress of a multi-instance (`forEach`) task state or a spawning state. */
export interface GroupProgress {
  total: number;
  done: number;
  rule: 'all' | 'any';
  raised: boolean;
}

/** Everything the engine needs to continue an instance: stored as JSON in `instances.snapshot`. */
export interface InstanceSnapshot {
  /** XState persisted snapshot (value, context, status, historyValue). */
  machine: {
    status: string;
    value: unknown;
    context: Record<string, unknown>;
    historyValue?: unknown;
    output?: unknown;
    [key: string]: unknown;
  };
  tasks: OpenTask[];
  /** stateId → progress of forEach tasks. */
  taskGroups: Record<string, GroupProgress>;
  /** stateId → progress of spawned children. */
  childGroups: Record<string, GroupProgress & { keys: string[] }>;
  /** Monotonic counter for task and child keys. */
  counter: number;
  /** stateId → key of the ballot that state holds (absent in snapshots from before ballots). */
  ballots?: Record<string, string>;
  /** XState's delayed-event name → the number of the entry that armed its current timer (timers.ts; absent in older snapshots). */
  timers?: Record<string, number>;
  /** The last entry number given to a timer (timers.ts). */
  timerSeq?: number;
}

export type Effect =
  | { type: 'openTask'; task: OpenTask; remindAt: string | null }
  | { type: 'closeTask'; key: string; reason: 'completed' | 'cancelled'; outcome?: string }
  | { type: 'markTaskOverdue'; key: string }
  | { type: 'scheduleTimer'; key: string; fireAt: string; event: EngineEvent }
  | { type: 'cancelTimer'; key: string }
  | { type: 'notify'; to: NotifyTarget; message: string; message_en?: string; data?: Record<string, unknown> }
  | { type: 'startChild'; key: string; process: string; input: Record<string, unknown> }
  | { type: 'cancelChild'; key: string }
  | { type: 'childDone'; output: Record<string, unknown> }
  /**
   * A serial number of `scope`, written at `to` as `scope-0001`; with `format`, as that text
   * with `{n}` the number (at least `width` digits) and `{unit}` the short name of unit `unitId`
   * (units.short_name, else its name), e.g. "县卫健函〔2026〕12号". With `recordIn`, the number is
   * also written on the last entry of that list (paths.ts `writeSerial`).
   */
  | { type: 'allocateSerial'; scope: string; width: number; to: string; format?: string; unitId?: string | null; recordIn?: string }
  /** The annual assessment's grades (runtime/points/grading.ts) from the year's confirmed points, written by the store at `to`. */
  | { type: 'gradeDeputies'; year: unknown; mode: unknown; bands: unknown; to: string }
  | { type: 'createBallot'; key: string; title: string; electorate: string; spec: Record<string, unknown>; batchSize: number | null; termId: string | null; secret: boolean; voters?: number | null }
  | { type: 'cancelBallot'; key: string }
  /** Start an instance of another process linked to this one (DOMAIN §8); `event` is its start event, with `input` as data. */
  | { type: 'startLinked'; key: string; process: string; event: string; input: Record<string, unknown> }
  /** Send `event` to the county's newest running instance of `process` standing in `state`, and link it. */
  | { type: 'sendLinked'; key: string; process: string; state: string; event: string; data: Record<string, unknown> }
  /**
   * Send `event` to each listed running instance of `process` in the county (a 交办会 list, a
   * 重点督办 theme's suggestions, a merged duplicate's main suggestion), each with its own data,
   * in this step's transaction, and link each under `key`; one that does not accept it undoes the step.
   */
  | { type: 'sendEach'; key: string; process: string; event: string; targets: { id: string; data: Record<string, unknown> }[] }
  /**
   * This instance holds each listed running instance of `process` under `scope` (a suggestion on
   * an open 交办会 or closing list): the store refuses the step, naming the holder, when another
   * running instance already holds one, and drops this instance's holds on ones no longer listed.
   */
  | { type: 'holdEach'; scope: string; process: string; ids: string[] }
  /**
   * Seats an earlier instance of the same process left for the next session (DOMAIN §3.5
   * NEXT_SESSION): the store takes the county's latest one not yet taken (its context key
   * `from`, an object with `seats`), writes it at `to`, adds its seats to the number at
   * `seats`, and links this instance to that one under `key`.
   */
  | { type: 'takeCarriedSeats'; key: string; from: string; to: string; seats: string };

export interface NotifyTarget {
  role?: string;
  userId?: string | null;
  unitId?: string | null;
}

export interface StepResult {
  snapshot: InstanceSnapshot;
  effects: Effect[];
  /** False when the machine ignored the event (no transition, no change). */
  changed: boolean;
  /** Display state value before/after, e.g. "inHandling" or "handling.drafting". */
  from: string;
  to: string;
  done: boolean;
}
