import { sql, type Kysely } from 'kysely';

/**
 * Handling units (承办单位) can be deactivated: a deactivated unit is no longer offered in
 * pickers or accepted in new assignments, but stays in the table so old instances still show
 * its name. Names are unique per county (deactivated ones included), so a name shown on an old
 * instance always means one unit; the unique index also serves `POST /api/units`'s
 * `on conflict (county_id, name)` and the rename's duplicate check. A county with two units of
 * one name before this migration must rename one first (the demo data has none).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table units add column active boolean not null default true`.execute(db);
  await sql`create unique index units_county_name on units (county_id, name)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index units_county_name`.execute(db);
  await sql`alter table units drop column active`.execute(db);
}
