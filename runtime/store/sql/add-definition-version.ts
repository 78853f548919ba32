/**
 * Appends a county's next published version of a process (county-definitions.ts `publish`).
 * The number is allocated by the caller: the latest version it has just read, plus one.
 *
 * Locking: none taken. Two publishes of one county's process at once can read the same
 * latest version; the primary key (county_id, definition_id, version) then refuses the second
 * insert with a unique violation (SQLSTATE 23505), so a number is never given twice. Publishing
 * is an admin's rare act, so this was not made to wait on a lock instead.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function insertDefinitionVersion(
  db: Kysely<Database>,
  row: { countyId: string; definitionId: string; version: number; hash: string; publishedBy: string; publishedAt: Date },
): Promise<void> {
  await db
    .insertInto('definition_versions')
    .values({ county_id: row.countyId, definition_id: row.definitionId, version: row.version, hash: row.hash, published_by: row.publishedBy, published_at: row.publishedAt })
    .execute();
}
