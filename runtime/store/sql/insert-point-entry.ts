/**
 * Writes a new PointEntry and the first event of its history in one statement. An automatic
 * entry carries `cause_key` (instance:rule:deputy): the partial unique index point_entries_cause
 * (county_id, cause_key) makes a second write of one cause insert nothing, so an entry is
 * written once per cause even if a step is retried or a state is entered again.
 * Locking: none beyond the insert's; it runs inside the causing step's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, PointEntriesTable } from '../schema.ts';

export interface NewPointEntry {
  countyId: string;
  id: string;
  deputyId: string;
  ruleCode: string;
  source: PointEntriesTable['source'];
  state: PointEntriesTable['state'];
  occurredOn: string;
  quantity: number;
  rulePoints: number;
  points: number;
  ruleVersion: number;
  description: string | null;
  evidence: unknown[];
  linkedEntity: unknown;
  cause: unknown;
  causeKey: string | null;
  createdBy: string | null;
  at: Date;
  action: string;
}

/** True when written, false when the cause already had its entry. */
export async function insertPointEntry(db: Kysely<Database>, e: NewPointEntry): Promise<boolean> {
  const r = await sql<{ id: string }>`
    with entry as (
      insert into point_entries (county_id, id, deputy_id, rule_code, source, state, occurred_on, quantity, rule_points, points, rule_version,
        description, evidence, linked_entity, cause, cause_key, created_by, created_at, updated_at)
      values (${e.countyId}, ${e.id}, ${e.deputyId}, ${e.ruleCode}, ${e.source}, ${e.state}, ${e.occurredOn}, ${e.quantity}, ${e.rulePoints}, ${e.points}, ${e.ruleVersion},
        ${e.description}, ${JSON.stringify(e.evidence)}::jsonb, ${e.linkedEntity === null ? null : JSON.stringify(e.linkedEntity)}::jsonb,
        ${e.cause === null ? null : JSON.stringify(e.cause)}::jsonb, ${e.causeKey}, ${e.createdBy}, ${e.at}, ${e.at})
      on conflict (county_id, cause_key) where cause_key is not null do nothing
      returning county_id, id, state
    )
    insert into point_entry_events (county_id, entry_id, seq, action, from_state, to_state, actor_id, at, data)
    select county_id, id, 1, ${e.action}, null, state, ${e.createdBy}, ${e.at}, ${JSON.stringify({ points: e.points, quantity: e.quantity, ruleVersion: e.ruleVersion })}::jsonb from entry
    returning entry_id as id`.execute(db);
  return r.rows.length > 0;
}
