/**
 * The instances that linked to `targetId` (a finished suggestion → the issue it came from),
 * read when the target finishes so each source gets `linked.done` in the same transaction.
 * No lock here: step-writer.ts locks each source (lock-instance.ts) before stepping it.
 *
 * Index: instance_links_target (county_id, target_id).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function linkSources(trx: Kysely<Database>, countyId: string, targetId: string): Promise<Array<{ source_id: string; key: string }>> {
  return trx.selectFrom('instance_links').select(['source_id', 'key']).where('county_id', '=', countyId).where('target_id', '=', targetId).orderBy('created_at').execute();
}
