/**
 * Top-level instances of the county that the caller may see (task-access.ts
 * `maySeeInstanceSql`), newest first. No lock. With a definition filter, instances_list
 * (county_id, definition_id, updated_at desc) serves both the filter and the order; without
 * one the county's top-level rows are sorted. For anyone but the office, the instances they
 * may see are computed once as a set (`maySeeInstanceAmongSql`, with its measurements).
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../engine/index.ts';
import type { Database } from '../schema.ts';
import { maySeeInstanceAmongSql } from '../task-access.ts';

export interface InstanceFilter {
  /** Only instances this user started (我发起的). */
  startedBy?: string;
  definition?: string;
  state?: string;
  status?: string;
  /** A substring of the title (LIKE, with % _ \ escaped). */
  q?: string;
  limit: number;
  offset: number;
}

export interface InstanceListRow {
  id: string;
  definition_id: string;
  title: string;
  state: string;
  status: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export async function selectInstances(db: Kysely<Database>, countyId: string, actor: Actor, f: InstanceFilter): Promise<InstanceListRow[]> {
  let query = db
    .selectFrom('instances')
    .select(['id', 'definition_id', 'title', 'state', 'status', 'created_by', 'created_at', 'updated_at'])
    .where('county_id', '=', countyId)
    .where('parent_id', 'is', null)
    .where(maySeeInstanceAmongSql(actor, countyId, 'instances'));
  if (f.definition) query = query.where('definition_id', '=', f.definition);
  if (f.state) query = query.where('state', '=', f.state);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.startedBy) query = query.where('created_by', '=', f.startedBy);
  if (f.q) query = query.where('title', 'like', `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`);
  return query.orderBy('updated_at', 'desc').limit(Math.min(f.limit, 500)).offset(f.offset).execute();
}
