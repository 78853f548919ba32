/**
 * Weighted shares compared with ½ exactly. A share is votes / base of one group; the combined
 * share is Σ wᵍ·xᵍ/nᵍ / Σ wᵍ. Comparing that float with 0.5 could misjudge an exact half
 * (weights 0.1 and 0.2 already sum to 0.30000000000000004), and "exactly half is not enough"
 * (§1.3 [V L19]) makes the half itself the boundary. So the comparison is done in integers:
 * weights scaled to millionths, every share brought to the common denominator Π nᵍ, BigInt.
 */

export interface ShareTerm {
  /** Relative weight (> 0), taken to 6 decimals. */
  weight: number;
  votes: number;
  /** The share's denominator (> 0). */
  base: number;
}

const WEIGHT_SCALE = 1_000_000;

/** Integer weight in millionths: 0.4 → 400000, 60 → 60000000. */
export function scaledWeight(weight: number): bigint {
  return BigInt(Math.round(weight * WEIGHT_SCALE));
}

/** Σ w·votes/base > ½ · Σ w, exactly. False when there are no terms. */
export function weightedShareAboveHalf(terms: readonly ShareTerm[]): boolean {
  if (terms.length === 0) return false;
  const common = terms.reduce((d, t) => d * BigInt(t.base), 1n);
  let lhs = 0n;
  let rhs = 0n;
  for (const t of terms) {
    const w = scaledWeight(t.weight);
    lhs += 2n * w * BigInt(t.votes) * (common / BigInt(t.base));
    rhs += w * common;
  }
  return lhs > rhs;
}

/** The combined share as a float (for display and ranking only, never for a grade boundary). */
export function weightedShare(terms: readonly ShareTerm[]): number | null {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (terms.length === 0 || total <= 0) return null;
  return terms.reduce((s, t) => s + (t.weight * t.votes) / t.base, 0) / total;
}

/**
 * Round half up to `decimals` as the figure is printed: through the decimal digits (15
 * significant), so 84.995 becomes 85 and not 84.99 (84.995·100 is 8499.4999… in floats).
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const [mantissa, exponent] = value.toExponential(14).split('e') as [string, string];
  const shifted = Number(`${mantissa}e${Number(exponent) + decimals}`);
  return Number(`${Math.round(shifted)}e-${decimals}`);
}
