/**
 * The scenario's pseudo-random choices: mulberry32, a 32-bit generator small enough to read
 * and stable across Node versions (Math.random is neither seedable nor stable), so one seed
 * always expands to the same year.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

/** `{A: 2, B: 1}` → ['A', 'A', 'B'] (keys in their order). */
export function expandCounts<K extends string>(counts: Partial<Record<K, number>>): K[] {
  const out: K[] = [];
  for (const [key, n] of Object.entries(counts) as Array<[K, number]>) for (let i = 0; i < n; i++) out.push(key);
  return out;
}
