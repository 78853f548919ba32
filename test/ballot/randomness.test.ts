import { describe, expect, it } from 'vitest';
import { isReceiptCode, newReceiptCode, newVoteId, RECEIPT_ALPHABET, shuffle } from '../../runtime/ballot/index.ts';
import { scriptedBytes, seededBytes } from './support.ts';

describe('shuffle', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);

  it('returns a permutation, leaves the input alone, and is deterministic for a byte source', () => {
    const out = shuffle(items, seededBytes(1));
    expect([...out].sort((a, b) => a - b)).toEqual(items);
    expect(out).not.toEqual(items);
    expect(items[0]).toBe(0);
    expect(shuffle(items, seededBytes(1))).toEqual(out);
    expect(shuffle(items, seededBytes(2))).not.toEqual(out);
    expect(shuffle([], seededBytes(1))).toEqual([]);
    expect(shuffle(['only'], seededBytes(1))).toEqual(['only']);
  });

  it('rejects biased draws instead of taking them modulo n', () => {
    // 3 items: the first draw is in [0, 3) from one byte; 255 ≥ 255 = 256 − 256 % 3 is rejected.
    // Then 1 → swap items 2 and 1; then 0 (in [0, 2)) → swap items 1 and 0. `255 % 3` would give [c, b, a].
    expect(shuffle(['a', 'b', 'c'], scriptedBytes([255, 1, 0]))).toEqual(['c', 'a', 'b']);
  });

  it('gives every order of three about equally often', () => {
    const seen = new Map<string, number>();
    const bytes = seededBytes(42);
    for (let i = 0; i < 6000; i++) {
      const key = shuffle(['a', 'b', 'c'], bytes).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const n of seen.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('fails loudly on a broken random source', () => {
    expect(() => shuffle(['a', 'b', 'c'], () => Uint8Array.of(255))).toThrow(expect.objectContaining({ code: 'RANDOM_SOURCE_FAILED' }));
    expect(() => shuffle(['a', 'b'], () => new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'RANDOM_SOURCE_FAILED' }));
  });
});

describe('receipts and vote ids', () => {
  it('receipts are XXXXX-XXXXX over the 31-character unambiguous alphabet', () => {
    expect(RECEIPT_ALPHABET).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
    const bytes = seededBytes(5);
    const codes = Array.from({ length: 500 }, () => newReceiptCode(bytes));
    for (const code of codes) {
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
      expect(isReceiptCode(code)).toBe(true);
    }
    expect(new Set(codes).size).toBe(500);
    expect(new Set(codes.join('').replace(/-/g, '')).size).toBe(31); // every character in use
    expect(newReceiptCode(seededBytes(5))).toBe(codes[0]);
    for (const bad of ['ABCDE-FGHI0', 'ABCDEFGHJK', 'abcde-fghjk', 'ABCDE-FGHJKM']) expect(isReceiptCode(bad)).toBe(false);
  });

  it('receipt characters use rejection sampling: bytes 248..255 are redrawn', () => {
    // 256 % 31 = 8, so bytes ≥ 248 are rejected; 30 → 'Z', 0 → '2'. `248 % 31` would have given '2' first.
    expect(newReceiptCode(scriptedBytes([248, 255, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('Z2222-22222');
  });

  it('vote ids are 128 random bits in hex', () => {
    expect(newVoteId(scriptedBytes(Array.from({ length: 16 }, (_, i) => i)))).toBe('000102030405060708090a0b0c0d0e0f');
    const bytes = seededBytes(9);
    const idsSeen = new Set(Array.from({ length: 100 }, () => newVoteId(bytes)));
    expect(idsSeen.size).toBe(100);
    for (const id of idsSeen) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
