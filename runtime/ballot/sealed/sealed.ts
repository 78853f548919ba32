/**
 * The sealed secret ballot (ballot-contract.md): exponential ElGamal under the tellers' joint
 * key, with proofs that every ballot is a valid one, a homomorphic sum per indicator, and a
 * decryption of the sums only, share by share, by every teller (n-of-n). Pure: no I/O, no
 * clock; every random byte comes from the injected `random`.
 *
 * Time (test/ballot/sealed.test.ts "timing" prints it; 2 cores shared by 8 busy sessions, load
 * average 15, Node 20; one variable-base multiplication took 1.2 ms in the same run, ≈ 0.4 ms idle):
 *   CHOOSE_K, 10 candidates, 3 seats (21 indicators, 53 constraints):  sealBallot 668 ms, verifySealedBallot 857 ms
 *   FOR_AGAINST, 20 items (41 indicators, 102 constraints):           sealBallot 1161 ms, verifySealedBallot 1571 ms
 * and at load average 3 (one multiplication 0.75 ms): 271 / 364 ms and 493 / 595 ms.
 * Each allowed value of each constraint costs two variable-base multiplications (a^c, b^c) plus
 * two fixed-base ones (g^s, H^s with H's window table, see group.ts `fixedBase`) and two encodings;
 * nothing else is precomputed. A sealed ballot of those sizes is 21 kB and 40 kB of JSON.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { AppError } from '../../errors.ts';
import { resolveSpec } from '../ballot-spec.ts';
import { canonicalJson } from '../canonical-json.ts';
import { validateMarks } from '../marks.ts';
import { INVALID_BALLOT_REASONS, type BallotCounts, type BallotMarks, type BallotSpec, type InvalidBallotReason, type RandomBytes } from '../types.ts';
import { fixedBase, G, gPow, mul, parsePoint, parseScalar, pointHex, randomScalar, scalarHex, ZERO, type Hex, type Point } from './group.ts';
import { ballotLayout, BLANK, type BallotLayout } from './layout.ts';
import { checkDecryption, checkRange, checkSchnorr, proveDecryption, proveRange, proveSchnorr, TAG_RANGE, type RangeProof, type SchnorrProof } from './proofs.ts';

export type { Hex } from './group.ts';
export type { RangeProof, SchnorrProof } from './proofs.ts';

export interface Ciphertext {
  a: Hex;
  b: Hex;
}

export interface SealedBallot {
  v: 1;
  ciphertexts: Ciphertext[];
  /** proofs[i] ↔ layout.constraints[i] */
  proofs: RangeProof[];
}

export interface TellerKey {
  publicKey: Hex;
  proof: SchnorrProof;
}

/** Kept on the teller's device (the downloaded key file); never sent to the server. */
export interface TellerSecret {
  tellerId: string;
  ballotId: string;
  secret: Hex;
  publicKey: Hex;
}

export interface PartialDecryption {
  /** d_k = a_k^x per indicator k of the aggregate. */
  shares: Hex[];
  proofs: Array<{ c: Hex; s: Hex }>;
}

export type SealedCheck = { ok: true } | { ok: false; pointer: string; reason: string };

/** The context teller key proofs are bound to. */
export function tellerContextOf(countyId: string, ballotId: string): string {
  return `congress-flow/ballot/v1/${countyId}/${ballotId}`;
}

/** The context ballot and decryption proofs are bound to. */
export function ballotContextOf(countyId: string, ballotId: string, joint: Hex): string {
  return `${tellerContextOf(countyId, ballotId)}/${joint}`;
}

export function makeTellerKey(random: RandomBytes, tellerContext: string): { secret: Hex; key: TellerKey } {
  const x = randomScalar(random);
  const h = mul(G, x);
  const { c, s } = proveSchnorr(x, h, random, tellerContext);
  return { secret: scalarHex(x), key: { publicKey: pointHex(h), proof: { c: scalarHex(c), s: scalarHex(s) } } };
}

