#!/usr/bin/env node
/**
 * An independent verifier of a sealed ballot box (ballot-contract.md). It shares no code with
 * congress-flow: it imports only @noble/curves and @noble/hashes and re-derives everything
 * from the published box (`GET /api/ballots/:id/box`):
 *   1. every teller key's Schnorr proof, the joint key H = Σ h_i and the contexts;
 *   2. every ballot: its tracker (SHA-256 of its canonical JSON), unique, and every range proof
 *      of the layout it derives itself from the spec;
 *   3. the aggregate (per indicator, the sum of every ballot's ciphertexts);
 *   4. every teller's partial decryption (Chaum–Pedersen proofs) against that aggregate;
 *   5. the sums: g^sum = b − Σ d_i, searched in 0..(number of ballots), and the published sums.
 * It prints the sums per candidate and mark, then "OK" (exit 0) or what failed (exit 1).
 *
 * Usage: node tools/verify-ballot.mjs box.json   (or: … < box.json; npm run verify:ballot -- box.json)
 */
import { readFileSync } from 'node:fs';
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

const P = ristretto255.Point;
const L = P.Fn.ORDER;
const G = P.BASE;
const HEX64 = /^[0-9a-f]{64}$/;
const modL = (x) => ((x % L) + L) % L;
const times = (p, k) => (modL(k) === 0n ? P.ZERO : p.multiplyUnsafe(modL(k)));

function point(hex) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) return null;
  try {
    const p = P.fromHex(hex);
    return p.toHex() === hex ? p : null;
  } catch {
    return null;
  }
}
function scalar(hex) {
  if (typeof hex !== 'string' || !HEX64.test(hex)) return null;
  const x = BigInt(`0x${hex}`);
  return x < L ? x : null;
}
/** SHA-512 of the UTF-8 of JSON.stringify(parts), big-endian, mod ℓ. */
const challenge = (parts) => modL(BigInt(`0x${bytesToHex(sha512(utf8ToBytes(JSON.stringify(parts))))}`));

