import { sql, type Kysely } from 'kysely';

/**
 * Reception cadences (接待周期, DOMAIN §6.3): the rule that produces a station's coming
 * reception days (process `reception-session`) — every Monday; the 15th of odd months
 * 9:00–11:00; or a county-wide 统一接待日 for every active station (`station_id` null).
 *
 * - `rule`: `{"kind": "WEEKLY", "weekday": 1..7}` (1 = Monday) or
 *   `{"kind": "MONTHLY", "day": 1..28, "months": "ALL" | "ODD" | "EVEN"}`; `start_time` and
 *   `end_time` are wall-clock `HH:MM` in the county's time zone.
 * - `deputies_per_session`: 0 = every deputy attached to the station is on duty; n = n of them
 *   in turn (a rotation through the attached deputies in name order; `sessions_made` counts the
 *   days made so far, so the turn continues where it stopped).
 * - `generated_until`: the instant up to which days were made; the generator makes the days
 *   after it and before now + 按周期提前排期天数, under a row lock on the cadence, so two runs
 *   (an admin's and the scheduler's) never make the same day twice.
 *
 * Index: the primary key serves the lookups by id; reception_cadences_station serves "the
 * cadences of a station" (the station page) and the generator's scan of a county's active ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table reception_cadences (
    county_id text not null references regions(id),
    id text not null,
    station_id text,
    title text not null,
    rule jsonb not null,
    start_time text not null,
    end_time text not null,
    place text,
    deputies_per_session integer not null default 0 check (deputies_per_session >= 0),
    sessions_made integer not null default 0,
    generated_until timestamptz not null,
    active boolean not null default true,
    created_by text,
    created_at timestamptz not null default now(),
    primary key (county_id, id),
    foreign key (county_id, station_id) references stations (county_id, id)
  )`.execute(db);
  await sql`create index reception_cadences_station on reception_cadences (county_id, station_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reception_cadences`.execute(db);
}
