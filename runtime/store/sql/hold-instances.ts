/**
 * `holdEach` (runtime/store/instance-holds.ts): this instance holds each listed running
 * instance of the process under `scope`, and lets go of those it held there but no longer
 * lists, in one statement. Returns the ids now held; a listed id not returned is held by
 * another running instance, or names no running instance of the process in the county.
 *
 * Locking: the insert of a new key waits on a concurrent transaction's uncommitted row of the
 * same key (the primary key's uniqueness check), and ON CONFLICT DO UPDATE locks the row it
 * conflicts with; either way the later of two concurrent saves then sees the earlier one's
 * running holder and takes nothing. A holder that no longer runs (approved or cancelled list)
 * is taken over. Index: the primary key (county_id, scope, target_id) for the upsert;
 * instance_holds_holder for the delete; instances' primary key for the listed ids.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface HoldRequest {
  countyId: string;
  scope: string;
  process: string;
  holderId: string;
  ids: readonly string[];
  at: Date;
}

export async function holdInstances(trx: Kysely<Database>, h: HoldRequest): Promise<Set<string>> {
  const ids = JSON.stringify(h.ids);
  const r = await sql<{ target_id: string }>`
    with dropped as (
      delete from instance_holds
      where county_id = ${h.countyId} and holder_id = ${h.holderId} and scope = ${h.scope}
        and target_id not in (select jsonb_array_elements_text(${ids}::jsonb))
    )
    insert into instance_holds as held (county_id, scope, target_id, holder_id, held_at)
    select t.county_id, ${h.scope}, t.id, ${h.holderId}, ${h.at.toISOString()}::timestamptz
    from instances t
    where t.county_id = ${h.countyId} and t.definition_id = ${h.process} and t.status = 'active'
      and t.id in (select jsonb_array_elements_text(${ids}::jsonb))
    on conflict (county_id, scope, target_id) do update set holder_id = excluded.holder_id, held_at = excluded.held_at
    where held.holder_id = excluded.holder_id
      or not exists (select 1 from instances i where i.county_id = held.county_id and i.id = held.holder_id and i.status = 'active')
    returning target_id`.execute(trx);
  return new Set(r.rows.map((x) => x.target_id));
}