function canonical(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The indicators and constraints of a spec, derived from the contract's table (not from our runtime). */
function layout(spec) {
  const ids = spec.candidates.map((c) => c.id);
  const n = ids.length;
  const ranked = spec.kind === 'CHOOSE_K' && spec.countRule === 'RANKED';
  const marks =
    spec.kind === 'SATISFACTION' ? ['SATISFIED', 'BASIC', 'UNSATISFIED']
    : spec.kind === 'COMPETENCE' ? ['EXCELLENT', 'COMPETENT', 'BASIC_COMPETENT', 'INCOMPETENT']
    : ranked ? ids.map((_, i) => String(i + 1))
    : ['APPROVE', 'OPPOSE'];
  const per = marks.length;
  const indicators = ids.flatMap((id) => marks.map((mark) => ({ candidateId: id, mark })));
  const M = indicators.length;
  indicators.push({ candidateId: null, mark: 'BLANK' });
  const at = (c, m) => c * per + m;
  const seq = (k) => Array.from({ length: k }, (_, i) => i);
  const constraints = indicators.map((_, i) => ({ terms: [[i, 1]], min: 0, max: 1 }));
  for (let c = 0; c < n; c++) constraints.push({ terms: seq(per).map((m) => [at(c, m), 1]), min: 0, max: 1 });
  if (ranked) {
    for (let r = 0; r < n; r++) constraints.push({ terms: seq(n).map((c) => [at(c, r), 1]), min: 0, max: 1 });
    for (let r = 0; r + 1 < n; r++) constraints.push({ terms: seq(n).flatMap((c) => [[at(c, r), 1], [at(c, r + 1), -1]]), min: 0, max: 1 });
  } else if (spec.kind === 'CHOOSE_K') {
    constraints.push({ terms: seq(n).map((c) => [at(c, 0), 1]), min: 0, max: spec.seats });
  }
  for (let i = 0; i < M; i++) constraints.push({ terms: [[M, 1], [i, 1]], min: 0, max: 1 });
  constraints.push({ terms: [[M, 1], ...seq(M).map((i) => [i, 1])], min: 1, max: M });
  return { indicators, constraints };
}

function checkBallot(lay, H, sealed, context) {
  if (!sealed || sealed.v !== 1 || Object.keys(sealed).sort().join() !== 'ciphertexts,proofs,v') return 'not {v: 1, ciphertexts, proofs}';
  if (!Array.isArray(sealed.ciphertexts) || sealed.ciphertexts.length !== lay.indicators.length) return `not ${lay.indicators.length} ciphertexts`;
  if (!Array.isArray(sealed.proofs) || sealed.proofs.length !== lay.constraints.length) return `not ${lay.constraints.length} proofs`;
  const cts = [];
  for (const [i, ct] of sealed.ciphertexts.entries()) {
    const a = point(ct?.a);
    const b = point(ct?.b);
    if (!a || !b || a.is0()) return `ciphertext ${i} is not a pair of group elements (a ≠ identity)`;
    cts.push({ a, b });
  }
  const digest = bytesToHex(sha256(utf8ToBytes(JSON.stringify(sealed.ciphertexts.map((c) => [c.a, c.b])))));
  for (const [k, con] of lay.constraints.entries()) {
    let a = P.ZERO;
    let b = P.ZERO;
    for (const [i, coef] of con.terms) {
      a = coef === 1 ? a.add(cts[i].a) : a.subtract(cts[i].a);
      b = coef === 1 ? b.add(cts[i].b) : b.subtract(cts[i].b);
    }
    const pr = sealed.proofs[k];
    const count = con.max - con.min + 1;
    if (!Array.isArray(pr?.c) || !Array.isArray(pr?.s) || pr.c.length !== count || pr.s.length !== count) return `proof ${k} has not ${count} (c, s)`;
    const commits = [];
    let sum = 0n;
    for (let j = 0; j < count; j++) {
      const c = scalar(pr.c[j]);
      const s = scalar(pr.s[j]);
      if (c === null || s === null) return `proof ${k} has a bad scalar`;
      sum += c;
      commits.push(times(G, s).subtract(times(a, c)).toHex(), times(H, s).subtract(times(b.subtract(times(G, BigInt(con.min + j))), c)).toHex());
    }
    if (challenge(['congress-flow/range', context, digest, k, a.toHex(), b.toHex(), ...commits]) !== modL(sum)) return `range proof ${k} does not hold`;
  }
  return null;
}

function main() {
  const file = process.argv[2];
  const box = JSON.parse(readFileSync(file && file !== '-' ? file : 0, 'utf8'));
  const problems = [];
  const spec = box.spec;
  const lay = layout(spec);

  // 1. Tellers and the joint key.
  if (box.tellerContext !== `congress-flow/ballot/v1/${box.tellerContext?.split('/')[3]}/${box.ballotId}`) problems.push('tellerContext does not name this ballot');
  let joint = P.ZERO;
  for (const t of box.tellers ?? []) {
    const h = point(t.publicKey);
    const c = scalar(t.proof?.c);
    const s = scalar(t.proof?.s);
    if (!h || h.is0() || c === null || s === null) {
      problems.push(`teller ${t.userId}: malformed key`);
      continue;
    }
    const A = times(G, s).subtract(times(h, c));
    if (challenge(['congress-flow/teller-key', box.tellerContext, h.toHex(), A.toHex()]) !== c) problems.push(`teller ${t.userId}: key proof does not hold`);
    joint = joint.add(h);
  }
  if ((box.tellers ?? []).length === 0) problems.push('no tellers');
  if (joint.toHex() !== box.jointKey) problems.push('jointKey is not the sum of the teller keys');
  if (box.context !== `${box.tellerContext}/${box.jointKey}`) problems.push('context is not tellerContext/jointKey');
  const H = point(box.jointKey) ?? P.ZERO;

  // 2. Ballots.
  const seen = new Set();
  const sumA = lay.indicators.map(() => P.ZERO);
  const sumB = lay.indicators.map(() => P.ZERO);
  for (const [n, entry] of (box.ballots ?? []).entries()) {
    const tracker = bytesToHex(sha256(utf8ToBytes(canonical(entry.sealed))));
    if (tracker !== entry.tracker) problems.push(`ballot ${n}: tracker is not SHA-256 of the sealed ballot`);
    if (seen.has(tracker)) problems.push(`ballot ${n}: the same ballot twice`);
    seen.add(tracker);
    const bad = checkBallot(lay, H, entry.sealed, box.context);
    if (bad) {
      problems.push(`ballot ${n} (${String(entry.tracker).slice(0, 16)}): ${bad}`);
      continue;
    }
    entry.sealed.ciphertexts.forEach((ct, i) => {
      sumA[i] = sumA[i].add(P.fromHex(ct.a));
      sumB[i] = sumB[i].add(P.fromHex(ct.b));
    });
  }
  const ballots = (box.ballots ?? []).length;

  // 3. The aggregate.
  const agg = sumA.map((a, i) => ({ a: a.toHex(), b: sumB[i].toHex() }));
  if (box.aggregate && JSON.stringify(box.aggregate) !== JSON.stringify(agg)) problems.push('the published aggregate is not the sum of the ballots');

  // 4. Partial decryptions.
  const keyOf = new Map((box.tellers ?? []).map((t) => [t.userId, point(t.publicKey)]));
  const decs = box.decryptions ?? [];
  for (const d of decs) {
    const h = keyOf.get(d.userId);
    if (!h) {
      problems.push(`decryption by ${d.userId}, who is not a teller`);
      continue;
    }
    if (!Array.isArray(d.shares) || !Array.isArray(d.proofs) || d.shares.length !== agg.length || d.proofs.length !== agg.length) {
      problems.push(`decryption by ${d.userId}: not one share and proof per indicator`);
      continue;
    }
    for (let i = 0; i < agg.length; i++) {
      const a = sumA[i];
      const share = point(d.shares[i]);
      const c = scalar(d.proofs[i]?.c);
      const s = scalar(d.proofs[i]?.s);
      const ok =
        share && c !== null && s !== null &&
        challenge(['congress-flow/decryption', box.context, i, h.toHex(), a.toHex(), share.toHex(), times(G, s).subtract(times(h, c)).toHex(), times(a, s).subtract(times(share, c)).toHex()]) === c;
      if (!ok) {
        problems.push(`decryption by ${d.userId}: share ${i} proof does not hold`);
        break;
      }
    }
  }

  // 5. The sums.
  const missing = (box.tellers ?? []).filter((t) => !decs.some((d) => d.userId === t.userId));
  let sums = null;
  if (missing.length > 0) {
    console.log(`Sums not decrypted: no share yet from ${missing.map((t) => t.name ?? t.userId).join(', ')}`);
  } else if (problems.length === 0) {
    const table = new Map();
    let p = P.ZERO;
    for (let m = 0; m <= ballots; m++) {
      table.set(p.toHex(), m);
      p = p.add(G);
    }
    sums = agg.map((_, i) => {
      let v = sumB[i];
      for (const d of decs) v = v.subtract(P.fromHex(d.shares[i]));
      const m = table.get(v.toHex());
      if (m === undefined) problems.push(`indicator ${i}: the sum is not in 0..${ballots}`);
      return m ?? null;
    });
    if (box.sums && JSON.stringify(box.sums) !== JSON.stringify(sums)) problems.push(`published sums ${JSON.stringify(box.sums)} differ from the decrypted ${JSON.stringify(sums)}`);
  }

  console.log(`Ballot ${box.ballotId}: ${(box.tellers ?? []).length} teller(s), ${ballots} sealed ballot(s), ${lay.indicators.length} indicators, ${lay.constraints.length} proofs each`);
  if (sums) {
    const title = new Map(spec.candidates.map((c) => [c.id, c.title]));
    lay.indicators.forEach((ind, i) => {
      const paper = ind.candidateId ? (box.paper?.counts?.[ind.candidateId]?.[ind.mark] ?? 0) : (box.paper?.blank ?? 0);
      console.log(`  ${ind.candidateId ? `${ind.candidateId} ${title.get(ind.candidateId)}` : '(blank ballots)'}\t${ind.mark}\t${sums[i]}${box.paper ? `\t+ paper ${paper}` : ''}`);
    });
    if (box.paper) console.log(`  paper: ${box.paper.returned} returned, ${box.paper.invalid} invalid`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.log(`FAILED: ${p}`);
    process.exit(1);
  }
  console.log('OK');
}

main();
