/**
 * Sign-in throttling, shared by every server process through the database (table
 * login_throttle, migration 012). Two keys per attempt:
 *
 * - the account as typed: username + county code as given (empty when none). It never depends
 *   on whether the account exists, so a name that does not exist locks exactly like one that
 *   does and nothing is learnt from the answers. A real account can be named two ways (with and
 *   without its code), so an attacker gets at most 2 × 5 guesses before the backoff;
 * - the client address (IPv6 by its /64), when the server knows it.
 *
 * ACCOUNT: 5 failures within 15 min lock the name for 1 min, then 2, 4, 8 … min per further
 * failure, at most 1 h. ADDRESS: the same with 20 failures. A failure more than 15 min after
 * the last failure and the end of the last lock starts the count anew. A success clears the
 * account's count; only failures count against an address.
 *
 * Keys are SHA-256 hashes: no typed username (people type passwords into it by mistake) or
 * address is stored in clear. The clock is the caller's (the domain clock, simulated in tests).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { clearLoginAttempts } from './sql/clear-login-attempts.ts';
import { purgeLoginAttempts } from './sql/purge-login-attempts.ts';
import { releaseLoginAttempt } from './sql/release-login-attempt.ts';
import { reserveLoginAttempt, type ThrottleRule } from './sql/reserve-login-attempt.ts';

export const ACCOUNT_THROTTLE: ThrottleRule = { threshold: 5, windowSeconds: 15 * 60, baseSeconds: 60, capSeconds: 3600 };
export const ADDRESS_THROTTLE: ThrottleRule = { threshold: 20, windowSeconds: 15 * 60, baseSeconds: 60, capSeconds: 3600 };
/** Rows with no failure for a day are deleted (on a successful sign-in). */
const PURGE_AFTER_MS = 24 * 3600_000;

export interface LoginSubject {
  username: string;
  /** The county code as typed; undefined when none was given. */
  county?: string;
  /** The client address (see server/client-address.ts); undefined when unknown (in-process calls). */
  address?: string;
}

export type ThrottleAnswer = { ok: true; ticket: LoginTicket } | { ok: false; retryAfterSeconds: number };

/** What a reserved attempt needs to settle: its keys. */
export interface LoginTicket {
  accountKey: string;
  addressKey?: string;
}

function hashKey(kind: string, ...parts: string[]): string {
  return `${kind}:${createHash('sha256').update(parts.join('\u0000')).digest('base64url')}`;
}

export function accountKey(username: string, county: string | undefined): string {
  return hashKey('a', username, county ?? '');
}

/** IPv4 as is (also when mapped into IPv6); IPv6 by its first four groups (a /64). */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function retryAfter(lockedUntil: Date | null, now: Date): number {
  return Math.max(1, Math.ceil(((lockedUntil?.getTime() ?? now.getTime()) - now.getTime()) / 1000));
}

/**
 * Reserves an attempt on the address, then on the account (each one atomic upsert). Refused →
 * the seconds until the later lock ends, and nothing stays counted.
 */
export async function beginLoginAttempt(db: Kysely<Database>, subject: LoginSubject, now: Date): Promise<ThrottleAnswer> {
  const addressKey = subject.address === undefined ? undefined : hashKey('ip', addressBucket(subject.address));
  if (addressKey !== undefined) {
    const byAddress = await reserveLoginAttempt(db, addressKey, now, ADDRESS_THROTTLE);
    if (byAddress.refused) return { ok: false, retryAfterSeconds: retryAfter(byAddress.lockedUntil, now) };
  }
  const key = accountKey(subject.username, subject.county);
  const byAccount = await reserveLoginAttempt(db, key, now, ACCOUNT_THROTTLE);
  if (byAccount.refused) {
    if (addressKey !== undefined) await releaseLoginAttempt(db, addressKey, ADDRESS_THROTTLE.threshold);
    return { ok: false, retryAfterSeconds: retryAfter(byAccount.lockedUntil, now) };
  }
  return { ok: true, ticket: { accountKey: key, ...(addressKey === undefined ? {} : { addressKey }) } };
}

/**
 * The attempt succeeded: the account's failures are forgotten (under both of its names), the
 * address gets its attempt back, and day-old rows are purged.
 */
export async function loginSucceeded(db: Kysely<Database>, ticket: LoginTicket, account: { username: string; countyCode: string }, now: Date): Promise<void> {
  await clearLoginAttempts(db, [ticket.accountKey, accountKey(account.username, undefined), accountKey(account.username, account.countyCode)]);
  if (ticket.addressKey !== undefined) await releaseLoginAttempt(db, ticket.addressKey, ADDRESS_THROTTLE.threshold);
  await purgeLoginAttempts(db, new Date(now.getTime() - PURGE_AFTER_MS));
}
