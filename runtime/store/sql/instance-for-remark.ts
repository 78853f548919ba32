/**
 * An instance locked for a comment or an attachment (task-actions.ts), with whether `actor` may
 * see it (task-access.ts `maySeeInstanceSql`): whoever may see an instance may remark on it.
 * FOR UPDATE OF the instance row (primary key (county_id, id)), so the remark's history `seq`
 * (its version + 1) is taken by one writer at a time, as every step does; the access test is
 * the per-row form the instance view uses (its EXISTS walks the tree by instances_parent and
 * tasks_instance).
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

export interface RemarkInstanceRow {
  id: string;
  version: number;
  status: string;
  readable: boolean;
}

export async function lockInstanceForRemark(trx: Kysely<Database>, countyId: string, id: string, maySee: RawBuilder<SqlBool>): Promise<RemarkInstanceRow | undefined> {
  const rows = await sql<RemarkInstanceRow>`
    select i.id, i.version, i.status, ${maySee} as readable
    from instances i where i.county_id = ${countyId} and i.id = ${id}
    for update of i`.execute(trx);
  const row = rows.rows[0];
  return row ? { ...row, version: Number(row.version), readable: row.readable === true || (row.readable as unknown) === 't' } : undefined;
}
