/**
 * The county's newest running instance of a process that stands in `state` (or a state inside
 * it), locked for the step the caller sends it: the year's 民生实事 collection
 * (`livelihood-vote` in `collecting`) that an issue hands its idea to (DOMAIN §8).
 *
 * Locking: FOR UPDATE on the one row chosen, like lock-instance.ts, so the step that follows
 * cannot race another writer of that instance.
 * Index: instances_list (county_id, definition_id, updated_at desc); a county runs a handful
 * of instances of such a process (one a year), so the state filter reads a few rows.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { InstanceRow } from './lock-instance.ts';

export async function lockOpenInstanceInState(trx: Kysely<Database>, countyId: string, definitionId: string, state: string): Promise<InstanceRow | undefined> {
  const result = await sql<InstanceRow>`
    select county_id, id, definition_id, definition_hash, parent_id, parent_key, version, snapshot, state, status
    from instances
    where county_id = ${countyId} and definition_id = ${definitionId} and status = 'active'
      and (state = ${state} or state like ${`${state}.%`} or state like ${`%, ${state}.%`} or state like ${`%, ${state}`})
    order by created_at desc, id
    limit 1
    for update`.execute(trx);
  const row = result.rows[0];
  return row ? { ...row, version: Number(row.version) } : undefined;
}
