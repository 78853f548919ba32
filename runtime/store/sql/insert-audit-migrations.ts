/**
 * One `migration.applied` row per county after a start applied migrations: the schema is the
 * whole installation's, but every tenant row carries its county and every county admin reads
 * only their own log, so each county gets the row (a province with 100 counties: 100 rows per
 * upgrade). A fresh database has no county yet, so nothing is written then. No lock beyond the
 * migration lock the caller holds; regions by its primary key (a seq scan of a few rows).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function insertMigrationAuditRows(db: Kysely<Database>, at: Date, names: readonly string[]): Promise<number> {
  const result = await sql`
    insert into audit_log (county_id, at, actor_id, actor_name, action, target_kind, target_id, target_name, address, detail)
    select r.id, ${at}, null, null, 'migration.applied', null, null, null, null, ${JSON.stringify({ migrations: names })}::jsonb
    from regions r where r.level = 'county'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
