/**
 * Reserves one proof check of a sealed cast for a deputy on a ballot, or is refused because
 * the deputy's invalid casts on that ballot have locked them for a while (cast-throttle.ts).
 * One upsert: `on conflict (county_id, ballot_id, deputy_id) do update` takes the row lock of
 * the primary key ballot_cast_throttle_pkey, so a burst of parallel casts by one deputy queues
 * here and each sees the count the one before left; they cannot all slip in before the first
 * failure is written. The check counts as a failure from here on; a ballot whose proofs hold
 * gives it back (release-cast-check.ts). Other deputies' rows are never touched, so no deputy
 * can lock out another.
 *
 * In the SET list every `ballot_cast_throttle.x` is the row before this cast:
 * - locked (locked_until > now): nothing changes but `refused` = true;
 * - stale (no failure nor lock within `windowSeconds`): the count starts again at 1;
 * - else the count goes up, and from `threshold` (at least 2) on the deputy is locked for `lockSeconds`
 *   (the lock applies to the casts after this one).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CastThrottleRule {
  threshold: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface CastReservation {
  refused: boolean;
  failures: number;
  lockedUntil: Date | null;
}

export async function reserveCastCheck(db: Kysely<Database>, key: { countyId: string; ballotId: string; deputyId: string }, now: Date, rule: CastThrottleRule): Promise<CastReservation> {
  const t = sql`ballot_cast_throttle`;
  const locked = sql`(${t}.locked_until is not null and ${t}.locked_until > ${now})`;
  const stale = sql`(greatest(${t}.last_at, ${t}.locked_until) <= ${now}::timestamptz - make_interval(secs => ${rule.windowSeconds}))`;
  const next = sql`(case when ${stale} then 1 else ${t}.failures + 1 end)`;
  const result = await sql<{ refused: boolean; failures: number; locked_until: Date | string | null }>`
    insert into ballot_cast_throttle (county_id, ballot_id, deputy_id, failures, last_at, locked_until, refused)
    values (${key.countyId}, ${key.ballotId}, ${key.deputyId}, 1, ${now}, null, false)
    on conflict (county_id, ballot_id, deputy_id) do update set
      refused = ${locked},
      failures = case when ${locked} then ${t}.failures else ${next} end,
      last_at = case when ${locked} then ${t}.last_at else ${now} end,
      locked_until = case
        when ${locked} then ${t}.locked_until
        when ${next} >= ${rule.threshold} then ${now}::timestamptz + make_interval(secs => ${rule.lockSeconds})
        else null end
    returning refused, failures, locked_until`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('ballot_cast_throttle upsert returned no row');
  return { refused: row.refused, failures: Number(row.failures), lockedUntil: row.locked_until === null ? null : new Date(row.locked_until) };
}
