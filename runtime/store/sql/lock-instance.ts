/**
 * Lock an instance row for the rest of the transaction (SELECT … FOR UPDATE by the primary
 * key (county_id, id)): every step in a transaction starts here, so two writers of one
 * instance queue on its row instead of computing from the same version.
 */
import { sql, type Kysely } from 'kysely';
import type { InstanceSnapshot } from '../../engine/index.ts';
import type { Database } from '../schema.ts';

export interface InstanceRow {
  county_id: string;
  id: string;
  definition_id: string;
  definition_hash: string;
  parent_id: string | null;
  parent_key: string | null;
  version: number;
  snapshot: InstanceSnapshot;
  state: string;
  status: string;
}

export async function lockInstance(trx: Kysely<Database>, countyId: string, id: string): Promise<InstanceRow | undefined> {
  const result = await sql<InstanceRow>`
    select county_id, id, definition_id, definition_hash, parent_id, parent_key, version, snapshot, state, status
    from instances where county_id = ${countyId} and id = ${id} for update`.execute(trx);
  const row = result.rows[0];
  return row ? { ...row, version: Number(row.version) } : undefined;
}
