/**
 * Appends one row to the audit log. No lock: an insert into the primary key (county_id, id)
 * with a fresh identity; run inside the action's transaction, it commits or rolls back with
 * the action (a refused action leaves no row).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AuditRowInput {
  county_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  target_name: string | null;
  address: string | null;
  /** JSON text (pg wants jsonb parameters stringified), or null. */
  detail: string | null;
}

export async function insertAuditRow(db: Kysely<Database>, row: AuditRowInput): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}
