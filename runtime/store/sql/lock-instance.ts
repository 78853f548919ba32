/**
 * Lock an instance row for the rest of the transaction (SELECT … FOR UPDATE by the primary
 * key (county_id, id)): every step in a transaction starts here, so two writers of one
 * instance queue on its row instead of computing from the same version.
 */
import { sql, type Kysely } from 'kysely';
import type { InstanceSnapshot } from '../../engine/index.ts';
import type { Database, InstancesTable } from '../schema.ts';

/** The columns a step reads, as the table declares them, with the snapshot parsed. */
export type InstanceRow = Pick<InstancesTable, 'county_id' | 'id' | 'definition_id' | 'definition_hash' | 'parent_id' | 'parent_key' | 'version' | 'state' | 'status'> & {
  snapshot: InstanceSnapshot;
};

export async function lockInstance(trx: Kysely<Database>, countyId: string, id: string): Promise<InstanceRow | undefined> {
  const result = await sql<InstanceRow>`
    select county_id, id, definition_id, definition_hash, parent_id, parent_key, version, snapshot, state, status
    from instances where county_id = ${countyId} and id = ${id} for update`.execute(trx);
  const row = result.rows[0];
  return row ? { ...row, version: Number(row.version) } : undefined;
}
