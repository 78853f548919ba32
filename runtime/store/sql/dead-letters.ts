/**
 * The dead-letter list (发送失败的通知) of one county and its replay.
 *
 * List: index deliveries_dead (county_id, id desc) where status = 'dead', newest first; the
 * recipient and the message by primary key per row shown (at most `limit`).
 * Replay: by primary key within the county, only while still dead (a second click, or another
 * admin's, finds nothing and answers 404/409 at the route); the row becomes pending now with its
 * attempts reset, so the worker's next run sends it with the same idempotency key.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface DeadLetterRow {
  id: number;
  channel: string;
  attempts: number;
  last_error_code: string | null;
  last_error_detail: string | null;
  last_attempt_at: Date | null;
  created_at: Date;
  user_name: string;
  message: string;
  instance_title: string | null;
}

export async function listDeadLetters(db: Kysely<Database>, countyId: string, limit: number): Promise<DeadLetterRow[]> {
  const r = await sql<DeadLetterRow>`
    select d.id, d.channel, d.attempts, d.last_error_code, d.last_error_detail, d.last_attempt_at, d.created_at,
      u.display_name as user_name, coalesce(o.payload ->> 'message', '') as message, i.title as instance_title
    from deliveries d
    join users u on u.county_id = d.county_id and u.id = d.user_id
    join outbox o on o.id = d.outbox_id
    left join instances i on i.county_id = o.county_id and i.id = o.instance_id
    where d.county_id = ${countyId} and d.status = 'dead'
    order by d.id desc
    limit ${limit}`.execute(db);
  return r.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** 'replayed', or why not: 'missing' (no such delivery in the county) or 'not_dead'. */
export async function replayDeadLetter(db: Kysely<Database>, countyId: string, id: number, now: Date): Promise<'replayed' | 'missing' | 'not_dead'> {
  const r = await sql<{ status: string; replayed: boolean }>`
    with target as (select id, status from deliveries where county_id = ${countyId} and id = ${id}),
    upd as (
      update deliveries d set status = 'pending', attempts = 0, next_attempt_at = ${now}
      from target where d.id = target.id and d.status = 'dead'
      returning d.id
    )
    select target.status, exists (select 1 from upd) as replayed from target`.execute(db);
  const row = r.rows[0];
  if (!row) return 'missing';
  return row.replayed ? 'replayed' : 'not_dead';
}
