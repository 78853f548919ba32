/**
 * The running instances of one county that have pending timers, each with its snapshot, its
 * definition version and those timers: what deadline-recount.ts counts again after the county's
 * calendar changed. Read inside the calendar edit's transaction; no row lock: the writes that
 * follow (sql/move-deadline.ts) are conditional on the values read here, so a step that
 * re-armed a timer or closed a task meanwhile keeps its own.
 *
 * Index: the prefix county_id of timers' unique key (county_id, instance_id, key), then the
 * instances primary key (county_id, id). A county holds some thousands of pending timers.
 */
import { sql, type Kysely } from 'kysely';
import type { EngineEvent, InstanceSnapshot } from '../../engine/index.ts';
import type { Database } from '../schema.ts';

export interface PendingDeadlinesRow {
  id: string;
  definition_hash: string;
  snapshot: InstanceSnapshot;
  timers: Array<{ key: string; fire_at: string; event: EngineEvent }>;
}

export async function selectPendingDeadlines(trx: Kysely<Database>, countyId: string): Promise<PendingDeadlinesRow[]> {
  const r = await sql<PendingDeadlinesRow>`
    select i.id, i.definition_hash, i.snapshot,
      json_agg(json_build_object('key', t.key, 'fire_at', t.fire_at, 'event', t.event) order by t.key) as timers
    from timers t
    join instances i on i.county_id = t.county_id and i.id = t.instance_id
    where t.county_id = ${countyId} and i.status = 'active'
    group by i.id, i.definition_hash, i.snapshot
    order by i.id`.execute(trx);
  return r.rows.map((row) => ({
    ...row,
    snapshot: (typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot) as InstanceSnapshot,
    timers: (typeof row.timers === 'string' ? JSON.parse(row.timers) : row.timers) as PendingDeadlinesRow['timers'],
  }));
}
