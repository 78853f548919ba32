/**
 * The brief answer of a start or a completion (`Prefer: return=minimal`) when the step ran in a
 * transaction and its write statement could not answer (instance-brief.ts): the instance's
 * state, status and version, and its open tasks as {id, key, title, title_en} only.
 * No locks (read after the commit). Indexes: instances (county_id, id) primary key; tasks
 * (county_id, instance_id, key).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { BriefTaskRow } from './step-write.ts';

export interface InstanceBriefRow {
  definition_id: string;
  definition_hash: string;
  state: string;
  status: string;
  version: number;
  open_tasks: BriefTaskRow[];
}

export async function selectInstanceBrief(db: Kysely<Database>, countyId: string, instanceId: string): Promise<InstanceBriefRow | undefined> {
  const result = await sql<InstanceBriefRow>`
    select i.definition_id, i.definition_hash, i.state, i.status, i.version,
      (select coalesce(json_agg(json_build_object('id', t.id, 'key', t.key, 'title', t.title, 'title_en', t.title_en) order by t.created_at, t.key), '[]'::json)
        from tasks t where t.county_id = i.county_id and t.instance_id = i.id and t.status = 'open') as open_tasks
    from instances i where i.county_id = ${countyId} and i.id = ${instanceId}`.execute(db);
  return result.rows[0];
}
