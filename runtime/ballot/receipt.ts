/**
 * Receipt codes (given to each voter, printed in the published list next to their marks) and
 * vote ids (the box's row ids, drawn fresh when a shuffled batch moves in, so no id is shared
 * with the roll or the pending pool).
 *
 * A receipt lets its holder find their ballot; it also lets them show it to someone else, so
 * the design is not receipt-free (a buyer could ask for the code). The list shows marks only,
 * never who holds which code.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { takeBytes, uniformInt } from './random.ts';
import type { RandomBytes } from './types.ts';

/** 31 characters: digits and capitals without 0/O, 1/I/L, which are misread on paper and phones. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * "XXXXX-XXXXX": 10 characters ≈ 49.5 bits (31¹⁰ ≈ 8.2·10¹⁴). Two of 10,000 receipts collide
 * with probability ≈ 10⁸ / (2 · 8.2·10¹⁴) ≈ 6·10⁻⁸; the store still keeps them unique and redraws.
 */
export const RECEIPT_PATTERN = /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;

export function newReceiptCode(randomBytes: RandomBytes): string {
  let code = '';
  for (let i = 0; i < 10; i++) {
    if (i === 5) code += '-';
    code += RECEIPT_ALPHABET.charAt(uniformInt(randomBytes, RECEIPT_ALPHABET.length));
  }
  return code;
}

export function isReceiptCode(value: string): boolean {
  return RECEIPT_PATTERN.test(value);
}

/** 128 random bits as 32 lower-case hex digits. */
export function newVoteId(randomBytes: RandomBytes): string {
  return bytesToHex(takeBytes(randomBytes, 16).subarray(0, 16));
}
