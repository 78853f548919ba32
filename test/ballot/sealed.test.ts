/**
 * The sealed ballot core (runtime/ballot/sealed/): round trips for every kind, refused forgeries,
 * n-of-n decryption, and sums that tally exactly like the plain marks they encrypt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBallots, tally, tallyCounts, type BallotMarks, type BallotSpec } from '../../runtime/ballot/index.ts';
import {
  aggregate,
  ballotContextOf,
  ballotLayout,
  ballotTracker,
  checkSealedShape,
  countsFromSums,
  decryptSums,
  jointKey,
  makeTellerKey,
  partialDecrypt,
  sealBallot,
  sealedCastMaxBytes,
  tellerContextOf,
  verifyPartialDecryption,
  verifySealedBallot,
  verifyTellerKey,
  type SealedBallot,
} from '../../runtime/ballot/sealed/index.ts';
import { parsePoint } from '../../runtime/ballot/sealed/group.ts';
import { candidates, seededBytes } from './support.ts';

const jointKeyPoint = (hex: string) => parsePoint(hex)!;

const tctx = tellerContextOf('c1', 'b1');

function setup(tellers: number, seed = 1) {
  const random = seededBytes(seed);
  const keys = Array.from({ length: tellers }, () => makeTellerKey(random, tctx));
  const joint = jointKey(keys.map((k) => k.key.publicKey));
  return { random, keys, joint, ctx: ballotContextOf('c1', 'b1', joint) };
}

/** Seal, verify, aggregate, decrypt with every teller, and count. */
function roundTrip(spec: BallotSpec, ballots: BallotMarks[], tellers = 2, seed = 1) {
  const { random, keys, joint, ctx } = setup(tellers, seed);
  const sealed = ballots.map((m) => sealBallot(spec, joint, m, random, ctx));
  for (const s of sealed) expect(verifySealedBallot(spec, joint, s, ctx)).toEqual({ ok: true });
  const agg = aggregate(spec, sealed);
  const partials = keys.map((k) => partialDecrypt(k.secret, agg, random, ctx));
  partials.forEach((p, i) => expect(verifyPartialDecryption(keys[i]!.key.publicKey, agg, p, ctx)).toBe(true));
  const sums = decryptSums(agg, partials, ballots.length);
  return { sums, sealed, agg, partials, keys, joint, ctx, random };
}

const chooseK: BallotSpec = { kind: 'CHOOSE_K', candidates: candidates(4), seats: 2, electorate: 10 };
const ranked: BallotSpec = { kind: 'CHOOSE_K', candidates: candidates(3), seats: 1, electorate: 10, countRule: 'RANKED' };
const forAgainst: BallotSpec = { kind: 'FOR_AGAINST', candidates: candidates(3), electorate: 10 };
const satisfaction: BallotSpec = { kind: 'SATISFACTION', candidates: candidates(2), electorate: 10 };
const competence: BallotSpec = { kind: 'COMPETENCE', candidates: candidates(2), electorate: 10 };

describe('the cheap checks before the proofs', () => {
  it.each([
    ['CHOOSE_K', chooseK, { p1: 'APPROVE' }],
    ['RANKED', ranked, { p2: 1, p3: 2 }],
    ['FOR_AGAINST', forAgainst, { p1: 'OPPOSE' }],
    ['SATISFACTION', satisfaction, { p2: 'BASIC' }],
    ['COMPETENCE', competence, {}],
  ] as Array<[string, BallotSpec, BallotMarks]>)('%s: a real cast fits the layout’s byte bound, within an eighth and 1 KiB; the shape check passes it and finds a wrong count', (_, spec, marks) => {
    const { random, joint, ctx } = setup(1);
    const layout = ballotLayout(spec);
    const sealed = sealBallot(spec, joint, marks, random, ctx);
    const bytes = Buffer.byteLength(JSON.stringify({ sealed }));
    const bound = sealedCastMaxBytes(layout);
    expect(bytes).toBeLessThanOrEqual(bound);
    expect(bound).toBe(bytes + Math.ceil(bytes / 8) + 1024);
    expect(checkSealedShape(layout, sealed)).toEqual({ ok: true });
    expect(checkSealedShape(layout, { ...sealed, ciphertexts: sealed.ciphertexts.slice(1) })).toMatchObject({ ok: false, pointer: '/ciphertexts' });
    expect(checkSealedShape(layout, { ...sealed, proofs: [{ c: ['x'], s: ['y'] }, ...sealed.proofs.slice(1)] })).toMatchObject({ ok: false, pointer: '/proofs/0' });
  });
});

