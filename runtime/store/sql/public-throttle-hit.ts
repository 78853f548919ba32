/**
 * One request against a fixed-window counter of the public form (public_throttle, migration 019).
 * One upsert: `on conflict (key) do update` takes the row lock of public_throttle_pkey, so a
 * burst of parallel requests on one key queues here and each sees the count the one before left
 * (1,000 concurrent requests from one address: exactly the allowed number pass, on PGlite and
 * PostgreSQL — test/api/constituent-public.test.ts). A window older than `windowSeconds`
 * starts again at 1. Refused requests count too: hammering keeps the key shut.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function hitPublicThrottle(db: Kysely<Database>, key: string, now: Date, windowSeconds: number): Promise<{ hits: number; windowStart: Date }> {
  const t = sql`public_throttle`;
  const stale = sql`(${t}.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSeconds}))`;
  const result = await sql<{ hits: number; window_start: Date | string }>`
    insert into public_throttle (key, window_start, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      window_start = case when ${stale} then ${now} else ${t}.window_start end,
      hits = case when ${stale} then 1 else ${t}.hits + 1 end
    returning hits, window_start`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('public_throttle upsert returned no row');
  return { hits: Number(row.hits), windowStart: new Date(row.window_start) };
}

/** Rows whose window started before `before` (a day ago): a scan of the small table, run after a successful submission. */
export async function purgePublicThrottle(db: Kysely<Database>, before: Date): Promise<void> {
  await sql`delete from public_throttle where window_start < ${before}`.execute(db);
}
