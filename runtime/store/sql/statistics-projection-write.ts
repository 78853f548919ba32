/**
 * A step's statistics projection row (table statistics_facts, migration 022): one CTE of the
 * step's own statement (sql/step-write.ts), so the row is written exactly when the instance is
 * — in the same transaction, and not at all when the step's version check or guard leaves
 * `upd` empty or the transaction rolls back. Upsert by the primary key (county_id,
 * instance_id): the insert of a start, the update of every later step; `xid` is the writing
 * transaction's (readers ask for the rows written since their last read,
 * sql/statistics-projection-delta.ts). The parent and creation time come from `upd` (the
 * instance row as written).
 *
 * Locking: the row lock of the projection row for the statement (and inside a transaction
 * until its commit), taken while `upd` holds the instance's row lock, so two steps of one
 * instance write it in their order. Index: the primary key.
 *
 * A serial number taken by the statement (`ctr`, step-write.ts's serialCtes) that a fact reads
 * is set into the facts in SQL, as it is into the snapshot.
 */
import { sql, type RawBuilder } from 'kysely';

export interface ProjectionWrite {
  definitionId: string;
  /** The facts by key (runtime/statistics/projection.ts extractFacts over the step's context). */
  facts: Record<string, unknown>;
  /** The key the statement's serial number is written under, when a fact reads it. */
  serialKey?: string;
}

/** The CTE `proj` (after `upd`, which must return parent_id, created_at and state). */
export function projectionWriteCte(countyId: string, instanceId: string, p: ProjectionWrite): RawBuilder<unknown> {
  const facts = sql`${JSON.stringify(p.facts)}::jsonb`;
  const value = p.serialKey !== undefined ? sql`jsonb_set(${facts}, array[${p.serialKey}::text], (select to_jsonb(serial) from ctr))` : facts;
  return sql`proj as (
      insert into statistics_facts (county_id, instance_id, definition_id, parent_id, created_at, state, facts, xid)
      select ${countyId}, ${instanceId}, ${p.definitionId}, upd.parent_id, upd.created_at, upd.state, ${value}, pg_current_xact_id()
      from upd
      on conflict (county_id, instance_id) do update set state = excluded.state, facts = excluded.facts, xid = excluded.xid
    )`;
}
