/**
 * A running instance of one process, named by its id, locked for the step the caller sends it
 * (the `sendEach` effect: a 交办会 list's suggestions, a 重点督办 theme's suggestions, a merged
 * duplicate's main suggestion), with its title for a refusal that names it.
 *
 * Locking: FOR UPDATE on the one row, as lock-instance.ts. The caller locks several in id
 * order, so two lists naming the same instances queue instead of deadlocking.
 * Index: the primary key (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { InstanceRow } from './lock-instance.ts';

export async function lockRunningInstance(trx: Kysely<Database>, countyId: string, definitionId: string, id: string): Promise<(InstanceRow & { title: string }) | undefined> {
  const result = await sql<InstanceRow & { title: string }>`
    select county_id, id, definition_id, definition_hash, parent_id, parent_key, version, snapshot, state, status, title
    from instances
    where county_id = ${countyId} and id = ${id} and definition_id = ${definitionId} and status = 'active'
    for update`.execute(trx);
  const row = result.rows[0];
  return row ? { ...row, version: Number(row.version) } : undefined;
}
