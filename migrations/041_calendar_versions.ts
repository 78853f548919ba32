import { sql, type Kysely } from 'kysely';

/**
 * A version stamp per county calendar, so every server process sees an admin's calendar edit
 * without a restart (runtime/store/calendar-provider.ts). `calendar_versions.version` counts
 * the changes to the region's `calendars` rows: the trigger below bumps it in the same
 * transaction as any insert, update or delete of such a row — the admin's screen, a seed, a
 * scenario, even a hand edit in psql — so the stamp and the rows commit (or roll back)
 * together. A region without a row has never changed its calendar: version 0.
 *
 * A provider caches a county's calendar with the stamp it read before the rows, and before
 * each use reads the stamp again (one row by the primary key, sql/calendar-version.ts): a
 * different stamp means it reads the rows again. The bump's row lock also orders two edits of
 * one county (the second waits for the first to commit).
 *
 * Index: the primary key (region_id), for the provider's read and the trigger's upsert.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table calendar_versions (
    region_id text primary key references regions(id),
    version bigint not null
  )`.execute(db);
  await sql`create function calendar_version_bump() returns trigger language plpgsql as $$
    declare
      region text := case when tg_op = 'DELETE' then old.region_id else new.region_id end;
    begin
      insert into calendar_versions (region_id, version) values (region, 1)
        on conflict (region_id) do update set version = calendar_versions.version + 1;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger calendars_bump_version after insert or update or delete on calendars
    for each row execute function calendar_version_bump()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger calendars_bump_version on calendars`.execute(db);
  await sql`drop function calendar_version_bump()`.execute(db);
  await sql`drop table calendar_versions`.execute(db);
}
