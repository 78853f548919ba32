/**
 * The must-show attack on a sealed secret ballot: a database reader with everything — every
 * table and column by plain SQL, ordered by xmin and ctid, and (on PostgreSQL) every page of
 * every table through pageinspect, dead tuples included — attacks a closed 21-vote ballot with
 * known marks and an open one mid-way. It
 *  (a) finds no plaintext marks anywhere, in row data or raw tuple bytes;
 *  (b) replays the old attacks (xmin/ctid order linking roll rows to box rows, the remainder
 *      batch, dead pending tuples): linking now works on purpose, and yields only ciphertexts —
 *      every 32-byte value it finds, tried as a key against the teller keys and the joint key,
 *      opens nothing; no ciphertext repeats or is the identity; so its best guess of each
 *      voter's marks is exactly the guess the published totals alone give (chance);
 *  (c) the published box verifies with tools/verify-ballot.mjs as a child process, and a box
 *      with one ciphertext changed fails it;
 *  (d) with every teller share but one, the sums cannot be decrypted.
 * The pageinspect part needs PostgreSQL (CI sets TEST_DATABASE_URL); the rest runs on PGlite too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSums, partialDecrypt, type Ciphertext } from '../../runtime/ballot/sealed/index.ts';
import { G, parsePoint, pointHex, mul } from '../../runtime/ballot/sealed/group.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { addDeputies } from '../support/deputies.ts';
import { osRandom, SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { workApp } from '../support/work-app.ts';

const run = promisify(execFile);
// Candidate ids with letters outside 0-9a-f, so hex text can never contain them by chance.
const ITEMS = [
  { id: 'item-road', title: '道路改造' },
  { id: 'item-well', title: '饮水工程' },
];
type Marks = Record<string, 'APPROVE' | 'OPPOSE'>;
/** Voter i's known marks: item-road APPROVE / OPPOSE / blank by i mod 3, item-well APPROVE for the first 12. */
const marksOf = (i: number): Marks => {
  const m: Marks = {};
  if (i % 3 === 0) m['item-road'] = 'APPROVE';
  else if (i % 3 === 1) m['item-road'] = 'OPPOSE';
  if (i < 12) m['item-well'] = 'APPROVE';
  return m;
};
const key = (m: Marks) => JSON.stringify(Object.entries(m).sort());
const MARK_TEXT = /"item-(road|well)": ?"(APPROVE|OPPOSE)"/;

