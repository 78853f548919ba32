/** Random bytes for receipts, vote ids and shuffles: the OS source, never Math.random. */
import { randomBytes } from 'node:crypto';

export const osRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
