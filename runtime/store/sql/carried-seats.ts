/**
 * Seats a vote left for the next session (DOMAIN §3.5 NEXT_SESSION), taken by the next vote
 * of the same process in the county as it starts (the `takeCarriedSeats` effect,
 * step-writer.ts). The county's latest top-level instance whose context holds an object at
 * `contextKey` that no instance has linked to under `linkKey` yet.
 *
 * Lock: the earlier instance's row FOR UPDATE, so two votes started at once queue on it; the
 * second then asks again whether it was taken (`carriedTaken`, a new statement, so under READ
 * COMMITTED it sees the first one's committed link).
 *
 * Indexes: instances_register (county_id, definition_id, created_at desc, id) where parent_id
 * is null walks the county's votes newest first (one a year); instance_links_target
 * (county_id, target_id) answers each NOT EXISTS.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CarriedSource {
  id: string;
  title: string;
  carried: Record<string, unknown>;
}

export async function lockCarriedSource(trx: Kysely<Database>, countyId: string, definitionId: string, contextKey: string, linkKey: string): Promise<CarriedSource | undefined> {
  const result = await sql<CarriedSource>`
    select i.id, i.title, i.snapshot->'machine'->'context'->${contextKey}::text as carried
    from instances i
    where i.county_id = ${countyId} and i.definition_id = ${definitionId} and i.parent_id is null
      and jsonb_typeof(i.snapshot->'machine'->'context'->${contextKey}::text) = 'object'
      and not exists (select 1 from instance_links l where l.county_id = i.county_id and l.target_id = i.id and l.key = ${linkKey})
    order by i.created_at desc, i.id desc
    limit 1
    for update of i`.execute(trx);
  const row = result.rows[0];
  if (!row) return undefined;
  const carried = typeof row.carried === 'string' ? (JSON.parse(row.carried) as Record<string, unknown>) : row.carried;
  return { ...row, carried };
}

/** Whether an instance took `targetId`'s carried seats meanwhile (instance_links_target). */
export async function carriedTaken(trx: Kysely<Database>, countyId: string, targetId: string, linkKey: string): Promise<boolean> {
  const result = await sql<{ n: number }>`
    select 1 as n from instance_links where county_id = ${countyId} and target_id = ${targetId} and key = ${linkKey} limit 1`.execute(trx);
  return result.rows.length > 0;
}