describe('sealed ballot round trip', () => {
  it.each([
    ['CHOOSE_K', chooseK, [{ p1: 'APPROVE', p2: 'APPROVE', p3: 'OPPOSE' }, { p2: 'APPROVE' }, {}, { p4: 'ABSTAIN', p1: 'OPPOSE' }]],
    ['RANKED', ranked, [{ p1: 1, p2: 2, p3: 3 }, { p3: 1 }, {}, { p2: 1, p1: 2 }]],
    ['FOR_AGAINST', forAgainst, [{ p1: 'APPROVE', p2: 'OPPOSE', p3: 'APPROVE' }, { p1: 'OPPOSE' }, {}]],
    ['SATISFACTION', satisfaction, [{ p1: 'SATISFIED', p2: 'UNSATISFIED' }, { p1: 'BASIC', p2: 'ABSTAIN' }, {}]],
    ['COMPETENCE', competence, [{ p1: 'EXCELLENT', p2: 'INCOMPETENT' }, { p1: 'BASIC_COMPETENT' }, { p2: 'COMPETENT' }, {}]],
  ] as Array<[string, BallotSpec, BallotMarks[]]>)('%s: the decrypted sums count exactly the plain marks', (_, spec, ballots) => {
    const { sums } = roundTrip(spec, ballots);
    expect(tallyCounts(spec, countsFromSums(spec, sums, ballots.length))).toEqual(tally(spec, ballots));
    expect(countsFromSums(spec, sums, ballots.length)).toEqual(countBallots(spec, ballots));
  });

  it('lays out RANKED as candidate × rank with no-gap constraints', () => {
    const layout = ballotLayout(ranked);
    expect(layout.indicators).toHaveLength(10);
    expect(layout.indicators[1]).toEqual({ candidateId: 'p1', mark: '2' });
    // 10 indicator bits, 3 per candidate, 3 per rank, 2 no-gap, 9 blank pairs, 1 blank sum
    expect(layout.constraints).toHaveLength(10 + 3 + 3 + 2 + 9 + 1);
  });
});

