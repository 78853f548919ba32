/**
 * An action on a PointEntry: the row's new state (and points, reviewer, reason) and the next
 * event of its history, in one statement. Runs under the row lock of lock-point-entry.ts, so
 * `seq` = the count of its events + 1 cannot collide. Index: the primary keys of both tables.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, PointEntriesTable } from '../schema.ts';

export interface PointEntryChange {
  countyId: string;
  id: string;
  action: string;
  from: PointEntriesTable['state'];
  to: PointEntriesTable['state'];
  actorId: string;
  at: Date;
  quantity: number;
  points: number;
  firstReviewerId: string | null;
  rejectReason: string | null;
  data: Record<string, unknown>;
}

export async function updatePointEntry(trx: Kysely<Database>, c: PointEntryChange): Promise<void> {
  await sql`
    with entry as (
      update point_entries set state = ${c.to}, quantity = ${c.quantity}, points = ${c.points}, first_reviewer_id = ${c.firstReviewerId},
        reject_reason = ${c.rejectReason}, updated_at = ${c.at}
      where county_id = ${c.countyId} and id = ${c.id}
      returning county_id, id
    )
    insert into point_entry_events (county_id, entry_id, seq, action, from_state, to_state, actor_id, at, data)
    select entry.county_id, entry.id,
      (select count(*) + 1 from point_entry_events h where h.county_id = entry.county_id and h.entry_id = entry.id),
      ${c.action}, ${c.from}, ${c.to}, ${c.actorId}, ${c.at}, ${JSON.stringify(c.data)}::jsonb
    from entry`.execute(trx);
}