export function verifyTellerKey(key: TellerKey, tellerContext: string): boolean {
  if (typeof key !== 'object' || key === null || typeof key.proof !== 'object' || key.proof === null) return false;
  const h = parsePoint(key.publicKey);
  const c = parseScalar(key.proof.c);
  const s = parseScalar(key.proof.s);
  if (!h || h.is0() || c === null || s === null) return false;
  return checkSchnorr(h, c, s, tellerContext);
}

/** H = Π h_i. */
export function jointKey(publicKeys: Hex[]): Hex {
  if (publicKeys.length === 0) throw new AppError('INVALID_INPUT', 'A joint key needs at least one teller key');
  return pointHex(publicKeys.map(pointOrThrow).reduce((x, y) => x.add(y), ZERO));
}

/** The public key of a secret, to check a loaded key file against the ballot's teller key. */
export function publicKeyOf(secret: Hex): Hex {
  return pointHex(mul(G, scalarOrThrow(secret)));
}

/** The 0/1 vector of a ballot's marks, or throws INVALID_MARKS. */
export function indicatorVector(spec: BallotSpec, layout: BallotLayout, marks: BallotMarks): number[] {
  const verdict = validateMarks(spec, marks);
  if (!verdict.valid && verdict.reason === 'MALFORMED') {
    throw new AppError('INVALID_MARKS', '选票填写有误 / The ballot is not filled in correctly', {
      errors: verdict.errors.map((e) => ({ pointer: `/marks${e.pointer}`, code: e.code, message: e.message })),
    });
  }
  const index = new Map(layout.indicators.map((ind, i) => [`${ind.candidateId}\u0000${ind.mark}`, i]));
  const x = layout.indicators.map(() => 0);
  for (const [id, mark] of Object.entries(marks)) {
    const i = index.get(`${id}\u0000${String(mark)}`);
    if (i !== undefined) x[i] = 1; // ABSTAIN has no indicator
  }
  const blank = layout.indicators.length - 1;
  x[blank] = x.some((v, i) => i !== blank && v === 1) ? 0 : 1;
  layout.constraints.forEach((k) => {
    const v = k.terms.reduce((sum, [i, coef]) => sum + coef * (x[i] ?? 0), 0);
    if (v < k.min || v > k.max) {
      throw new AppError('INVALID_MARKS', '选票填写有误（超出可选数目或排序不连续） / The ballot marks more than allowed or skips a rank', {
        errors: [{ pointer: '/marks', code: verdict.valid ? 'TOO_MANY_MARKS' : verdict.reason, message: 'An electronic ballot cannot be spoilt' }],
      });
    }
  });
  return x;
}

/** SHA-256 hex of the ballot's ciphertexts, bound into every range proof's challenge. */
export function ballotDigest(ciphertexts: ReadonlyArray<Ciphertext>): Hex {
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(ciphertexts.map((c) => [c.a, c.b])))));
}

function combine(cts: ReadonlyArray<{ a: Point; b: Point }>, terms: ReadonlyArray<[number, number]>): { a: Point; b: Point } {
  let a = ZERO;
  let b = ZERO;
  for (const [i, coef] of terms) {
    const ct = cts[i] as { a: Point; b: Point };
    if (coef === 1) {
      a = a.add(ct.a);
      b = b.add(ct.b);
    } else if (coef === -1) {
      a = a.subtract(ct.a);
      b = b.subtract(ct.b);
    } else {
      a = a.add(mul(ct.a, BigInt(coef)));
      b = b.add(mul(ct.b, BigInt(coef)));
    }
  }
  return { a, b };
}