describe('sealed ballot refusals', () => {
  const { random, joint, ctx } = setup(2, 7);
  const good = sealBallot(chooseK, joint, { p1: 'APPROVE', p2: 'OPPOSE' }, random, ctx);
  const other = sealBallot(chooseK, joint, { p3: 'APPROVE' }, random, ctx);
  const copy = (s: SealedBallot): SealedBallot => JSON.parse(JSON.stringify(s)) as SealedBallot;

  it('refuses a forged proof', () => {
    const forged = copy(good);
    forged.proofs[3]!.s[0] = forged.proofs[3]!.s[1]!;
    expect(verifySealedBallot(chooseK, joint, forged, ctx)).toMatchObject({ ok: false, pointer: '/proofs/3' });
  });

  it('refuses a ballot proven in another context (another ballot, another joint key)', () => {
    expect(verifySealedBallot(chooseK, joint, good, ballotContextOf('c1', 'b2', joint)).ok).toBe(false);
    const { joint: otherJoint } = setup(2, 8);
    expect(verifySealedBallot(chooseK, otherJoint, good, ballotContextOf('c1', 'b1', otherJoint)).ok).toBe(false);
  });

  it('cannot seal an over-marked ballot, a duplicate or gapped ranking, or marks of another spec', () => {
    expect(() => sealBallot(chooseK, joint, { p1: 'APPROVE', p2: 'APPROVE', p3: 'APPROVE' }, random, ctx)).toThrow(expect.objectContaining({ code: 'INVALID_MARKS' }));
    expect(() => sealBallot(ranked, joint, { p1: 1, p2: 1 }, random, ctx)).toThrow(expect.objectContaining({ code: 'INVALID_MARKS' }));
    expect(() => sealBallot(ranked, joint, { p1: 1, p2: 3 }, random, ctx)).toThrow(expect.objectContaining({ code: 'INVALID_MARKS' }));
    expect(() => sealBallot(chooseK, joint, { nobody: 'APPROVE' }, random, ctx)).toThrow(expect.objectContaining({ code: 'INVALID_MARKS' }));
  });

  it('refuses an over-marked ballot built by hand: a proof made for a value out of range does not verify', () => {
    // Seal a valid ballot, then swap in an APPROVE ciphertext for p3 from another ballot: 3 approvals.
    const tampered = copy(good);
    tampered.ciphertexts[4] = other.ciphertexts[4]!; // p3 APPROVE indicator
    expect(verifySealedBallot(chooseK, joint, tampered, ctx).ok).toBe(false);
  });

  it('refuses a ciphertext swapped in from another ballot, even with that ballot’s own bit proof', () => {
    const swapped = copy(good);
    swapped.ciphertexts[0] = other.ciphertexts[0]!;
    swapped.proofs[0] = other.proofs[0]!;
    expect(verifySealedBallot(chooseK, joint, swapped, ctx)).toMatchObject({ ok: false, pointer: '/proofs/0' });
  });

  it('refuses malformed input with a pointer, never a throw', () => {
    const cases: unknown[] = [null, 1, [], { v: 2 }, { ...good, extra: 1 }, { ...good, ciphertexts: good.ciphertexts.slice(1) }, { ...good, proofs: [] }];
    for (const c of cases) expect(verifySealedBallot(chooseK, joint, c, ctx).ok).toBe(false);
    const bad = copy(good);
    bad.ciphertexts[2]!.a = 'zz';
    expect(verifySealedBallot(chooseK, joint, bad, ctx)).toMatchObject({ pointer: '/ciphertexts/2/a' });
    const identity = copy(good);
    identity.ciphertexts[2]!.a = '0'.repeat(64);
    expect(verifySealedBallot(chooseK, joint, identity, ctx)).toMatchObject({ pointer: '/ciphertexts/2/a' });
  });

  it('gives a tracker that changes with any byte of the ballot', () => {
    expect(ballotTracker(good)).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotTracker(good)).not.toBe(ballotTracker(other));
    expect(ballotTracker(copy(good))).toBe(ballotTracker(good));
  });
});

