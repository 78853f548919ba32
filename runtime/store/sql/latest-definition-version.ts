/**
 * The hash of a county's latest published version of a process: what a new instance (or a
 * child started by a step) runs on, and whether the county examples still have to publish.
 * Runs on every start, in the start's transaction when there is one. No lock: a version
 * published meanwhile applies to the next start.
 *
 * Index: definition_versions' primary key (county_id, definition_id, version), read backwards
 * for `order by version desc limit 1`: one index row.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function latestVersionHash(db: Kysely<Database>, countyId: string, definitionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('definition_versions')
    .select('hash')
    .where('county_id', '=', countyId)
    .where('definition_id', '=', definitionId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.hash;
}
