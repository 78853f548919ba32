/**
 * One page of a county's audit log, newest first. No lock (the log is append-only).
 *
 * Index: the primary key (county_id, id), scanned backwards from the cursor (`id < cursor`);
 * the filters (action, actor, at range) are checked on the rows of that range and the scan
 * stops after `limit + 1` matches. A county writes a few hundred rows a day; a filter that
 * matches rarely reads back through the county's rows, which stays a short scan at that size.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

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

export interface AuditLogRow {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  address: string | null;
  detail: unknown;
}

export async function selectAuditRows(db: Kysely<Database>, countyId: string, f: AuditFilter): Promise<AuditLogRow[]> {
  const result = await sql<AuditLogRow>`
    select id, at, actor_id, actor_name, action, target_kind, target_id, target_name, address, detail
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
