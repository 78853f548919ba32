/**
 * The county's instances with an open task past due at `now` (the statistics' `overdueNow`),
 * and the next moment one more falls due (the earliest due time after `now`): both from the
 * county's open tasks. One statement; no lock. Index: tasks_open_due (county_id, due_at) where
 * status = 'open' (migration 022): a range scan below and one probe above `now`.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectOverdue(db: Kysely<Database>, countyId: string, now: Date): Promise<{ ids: string[]; next: Date | null }> {
  const r = await sql<{ ids: string[] | null; next: Date | string | null }>`
    select array(select distinct instance_id from tasks where county_id = ${countyId} and status = 'open' and due_at < ${now} order by instance_id) as ids,
      (select min(due_at) from tasks where county_id = ${countyId} and status = 'open' and due_at > ${now}) as next`.execute(db);
  const row = r.rows[0];
  return { ids: row?.ids ?? [], next: row?.next === null || row?.next === undefined ? null : new Date(row.next) };
}
