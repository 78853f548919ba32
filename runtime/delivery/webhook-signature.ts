/**
 * The signature of a gateway webhook: HMAC-SHA256 with the county's secret over
 * `${timestamp}.${body}` (the timestamp in whole seconds since 1970, as sent in the header),
 * hex, prefixed `v1=`. The gateway recomputes it and refuses a request whose timestamp is more
 * than a few minutes off (a replayed old request), and dedupes by the Idempotency-Key header.
 * The same function signs and verifies, so both sides agree by construction; the test's
 * receiver verifies with node:crypto on its own to check the documented shape.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  timestamp: 'x-cf-timestamp',
  signature: 'x-cf-signature',
  idempotencyKey: 'idempotency-key',
} as const;

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** True when `signature` is ours for these bytes and the timestamp is within `toleranceSeconds` of `nowSeconds`. */
export function verifyWebhook(secret: string, timestamp: number, body: string, signature: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
