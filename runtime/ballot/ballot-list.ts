/**
 * The published ballot list (公布选票清单): every box entry, receipt and marks, in a canonical
 * order, with a hash announced at close. Anyone can recount the list; a voter finds their
 * receipt and checks their marks; a changed, added, removed or reordered entry changes the
 * hash. The hash protects only once it is published or sent into the instance at close:
 * whoever can rewrite both the box and the announced hash is not stopped by it.
 *
 * Hash: a SHA-256 chain. link₀ = SHA-256("congress-flow/ballot-list/v1"),
 * linkᵢ = SHA-256(linkᵢ₋₁ ‖ SHA-256(canonicalJson(entryᵢ))), the hash is the last link in hex.
 * A chain rather than a Merkle tree because the whole list is published anyway; nobody needs
 * an inclusion proof for one entry without downloading the rest.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { AppError } from '../errors.ts';
import { canonicalJson } from './canonical-json.ts';
import { tally } from './tally.ts';
import {
  BALLOT_LIST_ALGORITHM,
  type BallotListCheck,
  type BallotSpec,
  type BoxEntry,
  type PublishedBallotList,
  type TallyResult,
} from './types.ts';

const CHAIN_SEED = sha256(utf8ToBytes(`congress-flow/ballot-list/v1`));

/** Code-unit order, the same in every JS engine and locale (localeCompare is neither). */
function compareReceipts(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function chainHash(entries: readonly BoxEntry[]): string {
  let link = CHAIN_SEED;
  for (const e of entries) {
    // Only the two fields are hashed, so an extra property on an entry object cannot change the hash.
    const leaf = sha256(utf8ToBytes(canonicalJson({ receipt: e.receipt, marks: e.marks })));
    link = sha256(concatBytes(link, leaf));
  }
  return bytesToHex(link);
}

/** Sorts by receipt and hashes. Receipts are unique per ballot; a duplicate means a broken box, so it throws. */
export function publishBallotList(entries: readonly BoxEntry[]): PublishedBallotList {
  const sorted = entries.map((e) => ({ receipt: e.receipt, marks: e.marks })).sort((a, b) => compareReceipts(a.receipt, b.receipt));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]?.receipt === sorted[i - 1]?.receipt) {
      throw new AppError('DUPLICATE_RECEIPT', `Receipt ${sorted[i]?.receipt ?? ''} appears twice in the ballot box`);
    }
  }
  return { algorithm: BALLOT_LIST_ALGORITHM, entries: sorted, hash: chainHash(sorted) };
}

/** Checks a published list against the hash announced at close. */
export function verifyBallotList(entries: readonly BoxEntry[], expectedHash: string): BallotListCheck {
  const hash = chainHash(entries);
  for (let i = 1; i < entries.length; i++) {
    const order = compareReceipts(entries[i - 1]?.receipt ?? '', entries[i]?.receipt ?? '');
    if (order === 0) return { ok: false, problem: 'DUPLICATE_RECEIPT', index: i, hash };
    if (order > 0) return { ok: false, problem: 'NOT_CANONICAL_ORDER', index: i, hash };
  }
  if (hash !== expectedHash.toLowerCase()) return { ok: false, problem: 'HASH_MISMATCH', index: null, hash };
  return { ok: true, hash };
}

/** The count anyone can redo from the published list; equal to the tally of the box it came from. */
export function recount(spec: BallotSpec, entries: readonly BoxEntry[]): TallyResult {
  return tally(spec, entries.map((e) => e.marks));
}
