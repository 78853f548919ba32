/**
 * The group of the sealed ballot: ristretto255 (a prime-order group built on Curve25519,
 * @noble/curves), its scalars mod ℓ, and the Fiat–Shamir hash. Points and scalars travel as
 * lowercase hex: a point is its 32-byte ristretto encoding, a scalar 64 hex digits of the
 * big-endian number (< ℓ). Everything here is pure; random bytes are injected.
 *
 * The independent verifier (tools/verify-ballot.mjs) re-implements these few lines on purpose,
 * so a bug here cannot hide behind the same bug there; the encodings below are its spec.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { AppError } from '../../errors.ts';
import { takeBytes } from '../random.ts';
import type { RandomBytes } from '../types.ts';

export type Hex = string;
export const Point = ristretto255.Point;
export type Point = InstanceType<typeof ristretto255.Point>;
export const ORDER: bigint = Point.Fn.ORDER;
export const G: Point = Point.BASE;
export const ZERO: Point = Point.ZERO;

const POINT_HEX = /^[0-9a-f]{64}$/;

export const mod = (x: bigint): bigint => ((x % ORDER) + ORDER) % ORDER;

/** p·k for any k (noble refuses 0); constant-time for secrets. */
export function mul(p: Point, k: bigint): Point {
  const r = mod(k);
  return r === 0n ? ZERO : p.multiply(r);
}

/** p·k for public k (verification only): faster, not constant-time. */
export function mulPublic(p: Point, k: bigint): Point {
  const r = mod(k);
  return r === 0n ? ZERO : p.multiplyUnsafe(r);
}

/** g^m for a small integer m (may be negative). */
export function gPow(m: number | bigint): Point {
  return mulPublic(G, BigInt(m));
}

export function pointHex(p: Point): Hex {
  return p.toHex();
}

/** A point from its hex, or null when the text is not the canonical encoding of a group element. */
export function parsePoint(hex: unknown): Point | null {
  if (typeof hex !== 'string' || !POINT_HEX.test(hex)) return null;
  try {
    const p = Point.fromHex(hex);
    return p.toHex() === hex ? p : null;
  } catch {
    return null;
  }
}

const fixedBases = new Map<string, Point>();

/**
 * The joint key as a point with a window table, so H^s costs about as much as g^s. Many proofs
 * use the same H; a handful of keys is kept (a table is a few hundred kB).
 */
export function fixedBase(hex: Hex): Point | null {
  const cached = fixedBases.get(hex);
  if (cached) return cached;
  const p = parsePoint(hex);
  if (!p) return null;
  p.precompute(8, false);
  if (fixedBases.size >= 8) fixedBases.delete(fixedBases.keys().next().value as string);
  fixedBases.set(hex, p);
  return p;
}

export function scalarHex(x: bigint): Hex {
  return mod(x).toString(16).padStart(64, '0');
}

/** A scalar from its hex (64 lowercase digits, < ℓ), or null. */
export function parseScalar(hex: unknown): bigint | null {
  if (typeof hex !== 'string' || !POINT_HEX.test(hex)) return null;
  const x = BigInt(`0x${hex}`);
  return x < ORDER ? x : null;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/** A uniform non-zero scalar: 64 random bytes reduced mod ℓ (bias < 2⁻²⁵⁹). */
export function randomScalar(random: RandomBytes): bigint {
  for (let i = 0; i < 8; i++) {
    const x = mod(bytesToBigint(takeBytes(random, 64).subarray(0, 64)));
    if (x !== 0n) return x;
  }
  throw new AppError('RANDOM_SOURCE_FAILED', 'The random source keeps returning zero');
}

/**
 * The Fiat–Shamir challenge: SHA-512 of the UTF-8 of `JSON.stringify(parts)` (strings and
 * integers only, so the encoding is unambiguous), the 64-byte digest read big-endian, mod ℓ.
 */
export function challenge(parts: ReadonlyArray<string | number>): bigint {
  return mod(bytesToBigint(sha512(utf8ToBytes(JSON.stringify(parts)))));
}
