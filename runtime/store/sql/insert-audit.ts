/**
 * Appends one row to the audit log. No lock: an insert into the primary key (county_id, id)
 * with a fresh identity; run inside the action's transaction, it commits or rolls back with
 * the action (a refused action leaves no row).
 */
import type { InsertType, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../schema.ts';
import type { AuditColumn } from './audit-columns.ts';

/** Every column but the identity, each given (`at` a Date; `detail` JSON text, as pg wants jsonb parameters stringified, or null). */
export type AuditRowInput = { county_id: string } & { [K in AuditColumn]-?: Exclude<InsertType<AuditLogTable[K]>, undefined> };

export async function insertAuditRow(db: Kysely<Database>, row: AuditRowInput): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}
