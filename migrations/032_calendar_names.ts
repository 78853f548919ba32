import { sql, type Kysely } from 'kysely';

/**
 * The admin's calendar screen (runtime/store/calendar-admin.ts) shows each holiday and adjusted
 * working day with its name (春节, 国庆节调休上班), as the State Council's notice names them:
 * `names` maps a date (YYYY-MM-DD) of the row's year to its name. Rows written before this
 * migration (scenario seeds) get `{}` and show their days unnamed. No index: the column is read
 * with its row, by the primary key (region_id, year).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table calendars add column names jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table calendars drop column names`.execute(db);
}
