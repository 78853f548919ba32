/**
 * §6.6 figures of the reception days that started in [from, to): per station, the days held
 * (closed or archived), deputy attendances (到场代表 人次), citizens received and issues
 * recorded, from each day's record; and per deputy, the days they were present at. Two
 * grouped reads (one statement each function). No lock.
 *
 * Index: instances_list (county_id, definition_id, updated_at desc) gives the county's
 * reception days; the rest reads each one's context.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface StationReceptionRow {
  station_id: string;
  station_name: string;
  scheduled: number | string;
  held: number | string;
  attendances: number | string | null;
  citizens: number | string | null;
  issues: number | string | null;
}

const CTX = sql`i.snapshot->'machine'->'context'`;

export async function stationReceptionRows(db: Kysely<Database>, countyId: string, from: string, to: string): Promise<StationReceptionRow[]> {
  const rows = await sql<StationReceptionRow>`
    select ${CTX}->>'stationId' as station_id, max(${CTX}->>'stationName') as station_name,
      count(*) filter (where i.state <> 'cancelled') as scheduled,
      count(*) filter (where i.state in ('closed', 'archived')) as held,
      sum(jsonb_array_length(${CTX}->'record'->'deputiesPresent')) filter (where i.state in ('closed', 'archived')) as attendances,
      sum((${CTX}->'record'->>'citizensReceived')::int) filter (where i.state in ('closed', 'archived')) as citizens,
      sum((${CTX}->'record'->>'issuesRecorded')::int) filter (where i.state in ('closed', 'archived')) as issues
    from instances i
    where i.county_id = ${countyId} and i.definition_id = 'reception-session'
      and ${CTX}->>'startsAt' >= ${from} and ${CTX}->>'startsAt' < ${to}
    group by 1
    order by 2, 1`.execute(db);
  return rows.rows;
}

export async function deputyAttendanceRows(db: Kysely<Database>, countyId: string, from: string, to: string): Promise<Array<{ deputy_id: string; name: string | null; attendances: number | string }>> {
  const rows = await sql<{ deputy_id: string; name: string | null; attendances: number | string }>`
    select p.deputy_id, d.name, count(*) as attendances
    from instances i
      cross join lateral jsonb_array_elements_text(${CTX}->'record'->'deputiesPresent') as p(deputy_id)
      left join deputies d on d.county_id = i.county_id and d.user_id = p.deputy_id
    where i.county_id = ${countyId} and i.definition_id = 'reception-session' and i.state in ('closed', 'archived')
      and ${CTX}->>'startsAt' >= ${from} and ${CTX}->>'startsAt' < ${to}
    group by p.deputy_id, d.name
    order by count(*) desc, d.name, p.deputy_id`.execute(db);
  return rows.rows;
}