describe('tellers', () => {
  it('verifies a teller key only in its own context and with its own proof', () => {
    const { keys } = setup(2, 3);
    const k = keys[0]!.key;
    expect(verifyTellerKey(k, tctx)).toBe(true);
    expect(verifyTellerKey(k, tellerContextOf('c1', 'b9'))).toBe(false);
    expect(verifyTellerKey({ publicKey: keys[1]!.key.publicKey, proof: k.proof }, tctx)).toBe(false);
    expect(verifyTellerKey({ publicKey: '0'.repeat(64), proof: k.proof }, tctx)).toBe(false);
  });

  it('needs every teller: with n−1 of n shares the sums do not decrypt', () => {
    const ballots: BallotMarks[] = [{ p1: 'APPROVE' }, { p1: 'APPROVE', p2: 'OPPOSE' }, {}];
    const { agg, partials } = roundTrip(chooseK, ballots, 3, 11);
    expect(() => decryptSums(agg, partials.slice(0, 2), ballots.length)).toThrow(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
    expect(() => decryptSums(agg, [partials[0]!, partials[2]!], 1000)).toThrow();
    expect(decryptSums(agg, partials, ballots.length)[0]).toBe(2);
  });

  it('refuses a partial decryption with a wrong share or for another aggregate', () => {
    const { agg, partials, keys, ctx } = roundTrip(forAgainst, [{ p1: 'APPROVE' }, { p2: 'OPPOSE' }], 2, 12);
    const wrong = { ...partials[0]!, shares: [...partials[0]!.shares] };
    wrong.shares[1] = partials[1]!.shares[1]!;
    expect(verifyPartialDecryption(keys[0]!.key.publicKey, agg, wrong, ctx)).toBe(false);
    expect(verifyPartialDecryption(keys[1]!.key.publicKey, agg, partials[0]!, ctx)).toBe(false);
    const otherAgg = [...agg].reverse();
    expect(verifyPartialDecryption(keys[0]!.key.publicKey, otherAgg, partials[0]!, ctx)).toBe(false);
  });
});

describe('sums tally like plain marks (property)', () => {
  const marksFor = (spec: BallotSpec): fc.Arbitrary<BallotMarks> => {
    const ids = spec.candidates.map((c) => c.id);
    if (spec.countRule === 'RANKED') {
      return fc.shuffledSubarray(ids).map((order) => Object.fromEntries(order.map((id, i) => [id, i + 1])));
    }
    const vocab =
      spec.kind === 'SATISFACTION'
        ? ['SATISFIED', 'BASIC', 'UNSATISFIED', 'ABSTAIN']
        : spec.kind === 'COMPETENCE'
          ? ['EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT', 'ABSTAIN']
          : ['APPROVE', 'OPPOSE', 'ABSTAIN'];
    return fc
      .record(Object.fromEntries(ids.map((id) => [id, fc.constantFrom(...vocab)])), { requiredKeys: [] })
      .filter((m) => spec.kind !== 'CHOOSE_K' || Object.values(m).filter((v) => v === 'APPROVE').length <= (spec.seats ?? 0)) as fc.Arbitrary<BallotMarks>;
  };

  it.each([
    ['CHOOSE_K', chooseK],
    ['RANKED', ranked],
    ['FOR_AGAINST', forAgainst],
    ['SATISFACTION', satisfaction],
    ['COMPETENCE', competence],
  ] as Array<[string, BallotSpec]>)('%s', (_, spec) => {
    fc.assert(
      fc.property(fc.array(marksFor(spec), { minLength: 0, maxLength: 4 }), fc.integer({ min: 1, max: 1e6 }), (ballots, seed) => {
        const { sums } = roundTrip(spec, ballots, 1, seed);
        expect(tallyCounts(spec, countsFromSums(spec, sums, ballots.length))).toEqual(tally(spec, ballots));
      }),
      { numRuns: 4 },
    );
  });
});

describe('timing', () => {
  it('seals and verifies a 10-candidate CHOOSE_K and a 20-item FOR_AGAINST ballot (printed)', () => {
    const { random, joint, ctx } = setup(3, 5);
    const specs: Array<[string, BallotSpec, BallotMarks]> = [
      ['CHOOSE_K 10 candidates, 3 seats', { kind: 'CHOOSE_K', candidates: candidates(10), seats: 3, electorate: 100 }, { p1: 'APPROVE', p2: 'APPROVE', p5: 'OPPOSE' }],
      ['FOR_AGAINST 20 items', { kind: 'FOR_AGAINST', candidates: candidates(20), electorate: 100 }, { p1: 'APPROVE', p7: 'OPPOSE' }],
    ];
    // The machine's speed in the same run: one variable-base scalar multiplication (most of a proof's cost).
    const k = 7237005577332262213973186563042994240857116359379907606001950938285454250980n;
    const base = sealBallot(specs[0]![1], joint, {}, random, ctx).ciphertexts[0]!;
    const point = jointKeyPoint(base.a);
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) point.multiplyUnsafe(k - BigInt(i));
    console.log(`[sealed timing] one variable-base multiplication: ${((performance.now() - t0) / 50).toFixed(2)} ms`);
    for (const [name, spec, marks] of specs) {
      const runs = 3;
      let t = performance.now();
      let sealed: SealedBallot | null = null;
      for (let i = 0; i < runs; i++) sealed = sealBallot(spec, joint, marks, random, ctx);
      const seal = (performance.now() - t) / runs;
      t = performance.now();
      for (let i = 0; i < runs; i++) expect(verifySealedBallot(spec, joint, sealed, ctx).ok).toBe(true);
      const verify = (performance.now() - t) / runs;
      const layout = ballotLayout(spec);
      console.log(`[sealed timing] ${name}: ${layout.indicators.length} indicators, ${layout.constraints.length} constraints, sealBallot ${seal.toFixed(0)} ms, verifySealedBallot ${verify.toFixed(0)} ms, ${JSON.stringify(sealed).length} bytes`);
    }
  }, 60_000);
});
