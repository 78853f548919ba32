/**
 * Record a link between two instances (migration 024): written in the step that makes it,
 * inside that step's transaction (both instance rows are locked or new). A repeated link is
 * kept once (the primary key (county_id, source_id, key, target_id)).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function insertInstanceLink(trx: Kysely<Database>, link: { countyId: string; sourceId: string; key: string; targetId: string; at: Date }): Promise<void> {
  await sql`insert into instance_links (county_id, source_id, key, target_id, created_at)
    values (${link.countyId}, ${link.sourceId}, ${link.key}, ${link.targetId}, ${link.at})
    on conflict do nothing`.execute(trx);
}
