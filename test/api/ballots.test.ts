/**
 * Secret ballots over HTTP (`app.request`): a 15 → 12 livelihood-project ballot of 300
 * generated deputies counted independently here, the 镇海 satisfaction test, a tie at the
 * cut-off, quorum, 1,000 deputies casting 5 times at once, and what a reader of every table
 * can (not) link.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBallotList } from '../../runtime/ballot/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { Authenticator } from '../../server/auth.ts';
import { addDeputies, type TestDeputy } from '../support/deputies.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';
import { prng } from '../ballot/support.ts';
import { LIVELIHOOD_CANDIDATES } from '../fixtures/livelihood-candidates.ts';

type Marks = Record<string, string>;
const CANDIDATES = LIVELIHOOD_CANDIDATES.map(({ id, title, title_en }) => ({ id, title, title_en }));

describe.each(databases)('secret ballots over HTTP ($name)', ({ open, name }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(count: number, standingCommittee = 0): Promise<{ w: WorkApp; staff: string; deputies: TestDeputy[] }> {
    handle = await open();
    const w = await workApp(handle, '2026-01-15T01:00:00Z');
    // The demo county's own five deputies leave the roster: the generated ones make the electorate.
    await handle.db.deleteFrom('deputies').where('county_id', '=', 'demo').execute();
    const deputies = await addDeputies(handle.db, { countyId: 'demo', count, prefix: 'gd', standingCommittee, clock: w.clock });
    return { w, staff: await w.login('staff'), deputies };
  }

  async function newBallot(w: WorkApp, staff: string, body: Record<string, unknown>): Promise<string> {
    const created = await w.call(staff, 'POST', '/ballots', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const opened = await w.call(staff, 'POST', `/ballots/${created.body.ballot.id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    return created.body.ballot.id as string;
  }

  const cast = (w: WorkApp, d: TestDeputy, ballotId: string, marks: unknown) => w.call(d.token, 'POST', `/ballots/${ballotId}/votes`, { marks });

  it('15 candidates, 12 seats, 300 deputies: turnout, invalid ballots, counts and the elected list match an independent count', async () => {
    const { w, staff, deputies } = await setup(300);
    const id = await newBallot(w, staff, { title: '2026年度县级民生实事项目票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 12 }, electorate: 'DEPUTIES' });

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

  it('镇海 figures: 29 standing-committee members, 28/1/0, 20/8/1 and 17/11/1 are all 满意; 14 ballots miss the quorum', async () => {
    const { w, staff, deputies } = await setup(40, 29);
    const items = [
      { id: 'edu', title: '教育惠民补短强基' },
      { id: 'health', title: '公共卫生服务能力提升' },
      { id: 'elderly', title: '老年护理照料中心建设' },
    ];
    const id = await newBallot(w, staff, { title: '民生实事项目满意度测评', spec: { kind: 'SATISFACTION', candidates: items }, electorate: 'STANDING_COMMITTEE' });
    const members = deputies.slice(0, 29);
    const level = (i: number, s: number, b: number) => (i < s ? 'SATISFIED' : i < s + b ? 'BASIC' : 'UNSATISFIED');
    for (const [i, d] of members.entries()) {
      expect((await cast(w, d, id, { edu: level(i, 28, 1), health: level(i, 20, 8), elderly: level(i, 17, 11) })).status).toBe(201);
    }
    // A deputy who is not a member is not on this roll.
    expect((await cast(w, deputies[35]!, id, { edu: 'SATISFIED' })).body.error.code).toBe('NOT_ON_ROLL');
    const result = (await w.call(staff, 'POST', `/ballots/${id}/close`)).body.result;
    expect(result.tally.candidates.map((c: { candidateId: string; S: number; B: number; U: number; rating: string }) => [c.candidateId, c.S, c.B, c.U, c.rating])).toEqual([
      ['edu', 28, 1, 0, 'SATISFIED'],
      ['health', 20, 8, 1, 'SATISFIED'],
      ['elderly', 17, 11, 1, 'SATISFIED'],
    ]);

    const again = await newBallot(w, staff, { title: '民生实事项目满意度测评（补测）', spec: { kind: 'SATISFACTION', candidates: items }, electorate: 'STANDING_COMMITTEE' });
    for (const d of members.slice(0, 14)) await cast(w, d, again, { edu: 'SATISFIED', health: 'SATISFIED', elderly: 'SATISFIED' });
    const short = (await w.call(staff, 'POST', `/ballots/${again}/close`)).body.result;
    expect(short.tally).toMatchObject({ status: 'NO_QUORUM', returned: 14, quorumMet: false, elected: [] });
    expect(short.tally.candidates.every((c: { rating: unknown }) => c.rating === null)).toBe(true);
  });

  it('a tie at the 12th seat leads to a re-vote among the tied only', async () => {
    const { w, staff, deputies } = await setup(21);
    const id = await newBallot(w, staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 12 }, electorate: 'DEPUTIES' });
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
    const revote = await newBallot(w, staff, { title: '票决（第二轮）', spec: { ...result.revote, electorate: undefined }, electorate: 'DEPUTIES' });
    expect((await cast(w, deputies[0]!, revote, { c01: 'APPROVE' })).body.error.code).toBe('INVALID_MARKS');
    for (const [i, d] of deputies.entries()) await cast(w, d, revote, { [i < 12 ? 'c13' : 'c12']: 'APPROVE' });
    expect((await w.call(staff, 'POST', `/ballots/${revote}/close`)).body.result.tally).toMatchObject({ status: 'DECIDED', elected: ['c13'] });
  });

  it('holds a ballot among one term’s deputies when it names the term (届)', async () => {
    const { w, staff } = await setup(0);
    const admin = await w.login('admin');
    for (const term of [{ id: '17', name: '十七届' }, { id: '18', name: '十八届' }]) expect((await w.call(admin, 'POST', '/terms', term)).status).toBe(201);
    const { createTestDeputies } = await import('../../runtime/store/index.ts');
    const auth = new Authenticator({ db: w.handle.db, secret: 'test-secret', clock: w.clock });
    const current = await createTestDeputies(w.handle.db, 'demo', 6, { prefix: 't18-', termId: '18' });
    const [former] = await createTestDeputies(w.handle.db, 'demo', 1, { prefix: 't17-', termId: '17' });
    const body = { title: '十八届代表票决', spec: { kind: 'FOR_AGAINST', candidates: CANDIDATES.slice(0, 1) }, electorate: 'DEPUTIES' };
    const unknown = await w.call(staff, 'POST', '/ballots', { ...body, termId: '99' });
    expect([unknown.status, unknown.body.error.details.errors[0].pointer]).toEqual([400, '/termId']);
    const id = await newBallot(w, staff, { ...body, termId: '18' });
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot).toMatchObject({ termId: '18', issued: 6 });
    const token = (deputyId: string) => auth.issueToken({ id: deputyId, countyId: 'demo' });
    expect((await w.call(await token(former as string), 'POST', `/ballots/${id}/votes`, { marks: { c01: 'APPROVE' } })).body.error.code).toBe('NOT_ON_ROLL');
    expect((await w.call(await token(current[0] as string), 'POST', `/ballots/${id}/votes`, { marks: { c01: 'APPROVE' } })).status).toBe(201);
  });

  it('keeps who voted how for a real-name ballot (记名) only, shown to staff after close', async () => {
    const { w, staff, deputies } = await setup(3);
    const body = { title: '记名测评', spec: { kind: 'SATISFACTION', candidates: CANDIDATES.slice(0, 1) }, electorate: 'DEPUTIES' };
    const named = await newBallot(w, staff, { ...body, secret: false });
    const secret = await newBallot(w, staff, body);
    for (const [i, d] of deputies.entries()) {
      for (const id of [named, secret]) expect((await cast(w, d, id, { c01: i === 0 ? 'UNSATISFIED' : 'SATISFIED' })).status).toBe(201);
    }
    expect((await w.call(staff, 'GET', `/ballots/${named}/named`)).body.error.code).toBe('BALLOT_NOT_CLOSED');
    for (const id of [named, secret]) await w.call(staff, 'POST', `/ballots/${id}/close`);
    const votes = (await w.call(staff, 'GET', `/ballots/${named}/named`)).body.votes;
    expect(votes.map((v: { deputyId: string; marks: unknown }) => [v.deputyId, v.marks])).toEqual(deputies.map((d, i) => [d.id, { c01: i === 0 ? 'UNSATISFIED' : 'SATISFIED' }]));
    expect((await w.call(deputies[0]!.token, 'GET', `/ballots/${named}/named`)).status).toBe(403);
    expect((await w.call(staff, 'GET', `/ballots/${secret}/named`)).body.error.code).toBe('BALLOT_SECRET');
    const secretMarks = await w.handle.db.selectFrom('ballot_voters').select('marks').where('ballot_id', '=', secret).where('marks', 'is not', null).execute();
    expect(secretMarks).toEqual([]);
    expect((await w.call(staff, 'GET', `/ballots/${named}`)).body.ballot.secret).toBe(false);
  });

  it('refuses bad casts with a clear error and changes nothing', async () => {
    const { w, staff, deputies } = await setup(3);
    const created = await w.call(staff, 'POST', '/ballots', { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 3), seats: 2 }, electorate: 'DEPUTIES' });
    const id = created.body.ballot.id as string;
    expect((await cast(w, deputies[0]!, id, { c01: 'APPROVE' })).body.error.code).toBe('BALLOT_NOT_OPEN');
    const badSpec = await w.call(staff, 'POST', '/ballots', { title: '', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 2), seats: 2 }, electorate: 'ALL' });
    expect([badSpec.status, badSpec.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/title', '/electorate']]);
    const noDifference = await w.call(staff, 'POST', '/ballots', { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 2), seats: 2 }, electorate: 'DEPUTIES' });
    expect([noDifference.status, noDifference.body.error.code, noDifference.body.error.details.errors[0].pointer]).toEqual([400, 'INVALID_BALLOT_SPEC', '/seats']);
    expect((await w.call(deputies[0]!.token, 'POST', `/ballots/${id}/open`)).status).toBe(403);
    await w.call(staff, 'POST', `/ballots/${id}/open`);
    const malformed = await cast(w, deputies[0]!, id, { c01: 'YES', nobody: 'APPROVE' });
    expect([malformed.status, malformed.body.error.code, malformed.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort()]).toEqual([400, 'INVALID_MARKS', ['/marks/c01', '/marks/nobody']]);
    expect((await w.call(staff, 'GET', `/ballots/${id}`)).body.ballot.turnout).toBe(0);
    expect((await cast(w, deputies[0]!, id, { c01: 'APPROVE' })).status).toBe(201);
    expect((await cast(w, deputies[0]!, id, { c02: 'APPROVE' })).body.error.code).toBe('ALREADY_VOTED');
    expect((await w.call(deputies[1]!.token, 'GET', '/ballots')).body.ballots.map((b: { id: string; voted: boolean }) => [b.id, b.voted])).toEqual([[id, false]]);
    expect((await w.call(deputies[0]!.token, 'GET', `/ballots/${id}`)).body.ballot).toMatchObject({ onRoll: true, voted: true, turnout: 1 });
    await w.call(staff, 'POST', `/ballots/${id}/close`);
    expect((await cast(w, deputies[1]!, id, { c01: 'APPROVE' })).body.error.code).toBe('BALLOT_NOT_OPEN');
    // Another county sees nothing.
    const { createCounty } = await import('../../runtime/store/index.ts');
    await createCounty(w.handle.db, { code: 'other', name: '邻县', users: [{ username: 'staff', roles: ['staff'] }] });
    expect((await w.call(await w.login('staff', 'other'), 'GET', `/ballots/${id}/result`)).status).toBe(404);
  });

  it('1,000 deputies each sending 5 casts at once: exactly 1,000 votes, 4,000 rejections, counts equal at close', { timeout: 180_000 }, async () => {
    const { w, staff, deputies } = await setup(1000);
    const id = await newBallot(w, staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 5), seats: 3 }, electorate: 'DEPUTIES' });
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

  it('leaves nothing that links a vote to its voter: no shared ids, no per-vote time, no transaction id, no order of casting', async () => {
    const { w, staff, deputies } = await setup(60);
    const id = await newBallot(w, staff, { title: '票决', spec: { kind: 'CHOOSE_K', candidates: CANDIDATES.slice(0, 4), seats: 2 }, electorate: 'DEPUTIES' });
    const castOrder: string[] = [];
    for (const [i, d] of deputies.entries()) castOrder.push((await cast(w, d, id, { [`c0${(i % 4) + 1}`]: 'APPROVE' })).body.receipt);
    // 60 votes with batches of 20: three batches moved while voting, none pending.
    const pending = await sql<{ n: number }>`select count(*)::int as n from ballot_pending`.execute(w.handle.db);
    expect(Number(pending.rows[0]?.n)).toBe(0);
    await w.call(staff, 'POST', `/ballots/${id}/close`);

    const columns = async (table: string) =>
      (await sql<{ column_name: string; data_type: string }>`select column_name, data_type from information_schema.columns where table_name = ${table} order by ordinal_position`.execute(w.handle.db)).rows;
    expect((await columns('ballot_box')).map((c) => c.column_name)).toEqual(['county_id', 'ballot_id', 'id', 'receipt', 'marks']);
    expect((await columns('ballot_pending')).map((c) => c.column_name)).toEqual(['county_id', 'ballot_id', 'id', 'receipt', 'marks']);
    for (const table of ['ballot_box', 'ballot_pending', 'ballot_voters']) {
      expect((await columns(table)).filter((c) => /time|date/.test(c.data_type))).toEqual([]);
    }
    const box = (await sql<{ id: string; receipt: string; xmin: string }>`select id, receipt, xmin::text as xmin from ballot_box order by ctid`.execute(w.handle.db)).rows;
    const roll = (await sql<{ deputy_id: string; xmin: string }>`select deputy_id, xmin::text as xmin from ballot_voters where voted`.execute(w.handle.db)).rows;
    // No id in the box is a voter's, and no box row was written by a voter's transaction.
    const voterIds = new Set(roll.map((r) => r.deputy_id));
    expect(box.filter((b) => voterIds.has(b.id) || deputies.some((d) => b.receipt.includes(d.id)))).toEqual([]);
    const rollXmins = new Set(roll.map((r) => r.xmin));
    expect(box.filter((b) => rollXmins.has(b.xmin))).toEqual([]);
    // Box rows come in batches (one transaction each) of at least 20, stored in an order that is not the order of casting.
    const batches = new Map<string, string[]>();
    for (const b of box) batches.set(b.xmin, [...(batches.get(b.xmin) ?? []), b.receipt]);
    expect([...batches.values()].map((b) => b.length)).toEqual([20, 20, 20]);
    for (const stored of batches.values()) {
      const cast = castOrder.filter((r) => stored.includes(r));
      expect(stored).not.toEqual(cast);
    }
    expect(name).toMatch(/pglite|postgres/);
  });
});