export function sealBallot(spec: BallotSpec, joint: Hex, marks: BallotMarks, random: RandomBytes, context: string): SealedBallot {
  const H = fixedBase(joint);
  if (!H) throw new AppError('INVALID_INPUT', 'The joint key is not a group element');
  const layout = ballotLayout(spec);
  const x = indicatorVector(spec, layout, marks);
  const rs = x.map(() => randomScalar(random));
  const cts = x.map((m, i) => {
    const r = rs[i] as bigint;
    return { a: mul(G, r), b: gPow(m).add(mul(H, r)) };
  });
  const ciphertexts = cts.map((c) => ({ a: pointHex(c.a), b: pointHex(c.b) }));
  const digest = ballotDigest(ciphertexts);
  const proofs = layout.constraints.map((k, ki) => {
    const { a, b } = combine(cts, k.terms);
    let r = 0n;
    let m = 0;
    for (const [i, coef] of k.terms) {
      r += BigInt(coef) * (rs[i] as bigint);
      m += coef * (x[i] as number);
    }
    return proveRange(H, a, b, r, m, k.min, k.max, random, [TAG_RANGE, context, digest, ki]);
  });
  return { v: 1, ciphertexts, proofs };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (v: Record<string, unknown>, keys: string[]) => Object.keys(v).every((k) => keys.includes(k));

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The cheap half of the check (no group arithmetic; well under a millisecond for 400
 * indicators): the shape {v, ciphertexts, proofs}, as many ciphertexts as the layout has
 * indicators and proofs as it has constraints, every proof with one (c, s) per allowed value,
 * every value 64 lowercase hex digits. The server runs it before the proofs (~0.4 s) and
 * before counting a cast against the deputy's limit of failed checks (cast-throttle.ts).
 */
export function checkSealedShape(layout: BallotLayout, sealed: unknown): SealedCheck {
  const fail = (pointer: string, reason: string): SealedCheck => ({ ok: false, pointer, reason });
  if (!isObj(sealed) || !onlyKeys(sealed, ['v', 'ciphertexts', 'proofs'])) return fail('', 'A sealed ballot is {v, ciphertexts, proofs}');
  if (sealed.v !== 1) return fail('/v', 'Only version 1 is known');
  const { ciphertexts, proofs } = sealed;
  if (!Array.isArray(ciphertexts) || ciphertexts.length !== layout.indicators.length) {
    return fail('/ciphertexts', `Expected ${layout.indicators.length} ciphertexts`);
  }
  if (!Array.isArray(proofs) || proofs.length !== layout.constraints.length) return fail('/proofs', `Expected ${layout.constraints.length} proofs`);
  for (let i = 0; i < ciphertexts.length; i++) {
    const ct: unknown = ciphertexts[i];
    if (!isObj(ct) || !onlyKeys(ct, ['a', 'b'])) return fail(`/ciphertexts/${i}`, 'A ciphertext is {a, b}');
    if (typeof ct.a !== 'string' || !HEX64.test(ct.a)) return fail(`/ciphertexts/${i}/a`, 'Not a group element');
    if (typeof ct.b !== 'string' || !HEX64.test(ct.b)) return fail(`/ciphertexts/${i}/b`, 'Not a group element');
  }
  for (let k = 0; k < proofs.length; k++) {
    const constraint = layout.constraints[k] as BallotLayout['constraints'][number];
    const p: unknown = proofs[k];
    const count = constraint.max - constraint.min + 1;
    if (!isObj(p) || !onlyKeys(p, ['c', 's']) || !Array.isArray(p.c) || !Array.isArray(p.s) || p.c.length !== count || p.s.length !== count) {
      return fail(`/proofs/${k}`, `A range proof is {c, s} with ${count} scalars each`);
    }
    if (!p.c.every((x) => typeof x === 'string' && HEX64.test(x)) || !p.s.every((x) => typeof x === 'string' && HEX64.test(x))) return fail(`/proofs/${k}`, 'Not a scalar');
  }
  return { ok: true };
}

/**
 * The most bytes a cast `{"sealed": …}` of this layout can need: the exact length of the
 * compact JSON a phone sends (a ciphertext is 143 bytes, each allowed value of a proof 134),
 * plus an eighth and 1 KiB for whitespace. For 4 candidates choose 2 that is 10.9 kB; 4 ranked
 * 20.2 kB; 20 ranked (401 indicators, 861 constraints) 399 kB. A ranked layout grows as n²:
 * from about 35 ranked candidates a cast no longer fits the server's 1 MiB body limit, and
 * createBallot refuses such a sealed ballot (checkSealable in runtime/store/ballot-creation.ts).
 */
export function sealedCastMaxBytes(layout: BallotLayout): number {
  const scalars = layout.constraints.reduce((n, k) => n + (k.max - k.min + 1), 0);
  // Each element counts its separating comma; a list of k elements has k − 1 of them.
  const exact =
    '{"sealed":{"v":1,"ciphertexts":[],"proofs":[]}}'.length +
    (layout.indicators.length * 144 - 1) +
    (layout.constraints.length * '{"c":[],"s":[]},'.length - 1) +
    (scalars * 2 * 67 - 2 * layout.constraints.length);
  return exact + Math.ceil(exact / 8) + 1024;
}

export function verifySealedBallot(spec: BallotSpec, joint: Hex, sealed: unknown, context: string): SealedCheck {
  const fail = (pointer: string, reason: string): SealedCheck => ({ ok: false, pointer, reason });
  const H = fixedBase(joint);
  if (!H || H.is0()) return fail('', 'The joint key is not a group element');
  const layout = ballotLayout(spec);
  const shape = checkSealedShape(layout, sealed);
  if (!shape.ok) return shape;
  const { ciphertexts, proofs } = sealed as { ciphertexts: Ciphertext[]; proofs: RangeProof[] };
  const cts: Array<{ a: Point; b: Point }> = [];
  for (let i = 0; i < ciphertexts.length; i++) {
    const ct = ciphertexts[i] as Ciphertext;
    const a = parsePoint(ct.a);
    const b = parsePoint(ct.b);
    if (!a) return fail(`/ciphertexts/${i}/a`, 'Not a group element');
    if (!b) return fail(`/ciphertexts/${i}/b`, 'Not a group element');
    // a = g^0 would show the plaintext in b; an honest phone never draws r = 0.
    if (a.is0()) return fail(`/ciphertexts/${i}/a`, 'The identity is not a valid ciphertext part');
    cts.push({ a, b });
  }
  const digest = ballotDigest(ciphertexts);
  for (let k = 0; k < layout.constraints.length; k++) {
    const constraint = layout.constraints[k] as BallotLayout['constraints'][number];
    const p = proofs[k] as RangeProof;
    const cs = p.c.map(parseScalar);
    const ss = p.s.map(parseScalar);
    if (cs.some((c) => c === null) || ss.some((s) => s === null)) return fail(`/proofs/${k}`, 'Not a scalar');
    const { a, b } = combine(cts, constraint.terms);
    if (!checkRange(H, a, b, cs as bigint[], ss as bigint[], constraint.min, [TAG_RANGE, context, digest, k])) {
      return fail(`/proofs/${k}`, 'The proof does not hold');
    }
  }
  return { ok: true };
}

/** The voter's check code: SHA-256 hex of the canonical JSON of the sealed ballot. */
export function ballotTracker(sealed: SealedBallot): Hex {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(sealed))));
}

