/**
 * The earliest due time after `now` of the county's open tasks: until then no open task turns
 * overdue, so cached figures with "overdue now" stay true (runtime/store/statistics-cache.ts).
 * All the county's open tasks, whatever their process: an earlier expiry only costs a
 * recomputation. No lock (a read of committed rows). Index: tasks_inbox (county_id, role,
 * status) narrows to the county's open tasks; due_at is read from the heap. Read only when the
 * figures are computed, not on a cache hit.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectNextDueAt(db: Kysely<Database>, countyId: string, now: Date): Promise<Date | null> {
  const r = await sql<{ at: Date | string | null }>`
    select min(due_at) as at from tasks where county_id = ${countyId} and status = 'open' and due_at > ${now}`.execute(db);
  const at = r.rows[0]?.at;
  return at === null || at === undefined ? null : new Date(at);
}
