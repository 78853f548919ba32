/**
 * What the cached statistics of a county were computed from (runtime/store/statistics-cache.ts):
 * the number of the county's instances of the process and its answering child process, the sum
 * of their versions and their latest updated_at. Every step of an instance adds one to its
 * version in the step's transaction (sql/step-write.ts), and a start or a delete changes the
 * count, so any write that can change a figure changes this stamp — also two steps in the same
 * millisecond, or under a test's simulated clock, which max(updated_at) alone would miss. Open
 * tasks (the overdue figures) change only in steps too. No lock: a read of committed rows, taken
 * BEFORE the rows are read, so a write between the two makes the next request recompute.
 *
 * Index: instances_list (county_id, definition_id, updated_at desc) finds the rows; version is
 * read from the heap. Measured with W-report (test/bench/w-report.ts) at 10,000 instances of a
 * county among 1,000,000, in process, load average ~20: 15–42 ms, as much as the bench's
 * baseline count(*) of the county's instances (38–45 ms; an index-only scan). No new index
 * (migration 021 not used): a covering one would save at most that difference and cost every
 * step one more index entry.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function selectStatisticsStamp(db: Kysely<Database>, countyId: string, definitionIds: readonly string[]): Promise<string> {
  const r = await sql<{ n: string | number; versions: string | number; updated: Date | string | null }>`
    select count(*) as n, coalesce(sum(version), 0) as versions, max(updated_at) as updated
    from instances where county_id = ${countyId} and definition_id in (${sql.join(definitionIds.map((d) => sql`${d}`))})`.execute(db);
  const row = r.rows[0];
  const updated = row?.updated instanceof Date ? row.updated.toISOString() : String(row?.updated ?? '');
  return `${String(row?.n ?? 0)}/${String(row?.versions ?? 0)}/${updated}`;
}
