/**
 * The limit on invalid sealed casts, per deputy per ballot, shared by every server process
 * through the database (table ballot_cast_throttle, migration 016).
 *
 * Why: checking a sealed ballot's proofs costs the server ~0.4 s of CPU (choose 3 of 10 at load
 * average 3, sealed.ts; a 20-candidate ranked ballot several times that), and a ballot that
 * fails its proofs changes nothing, so without a limit one deputy's script could keep a core
 * busy for as long as the ballot is open. An honest phone never sends a failing ballot: it
 * seals with the same code that checks, so a failure is a bug, a stale page (the joint key
 * cannot change once open) or an attack.
 *
 * What counts: a cast whose proofs were checked and failed. A cast refused earlier (not on the
 * roll, already voted, wrong shape or sizes: checkSealedShape, no group arithmetic) costs no
 * more than any other bad request and is not counted.
 *
 * The numbers: 5 failed checks within 10 minutes lock the deputy out of casting on that ballot
 * for 10 minutes (429 TOO_MANY_INVALID_CASTS, Retry-After), before any proof is checked; one
 * further failure within 10 minutes of the lock's end locks again. So one deputy costs at most
 * 5 × 0.4 s = 2 s of proof checking in the first 10 minutes and 0.4 s per 10 minutes after:
 * even every deputy of a 300-member roll doing it costs ~1 s per second of one core at worst
 * in the first ten minutes and a fifth of that later, while five tries leave a phone with a
 * passing fault room to retry. A ballot whose proofs hold gives its reservation back, so a
 * deputy with four failures can still cast. The count is per (ballot, deputy): a deputy locks
 * only themselves, never another deputy, nor themselves on another ballot. The counts go when
 * the ballot closes (clear-cast-throttle.ts).
 *
 * Each check is reserved before it runs (one upsert under the row lock, reserve-cast-check.ts),
 * so 50 parallel casts by one deputy get 5 checks and 45 refusals, not 50 checks.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { releaseCastCheck } from './sql/release-cast-check.ts';
import { reserveCastCheck, type CastThrottleRule } from './sql/reserve-cast-check.ts';

export const CAST_THROTTLE: CastThrottleRule = { threshold: 5, windowSeconds: 10 * 60, lockSeconds: 10 * 60 };

export interface CastKey {
  countyId: string;
  ballotId: string;
  deputyId: string;
}

export type CastCheckAnswer = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Reserves one proof check; refused → the whole seconds until the lock ends (at least 1). */
export async function beginSealedCheck(db: Kysely<Database>, key: CastKey, now: Date): Promise<CastCheckAnswer> {
  const r = await reserveCastCheck(db, key, now, CAST_THROTTLE);
  if (!r.refused) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((r.lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000)) };
}

/** The ballot's proofs held: the reserved check is given back. */
export async function sealedCheckPassed(db: Kysely<Database>, key: CastKey): Promise<void> {
  await releaseCastCheck(db, key, CAST_THROTTLE.threshold);
}
