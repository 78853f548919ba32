/**
 * The links of one instance, both ways (migration 024): the instances it linked to (an issue →
 * the suggestion made from it) and those that linked to it (a suggestion → its issue), with
 * what a page shows of each (title, state, status, process version to put the state in words).
 * Read-only, no lock.
 *
 * Indexes: the outgoing links by the primary key of instance_links (county_id, source_id, …),
 * the incoming ones by instance_links_target (county_id, target_id); each other instance by
 * the primary key of instances (county_id, id).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { instanceHeadColumns, type InstanceHeadRow } from './instance-head.ts';

export interface InstanceLinkRow extends InstanceHeadRow {
  direction: 'to' | 'from';
  key: string;
}

export async function selectInstanceLinks(db: Kysely<Database>, countyId: string, id: string): Promise<InstanceLinkRow[]> {
  const result = await sql<InstanceLinkRow>`
    select 'to' as direction, l.key, ${instanceHeadColumns('i')}, l.created_at
    from instance_links l join instances i on i.county_id = l.county_id and i.id = l.target_id
    where l.county_id = ${countyId} and l.source_id = ${id}
    union all
    select 'from' as direction, l.key, ${instanceHeadColumns('i')}, l.created_at
    from instance_links l join instances i on i.county_id = l.county_id and i.id = l.source_id
    where l.county_id = ${countyId} and l.target_id = ${id}
    order by created_at, id`.execute(db);
  return result.rows;
}
