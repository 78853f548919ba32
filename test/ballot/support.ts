/** Deterministic randomness and ballot builders for the ballot tests. */
import type { BallotMarks, Candidate, Choice, RandomBytes, Satisfaction } from '../../runtime/ballot/index.ts';

/** mulberry32: a small seeded generator, floats in [0, 1). Not for production, only to make test data repeatable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A repeatable RandomBytes source. */
export function seededBytes(seed: number): RandomBytes {
  const next = prng(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** A source that plays back the given bytes, then fails the test if asked for more. */
export function scriptedBytes(bytes: number[]): RandomBytes {
  let at = 0;
  return (n) => {
    if (at + n > bytes.length) throw new Error(`scripted source exhausted at byte ${at}`);
    const out = Uint8Array.from(bytes.slice(at, at + n));
    at += n;
    return out;
  };
}

export function candidates(n: number, prefix = 'p'): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, title: `项目${i + 1}`, title_en: `Project ${i + 1}` }));
}

/** A ballot approving exactly the given ids (everything else blank). */
export function approving(...ids: string[]): BallotMarks {
  return Object.fromEntries(ids.map((id) => [id, 'APPROVE' as Choice]));
}

/**
 * `voters` ballots on which candidate ids[i] is approved exactly approvals[i] times, with the
 * approvals spread so no ballot holds more than ⌈Σ/voters⌉ (each candidate goes to the least
 * loaded ballots). Lets a test state the counts it wants and still have valid ballots.
 */
export function ballotsWithApprovals(ids: readonly string[], approvals: readonly number[], voters: number): BallotMarks[] {
  const ballots: Array<Record<string, Choice>> = Array.from({ length: voters }, () => ({}));
  const load = new Array<number>(voters).fill(0);
  ids.forEach((id, i) => {
    const want = approvals[i] ?? 0;
    const order = load.map((l, v) => [l, v] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, v] of order.slice(0, want)) {
      ballots[v]![id] = 'APPROVE';
      load[v]!++;
    }
  });
  return ballots;
}

/** Satisfaction ballots giving every item its [S, B, U] (rows beyond S+B+U leave the item blank). */
export function satisfactionBallots(items: Record<string, [number, number, number]>, returned: number): BallotMarks[] {
  const ballots: Array<Record<string, Satisfaction>> = Array.from({ length: returned }, () => ({}));
  for (const [id, [S, B, U]] of Object.entries(items)) {
    const levels: Satisfaction[] = [...Array<Satisfaction>(S).fill('SATISFIED'), ...Array<Satisfaction>(B).fill('BASIC'), ...Array<Satisfaction>(U).fill('UNSATISFIED')];
    levels.forEach((level, v) => (ballots[v]![id] = level));
  }
  return ballots;
}
