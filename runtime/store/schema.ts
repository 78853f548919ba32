/**
 * Kysely's view of the schema in migrations/001_initial.ts, one interface per table.
 *
 * Conventions both engines agree on (see db.ts):
 * - timestamptz comes back as a `Date` from pg and from PGlite; writes accept a Date or an ISO string.
 * - jsonb comes back parsed (`unknown`, narrow it at the use site); writes take a string, because
 *   pg turns a JS array parameter into a Postgres array literal, not JSON. Always `JSON.stringify`.
 * - int8 (bigserial, count()) comes back as a number: PGlite does so natively, pg via a type parser.
 */
import type { ColumnType, Generated } from 'kysely';
import type { UnitPosition } from '../engine/unit-positions.ts';

/** A timestamptz column without a default. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with `default now()`. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column: parsed on read, a JSON string on write. */
export type Json = ColumnType<unknown, string, string>;
/** A nullable jsonb column. */
export type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

export type RegionLevel = 'province' | 'city' | 'county';
export type Role = 'admin' | 'staff' | 'unit' | 'deputy' | 'leader' | 'integrator' | 'region';
/** The roles of a county's users (what county admins grant). */
export const ROLES: readonly Role[] = ['admin', 'staff', 'unit', 'deputy', 'leader', 'integrator'];
/**
 * The role of a city's or province's reader (上级人大, migration 018): it reads the figures and
 * registers of every county under its region, never tasks; its users hold no other role and
 * are seeded or created by an operator, never granted by a county admin (not in ROLES).
 */
export const REGION_ROLE: Role = 'region';

export interface RegionsTable {
  id: string;
  parent_id: string | null;
  level: RegionLevel;
  code: string;
  name: string;
  name_en: string | null;
  created_at: GeneratedTimestamp;
}

