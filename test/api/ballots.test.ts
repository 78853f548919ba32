/**
 * Ballots over HTTP (`app.request`): a sealed secret ballot counted independently here (with
 * paper ballots added and the box checked by its tellers), the 镇海 satisfaction test, the
 * tellers' rules, bad casts, concurrent casts; and, as real-name ballots (the same counting
 * rules, no sealing cost), a 15 → 12 livelihood-project ballot of 300 generated deputies with
 * its published list, a tie at the cut-off, and 1,000 deputies casting 5 times at once.
 * What a database reader can (not) learn of a sealed ballot is test/api/ballot-secrecy.test.ts.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBallotList } from '../../runtime/ballot/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { Authenticator } from '../../server/auth.ts';
import { addDeputies, type TestDeputy } from '../support/deputies.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';
import { prng } from '../ballot/support.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { LIVELIHOOD_CANDIDATES } from '../fixtures/livelihood-candidates.ts';

type Marks = Record<string, string>;
const CANDIDATES = LIVELIHOOD_CANDIDATES.map(({ id, title, title_en }) => ({ id, title, title_en }));

describe.each(databases)('secret ballots over HTTP ($name)', ({ open, name }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(count: number, standingCommittee = 0): Promise<{ w: WorkApp; staff: string; deputies: TestDeputy[]; sealed: SealedBallots }> {
    handle = await open();
    const w = await workApp(handle, '2026-01-15T01:00:00Z');
    // The demo county's own five deputies leave the roster: the generated ones make the electorate.
    await handle.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const deputies = await addDeputies(handle.db, { countyId: 'demo', count, prefix: 'gd', standingCommittee, clock: w.clock });
    return { w, staff: await w.login('staff'), deputies, sealed: new SealedBallots(w, await tellersOf(w)) };
  }

  async function newBallot(w: WorkApp, staff: string, body: Record<string, unknown>): Promise<string> {
    const created = await w.call(staff, 'POST', '/ballots', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const opened = await w.call(staff, 'POST', `/ballots/${created.body.ballot.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    return created.body.ballot.id as string;
  }

  const cast = (w: WorkApp, d: TestDeputy, ballotId: string, marks: unknown) => w.call(d.token, 'POST', `/ballots/${ballotId}/votes`, { marks });

  it('sealed: 4 candidates, 2 seats, 12 deputies on their phones and 3 on paper: counts match an independent count', { timeout: 300_000 }, async () => {
    const { w, staff, deputies, sealed } = await setup(15);
    const six = CANDIDATES.slice(0, 4);
    const id = await sealed.createOpen(staff, { title: '民生实事项目票决', spec: { kind: 'CHOOSE_K', candidates: six, seats: 2 }, electorate: 'DEPUTIES' });
    const random = prng(20260115);
    const ballots = deputies.slice(3).map((deputy) => {
      const marks: Marks = {};
      for (const [i, c] of six.entries()) {
        const approvals = Object.values(marks).filter((m) => m === 'APPROVE').length;
        if (approvals < 2 && random() < 0.8 - i * 0.15) marks[c.id] = 'APPROVE';
        else if (random() < 0.3) marks[c.id] = 'OPPOSE';
      }
      return { deputy, marks };
    });
    const trackers: string[] = [];
    for (const [i, b] of ballots.entries()) {
      const r = await sealed.cast(b.deputy.token, id, b.marks);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.tracker).toMatch(/^[0-9a-f]{64}$/);
      trackers.push(r.body.tracker);
      if (i === 9) {
        const view = (await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot;
        expect([view.issued, view.turnout, view.sealed, view.status]).toEqual([15, 10, true, 'open']);
        expect(JSON.stringify(view)).not.toContain('APPROVE');
        expect((await w.call(staff, 'GET', `/ballots/${id}/result`)).status).toBe(409);
        // The box while open: ciphertexts only, no aggregate, no sums.
        const box = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}/box`)).body;
        expect([box.ballots.length, box.aggregate, box.sums]).toEqual([10, null, null]);
      }
    }
    // A deputy finds their tracker in the box.
    const box = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}/box`)).body;
    expect(box.ballots.map((b: { tracker: string }) => b.tracker).sort()).toEqual([...trackers].sort());

    // Three deputies voted on paper in the hall: one invalid, one blank, one approving c01 and opposing c02.
    const paper = { returned: 3, invalid: 1, blank: 1, counts: { c01: { APPROVE: 1 }, c02: { OPPOSE: 1 } } };
    const result = await sealed.closeAndPublish(staff, id, paper);
    const approvals = Object.fromEntries(six.map((c) => [c.id, ballots.filter((b) => b.marks[c.id] === 'APPROVE').length + ((paper.counts as Record<string, Record<string, number>>)[c.id]?.APPROVE ?? 0)]));
    const opposals = Object.fromEntries(six.map((c) => [c.id, ballots.filter((b) => b.marks[c.id] === 'OPPOSE').length + ((paper.counts as Record<string, Record<string, number>>)[c.id]?.OPPOSE ?? 0)]));
    const blank = ballots.filter((b) => Object.keys(b.marks).length === 0).length + 1;
    const elected = six
      .map((c) => c.id)
      .filter((c) => 2 * (approvals[c] as number) > 15)
      .sort((a, b) => (approvals[b] as number) - (approvals[a] as number) || a.localeCompare(b))
      .slice(0, 2);
    expect(result.sources).toEqual({ electronic: 12, paper: 3 });
    expect(result.tally).toMatchObject({ issued: 15, returned: 15, valid: 14, invalid: 1, blank, elected });
    for (const c of result.tally.candidates) expect([c.candidateId, c.approve, c.oppose]).toEqual([c.candidateId, approvals[c.candidateId], opposals[c.candidateId]]);
    const fetched = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}/result`)).body.result;
    expect(fetched.sources).toEqual({ electronic: 12, paper: 3 });
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot).toMatchObject({ status: 'closed', paper: { returned: 3, invalid: 1 } });
    expect((await w.call(staff, 'GET', `/ballots/${id}/list`)).body.error.code).toBe('BALLOT_IS_SEALED');
  });

  it('real-name: 15 candidates, 12 seats, 300 deputies: turnout, invalid ballots, counts and the elected list match an independent count', async () => {
    const { w, staff, deputies } = await setup(300);
    const id = await newBallot(w, staff, { title: '2026年度县级民生实事项目票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 12 }, electorate: 'DEPUTIES', secret: false });

    // Popularity falls from c01 to c12, well below for c13–c15; 20 deputies do not vote, 10 approve 13 (invalid).
    const random = prng(20260115);
    const popularity = CANDIDATES.map((_, i) => (i < 12 ? 0.95 - i * 0.03 : 0.35 - (i - 12) * 0.05));
    const ballots: Array<{ deputy: TestDeputy; marks: Marks }> = [];
    deputies.slice(20).forEach((deputy, n) => {
      let approved = CANDIDATES.filter((_, i) => random() < (popularity[i] as number)).map((c) => c.id);
      if (n < 10) approved = CANDIDATES.slice(0, 13).map((c) => c.id);
      else approved = approved.slice(0, 12);
      const marks: Marks = {};
      for (const c of CANDIDATES) if (approved.includes(c.id)) marks[c.id] = 'APPROVE';
      else if (random() < 0.3) marks[c.id] = 'OPPOSE';
      ballots.push({ deputy, marks });
    });

    const receipts: string[] = [];
    for (const [i, b] of ballots.entries()) {
      const r = await cast(w, b.deputy, id, b.marks);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      receipts.push(r.body.receipt);
      if (i === 99) {
        // While open: turnout only, no result.
        const open = await w.call(staff, 'GET', `/ballots/${id}`);
        expect([open.body.ballot.issued, open.body.ballot.turnout]).toEqual([300, 100]);
        expect(JSON.stringify(open.body)).not.toContain('APPROVE');
        expect((await w.call(staff, 'GET', `/ballots/${id}/result`)).status).toBe(409);
      }
    }
    expect(new Set(receipts).size).toBe(280);

    // The independent count: approvals per candidate over valid ballots; pass with more than
    // half of all 300 deputies; the 12 with most approvals among those who pass are elected.
    const valid = ballots.filter((b) => Object.values(b.marks).filter((m) => m === 'APPROVE').length <= 12);
    const approvals = Object.fromEntries(CANDIDATES.map((c) => [c.id, valid.filter((b) => b.marks[c.id] === 'APPROVE').length]));
    const opposals = Object.fromEntries(CANDIDATES.map((c) => [c.id, valid.filter((b) => b.marks[c.id] === 'OPPOSE').length]));
    const ranked = CANDIDATES.map((c) => c.id)
      .filter((c) => 2 * (approvals[c] as number) > 300)
      .sort((a, b) => (approvals[b] as number) - (approvals[a] as number));
    const elected = ranked.slice(0, 12);
    expect(elected).toHaveLength(12);
    expect(approvals[ranked[11] as string]).not.toBe(approvals[ranked[12] as string] ?? -1); // no tie at the cut-off

    const closed = await w.call(staff, 'POST', `/ballots/${id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const result = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}/result`)).body.result;
    expect(result.tally).toMatchObject({ status: 'DECIDED', issued: 300, returned: 280, valid: 270, invalid: 10, elected });
    for (const c of result.tally.candidates) {
      expect([c.candidateId, c.approve, c.oppose]).toEqual([c.candidateId, approvals[c.candidateId], opposals[c.candidateId]]);
    }
    // The published list: every receipt once, recountable, and a changed vote is detected.
    const list = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}/list`)).body;
    expect(list.entries.map((e: { receipt: string }) => e.receipt).sort()).toEqual([...receipts].sort());
    expect(list.hash).toBe(result.listHash);
    expect(verifyBallotList(list.entries, list.hash).ok).toBe(true);
    const victim = list.entries[0].receipt as string;
    await w.handle.db.updateTable('ballot_box').set({ marks: JSON.stringify({ c15: 'APPROVE' }) }).where('receipt', '=', victim).execute();
    const tampered = (await w.call(staff, 'GET', `/ballots/${id}/list`)).body;
    expect(verifyBallotList(tampered.entries, result.listHash).ok).toBe(false);
  });

  it('镇海 figures: 29 standing-committee members, 28/1/0, 20/8/1 and 17/11/1 are all 满意; 14 ballots miss the quorum', { timeout: 300_000 }, async () => {
    const { w, staff, deputies } = await setup(40, 29);
    const items = [
      { id: 'edu', title: '教育惠民补短强基' },
      { id: 'health', title: '公共卫生服务能力提升' },
      { id: 'elderly', title: '老年护理照料中心建设' },
    ];
    const { sealed } = { sealed: new SealedBallots(w, await tellersOf(w)) };
    const id = await sealed.createOpen(staff, { title: '民生实事项目满意度测评', spec: { kind: 'SATISFACTION', candidates: items }, electorate: 'STANDING_COMMITTEE' });
    const members = deputies.slice(0, 29);
    const level = (i: number, s: number, b: number) => (i < s ? 'SATISFIED' : i < s + b ? 'BASIC' : 'UNSATISFIED');
    for (const [i, d] of members.entries()) {
      expect((await sealed.cast(d.token, id, { edu: level(i, 28, 1), health: level(i, 20, 8), elderly: level(i, 17, 11) })).status).toBe(201);
    }
    // A deputy who is not a member is not on this roll.
    expect((await sealed.cast(deputies[35]!.token, id, { edu: 'SATISFIED' })).body.error.code).toBe('NOT_ON_ROLL');
    const result = await sealed.closeAndPublish(staff, id);
    expect(result.tally.candidates.map((c: { candidateId: string; S: number; B: number; U: number; rating: string }) => [c.candidateId, c.S, c.B, c.U, c.rating])).toEqual([
      ['edu', 28, 1, 0, 'SATISFIED'],
      ['health', 20, 8, 1, 'SATISFIED'],
      ['elderly', 17, 11, 1, 'SATISFIED'],
    ]);

    const again = await sealed.createOpen(staff, { title: '民生实事项目满意度测评（补测）', spec: { kind: 'SATISFACTION', candidates: items }, electorate: 'STANDING_COMMITTEE' });
    for (const d of members.slice(0, 14)) await sealed.cast(d.token, again, { edu: 'SATISFIED', health: 'SATISFIED', elderly: 'SATISFIED' });
    const short = await sealed.closeAndPublish(staff, again);
    expect(short.tally).toMatchObject({ status: 'NO_QUORUM', returned: 14, quorumMet: false, elected: [] });
    expect(short.tally.candidates.every((c: { rating: unknown }) => c.rating === null)).toBe(true);
  });

  it('real-name: a tie at the 12th seat leads to a re-vote among the tied only', async () => {
    const { w, staff, deputies } = await setup(21);
    const id = await newBallot(w, staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 12 }, electorate: 'DEPUTIES', secret: false });
    // Everyone approves c01–c10 and two of c11–c13: c11 gets 18, c12 and c13 get 12 each (all above half of 21).
    for (const [i, d] of deputies.entries()) {
      const marks: Marks = Object.fromEntries(CANDIDATES.slice(0, 10).map((c) => [c.id, 'APPROVE']));
      for (const c of i < 9 ? ['c11', 'c12'] : i < 18 ? ['c11', 'c13'] : ['c12', 'c13']) marks[c] = 'APPROVE';
      expect((await cast(w, d, id, marks)).status).toBe(201);
    }
    const result = (await w.call(staff, 'POST', `/ballots/${id}/close`)).body.result;
    expect(result.tally.status).toBe('TIE');
    expect(result.tally.elected).toEqual(CANDIDATES.slice(0, 11).map((c) => c.id));
    expect(result.tally.tie).toEqual({ tiedCandidateIds: ['c12', 'c13'], seatsLeft: 1, votes: 12 });
    expect(result.revote).toMatchObject({ kind: 'CHOOSE_K', seats: 1, candidates: [{ id: 'c12' }, { id: 'c13' }] });
    // The re-vote is a ballot of its own, among the tied only.
    const revote = await newBallot(w, staff, { title: '票决（第二轮）', spec: { ...result.revote, electorate: undefined }, electorate: 'DEPUTIES', secret: false });
    expect((await cast(w, deputies[0]!, revote, { c01: 'APPROVE' })).body.error.code).toBe('INVALID_MARKS');
    for (const [i, d] of deputies.entries()) await cast(w, d, revote, { [i < 12 ? 'c13' : 'c12']: 'APPROVE' });
    expect((await w.call(staff, 'POST', `/ballots/${revote}/close`)).body.result.tally).toMatchObject({ status: 'DECIDED', elected: ['c13'] });
  });

  it('holds a ballot among one term’s deputies when it names the term (届)', async () => {
    const { w, staff, sealed } = await setup(0);
    const admin = await w.login('admin');
    for (const term of [{ id: '17', name: '十七届' }, { id: '18', name: '十八届' }]) expect((await w.call(admin, 'POST', '/terms', term)).status).toBe(201);
    const { createTestDeputies } = await import('../../runtime/store/index.ts');
    const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
    const current = await createTestDeputies(w.handle.db, 'demo', 6, { prefix: 't18-', termId: '18' });
    const [former] = await createTestDeputies(w.handle.db, 'demo', 1, { prefix: 't17-', termId: '17' });
    const body = { title: '十八届代表票决', spec: { kind: 'FOR_AGAINST', candidates: CANDIDATES.slice(0, 1) }, electorate: 'DEPUTIES' };
    const unknown = await w.call(staff, 'POST', '/ballots', { ...body, termId: '99' });
    expect([unknown.status, unknown.body.error.details.errors[0].pointer]).toEqual([400, '/termId']);
    const id = await sealed.createOpen(staff, { ...body, termId: '18' });
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot).toMatchObject({ termId: '18', issued: 6 });
    const token = (deputyId: string) => auth.issueToken({ id: deputyId, countyId: 'demo' });
    expect((await sealed.cast(await token(former as string), id, { c01: 'APPROVE' })).body.error.code).toBe('NOT_ON_ROLL');
    expect((await sealed.cast(await token(current[0] as string), id, { c01: 'APPROVE' })).status).toBe(201);
  });

  it('keeps who voted how for a real-name ballot (记名) only, shown to staff after close', async () => {
    const { w, staff, deputies, sealed } = await setup(3);
    const body = { title: '记名测评', spec: { kind: 'SATISFACTION', candidates: CANDIDATES.slice(0, 1) }, electorate: 'DEPUTIES' };
    const named = await newBallot(w, staff, { ...body, secret: false });
    const secret = await sealed.createOpen(staff, body);
    for (const [i, d] of deputies.entries()) {
      const marks = { c01: i === 0 ? 'UNSATISFIED' : 'SATISFIED' };
      expect((await cast(w, d, named, marks)).status).toBe(201);
      expect((await sealed.cast(d.token, secret, marks)).status).toBe(201);
    }
    expect((await w.call(staff, 'GET', `/ballots/${named}/named`)).body.error.code).toBe('BALLOT_NOT_CLOSED');
    expect((await w.call(staff, 'POST', `/ballots/${named}/close`)).body.result.sources).toEqual({ electronic: 3, paper: 0 });
    expect((await sealed.closeAndPublish(staff, secret)).tally.candidates[0]).toMatchObject({ S: 2, U: 1 });
    const votes = (await w.call(staff, 'GET', `/ballots/${named}/named`)).body.votes;
    expect(votes.map((v: { deputyId: string; marks: unknown }) => [v.deputyId, v.marks])).toEqual(deputies.map((d, i) => [d.id, { c01: i === 0 ? 'UNSATISFIED' : 'SATISFIED' }]));
    expect((await w.call(deputies[0]!.token, 'GET', `/ballots/${named}/named`)).status).toBe(403);
    expect((await w.call(staff, 'GET', `/ballots/${secret}/named`)).body.error.code).toBe('BALLOT_SECRET');
    const secretMarks = await w.handle.db.selectFrom('ballot_voters').select('marks').where('ballot_id', '=', secret).where('marks', 'is not', null).execute();
    expect(secretMarks).toEqual([]);
    expect((await w.call(staff, 'GET', `/ballots/${named}`)).body.ballot).toMatchObject({ secret: false, sealed: false, tellers: [] });
    // A real-name ballot has no tellers and no sealed box.
    expect((await w.call(staff, 'POST', '/ballots', { ...body, secret: false, tellers: [sealed.tellers[0]!.id] })).status).toBe(400);
    expect((await w.call(staff, 'GET', `/ballots/${named}/box`)).body.error.code).toBe('BALLOT_NOT_SEALED');
  });

  it('refuses bad casts with a clear error and changes nothing', async () => {
    const { w, staff, deputies, sealed } = await setup(3);
    const spec = { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 3), seats: 2 };
    const id = await sealed.create(staff, { title: '票决', spec, electorate: 'DEPUTIES' });
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/votes`, { sealed: { v: 1, ciphertexts: [], proofs: [] } })).body.error.code).toBe('BALLOT_NOT_OPEN');
    const badSpec = await w.call(staff, 'POST', '/ballots', { title: '', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 2), seats: 2 }, electorate: 'ALL', tellers: ['nobody', 5] });
    expect([badSpec.status, badSpec.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/tellers/1', '/title', '/electorate']]);
    const unknownTeller = await w.call(staff, 'POST', '/ballots', { title: '票决', spec, electorate: 'DEPUTIES', tellers: ['nobody'] });
    expect([unknownTeller.status, unknownTeller.body.error.details.errors[0].pointer]).toEqual([400, '/tellers/0']);
    const noDifference = await w.call(staff, 'POST', '/ballots', { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 2), seats: 2 }, electorate: 'DEPUTIES' });
    expect([noDifference.status, noDifference.body.error.code, noDifference.body.error.details.errors[0].pointer]).toEqual([400, 'INVALID_BALLOT_SPEC', '/seats']);
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/open`)).status).toBe(403);

    // Tellers: a sealed ballot opens only with tellers who all have keys; the message names who is missing.
    const bare = (await w.call(staff, 'POST', '/ballots', { title: '无监票人', spec, electorate: 'DEPUTIES' })).body.ballot.id;
    expect((await w.call(staff, 'POST', `/ballots/${bare}/open`)).body.error.code).toBe('NO_TELLERS');
    expect((await w.call(staff, 'PUT', `/ballots/${bare}/tellers`, { tellers: sealed.tellers.map((t) => t.id) })).status).toBe(200);
    const missing = await w.call(staff, 'POST', `/ballots/${bare}/open`);
    expect([missing.status, missing.body.error.code, missing.body.error.details.missing.length]).toEqual([409, 'TELLER_KEYS_MISSING', 2]);
    const view = (await w.call(sealed.tellers[0]!.token, 'GET', `/ballots/${bare}`)).body.ballot;
    expect(view).toMatchObject({ sealed: true, isTeller: true, jointKey: null, context: null, tellerContext: `congress-flow/ballot/v1/demo/${bare}` });
    expect(view.tellers.map((t: { keyReady: boolean }) => t.keyReady)).toEqual([false, false]);
    // Not a teller, a bad proof, a key for another ballot: refused.
    const { makeTellerKey } = await import('../../runtime/ballot/sealed/index.ts');
    const { osRandom } = await import('../support/sealed-ballot.ts');
    const key = makeTellerKey(osRandom, view.tellerContext).key;
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${bare}/teller-key`, key)).body.error.code).toBe('NOT_A_TELLER');
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${bare}/teller-key`, { ...key, proof: { c: key.proof.s, s: key.proof.c } })).body.error.code).toBe('INVALID_TELLER_KEY');
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${id}/teller-key`, key)).body.error.code).toBe('INVALID_TELLER_KEY');
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${bare}/teller-key`, { publicKey: 'x' })).status).toBe(400);
    expect((await w.call(staff, 'PUT', `/ballots/${bare}/tellers`, { tellers: 'staff' })).status).toBe(400);

    await sealed.open(staff, id);
    expect((await w.call(staff, 'PUT', `/ballots/${id}/tellers`, { tellers: [] })).body.error.code).toBe('TELLERS_LOCKED');
    // Marks on a sealed ballot, a forged proof, junk: refused, nothing written.
    expect((await cast(w, deputies[0]!, id, { c01: 'APPROVE' })).status).toBe(400);
    const good = await sealed.seal(deputies[0]!.token, id, { c01: 'APPROVE' });
    const forged = JSON.parse(JSON.stringify(good));
    forged.proofs[2].s[0] = forged.proofs[2].s[1];
    const refused = await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/votes`, { sealed: forged });
    expect([refused.status, refused.body.error.code, refused.body.error.details.errors[0].pointer]).toEqual([422, 'INVALID_SEALED_BALLOT', '/sealed/proofs/2']);
    for (const junk of [null, 'x', { v: 1 }, { v: 1, ciphertexts: [{ a: 1 }], proofs: [] }]) {
      expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/votes`, { sealed: junk })).status).toBe(422);
    }
    await expect(sealed.seal(deputies[0]!.token, id, { c01: 'APPROVE', c02: 'APPROVE', c03: 'APPROVE' })).rejects.toMatchObject({ code: 'INVALID_MARKS' });
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot.turnout).toBe(0);
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/votes`, { sealed: good })).status).toBe(201);
    expect((await sealed.cast(deputies[0]!.token, id, { c02: 'APPROVE' })).body.error.code).toBe('ALREADY_VOTED');
    // Another deputy replaying the first one's ballot: refused, and their roll row stays unvoted.
    expect((await w.call(deputies[1]!.token, 'POST', `/ballots/${id}/votes`, { sealed: good })).body.error.code).toBe('DUPLICATE_SEALED_BALLOT');
    expect((await w.call(deputies[1]!.token, 'GET', '/ballots')).body.ballots.map((b: { id: string; voted: boolean }) => [b.id, b.voted])).toEqual([[id, false]]);
    expect((await w.call(deputies[0]!.token, 'GET', `/ballots/${id}`)).body.ballot).toMatchObject({ onRoll: true, voted: true, turnout: 1 });
    // A teller sees the ballots they count in their own list.
    expect((await w.call(sealed.tellers[0]!.token, 'GET', '/ballots?mine=1')).body.ballots.map((b: { id: string }) => b.id).sort()).toEqual([bare, id].sort());

    // Counting: decryption and paper only from tellers, checked; publish only once every teller decrypted.
    expect((await w.call(staff, 'POST', `/ballots/${id}/publish`)).body.error.code).toBe('BALLOT_NOT_COUNTING');
    expect((await w.call(staff, 'POST', `/ballots/${id}/close`)).body.ballot.status).toBe('counting');
    expect((await sealed.cast(deputies[1]!.token, id, { c01: 'APPROVE' })).body.error.code).toBe('BALLOT_NOT_OPEN');
    const missingShares = await w.call(staff, 'POST', `/ballots/${id}/publish`);
    expect([missingShares.status, missingShares.body.error.code, missingShares.body.error.details.missing.length]).toEqual([409, 'DECRYPTIONS_MISSING', 2]);
    const box = (await w.call(deputies[2]!.token, 'GET', `/ballots/${id}/box`)).body;
    const { partialDecrypt } = await import('../../runtime/ballot/sealed/index.ts');
    const wrongKey = partialDecrypt(sealed.secrets.get(id)!.get(sealed.tellers[1]!.id)!, box.aggregate, osRandom, box.context);
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${id}/decryption`, wrongKey)).body.error.code).toBe('INVALID_DECRYPTION');
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${id}/decryption`, { shares: ['zz'], proofs: [] })).status).toBe(400);
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/decryption`, wrongKey)).body.error.code).toBe('NOT_A_TELLER');
    const paperErrors = async (paper: unknown) => {
      const r = await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${id}/paper`, paper);
      return [r.status, (r.body.error?.details?.errors ?? []).map((e: { pointer: string }) => e.pointer)];
    };
    expect(await paperErrors({ returned: -1, invalid: 0, counts: {} })).toEqual([400, ['/returned']]);
    expect(await paperErrors({ returned: 2, invalid: 3, counts: {} })).toEqual([400, ['/invalid']]);
    expect(await paperErrors({ returned: 2, invalid: 0, counts: { c01: { SATISFIED: 1 }, nobody: { APPROVE: 1 } } })).toEqual([400, ['/counts/c01/SATISFIED', '/counts/nobody']]);
    expect(await paperErrors({ returned: 2, invalid: 0, counts: { c01: { APPROVE: 2, OPPOSE: 1 } } })).toEqual([400, ['/counts/c01']]);
    expect(await paperErrors({ returned: 1, invalid: 0, counts: { c01: { APPROVE: 1 }, c02: { APPROVE: 1 }, c03: { APPROVE: 1 } } })).toEqual([400, ['/counts']]);
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/paper`, { returned: 0, invalid: 0, counts: {} })).body.error.code).toBe('NOT_A_TELLER');
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot.paper).toBeNull();
    await sealed.decrypt(id);
    const result = (await w.call(staff, 'POST', `/ballots/${id}/publish`)).body.result;
    expect([result.tally.returned, result.tally.candidates[0].approve, result.sources]).toEqual([1, 1, { electronic: 1, paper: 0 }]);
    // Another county sees nothing.
    const { createCounty } = await import('../../runtime/store/index.ts');
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'staff', roles: ['staff'] }] });
    expect((await w.call(await w.login('staff', 'other'), 'GET', `/ballots/${id}/result`)).status).toBe(404);
    expect((await w.call(await w.login('staff', 'other'), 'GET', `/ballots/${id}/box`)).status).toBe(404);
  });

  it('sealed RANKED: the view carries the count rule; phones seal ranks 1..j; a ballot ranking two first cannot be sealed; the published points match an independent Borda count', { timeout: 300_000 }, async () => {
    const { w, staff, deputies, sealed } = await setup(6);
    const four = CANDIDATES.slice(0, 4);
    const id = await sealed.createOpen(staff, { title: '民生实事项目排序票决', spec: { kind: 'CHOOSE_K', candidates: four, seats: 2, countRule: 'RANKED' }, electorate: 'DEPUTIES' });
    const view = (await w.call(deputies[0]!.token, 'GET', `/ballots/${id}`)).body.ballot;
    expect([view.kind, view.countRule, view.seats, view.onRoll]).toEqual(['CHOOSE_K', 'RANKED', 2, true]);
    // A plain ballot's view says its default rule.
    const plain = await sealed.create(staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: four, seats: 2 }, electorate: 'DEPUTIES' });
    expect((await w.call(staff, 'GET', `/ballots/${plain}`)).body.ballot.countRule).toBe('MAJORITY_THEN_RANK');

    const [a, b, c, d] = four.map((x) => x.id) as [string, string, string, string];
    const marks: Array<Record<string, number>> = [
      { [a]: 1, [b]: 2, [c]: 3, [d]: 4 },
      { [b]: 1, [a]: 2 },
      { [c]: 1 },
      {},
      { [a]: 1, [c]: 2, [b]: 3 },
    ];
    for (const [i, m] of marks.entries()) {
      const r = await sealed.cast(deputies[i]!.token, id, m);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // Two candidates both first, or a gap: the phone cannot seal it (an electronic ballot cannot be spoilt).
    await expect(sealed.seal(deputies[5]!.token, id, { [a]: 1, [b]: 1 })).rejects.toMatchObject({ code: 'INVALID_MARKS' });
    await expect(sealed.seal(deputies[5]!.token, id, { [a]: 1, [b]: 3 })).rejects.toMatchObject({ code: 'INVALID_MARKS' });
    const result = await sealed.closeAndPublish(staff, id);
    const { tally } = await import('../../runtime/ballot/index.ts');
    const expected = tally({ kind: 'CHOOSE_K', candidates: four, seats: 2, countRule: 'RANKED', electorate: 6 }, marks);
    expect(result.tally).toMatchObject({ method: 'RANKED', returned: 5, blank: 1, elected: expected.elected });
    expect(result.tally.candidates).toEqual(expected.candidates);
    // Borda with 4 candidates: rank r earns 5 − r. a: 4 + 3 + 4 = 11; b: 3 + 4 + 2 = 9; c: 2 + 4 + 3 = 9; d: 1.
    expect(result.tally.candidates.map((x: { points: number }) => x.points)).toEqual([11, 9, 9, 1]);
  });

  it('sealed: 8 deputies each sending their sealed ballot 3 times at once: 8 votes, 16 rejections', { timeout: 180_000 }, async () => {
    const { w, staff, deputies, sealed } = await setup(8);
    const id = await sealed.createOpen(staff, { title: '票决', spec: { kind: 'FOR_AGAINST', candidates: CANDIDATES.slice(0, 1) }, electorate: 'DEPUTIES' });
    const ballots = await Promise.all(deputies.map((d, i) => sealed.seal(d.token, id, { c01: i % 2 === 0 ? 'APPROVE' : 'OPPOSE' })));
    const responses = await Promise.all(deputies.flatMap((d, i) => Array.from({ length: 3 }, () => w.call(d.token, 'POST', `/ballots/${id}/votes`, { sealed: ballots[i] }))));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(8);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(16);
    const result = await sealed.closeAndPublish(staff, id);
    expect([result.tally.returned, result.tally.candidates[0].approve, result.tally.candidates[0].oppose]).toEqual([8, 4, 4]);
  });

  it('real-name: 1,000 deputies each sending 5 casts at once: exactly 1,000 votes, 4,000 rejections, counts equal at close', { timeout: 180_000 }, async () => {
    const { w, staff, deputies } = await setup(1000);
    const id = await newBallot(w, staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 5), seats: 3 }, electorate: 'DEPUTIES', secret: false });
    const choice = (i: number) => ({ [`c0${(i % 5) + 1}`]: 'APPROVE', [`c0${((i + 1) % 5) + 1}`]: 'APPROVE' });
    const responses = await Promise.all(deputies.flatMap((d, i) => Array.from({ length: 5 }, () => cast(w, d, id, choice(i)))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1000);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4000);
    const closed = (await w.call(staff, 'POST', `/ballots/${id}/close`)).body.result.tally;
    expect([closed.returned, closed.valid]).toEqual([1000, 1000]);
    for (const c of closed.candidates) expect(c.approve).toBe(400); // each candidate is in 2 of every 5 patterns
    const [box] = (await sql<{ n: number }>`select count(*)::int as n from ballot_box`.execute(w.handle.db)).rows;
    expect(Number(box?.n)).toBe(1000);
  });

  it('keeps no marks of a sealed ballot anywhere: the box holds ciphertexts, with no time, and there is no pending pool', async () => {
    const { w, staff, deputies, sealed } = await setup(6);
    const id = await sealed.createOpen(staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 3), seats: 1 }, electorate: 'DEPUTIES' });
    for (const [i, d] of deputies.entries()) expect((await sealed.cast(d.token, id, { [`c0${(i % 3) + 1}`]: 'APPROVE' })).status).toBe(201);
    const columns = async (table: string) =>
      (await sql<{ column_name: string; data_type: string }>`select column_name, data_type from information_schema.columns where table_name = ${table} order by ordinal_position`.execute(w.handle.db)).rows;
    expect((await columns('ballot_pending')).length).toBe(0);
    expect((await columns('ballot_sealed')).map((c) => c.column_name)).toEqual(['county_id', 'ballot_id', 'tracker', 'sealed']);
    for (const table of ['ballot_sealed', 'ballot_voters', 'ballot_tellers']) {
      expect((await columns(table)).filter((c) => /time|date/.test(c.data_type))).toEqual([]);
    }
    const rows = (await sql<{ sealed: unknown }>`select sealed from ballot_sealed`.execute(w.handle.db)).rows;
    expect(rows).toHaveLength(6);
    expect(JSON.stringify(rows)).not.toMatch(/APPROVE|OPPOSE|"c0[123]"/);
    expect((await sql<{ n: number }>`select count(*)::int as n from ballot_box`.execute(w.handle.db)).rows[0]?.n).toBe(0);
    expect(name).toMatch(/pglite|postgres/);
  });
});
