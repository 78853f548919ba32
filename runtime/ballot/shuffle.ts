/**
 * Shuffling pending votes before they enter the box, so the box's row order carries nothing
 * of the casting order (ARCHITECTURE.md "Secret ballots").
 */
import { uniformInt } from './random.ts';
import type { RandomBytes } from './types.ts';

/** Fisher–Yates (Durstenfeld): every one of the n! orders is equally likely given uniform bytes. Returns a new array. */
export function shuffle<T>(items: readonly T[], randomBytes: RandomBytes): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(randomBytes, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
