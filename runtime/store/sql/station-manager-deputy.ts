/**
 * The manager of a station who receives its constituent issues' triage tasks (process
 * constituent-issue, regions `station` of 已登记 and 已拟办): an active user of the county
 * holding the deputy role (the tasks' role) and neither staff nor admin (the office already
 * receives those tasks). Null when the station has no such manager; the office then deals
 * with the issue alone. One SELECT: the station by its primary key (county_id, id), the user
 * by users' primary key, the roles by user_roles' primary key (county_id, user_id, role);
 * no lock (a role changed a moment later applies to the next issue).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectStationManagerDeputy(db: Kysely<Database>, countyId: string, stationId: string): Promise<string | null> {
  const rows = await sql<{ id: string }>`
    select u.id from stations s
    join users u on u.county_id = s.county_id and u.id = s.manager_id and u.active
    where s.county_id = ${countyId} and s.id = ${stationId}
      and exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role = 'deputy')
      and not exists (select 1 from user_roles r where r.county_id = u.county_id and r.user_id = u.id and r.role in ('staff', 'admin'))`.execute(db);
  return rows.rows[0]?.id ?? null;
}
