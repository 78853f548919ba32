/**
 * Reserves one sign-in attempt under a throttle key (account name or client address), or is
 * refused because the key is locked. One upsert: `on conflict (key) do update` takes the row
 * lock of the primary key login_throttle_pkey, so concurrent attempts on one key queue here and
 * each sees the count the one before left; a burst of parallel guesses cannot all slip in
 * before the first failure is written. The attempt counts as a failure from here on; a
 * success gives it back (release-login-attempt.ts, clear-login-attempts.ts).
 *
 * In the SET list every `login_throttle.x` is the row before this attempt:
 * - locked (locked_until > now): nothing changes but `refused` = true;
 * - stale (no failure or lock within `windowSeconds`): the count starts again at 1;
 * - else the count goes up, and from `threshold` on the key is locked for
 *   `baseSeconds` · 2^(failures − threshold), at most `capSeconds`; that lock applies to the
 *   attempts after this one.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ThrottleRule {
  threshold: number;
  windowSeconds: number;
  baseSeconds: number;
  capSeconds: number;
}

export interface Reservation {
  refused: boolean;
  failures: number;
  lockedUntil: Date | null;
}

export async function reserveLoginAttempt(db: Kysely<Database>, key: string, now: Date, rule: ThrottleRule): Promise<Reservation> {
  const t = sql`login_throttle`;
  const locked = sql`(${t}.locked_until is not null and ${t}.locked_until > ${now})`;
  const stale = sql`(greatest(${t}.last_at, ${t}.locked_until) <= ${now}::timestamptz - make_interval(secs => ${rule.windowSeconds}))`;
  const next = sql`(case when ${stale} then 1 else ${t}.failures + 1 end)`;
  const lockFor = sql`make_interval(secs => least(${rule.baseSeconds}::float8 * power(2, ${next} - ${rule.threshold}), ${rule.capSeconds}))`;
  const result = await sql<{ refused: boolean; failures: number; locked_until: Date | string | null }>`
    insert into login_throttle (key, failures, last_at, locked_until, refused)
    values (${key}, 1, ${now}, null, false)
    on conflict (key) do update set
      refused = ${locked},
      failures = case when ${locked} then ${t}.failures else ${next} end,
      last_at = case when ${locked} then ${t}.last_at else ${now} end,
      locked_until = case
        when ${locked} then ${t}.locked_until
        when ${next} >= ${rule.threshold} then ${now}::timestamptz + ${lockFor}
        else null end
    returning refused, failures, locked_until`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('login_throttle upsert returned no row');
  return { refused: row.refused, failures: row.failures, lockedUntil: row.locked_until === null ? null : new Date(row.locked_until) };
}