export interface UnitsTable {
  county_id: string;
  id: string;
  name: string;
  name_en: string | null;
  /** False once deactivated (migration 009): kept for old instances' names, not offered for new work. */
  active: Generated<boolean>;
  /** Pinyin of `name` (name-pinyin.ts), for the directory; null until filled. */
  name_initials: ColumnType<string | null, string | null | undefined, string | null>;
  name_pinyin: ColumnType<string | null, string | null | undefined, string | null>;
  /** 发文机关代字 for the unit's letter numbers (migration 034); null: the full name. */
  short_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UsersTable {
  county_id: string;
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: string | null;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
  /** Pinyin of `display_name` (name-pinyin.ts), for the directory; null until filled. */
  name_initials: ColumnType<string | null, string | null | undefined, string | null>;
  name_pinyin: ColumnType<string | null, string | null | undefined, string | null>;
  /** Tokens carry it; a password change or reset, deactivation or logout adds one (migration 012). */
  token_version: Generated<number>;
}

export interface UserRolesTable {
  county_id: string;
  user_id: string;
  role: Role;
}

/** A unit user's positions in their unit (migration 034): 经办人, 审核人, 签发人. */
export interface UserPositionsTable {
  county_id: string;
  user_id: string;
  position: UnitPosition;
}

export interface CalendarsTable {
  region_id: string;
  year: number;
  holidays: Json;
  workdays: Json;
  /** date → name of the day (migration 032); `{}` for rows written without names. */
  names: ColumnType<unknown, string | undefined, string>;
}

/** The stamp of a region's calendar rows, bumped by a trigger on every change (migration 041). */
export interface CalendarVersionsTable {
  region_id: string;
  /** bigint: a string from pg, a number from PGlite. */
  version: ColumnType<string | number, never, never>;
}

export interface DefinitionsTable {
  hash: string;
  id: string;
  version: string;
  package: Json;
  loaded_at: GeneratedTimestamp;
}

export interface InstancesTable {
  county_id: string;
  id: string;
  definition_id: string;
  definition_hash: string;
  parent_id: string | null;
  parent_key: string | null;
  title: string;
  state: string;
  status: string;
  snapshot: Json;
  version: number;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The statistics projection (migration 022): one row per instance a catalogue counts. */
export interface StatisticsFactsTable {
  county_id: string;
  instance_id: string;
  definition_id: string;
  parent_id: string | null;
  created_at: Timestamp;
  state: string;
  facts: Json;
  /** xid8 of the writing transaction, as text. */
  xid: string;
}

export interface StatisticsProjectionShapesTable {
  definition_id: string;
  keys: Json;
}

export interface InstanceEventsTable {
  county_id: string;
  instance_id: string;
  seq: number;
  type: string;
  actor_id: string | null;
  at: Timestamp;
  data: NullableJson;
  from_state: string | null;
  to_state: string | null;
}

export interface TasksTable {
  county_id: string;
  id: string;
  instance_id: string;
  key: string;
  state_id: string;
  role: string;
  assignee_id: string | null;
  unit_id: string | null;
  item: NullableJson;
  title: string;
  title_en: string | null;
  outcomes: Json;
  /** 'open' | 'completed' | 'cancelled' (a check constraint). */
  status: string;
  due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  overdue: Generated<boolean>;
  claimed_by: string | null;
  outcome: string | null;
  completed_by: string | null;
  created_at: Timestamp;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** 委托 (migration 035): the user acting for the holder on this task, and the holder who named them. */
  delegate_id: ColumnType<string | null, string | null | undefined, string | null>;
  delegated_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** 催办 (migration 035): how many times the holder was urged. */
  urge_count: Generated<number>;
  /** Only users holding this position in the task's unit may act (migration 034); null: any. */
  position: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TimersTable {
  county_id: string;
  id: string;
  instance_id: string;
  key: string;
  fire_at: Timestamp;
  event: Json;
}

export interface OutboxTable {
  id: Generated<number>;
  county_id: string;
  instance_id: string | null;
  kind: string;
  payload: Json;
  created_at: Timestamp;
  processed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CountersTable {
  county_id: string;
  scope: string;
  value: number;
}

/** Failed sign-ins per hashed account name or client address (migration 012, login-throttle.ts). */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_at: ColumnType<Date, Date | string, Date | string>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  refused: Generated<boolean>;
}

/** Invalid sealed casts per deputy per ballot (migration 016, cast-throttle.ts). */
export interface BallotCastThrottleTable {
  county_id: string;
  ballot_id: string;
  deputy_id: string;
  failures: number;
  last_at: ColumnType<Date, Date | string, Date | string>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  refused: Generated<boolean>;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface OverlaysTable {
  region_id: string;
  definition_id: string;
  patch: Json;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DefinitionVersionsTable {
  county_id: string;
  definition_id: string;
  version: number;
  hash: string;
  published_by: string | null;
  published_at: Timestamp;
}

export interface ApiDefinitionsTable {
  definition_id: string;
  hash: string;
  added_by: string | null;
  added_at: Timestamp;
  /** The county that owns it (migration 014); null: region-wide, changed by no county. */
  county_id: string | null;
}

/** 届 (term) of a county's congress, e.g. id `18`, name `十八届`. */
export interface TermsTable {
  county_id: string;
  id: string;
  name: string;
  starts_on: ColumnType<string | null, string | null | undefined, string | null>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 次会议 (session) of a term, e.g. id `18-1`, name `十八届一次`. */
export interface SessionsTable {
  county_id: string;
  id: string;
  term_id: string;
  name: string;
  held_on: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The roster (代表名册): one row per deputy, keyed by the deputy's user id. */
export interface DeputiesTable {
  county_id: string;
  user_id: string;
  term_id: string | null;
  name: string;
  delegation: string | null;
  deputy_group: string | null;
  phone: string | null;
  standing_committee: Generated<boolean>;
  active: Generated<boolean>;
  /** Pinyin of `name` (name-pinyin.ts), for the directory; null until filled. */
  name_initials: ColumnType<string | null, string | null | undefined, string | null>;
  name_pinyin: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A deputies' station (代表之家/联络站/联系点, migration 017). */
export type StationLevel = 'HOME' | 'STATION' | 'POINT';

export interface StationsTable {
  county_id: string;
  id: string;
  name: string;
  name_en: string | null;
  level: StationLevel;
  township: string | null;
  address: string | null;
  manager_id: string | null;
  /** Names of the grids (网格) the station's deputies walk: a JSON array of strings. */
  grids: ColumnType<unknown, string | undefined, string>;
  /** The token a station's QR code carries to the public form; unique over all counties. */
  public_code: string;
  active: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface StationDeputiesTable {
  county_id: string;
  station_id: string;
  deputy_id: string;
}

/** A reception cadence (接待周期, migration 021): the rule that makes a station's coming reception days. */
export interface ReceptionCadencesTable {
  county_id: string;
  id: string;
  /** Null: a county-wide 统一接待日 for every active station. */
  station_id: string | null;
  title: string;
  rule: ColumnType<unknown, string, string>;
  start_time: string;
  end_time: string;
  place: string | null;
  deputies_per_session: Generated<number>;
  sessions_made: Generated<number>;
  generated_until: Timestamp;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}

/** `counting`: a sealed ballot closed to casting, its tellers decrypting the sums (then `closed`). */
export type BallotStatus = 'ready' | 'open' | 'counting' | 'closed' | 'cancelled';
/** `VOTERS`: the voters present at a meeting (migration 023), a roll of one-time passes. */
export type ElectorateKind = 'DEPUTIES' | 'STANDING_COMMITTEE' | 'VOTERS';

export interface BallotsTable {
  county_id: string;
  id: string;
  instance_id: string | null;
  ballot_key: string | null;
  title: string;
  spec: Json;
  electorate_kind: ElectorateKind;
  status: BallotStatus;
  /** Kept from the pending pool of before migration 015; no longer used. */
  batch_size: number;
  created_at: Timestamp;
  opened_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  result: NullableJson;
  list_hash: string | null;
  /** When set, the roll is this term's deputies only. */
  term_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** False for a real-name ballot (记名): the roll then keeps each voter's marks. */
  secret: Generated<boolean>;
  /** A sealed secret ballot (migration 015): its box holds ciphertexts, see ballot_sealed. */
  sealed: Generated<boolean>;
  /** The tellers' joint key, frozen when the ballot opens. */
  joint_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Per indicator the sum of the box's ciphertexts, fixed at close. */
  aggregate: ColumnType<unknown, string | null | undefined, string | null>;
  /** Paper ballots counted in the hall {returned, invalid, blank, counts}, and the teller who entered them. */
  paper: ColumnType<unknown, string | null | undefined, string | null>;
  paper_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** `VOTERS` ballots: how many voters are present, the passes made at opening (migration 023). */
  voter_count: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The tellers (监票人) of a ballot: public key share, its proof, and their partial decryption. Never a secret. */
export interface BallotTellersTable {
  county_id: string;
  ballot_id: string;
  user_id: string;
  public_key: ColumnType<string | null, string | null | undefined, string | null>;
  key_proof: ColumnType<unknown, string | null | undefined, string | null>;
  decryption: ColumnType<unknown, string | null | undefined, string | null>;
}

/** The box of a sealed ballot: ciphertexts and proofs by tracker, no voter. */
export interface BallotSealedTable {
  county_id: string;
  ballot_id: string;
  tracker: string;
  sealed: Json;
}

/** The voter roll: who may vote, and whether they have. Never what they chose. */
export interface BallotVotersTable {
  county_id: string;
  ballot_id: string;
  deputy_id: string;
  voted: Generated<boolean>;
  /** Real-name ballots only; always null on a secret ballot. */
  marks: NullableJson;
}

/** The ballot box: fresh random ids, no timestamp, no link to the roll. */
export interface BallotBoxTable {
  county_id: string;
  ballot_id: string;
  id: string;
  receipt: string;
  marks: Json;
}

/** Attachments uploaded with forms (附件). */
export interface FilesTable {
  county_id: string;
  id: string;
  name: string;
  mime: string;
  size: number;
  content: Uint8Array;
  uploaded_by: string | null;
  uploaded_at: Timestamp;
}

/** Which instance's events name which attachment (migration 014). */
export interface FileRefsTable {
  county_id: string;
  file_id: string;
  instance_id: string;
}

export interface Database {
  api_definitions: ApiDefinitionsTable;
  overlays: OverlaysTable;
  definition_versions: DefinitionVersionsTable;
  regions: RegionsTable;
  units: UnitsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  user_positions: UserPositionsTable;
  calendars: CalendarsTable;
  calendar_versions: CalendarVersionsTable;
  definitions: DefinitionsTable;
  instances: InstancesTable;
  instance_events: InstanceEventsTable;
  tasks: TasksTable;
  timers: TimersTable;
  outbox: OutboxTable;
  counters: CountersTable;
  app_settings: AppSettingsTable;
  login_throttle: LoginThrottleTable;
  terms: TermsTable;
  sessions: SessionsTable;
  deputies: DeputiesTable;
  ballots: BallotsTable;
  ballot_voters: BallotVotersTable;
  ballot_tellers: BallotTellersTable;
  ballot_sealed: BallotSealedTable;
  ballot_box: BallotBoxTable;
  ballot_cast_throttle: BallotCastThrottleTable;
  files: FilesTable;
  file_refs: FileRefsTable;
  audit_log: AuditLogTable;
  stations: StationsTable;
  station_deputies: StationDeputiesTable;
  reception_cadences: ReceptionCadencesTable;
  point_rule_overlays: PointRuleOverlaysTable;
  point_entries: PointEntriesTable;
  point_entry_events: PointEntryEventsTable;
  point_publications: PointPublicationsTable;
  constituent_contacts: ConstituentContactsTable;
  public_throttle: PublicThrottleTable;
  instance_links: InstanceLinksTable;
  instance_holds: InstanceHoldsTable;
  task_signers: TaskSignersTable;
  task_restore_points: TaskRestorePointsTable;
  statistics_facts: StatisticsFactsTable;
  statistics_projection_shapes: StatisticsProjectionShapesTable;
}

/** A signer added to a task (加签, migration 036, task-return.ts). */
export interface TaskSignersTable {
  county_id: string;
  id: string;
  instance_id: string;
  task_id: string;
  signer_id: string;
  added_by: string;
  place: 'before' | 'after';
  status: 'waiting' | 'open' | 'agreed' | 'disagreed' | 'cancelled';
  countersign_task_id: string | null;
  held: NullableJson;
  reason: string | null;
  opinion: string | null;
  created_at: Timestamp;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The instance before a completion that may be withdrawn (撤回, migration 036, task-return.ts). */
export interface TaskRestorePointsTable {
  county_id: string;
  instance_id: string;
  seq: number;
  task_id: string;
  completed_by: string;
  snapshot: Json;
  state: string;
  open_task_ids: Json;
  timers: Json;
  at: Timestamp;
}

/** A link between instances of two processes (migration 024, DOMAIN §8). */
export interface InstanceLinksTable {
  county_id: string;
  source_id: string;
  key: string;
  target_id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** Which open list holds an instance (migration 043): one holder per target and scope. */
export interface InstanceHoldsTable {
  county_id: string;
  scope: string;
  target_id: string;
  holder_id: string;
  held_at: Timestamp;
}

/** Who raised a constituent issue (migration 019): seen by the station and the office only. */
export interface ConstituentContactsTable {
  county_id: string;
  instance_id: string;
  station_id: string;
  citizen_name: string | null;
  citizen_phone: string;
  address: string | null;
  anonymous: boolean;
  receipt_hash: string;
  created_at: Timestamp;
}

/** Fixed-window counters of the public form (migration 019). */
export interface PublicThrottleTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

/** Append-only (migration 013: triggers refuse UPDATE, DELETE, TRUNCATE); see audit.ts. */
export interface AuditLogTable {
  county_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  address: string | null;
  detail: NullableJson;
}

/** A county's overlay over the point rules (migration 020); `version` counts its saves. */
export interface PointRuleOverlaysTable {
  county_id: string;
  version: number;
  overlay: Json;
  saved_by: string | null;
  saved_at: Timestamp;
}

/** One PointEntry (DOMAIN §7.3, migration 020). */
export interface PointEntriesTable {
  county_id: string;
  id: string;
  deputy_id: string;
  rule_code: string;
  source: 'CLAIM' | 'AUTO';
  state: 'draft' | 'pendingReview' | 'pendingConfirm' | 'confirmed' | 'rejected';
  occurred_on: string;
  quantity: number;
  rule_points: number;
  points: number;
  rule_version: number;
  description: string | null;
  evidence: ColumnType<unknown, string | undefined, string>;
  linked_entity: NullableJson;
  cause: NullableJson;
  cause_key: string | null;
  first_reviewer_id: string | null;
  reject_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The history of a PointEntry, append-only. */
export interface PointEntryEventsTable {
  county_id: string;
  entry_id: string;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: string | null;
  at: Timestamp;
  data: NullableJson;
}

/** A quarter's published 亮分 table. */
export interface PointPublicationsTable {
  county_id: string;
  year: number;
  quarter: number;
  rows: Json;
  published_by: string | null;
  published_at: Timestamp;
}
