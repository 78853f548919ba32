/**
 * Password hashing with scrypt from node:crypto. Stored as `scrypt$N$r$p$salt$hash` (salt and
 * hash base64), so the cost can be raised later and old hashes still verify with their own
 * parameters.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * N=2^14, r=8, p=1 (16 MiB per hash): measured ~48 ms per verify on this 2-core box (runs on
 * libuv's thread pool, so the event loop stays free). Slow enough to hurt guessing, fast
 * enough for a login form. Raising N multiplies both time and memory per concurrent login.
 */
const DEFAULTS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: node's default (32 MiB) rejects N*r*128 above it; allow twice the need.
    const maxmem = 256 * (options.N ?? DEFAULTS.N) * (options.r ?? DEFAULTS.r);
    scrypt(password, salt, keylen, { ...options, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = DEFAULTS;
  const hash = await scryptAsync(password, salt, KEY_LENGTH, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * True when `password` matches `stored`; false (never a throw) for a wrong password or a hash
 * that is not a usable scrypt hash, e.g. the `!…` of deputies imported without a password. The
 * latter still costs one scrypt with the default parameters: login spends that time for an
 * unknown user too, and answering such a user at once would tell a prober the username exists.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (parts.length !== 6 || parts[0] !== 'scrypt' || !N || !r || !p || expected.length === 0) {
    await scryptAsync(password, UNUSABLE_SALT, KEY_LENGTH, DEFAULTS);
    return false;
  }
  try {
    const actual = await scryptAsync(password, salt, expected.length, { N, r, p });
    return timingSafeEqual(actual, expected);
  } catch {
    // Parameters scrypt refuses (N not a power of two, too much memory): not a hash we wrote.
    return false;
  }
}

const UNUSABLE_SALT = Buffer.alloc(SALT_BYTES);
