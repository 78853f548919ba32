/**
 * The three zero-knowledge proofs of the sealed ballot, all Fiat–Shamir over `challenge`:
 * - Schnorr: the teller knows x with h = g^x. Commit A = g^w; c = H(["teller-key", ctx, h, A]);
 *   s = w + c·x. Check: A = g^s · h^(−c) and c = H(…).
 * - Disjunctive Chaum–Pedersen (CDS) range proof: (a, b) encrypts one j ∈ [min, max] under H,
 *   i.e. for some j, log_g a = log_H (b / g^j). One (c_j, s_j) per j; A_j = g^(s_j) · a^(−c_j),
 *   B_j = H^(s_j) · (b / g^j)^(−c_j); Σ c_j = H(["range", ctx, ballotDigest, k, a, b, A_min, B_min, …]).
 *   `ballotDigest` (see sealed.ts) binds every proof to the whole ballot, so a ciphertext copied
 *   from another ballot arrives without a proof that fits.
 * - Chaum–Pedersen: log_g h = log_a d (a teller's share d = a^x). A = g^w, B = a^w;
 *   c = H(["decryption", ctx, k, h, a, d, A, B]); s = w + c·x; check A = g^s·h^(−c), B = a^s·d^(−c).
 */
import type { RandomBytes } from '../types.ts';
import { challenge, G, mod, mul, mulPublic, pointHex, randomScalar, scalarHex, type Hex, type Point } from './group.ts';

export interface SchnorrProof {
  c: Hex;
  s: Hex;
}

export interface RangeProof {
  c: Hex[];
  s: Hex[];
}

export const TAG_TELLER = 'congress-flow/teller-key';
export const TAG_RANGE = 'congress-flow/range';
export const TAG_DECRYPTION = 'congress-flow/decryption';

export function proveSchnorr(x: bigint, h: Point, random: RandomBytes, context: string): { c: bigint; s: bigint } {
  const w = randomScalar(random);
  const c = challenge([TAG_TELLER, context, pointHex(h), pointHex(mul(G, w))]);
  return { c, s: mod(w + c * x) };
}

export function checkSchnorr(h: Point, c: bigint, s: bigint, context: string): boolean {
  const A = mulPublic(G, s).subtract(mulPublic(h, c));
  return challenge([TAG_TELLER, context, pointHex(h), pointHex(A)]) === c;
}

/** Proves that (a, b) = (g^r, g^m·H^r) with m ∈ [min, max]; the caller has checked m is in range. */
export function proveRange(
  H: Point,
  a: Point,
  b: Point,
  r: bigint,
  m: number,
  min: number,
  max: number,
  random: RandomBytes,
  prefix: ReadonlyArray<string | number>,
): RangeProof {
  const count = max - min + 1;
  const cs: bigint[] = new Array(count).fill(0n);
  const ss: bigint[] = new Array(count).fill(0n);
  const commits: string[] = [];
  const real = m - min;
  const w = randomScalar(random);
  for (let k = 0; k < count; k++) {
    if (k === real) {
      commits.push(pointHex(mul(G, w)), pointHex(mul(H, w)));
      continue;
    }
    // A simulated branch: c and s are published as they are, so nothing secret is multiplied here.
    const c = randomScalar(random);
    const s = randomScalar(random);
    cs[k] = c;
    ss[k] = s;
    commits.push(...branchCommits(H, a, b, c, s, min + k));
  }
  const total = challenge([...prefix, pointHex(a), pointHex(b), ...commits]);
  const cReal = mod(total - cs.reduce((x, y) => x + y, 0n));
  cs[real] = cReal;
  ss[real] = mod(w + cReal * r);
  return { c: cs.map(scalarHex), s: ss.map(scalarHex) };
}

export function checkRange(H: Point, a: Point, b: Point, cs: bigint[], ss: bigint[], min: number, prefix: ReadonlyArray<string | number>): boolean {
  const commits: string[] = [];
  let sum = 0n;
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k] as bigint;
    const s = ss[k] as bigint;
    sum += c;
    commits.push(...branchCommits(H, a, b, c, s, min + k));
  }
  return challenge([...prefix, pointHex(a), pointHex(b), ...commits]) === mod(sum);
}

/** A_j = g^s · a^(−c), B_j = H^s · (b / g^j)^(−c) = H^s · b^(−c) · g^(j·c): two variable-base products. */
function branchCommits(H: Point, a: Point, b: Point, c: bigint, s: bigint, j: number): [string, string] {
  const A = mulPublic(G, s).subtract(mulPublic(a, c));
  const B = mulPublic(H, s).subtract(mulPublic(b, c)).add(mulPublic(G, BigInt(j) * c));
  return [pointHex(A), pointHex(B)];
}

export function proveDecryption(x: bigint, h: Point, a: Point, d: Point, index: number, random: RandomBytes, context: string): { c: bigint; s: bigint } {
  const w = randomScalar(random);
  const c = challenge([TAG_DECRYPTION, context, index, pointHex(h), pointHex(a), pointHex(d), pointHex(mul(G, w)), pointHex(mul(a, w))]);
  return { c, s: mod(w + c * x) };
}

export function checkDecryption(h: Point, a: Point, d: Point, c: bigint, s: bigint, index: number, context: string): boolean {
  const A = mulPublic(G, s).subtract(mulPublic(h, c));
  const B = mulPublic(a, s).subtract(mulPublic(d, c));
  return challenge([TAG_DECRYPTION, context, index, pointHex(h), pointHex(a), pointHex(d), pointHex(A), pointHex(B)]) === c;
}
