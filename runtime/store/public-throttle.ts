/**
 * Rate limits of the public QR form (no login), shared by every server process through the table
 * public_throttle (migration 019). Fixed windows, one atomic upsert per key per request
 * (sql/public-throttle-hit.ts); a request over a limit is refused (429) before anything is read
 * or written for it.
 *
 * - SUBMIT_PER_ADDRESS: 5 issues per hour from one address (IPv6 by its /64). A family or a
 *   reception desk sharing a line sends a few; a script sends hundreds.
 * - SUBMIT_PER_STATION: 60 issues per hour through one station's code, whatever the address
 *   (Changshu's busiest year, ~700 issues over 259 stations, is a few a week per station).
 * - LOOKUP_PER_ADDRESS: 20 look-ups or feedbacks per 10 minutes from one address: the receipt code
 *   has 60 random bits, and this keeps guessing it (with the phone number besides) hopeless.
 *
 * Keys are SHA-256 hashes of scope + address or station: no address is stored in clear. A
 * request whose address the server does not know (in-process calls) counts under "unknown".
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { addressBucket } from './login-throttle.ts';
import type { Database } from './schema.ts';
import { hitPublicThrottle, purgePublicThrottle } from './sql/public-throttle-hit.ts';

export interface PublicLimit {
  scope: 'submit-address' | 'submit-station' | 'lookup-address';
  limit: number;
  windowSeconds: number;
  /** What the refused citizen reads. */
  message: string;
}

export const SUBMIT_PER_ADDRESS: PublicLimit = { scope: 'submit-address', limit: 5, windowSeconds: 3600, message: '提交过于频繁：同一网络一小时内最多提交 5 件，请稍后再试。' };
export const SUBMIT_PER_STATION: PublicLimit = { scope: 'submit-station', limit: 60, windowSeconds: 3600, message: '本联络站此时段收到的意见较多，请稍后再试，或在接待日到站反映。' };
export const LOOKUP_PER_ADDRESS: PublicLimit = { scope: 'lookup-address', limit: 20, windowSeconds: 600, message: '查询过于频繁，请 10 分钟后再试。' };

const PURGE_AFTER_MS = 24 * 3600_000;

function throttleKey(scope: string, subject: string): string {
  return `${scope}:${createHash('sha256').update(subject).digest('base64url')}`;
}

/** The address's bucket (login-throttle.ts), or "unknown". */
export function publicAddress(address: string | undefined | null): string {
  return address ? addressBucket(address) : 'unknown';
}

/** Counts one request against `rule` for `subject`; over the limit → 429 PUBLIC_RATE_LIMITED with the seconds to wait. */
export async function checkPublicLimit(db: Kysely<Database>, rule: PublicLimit, subject: string, now: Date): Promise<void> {
  const { hits, windowStart } = await hitPublicThrottle(db, throttleKey(rule.scope, subject), now, rule.windowSeconds);
  if (hits > rule.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
    throw new AppError('PUBLIC_RATE_LIMITED', rule.message, { retryAfterSeconds });
  }
}

export async function purgeOldPublicThrottle(db: Kysely<Database>, now: Date): Promise<void> {
  await purgePublicThrottle(db, new Date(now.getTime() - PURGE_AFTER_MS));
}