/** Per indicator, the sum of every ballot's ciphertexts (the ballots must have been verified). */
export function aggregate(spec: BallotSpec, ballots: ReadonlyArray<SealedBallot>): Ciphertext[] {
  const size = ballotLayout(spec).indicators.length;
  const a: Point[] = Array.from({ length: size }, () => ZERO);
  const b: Point[] = Array.from({ length: size }, () => ZERO);
  for (const ballot of ballots) {
    for (let i = 0; i < size; i++) {
      const ct = ballot.ciphertexts[i] as Ciphertext;
      a[i] = (a[i] as Point).add(pointOrThrow(ct.a));
      b[i] = (b[i] as Point).add(pointOrThrow(ct.b));
    }
  }
  return a.map((ai, i) => ({ a: pointHex(ai), b: pointHex(b[i] as Point) }));
}

export function partialDecrypt(secret: Hex, agg: ReadonlyArray<Ciphertext>, random: RandomBytes, context: string): PartialDecryption {
  const x = scalarOrThrow(secret);
  const h = mul(G, x);
  const shares: Hex[] = [];
  const proofs: Array<{ c: Hex; s: Hex }> = [];
  agg.forEach((ct, i) => {
    const a = pointOrThrow(ct.a);
    const d = mul(a, x);
    const { c, s } = proveDecryption(x, h, a, d, i, random, context);
    shares.push(pointHex(d));
    proofs.push({ c: scalarHex(c), s: scalarHex(s) });
  });
  return { shares, proofs };
}

