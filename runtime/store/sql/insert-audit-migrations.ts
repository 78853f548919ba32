/**
 * One `migration.applied` row per county after a start applied migrations: the schema is the
 * whole installation's, but every tenant row carries its county and every county admin reads
 * only their own log, so each county gets the row (a province with 100 counties: 100 rows per
 * upgrade). A fresh database has no county yet, so nothing is written then. No lock beyond the
 * migration lock the caller holds; regions by its primary key (a seq scan of a few rows).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.ts';
import { AUDIT_COLUMNS, type AuditColumn } from './audit-columns.ts';

export async function insertMigrationAuditRows(db: Kysely<Database>, at: Date, names: readonly string[]): Promise<number> {
  const value: Record<AuditColumn, RawBuilder<unknown>> = {
    at: sql`${at}`,
    actor_id: sql`null`,
    actor_name: sql`null`,
    action: sql`'migration.applied'`,
    target_kind: sql`null`,
    target_id: sql`null`,
    target_name: sql`null`,
    address: sql`null`,
    detail: sql`${JSON.stringify({ migrations: names })}::jsonb`,
  };
  const result = await sql`
    insert into audit_log (county_id, ${sql.join(AUDIT_COLUMNS.map((c) => sql.ref(c)))})
    select r.id, ${sql.join(AUDIT_COLUMNS.map((c) => value[c]))}
    from regions r where r.level = 'county'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
