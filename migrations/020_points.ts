import { sql, type Kysely } from 'kysely';

/**
 * Deputies' performance points (DOMAIN §7.3–7.5): the read model the totals and 亮分 come from.
 *
 * - `point_rule_overlays`: a county's overlay (JSON Merge Patch) over the default rule table in
 *   definitions/deputy-points/rules.json; `version` counts its saves (0 = no overlay). An entry
 *   records the version and the per-unit value it was given, so a changed value applies to new
 *   entries only.
 * - `point_entries`: one PointEntry, a deputy's own claim (source CLAIM) or one written by another
 *   process's step (source AUTO, `cause_key` = instance:rule:deputy, unique, so one entry per cause).
 *   Dates as YYYY-MM-DD text (pg and PGlite parse the date type differently).
 * - `point_entry_events`: the history, append-only: every action with who, when, before and after.
 * - `point_publications`: a quarter's published ranking (亮分), frozen as published.
 *
 * Indexes: point_entries_deputy serves a deputy's own entries and totals (county, deputy, date);
 * point_entries_state serves the review queues and the quarter's sums (county, state, date).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table point_rule_overlays (
    county_id text not null references regions(id),
    version int not null,
    overlay jsonb not null,
    saved_by text,
    saved_at timestamptz not null,
    primary key (county_id)
  )`.execute(db);
  await sql`create table point_entries (
    county_id text not null references regions(id),
    id text not null,
    deputy_id text not null,
    rule_code text not null,
    source text not null check (source in ('CLAIM', 'AUTO')),
    state text not null check (state in ('draft', 'pendingReview', 'pendingConfirm', 'confirmed', 'rejected')),
    occurred_on text not null check (occurred_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    quantity int not null check (quantity between 1 and 1000),
    rule_points int not null,
    points int not null,
    rule_version int not null,
    description text,
    evidence jsonb not null default '[]'::jsonb,
    linked_entity jsonb,
    cause jsonb,
    cause_key text,
    first_reviewer_id text,
    reject_reason text,
    created_by text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (county_id, id),
    foreign key (county_id, deputy_id) references deputies (county_id, user_id)
  )`.execute(db);
  await sql`create unique index point_entries_cause on point_entries (county_id, cause_key) where cause_key is not null`.execute(db);
  await sql`create index point_entries_deputy on point_entries (county_id, deputy_id, occurred_on)`.execute(db);
  await sql`create index point_entries_state on point_entries (county_id, state, occurred_on)`.execute(db);
  await sql`create table point_entry_events (
    county_id text not null,
    entry_id text not null,
    seq int not null,
    action text not null,
    from_state text,
    to_state text not null,
    actor_id text,
    at timestamptz not null,
    data jsonb,
    primary key (county_id, entry_id, seq),
    foreign key (county_id, entry_id) references point_entries (county_id, id)
  )`.execute(db);
  await sql`create table point_publications (
    county_id text not null references regions(id),
    year int not null,
    quarter int not null check (quarter between 1 and 4),
    rows jsonb not null,
    published_by text,
    published_at timestamptz not null,
    primary key (county_id, year, quarter)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['point_publications', 'point_entry_events', 'point_entries', 'point_rule_overlays']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
