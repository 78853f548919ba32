/**
 * Uniform integers from an injected byte source. Rejection sampling instead of `byte % n`:
 * 256 % 3 = 1, so `byte % 3` would pick 0 with probability 86/256 against 85/256 for 1 and 2.
 */
import { AppError } from '../errors.ts';
import type { RandomBytes } from './types.ts';

/** Each draw is accepted with probability ≥ ½, so this many rejections in a row means a broken source. */
const MAX_DRAWS = 128;

export function takeBytes(randomBytes: RandomBytes, n: number): Uint8Array {
  const bytes = randomBytes(n);
  if (!(bytes instanceof Uint8Array) || bytes.length < n) {
    throw new AppError('RANDOM_SOURCE_FAILED', `The random source returned fewer than ${n} bytes`);
  }
  return bytes;
}

/** A uniform integer in [0, bound), bound ≤ 2³². Uses 1, 2 or 4 bytes per draw, the fewest that cover bound. */
export function uniformInt(randomBytes: RandomBytes, bound: number): number {
  if (!Number.isSafeInteger(bound) || bound < 1 || bound > 2 ** 32) {
    throw new AppError('INTERNAL', `uniformInt bound must be an integer in 1..2^32, got ${bound}`);
  }
  if (bound === 1) return 0;
  const width = bound <= 2 ** 8 ? 1 : bound <= 2 ** 16 ? 2 : 4;
  const range = 2 ** (8 * width);
  // The largest multiple of bound that fits: values at or above it would over-represent 0..(range % bound − 1).
  const limit = range - (range % bound);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const bytes = takeBytes(randomBytes, width);
    let x = 0;
    for (let i = 0; i < width; i++) x = x * 256 + (bytes[i] ?? 0);
    if (x < limit) return x % bound;
  }
  throw new AppError('RANDOM_SOURCE_FAILED', `${MAX_DRAWS} rejected draws in a row: the random source is not random`);
}
