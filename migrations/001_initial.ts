import { sql, type Kysely } from 'kysely';

/**
 * The first schema. Tenant tables carry `county_id` first in their primary key so they can
 * later be distributed by county; every query filters by it.
 *
 * One statement per entry: PGlite runs every query as a prepared statement, which rejects
 * several commands in one string ("cannot insert multiple commands into a prepared
 * statement"), while pg would accept them. Executed in order inside the migrator's transaction.
 */
const UP: string[] = [
  `create table regions (
    id text primary key,
    parent_id text references regions(id),
    level text not null check (level in ('province', 'city', 'county')),
    code text not null unique,
    name text not null,
    name_en text,
    created_at timestamptz not null default now()
  )`,
  `create table units (
    county_id text not null references regions(id),
    id text not null,
    name text not null,
    name_en text,
    primary key (county_id, id)
  )`,
  `create table users (
    county_id text not null references regions(id),
    id text not null,
    username text not null,
    display_name text not null,
    password_hash text not null,
    unit_id text,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    primary key (county_id, id),
    unique (county_id, username)
  )`,
  `create index users_username on users (username)`,
  `create table user_roles (
    county_id text not null,
    user_id text not null,
    role text not null check (role in ('admin', 'staff', 'unit', 'deputy', 'leader', 'integrator')),
    primary key (county_id, user_id, role),
    foreign key (county_id, user_id) references users (county_id, id) on delete cascade
  )`,
  `-- A county's own holiday data; counties without rows use the shipped national calendar.
  create table calendars (
    region_id text not null references regions(id),
    year int not null,
    holidays jsonb not null,
    workdays jsonb not null,
    primary key (region_id, year)
  )`,
  `-- Base process packages, immutable per content hash; instances pin the hash they started on.
  create table definitions (
    hash text primary key,
    id text not null,
    version text not null,
    package jsonb not null,
    loaded_at timestamptz not null default now()
  )`,
  `create index definitions_id on definitions (id, loaded_at)`,
  `create table instances (
    county_id text not null references regions(id),
    id text not null,
    definition_id text not null,
    definition_hash text not null references definitions(hash),
    parent_id text,
    parent_key text,
    title text not null,
    state text not null,
    status text not null,
    snapshot jsonb not null,
    version int not null,
    created_by text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (county_id, id)
  )`,
  `create index instances_list on instances (county_id, definition_id, updated_at desc)`,
  `create index instances_parent on instances (county_id, parent_id)`,
  `-- Append-only audit trail; seq is gapless per instance because it is taken from the
  -- instance version inside the transaction that holds the instance row lock.
  create table instance_events (
    county_id text not null,
    instance_id text not null,
    seq int not null,
    type text not null,
    actor_id text,
    at timestamptz not null,
    data jsonb,
    from_state text,
    to_state text,
    primary key (county_id, instance_id, seq)
  )`,
  `create table tasks (
    county_id text not null,
    id text not null,
    instance_id text not null,
    key text not null,
    state_id text not null,
    role text not null,
    assignee_id text,
    unit_id text,
    item jsonb,
    title text not null,
    title_en text,
    outcomes jsonb not null,
    status text not null check (status in ('open', 'completed', 'cancelled')),
    due_at timestamptz,
    overdue boolean not null default false,
    claimed_by text,
    outcome text,
    completed_by text,
    created_at timestamptz not null,
    closed_at timestamptz,
    primary key (county_id, id),
    unique (county_id, instance_id, key)
  )`,
  `-- Inbox: open tasks of a county by role.
  create index tasks_inbox on tasks (county_id, role, status)`,
  `create index tasks_instance on tasks (county_id, instance_id)`,
  `-- Durable timers: one row per pending deadline; claimed with FOR UPDATE SKIP LOCKED
  -- (index timers_due) and deleted in the transaction that applies the event.
  create table timers (
    county_id text not null,
    id text not null,
    instance_id text not null,
    key text not null,
    fire_at timestamptz not null,
    event jsonb not null,
    primary key (county_id, id),
    unique (county_id, instance_id, key)
  )`,
  `create index timers_due on timers (fire_at)`,
  `create table outbox (
    id bigserial primary key,
    county_id text not null,
    instance_id text,
    kind text not null,
    payload jsonb not null,
    created_at timestamptz not null,
    processed_at timestamptz
  )`,
  `create index outbox_pending on outbox (id) where processed_at is null`,
  `-- Serial numbers (e.g. 十八届一次-0001), one counter per county and scope.
  create table counters (
    county_id text not null,
    scope text not null,
    value int not null,
    primary key (county_id, scope)
  )`,
  `create table app_settings (
    key text primary key,
    value text not null
  )`,
];

const DOWN: string[] = [
  'drop table app_settings',
  'drop table counters',
  'drop table outbox',
  'drop table timers',
  'drop table tasks',
  'drop table instance_events',
  'drop table instances',
  'drop table definitions',
  'drop table calendars',
  'drop table user_roles',
  'drop table users',
  'drop table units',
  'drop table regions',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
