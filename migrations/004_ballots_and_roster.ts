import { sql, type Kysely } from 'kysely';

/**
 * Terms and sessions (届/次), the deputy roster (代表名册), and secret ballots.
 *
 * Secrecy (ARCHITECTURE.md "Secret ballots"): the roll (`ballot_voters`) says who may vote and
 * whether they have; the choices never sit beside a voter id. A cast writes the roll row and a
 * row in the sealed `ballot_pending` pool in one transaction; pending votes are moved to
 * `ballot_box` in shuffled batches by another transaction, under fresh random ids, with no
 * timestamp, no foreign key to the roll and no order of casting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table terms (
      county_id text not null references regions(id),
      id text not null,
      name text not null,
      -- Dates as YYYY-MM-DD text: pg and PGlite parse the date type differently.
      starts_on text check (starts_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      ends_on text check (ends_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      primary key (county_id, id)
    )`,
    sql`create table sessions (
      county_id text not null,
      id text not null,
      term_id text not null,
      name text not null,
      held_on text check (held_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      primary key (county_id, id),
      foreign key (county_id, term_id) references terms (county_id, id)
    )`,
    sql`-- One row per deputy of a county (the roster); the deputy logs in as the user of the same id.
    create table deputies (
      county_id text not null,
      user_id text not null,
      term_id text,
      name text not null,
      delegation text,
      deputy_group text,
      phone text,
      standing_committee boolean not null default false,
      active boolean not null default true,
      primary key (county_id, user_id),
      foreign key (county_id, user_id) references users (county_id, id) on delete cascade
    )`,
    sql`create table ballots (
      county_id text not null references regions(id),
      id text not null,
      instance_id text,
      ballot_key text,
      title text not null,
      spec jsonb not null,
      electorate_kind text not null check (electorate_kind in ('DEPUTIES', 'STANDING_COMMITTEE')),
      status text not null check (status in ('ready', 'open', 'closed', 'cancelled')),
      batch_size int not null,
      created_at timestamptz not null,
      opened_at timestamptz,
      closed_at timestamptz,
      result jsonb,
      list_hash text,
      primary key (county_id, id)
    )`,
    sql`create unique index ballots_instance on ballots (county_id, instance_id, ballot_key) where instance_id is not null`,
    sql`-- The roll: frozen when the ballot opens. One vote per deputy: a cast flips voted from
    -- false to true in the casting transaction, so a second cast updates no row.
    create table ballot_voters (
      county_id text not null,
      ballot_id text not null,
      deputy_id text not null,
      voted boolean not null default false,
      primary key (county_id, ballot_id, deputy_id),
      foreign key (county_id, ballot_id) references ballots (county_id, id) on delete cascade
    )`,
    sql`create table ballot_pending (
      county_id text not null,
      ballot_id text not null,
      id text not null,
      receipt text not null,
      marks jsonb not null,
      primary key (county_id, ballot_id, id),
      unique (county_id, ballot_id, receipt)
    )`,
    sql`create table ballot_box (
      county_id text not null,
      ballot_id text not null,
      id text not null,
      receipt text not null,
      marks jsonb not null,
      primary key (county_id, ballot_id, id),
      unique (county_id, ballot_id, receipt)
    )`,
  ]) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ballot_box', 'ballot_pending', 'ballot_voters', 'ballots', 'deputies', 'sessions', 'terms']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
