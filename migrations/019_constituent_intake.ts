import { sql, type Kysely } from 'kysely';

/**
 * Constituents' issues (process `constituent-issue`, DOMAIN §6.4) keep the citizen apart from the
 * instance, and the public QR form gets a throttle shared by every server process.
 *
 * - `constituent_contacts`: one row per issue: who raised it (name, phone, address, anonymous) and
 *   the station it came through. Never in the instance's context, its events or its tasks, so no
 *   read model that a handling unit can reach (instance view, tasks, register, documents,
 *   statistics, exports) can show it; runtime/store/constituent-intake.ts serves it to the
 *   station (its manager and deputies) and the county office only. `receipt_hash` is the SHA-256
 *   of the receipt code the citizen was given (the code itself is not kept: a database reader
 *   cannot look up progress as the citizen).
 * - `public_throttle`: fixed-window counters per key (an address or a station, hashed, with its
 *   scope): one atomic upsert per request (sql/public-throttle-hit.ts). Rows whose window ended a
 *   day ago are purged on a successful submission.
 *
 * Indexes: the primary key (county_id, instance_id) serves the station/office read of one issue;
 * constituent_contacts_receipt (unique) the citizen's lookup by receipt code, which does not know
 * the county; constituent_contacts_station the station's list; public_throttle's primary key the
 * upsert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table constituent_contacts (
    county_id text not null,
    instance_id text not null,
    station_id text not null,
    citizen_name text,
    citizen_phone text not null,
    address text,
    anonymous boolean not null default false,
    receipt_hash text not null,
    created_at timestamptz not null,
    primary key (county_id, instance_id),
    foreign key (county_id, instance_id) references instances (county_id, id) on delete cascade,
    foreign key (county_id, station_id) references stations (county_id, id)
  )`.execute(db);
  await sql`create unique index constituent_contacts_receipt on constituent_contacts (receipt_hash)`.execute(db);
  await sql`create index constituent_contacts_station on constituent_contacts (county_id, station_id)`.execute(db);
  await sql`create table public_throttle (
    key text primary key,
    window_start timestamptz not null,
    hits integer not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table public_throttle`.execute(db);
  await sql`drop table constituent_contacts`.execute(db);
}