export function verifyPartialDecryption(publicKey: Hex, agg: ReadonlyArray<Ciphertext>, d: PartialDecryption, context: string): boolean {
  const h = parsePoint(publicKey);
  if (!h || !isObj(d) || !Array.isArray(d.shares) || !Array.isArray(d.proofs)) return false;
  if (d.shares.length !== agg.length || d.proofs.length !== agg.length) return false;
  for (let i = 0; i < agg.length; i++) {
    const a = parsePoint(agg[i]?.a);
    const share = parsePoint(d.shares[i]);
    const proof: unknown = d.proofs[i];
    if (!a || !share || !isObj(proof)) return false;
    const c = parseScalar(proof.c);
    const s = parseScalar(proof.s);
    if (c === null || s === null || !checkDecryption(h, a, share, c, s, i, context)) return false;
  }
  return true;
}

/** g^sum = b / Π d_i per indicator; the sum is found by search in 0..max. Throws if one is not there. */
export function decryptSums(agg: ReadonlyArray<Ciphertext>, partials: ReadonlyArray<PartialDecryption>, max: number): number[] {
  const table = new Map<string, number>();
  let p = ZERO;
  for (let m = 0; m <= max; m++) {
    table.set(pointHex(p), m);
    p = p.add(G);
  }
  return agg.map((ct, i) => {
    let v = pointOrThrow(ct.b);
    for (const partial of partials) v = v.subtract(pointOrThrow(partial.shares[i]));
    const m = table.get(pointHex(v));
    if (m === undefined) throw new AppError('DECRYPTION_FAILED', `The sum of indicator ${i} is not in 0..${max}: a share is missing or wrong`);
    return m;
  });
}

/** The counts the sums stand for; `returned` is the number of ballots in the box (all valid: none can be spoilt). */
export function countsFromSums(spec: BallotSpec, sums: ReadonlyArray<number>, returned: number): BallotCounts {
  const layout = ballotLayout(spec);
  if (sums.length !== layout.indicators.length) throw new AppError('INVALID_INPUT', `Expected ${layout.indicators.length} sums`);
  const s = resolveSpec(spec);
  const marks: Record<string, Record<string, number>> = Object.fromEntries(s.candidates.map((c) => [c.id, {}]));
  let blank = 0;
  layout.indicators.forEach((ind, i) => {
    const n = sums[i] as number;
    if (ind.mark === BLANK) blank = n;
    else (marks[ind.candidateId as string] as Record<string, number>)[ind.mark] = n;
  });
  const invalidByReason = Object.fromEntries(INVALID_BALLOT_REASONS.map((r) => [r, 0])) as Record<InvalidBallotReason, number>;
  return { returned, invalid: 0, invalidByReason, blank, marks };
}

function pointOrThrow(hex: unknown): Point {
  const p = parsePoint(hex);
  if (!p) throw new AppError('INVALID_INPUT', 'Not a group element');
  return p;
}

function scalarOrThrow(hex: unknown): bigint {
  const x = parseScalar(hex);
  if (x === null) throw new AppError('INVALID_INPUT', 'Not a scalar');
  return x;
}

/** The hash a sealed ballot's result carries in place of a ballot list's: SHA-256 hex of the canonical JSON of the box's trackers, sorted. */
export function sealedBoxHash(trackers: ReadonlyArray<Hex>): Hex {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson([...trackers].sort()))));
}
