/**
 * One PointEntry read for an action on it, locked (FOR UPDATE) so two reviewers acting at once
 * are ordered: the second sees the state the first left. PGlite has one connection, where the
 * lock is a no-op and transactions run one at a time anyway. Index: the primary key.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PointEntriesTable } from '../schema.ts';

export type PointEntryRow = Selectable<PointEntriesTable>;

export async function lockPointEntry(trx: Kysely<Database>, countyId: string, id: string): Promise<PointEntryRow | undefined> {
  return trx.selectFrom('point_entries').selectAll().where('county_id', '=', countyId).where('id', '=', id).forUpdate().executeTakeFirst();
}