describe.each(databases)('a database reader against a sealed ballot ($name)', ({ open, name }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('learns no marks: no plaintext, no key, no repeated or trivial ciphertext; the box verifies independently; n−1 shares decrypt nothing', { timeout: 600_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-01-15T01:00:00Z');
    await handle.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const deputies = await addDeputies(handle.db, { countyId: 'demo', count: 21, prefix: 'sv', clock: w.clock });
    const staff = await w.login('staff');
    const sealed = new SealedBallots(w, await tellersOf(w));
    const spec = { kind: 'FOR_AGAINST', candidates: ITEMS };
    const closedId = await sealed.createOpen(staff, { title: '民生实事票决', spec, electorate: 'DEPUTIES' });
    const openId = await sealed.createOpen(staff, { title: '民生实事票决（进行中）', spec, electorate: 'DEPUTIES' });
    for (const [i, d] of deputies.entries()) {
      expect((await sealed.cast(d.token, closedId, marksOf(i))).status).toBe(201);
      if (i % 2 === 0) expect((await sealed.cast(d.token, openId, marksOf(20 - i))).status).toBe(201);
    }
    // Decrypt with one teller only, then publish with both.
    const closed = await w.call(staff, 'POST', `/ballots/${closedId}/close`);
    expect(closed.body.ballot.status).toBe('counting');
    await sealed.decrypt(closedId, [sealed.tellers[0]!]);
    const boxBefore = (await w.call(staff, 'GET', `/ballots/${closedId}/box`)).body;
    expect((await w.call(staff, 'POST', `/ballots/${closedId}/publish`)).body.error.code).toBe('DECRYPTIONS_MISSING');
    // (d) Every share but one: the sums do not decrypt (n = 2 here, so one share).
    expect(() => decryptSums(boxBefore.aggregate, boxBefore.decryptions, 21)).toThrow(expect.objectContaining({ code: 'DECRYPTION_FAILED' }));
    await sealed.decrypt(closedId, [sealed.tellers[1]!]);
    const published = await w.call(staff, 'POST', `/ballots/${closedId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const all = deputies.map((_, i) => marksOf(i));
    const truth = (item: string, mark: string) => all.filter((m) => m[item] === mark).length;
    expect(published.body.result.tally.candidates.map((c: { approve: number; oppose: number }) => [c.approve, c.oppose])).toEqual([
      [truth('item-road', 'APPROVE'), truth('item-road', 'OPPOSE')],
      [truth('item-well', 'APPROVE'), truth('item-well', 'OPPOSE')],
    ]);
    // A share from the last teller alone decrypts nothing either.
    const secrets = sealed.secrets.get(closedId)!;
    const only = partialDecrypt(secrets.get(sealed.tellers[1]!.id)!, boxBefore.aggregate, osRandom, boxBefore.context);
    expect(() => decryptSums(boxBefore.aggregate, [only], 21)).toThrow();

    // ------------------------------------------------------------ the reader
    const db = handle.db;
    const tables = (await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)).rows.map((r) => r.t);
    let rowsRead = 0;
    const texts: string[] = [];
    for (const t of tables) {
      const rows = (await sql<{ x: string; c: string; r: unknown }>`select xmin::text as x, ctid::text as c, to_jsonb(t) as r from ${sql.table(t)} t order by xmin::text::bigint, ctid`.execute(db)).rows;
      rowsRead += rows.length;
      for (const row of rows) texts.push(JSON.stringify(row.r));
    }
    // (a) No row anywhere holds a mark of a candidate of these ballots.
    expect(texts.filter((s) => MARK_TEXT.test(s.replace(/\\"/g, '"')))).toEqual([]);

    // Raw tuples, dead ones included (PostgreSQL: pageinspect over every page of every table and its TOAST table).
    let tuplesScanned = 0;
    let deadTuples = 0;
    const rawHits: string[] = [];
    if (name === 'postgres') {
      await sql`create extension if not exists pageinspect`.execute(db);
      const rels = (await sql<{ rel: string }>`
        select c.oid::regclass::text as rel from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = 'r'
        union all
        select t.oid::regclass::text from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_class t on t.oid = c.reltoastrelid
        where n.nspname = current_schema() and c.relkind = 'r'`.execute(db)).rows.map((r) => r.rel);
      for (const rel of rels) {
        const pages = Number((await sql<{ n: string }>`select (pg_relation_size(${rel}::regclass) / current_setting('block_size')::int)::text as n`.execute(db)).rows[0]?.n ?? 0);
        for (let p = 0; p < pages; p++) {
          const items = (await sql<{ xmax: string; data: Uint8Array | null }>`select t_xmax::text as xmax, t_data as data from heap_page_items(get_raw_page(${rel}, ${p}))`.execute(db)).rows;
          for (const it of items) {
            if (!it.data) continue;
            tuplesScanned++;
            if (it.xmax !== '0') deadTuples++;
            const bytes = Buffer.from(it.data).toString('latin1');
            texts.push(bytes);
            if (/APPROVE|OPPOSE/.test(bytes) && /item-(road|well)/.test(bytes)) rawHits.push(`${rel}: ${bytes.replace(/[^\x20-\x7e]/g, '.').slice(0, 200)}`);
          }
        }
      }
      expect(tuplesScanned).toBeGreaterThan(rowsRead / 2);
    }
    // (a) No raw tuple, live or dead, holds a candidate id beside a mark.
    expect(rawHits).toEqual([]);

    // (b) The old linking attacks. xmin: every voter's roll row shares its transaction with exactly one box row.
    const roll = (await sql<{ deputy_id: string; ballot_id: string; x: string }>`select deputy_id, ballot_id, xmin::text as x from ballot_voters where voted order by xmin::text::bigint, ctid`.execute(db)).rows;
    const box = (await sql<{ tracker: string; ballot_id: string; sealed: { ciphertexts: Ciphertext[] }; x: string }>`select tracker, ballot_id, sealed, xmin::text as x from ballot_sealed order by xmin::text::bigint, ctid`.execute(db)).rows;
    const boxByXmin = new Map(box.map((b) => [b.x, b]));
    const linked = roll.map((r) => ({ deputy: r.deputy_id, ballot: r.ballot_id, row: boxByXmin.get(r.x) }));
    expect(linked.every((l) => l.row && l.row.ballot_id === l.ballot)).toBe(true); // the link is real: 21 + 11 voters
    expect(linked).toHaveLength(32);
    // No remainder batch, no pending pool: the box rows are one per transaction, and there is no other place marks wait.
    expect(new Set(box.map((b) => b.x)).size).toBe(box.length);
    expect(tables).not.toContain('ballot_pending');

    // What the link gives: ciphertexts. Every 32-byte value the reader found, tried as a secret key.
    const tellerKeys = new Set<string>();
    for (const id of [closedId, openId]) {
      const b = (await w.call(staff, 'GET', `/ballots/${id}/box`)).body;
      for (const t of b.tellers) tellerKeys.add(t.publicKey);
      tellerKeys.add(b.jointKey);
    }
    const candidates = new Set<string>();
    for (const s of texts) for (const m of s.matchAll(/[0-9a-f]{64}/g)) candidates.add(m[0]);
    const L = 7237005577332262213973186563042994240857116359379907606001950938285454250989n;
    let keysTried = 0;
    let keysFound = 0;
    for (const hex of candidates) {
      const x = BigInt(`0x${hex}`) % L;
      const little = BigInt(`0x${Buffer.from(hex, 'hex').reverse().toString('hex')}`) % L;
      for (const k of [x, little]) {
        keysTried++;
        if (k !== 0n && tellerKeys.has(pointHex(mul(G, k)))) keysFound++;
      }
    }
    expect(keysFound).toBe(0);
    expect(keysTried).toBeGreaterThan(1000);
    // No ciphertext part repeats (a repeat would show equal plaintexts) and none is the identity (which would show b = g^m).
    const parts = box.flatMap((b) => b.sealed.ciphertexts.flatMap((c) => [c.a, c.b]));
    expect(new Set(parts).size).toBe(parts.length);
    expect(parts.filter((p) => parsePoint(p)?.is0())).toEqual([]);
    // Nor does any ciphertext's b equal g^0 or g^1 masked by nothing: with no key, no identity and no repeat, the
    // reader's best guess for a linked voter is the most common pattern the published totals imply — the same
    // guess for everyone, which it could make without the database at all.
    const attackerGuess = (row: (typeof box)[number] | undefined): string => {
      void row; // nothing in the row can be opened (checked above)
      const road = truth('item-road', 'APPROVE') >= truth('item-road', 'OPPOSE') ? { 'item-road': 'APPROVE' } : { 'item-road': 'OPPOSE' };
      const well = truth('item-well', 'APPROVE') * 2 >= 21 ? { 'item-well': 'APPROVE' } : {};
      return key({ ...road, ...well } as Marks);
    };
    const closedLinks = linked.filter((l) => l.ballot === closedId);
    const index = new Map(deputies.map((d, i) => [d.id, i]));
    const hits = closedLinks.filter((l) => attackerGuess(l.row) === key(marksOf(index.get(l.deputy)!))).length;
    const chance = all.filter((m) => key(m) === attackerGuess(undefined)).length;
    expect(hits).toBe(chance);

    // (c) The published box verifies with the independent verifier; one changed ciphertext fails it.
    const dir = mkdtempSync(join(tmpdir(), 'cf-box-'));
    const published2 = (await w.call(deputies[0]!.token, 'GET', `/ballots/${closedId}/box`)).body;
    writeFileSync(join(dir, 'box.json'), JSON.stringify(published2));
    const ok = await run(process.execPath, ['tools/verify-ballot.mjs', join(dir, 'box.json')]);
    expect(ok.stdout).toMatch(/OK\n$/);
    const sumLine = (item: string, mark: string) => Number(new RegExp(`${item} [^\\t]*\\t${mark}\\t(\\d+)`).exec(ok.stdout)?.[1]);
    expect([sumLine('item-road', 'APPROVE'), sumLine('item-road', 'OPPOSE'), sumLine('item-well', 'APPROVE'), sumLine('item-well', 'OPPOSE')]).toEqual([
      truth('item-road', 'APPROVE'),
      truth('item-road', 'OPPOSE'),
      truth('item-well', 'APPROVE'),
      truth('item-well', 'OPPOSE'),
    ]);
    const tampered = JSON.parse(JSON.stringify(published2));
    tampered.ballots[3].sealed.ciphertexts[0].b = tampered.ballots[4].sealed.ciphertexts[0].b;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const failed = await run(process.execPath, ['tools/verify-ballot.mjs', join(dir, 'tampered.json')]).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED: ballot 3/);

    console.log(
      `[ballot secrecy ${name}] rows read ${rowsRead}, raw tuples scanned ${tuplesScanned} (dead ${deadTuples}), voters linked by xmin ${linked.length}, ` +
        `32-byte values tried as keys ${keysTried} (found ${keysFound}), ciphertext points ${parts.length} (distinct ${new Set(parts).size}), attacker hits ${hits}/21 = chance ${chance}/21`,
    );
  });
});
