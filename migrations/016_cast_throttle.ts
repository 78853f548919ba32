import { sql, type Kysely } from 'kysely';

/**
 * Invalid sealed casts, counted per deputy per ballot (runtime/store/cast-throttle.ts): checking
 * one sealed ballot's proofs costs the server ~0.4 s of CPU, so a deputy whose casts keep failing
 * is refused (429) for a while before any proof is checked. Shared by every server process
 * through this table. One row per (ballot, deputy) that has cast a failing ballot, or has a
 * check in flight; it holds no marks and nothing of the ballot, only counts and times. The rows
 * of a ballot go when it closes (close-ballot) or is deleted (cascade).
 *
 * Index: the primary key (county_id, ballot_id, deputy_id) serves the one upsert per cast and
 * the delete by (county_id, ballot_id) at close (its prefix).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table ballot_cast_throttle (
    county_id text not null,
    ballot_id text not null,
    deputy_id text not null,
    failures integer not null,
    last_at timestamptz not null,
    locked_until timestamptz,
    refused boolean not null default false,
    primary key (county_id, ballot_id, deputy_id),
    foreign key (county_id, ballot_id) references ballots (county_id, id) on delete cascade
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table ballot_cast_throttle`.execute(db);
}
