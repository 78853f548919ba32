import { sql, type Kysely } from 'kysely';

/**
 * Deputies' stations (代表之家 / 代表联络站 / 代表联系点, DOMAIN §6.1): the registry the reception
 * days (process `reception-session`) and the constituents' issues (process `constituent-issue`)
 * refer to, and the door of the public form a station's QR code opens (`public_code`: an
 * unguessable token printed in the code, never the id; a new code retires the old one).
 *
 * - `stations`: one row per station of a county. `level`: HOME 代表之家 · STATION 代表联络站 ·
 *   POINT 代表联系点. `township` is the town or sub-district it serves; `grids` the names of the
 *   grids (网格) its deputies walk, a JSON array of strings; `manager_id` the user who runs it
 *   (站长 or 联络员), a user of the same county.
 * - `station_deputies`: the deputies attached to a station (a deputy may serve several).
 *
 * Indexes: the primary keys serve lookups by id and the deputies of a station (prefix
 * county_id, station_id); stations_public_code (unique over all counties) serves the public
 * form's lookup by code, which does not know the county; station_deputies_deputy serves "the
 * stations of this deputy" (the archive, the reception notices).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table stations (
    county_id text not null references regions(id),
    id text not null,
    name text not null,
    name_en text,
    level text not null check (level in ('HOME', 'STATION', 'POINT')),
    township text,
    address text,
    manager_id text,
    grids jsonb not null default '[]'::jsonb,
    public_code text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    primary key (county_id, id),
    foreign key (county_id, manager_id) references users (county_id, id)
  )`.execute(db);
  await sql`create unique index stations_public_code on stations (public_code)`.execute(db);
  await sql`create table station_deputies (
    county_id text not null,
    station_id text not null,
    deputy_id text not null,
    primary key (county_id, station_id, deputy_id),
    foreign key (county_id, station_id) references stations (county_id, id) on delete cascade,
    foreign key (county_id, deputy_id) references deputies (county_id, user_id) on delete cascade
  )`.execute(db);
  await sql`create index station_deputies_deputy on station_deputies (county_id, deputy_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table station_deputies`.execute(db);
  await sql`drop table stations`.execute(db);
}
