import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  newReceiptCode,
  publishBallotList,
  recount,
  shuffle,
  tally,
  verifyBallotList,
  type BallotSpec,
  type BoxEntry,
  type Choice,
} from '../../runtime/ballot/index.ts';
import { candidates, prng, seededBytes } from './support.ts';

const cands = candidates(5);
const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: cands, seats: 3, electorate: 60 };

function box(): BoxEntry[] {
  const rnd = prng(7);
  const bytes = seededBytes(8);
  return Array.from({ length: 50 }, () => {
    const marks: Record<string, Choice> = {};
    for (const c of cands) {
      const x = rnd();
      if (x < 0.55) marks[c.id] = 'APPROVE';
      else if (x < 0.7) marks[c.id] = 'OPPOSE';
    }
    return { receipt: newReceiptCode(bytes), marks };
  });
}

/** The documented chain, recomputed with node:crypto instead of @noble/hashes. */
function independentHash(entries: readonly BoxEntry[]): string {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  let link = sha(Buffer.from('congress-flow/ballot-list/v1', 'utf8'));
  for (const e of entries) {
    const marks = Object.fromEntries(Object.keys(e.marks).sort().map((k) => [k, e.marks[k]]));
    const leaf = sha(Buffer.from(JSON.stringify({ marks, receipt: e.receipt }), 'utf8'));
    link = sha(Buffer.concat([link, leaf]));
  }
  return link.toString('hex');
}

describe('published ballot list', () => {
  const entries = box();
  const list = publishBallotList(entries);

  it('is sorted by receipt and verifies against its hash', () => {
    expect(list.algorithm).toBe('sha256-chain/v1');
    expect(list.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(list.entries.map((e) => e.receipt)).toEqual(entries.map((e) => e.receipt).sort());
    expect(verifyBallotList(list.entries, list.hash)).toEqual({ ok: true, hash: list.hash });
    expect(list.hash).toBe(independentHash(list.entries));
  });

  it('anyone recounting the list gets the tally of the box', () => {
    expect(recount(spec, list.entries)).toEqual(tally(spec, entries.map((e) => e.marks)));
  });

  it('the order of the input entries, or of keys inside marks, does not change the hash', () => {
    expect(publishBallotList(shuffle(entries, seededBytes(3))).hash).toBe(list.hash);
    expect(publishBallotList([...entries].reverse()).hash).toBe(list.hash);
    const rekeyed = entries.map((e) => ({ receipt: e.receipt, marks: Object.fromEntries(Object.entries(e.marks).reverse()) }));
    expect(publishBallotList(rekeyed).hash).toBe(list.hash);
  });

  it('detects a changed, removed or reordered entry', () => {
    const tampered = list.entries.map((e) => ({ ...e, marks: { ...e.marks } }));
    const victim = tampered[17]!;
    victim.marks = { ...victim.marks, p1: victim.marks.p1 === 'APPROVE' ? 'OPPOSE' : 'APPROVE' };
    expect(verifyBallotList(tampered, list.hash)).toMatchObject({ ok: false, problem: 'HASH_MISMATCH' });
    expect(recount(spec, tampered)).not.toEqual(recount(spec, list.entries));

    expect(verifyBallotList(list.entries.filter((_, i) => i !== 3), list.hash)).toMatchObject({ ok: false, problem: 'HASH_MISMATCH' });
    const swapped = [...list.entries];
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(verifyBallotList(swapped, list.hash)).toMatchObject({ ok: false, problem: 'NOT_CANONICAL_ORDER', index: 5 });
    expect(verifyBallotList(list.entries, '0'.repeat(64))).toMatchObject({ ok: false, problem: 'HASH_MISMATCH', hash: list.hash });
  });

  it('refuses a box with a duplicate receipt', () => {
    const dup = [...entries, { receipt: entries[0]!.receipt, marks: {} }];
    expect(() => publishBallotList(dup)).toThrow(expect.objectContaining({ code: 'DUPLICATE_RECEIPT' }));
    const sorted = [...list.entries, list.entries.at(-1)!];
    expect(verifyBallotList(sorted, list.hash)).toMatchObject({ ok: false, problem: 'DUPLICATE_RECEIPT', index: 50 });
  });

  it('canonical JSON sorts keys and has no whitespace', () => {
    expect(canonicalJson({ receipt: 'X', marks: { p2: 'OPPOSE', p10: 1, p1: 'APPROVE' } })).toBe('{"marks":{"p1":"APPROVE","p10":1,"p2":"OPPOSE"},"receipt":"X"}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(expect.objectContaining({ code: 'NOT_CANONICAL_JSON' }));
  });
});
