/**
 * A region's own holiday calendar for one year (法定节假日 and 调休 working days), laid over
 * the shipped national calendar by calendar-provider.ts. Written by seeds (a scenario's year
 * may predate the shipped calendar) and by the admin's calendar screen (calendar-admin.ts),
 * with the days' names (migration 032). Locking: the row (region_id, year) by its primary key;
 * a second writer of the same year waits and then overwrites.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function upsertCalendar(db: Kysely<Database>, regionId: string, year: number, holidays: readonly string[], workdays: readonly string[], names: Readonly<Record<string, string>> = {}): Promise<void> {
  await sql`
    insert into calendars (region_id, year, holidays, workdays, names)
    values (${regionId}, ${year}, ${JSON.stringify(holidays)}::jsonb, ${JSON.stringify(workdays)}::jsonb, ${JSON.stringify(names)}::jsonb)
    on conflict (region_id, year) do update set holidays = excluded.holidays, workdays = excluded.workdays, names = excluded.names`.execute(db);
}
