/**
 * One page of a county's audit log, newest first. No lock (the log is append-only).
 *
 * Index: the primary key (county_id, id), scanned backwards from the cursor (`id < cursor`);
 * the filters (action, actor, at range) are checked on the rows of that range and the scan
 * stops after `limit + 1` matches. A county writes a few hundred rows a day; a filter that
 * matches rarely reads back through the county's rows, which stays a short scan at that size.
 */
import { sql, type Kysely, type SelectType } from 'kysely';
import type { AuditLogTable, Database } from '../schema.ts';
import { AUDIT_COLUMNS, type AuditColumn } from './audit-columns.ts';

export interface AuditFilter {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  action?: string;
  actorId?: string;
  /** Only rows with an id below this one (the previous page's last id). */
  before?: number;
  limit: number;
}

/** A row as read: the identity and every listed column (`detail` parsed by the driver). */
export type AuditLogRow = { id: number } & { [K in AuditColumn]: SelectType<AuditLogTable[K]> };

export async function selectAuditRows(db: Kysely<Database>, countyId: string, f: AuditFilter): Promise<AuditLogRow[]> {
  const result = await sql<AuditLogRow>`
    select ${sql.join(['id', ...AUDIT_COLUMNS].map((c) => sql.ref(c)))}
    from audit_log
    where county_id = ${countyId}
      ${f.before !== undefined ? sql`and id < ${f.before}` : sql``}
      ${f.from !== undefined ? sql`and at >= ${f.from}` : sql``}
      ${f.to !== undefined ? sql`and at < ${f.to}` : sql``}
      ${f.action !== undefined ? sql`and action = ${f.action}` : sql``}
      ${f.actorId !== undefined ? sql`and actor_id = ${f.actorId}` : sql``}
    order by id desc
    limit ${f.limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }));
}
