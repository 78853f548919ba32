/**
 * Report-back to voters in the statistics (issue 15 items 6 and 8, DOMAIN §7.7–7.8), on PGlite
 * and PostgreSQL: the voter's page reads the meeting in words by the pass (deputy, date, time,
 * place), each pass answers its link for the slip, a pass votes once (409 in Chinese the second
 * time), and the deputies' duty catalogue (deputy-points) counts report-backs by term —
 * reportBackCoverage = deputies of the roll who held a meeting in their own term / deputies of
 * the roll, reportBackSatisfaction = 满意 marks / all marks of the voters' tests — each checked
 * against a count made here from the marks given; a deputy moved to another term no longer
 * counts; the numerator drills to the deputies' names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BallotMarks } from '../../runtime/ballot/index.ts';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { osRandom, SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

type Json = any;
const [D1, D2, D3] = ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'];
const DIMS = ['履职情况', '联系群众', '建议办理'] as const;
const PERIOD = 'year:2026';

describe.each(databases)('report-back coverage and satisfaction in the statistics ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('voter page facts by the pass; once per pass; coverage and satisfaction by term, equal to a count made here; drill names the deputies', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const db = handle.db;
    await db.insertInto('terms').values([{ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2026-01-01', ends_on: null }, { county_id: 'demo', id: 't19', name: '第十九届', starts_on: '2031-01-01', ends_on: null }]).execute();
    await db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', 'in', [D1, D2, D3]).execute();
    const roll = Number((await db.selectFrom('deputies').select((eb) => eb.fn.countAll().as('n')).where('county_id', '=', 'demo').where('active', '=', true).executeTakeFirstOrThrow()).n);
    const { token, act, view } = taskDriver(w);
    const staff = await token('staff');
    const figures = async () => {
      const r = await w.call(await token('staff'), 'GET', `/statistics/deputy-points?period=${PERIOD}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries((r.body.metrics as Json[]).map((f) => [f.id, f])) as Record<string, Json>;
    };

    // Nothing held yet: 0 of the roll; no marks (no percentage).
    let f = await figures();
    expect([f.reportedBackCount.count, f.reportBackCoverage.numerator, f.reportBackCoverage.denominator, f.reportBackCoverage.value]).toEqual([0, 0, roll, 0]);
    expect([f.reportBackSatisfaction.numerator, f.reportBackSatisfaction.denominator, f.reportBackSatisfaction.value]).toEqual([0, 0, null]);

    const planned = await w.call(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D1, D2, D3] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const [r1, r2, r3] = planned.body.instanceIds as [string, string, string];
    const report = { title: '本人履行代表职责情况的报告', duties: '出席县人代会，领衔提出建议3件。', contact: '进站接待选民6次，帮助解决道路积水问题。' };
    const holdMeeting = async (deputy: string, id: string, date: string, place: string, voters: number) => {
      await act(deputy, id, 'SUBMIT_REPORT', report);
      await act('staff', id, 'APPROVE_REPORT', { note: '同意。' });
      await act('staff', id, 'SCHEDULE', { date, time: '09:30', place });
      await act('staff', id, 'HOLD', { votersPresent: voters });
    };
    // Planned but not held: not yet reported back.
    f = await figures();
    expect(f.reportBackCoverage.numerator).toBe(0);

    // 王建国's meeting: 8 voters present; 3 rate on their phones, 4 on paper, 1 does not return.
    await holdMeeting('deputy1', r1, '2026-03-20', '城关镇代表之家', 8);
    const ballotId = ((await w.call(staff, 'GET', `/ballots?instance=${r1}`)).body.ballots as Json[]).find((b) => b.status === 'ready').id as string;
    const sealed = new SealedBallots(w, await tellersOf(w));
    await sealed.prepare(staff, ballotId);
    await sealed.open(staff, ballotId);
    const passes = (await w.call(staff, 'GET', `/ballots/${ballotId}/voter-passes`)).body.passes as Array<{ pass: string; voted: boolean; url: string }>;
    expect(passes).toHaveLength(8);
    for (const p of passes) expect(new URL(p.url).pathname).toBe(`/public/voter-ballots/demo/${ballotId}/${p.pass}`);
    const phones: BallotMarks[] = [
      { 履职情况: 'SATISFIED', 联系群众: 'SATISFIED', 建议办理: 'BASIC' },
      { 履职情况: 'SATISFIED', 联系群众: 'BASIC', 建议办理: 'UNSATISFIED' },
      { 履职情况: 'BASIC', 联系群众: 'SATISFIED' },
    ];
    for (const [i, marks] of phones.entries()) {
      const path = `/public/voter-ballots/demo/${ballotId}/${passes[i]!.pass}`;
      const facts = (await w.call(null, 'GET', path)).body.ballot;
      expect(facts.meeting).toEqual({ deputyName: '王建国', termName: '第十八届', date: '2026-03-20', time: '09:30', place: '城关镇代表之家' });
      expect(facts.candidates.map((c: Json) => c.title)).toEqual([...DIMS]);
      expect(facts.voted).toBe(false);
      const cast = await w.call(null, 'POST', `${path}/votes`, { sealed: sealBallot(facts.spec, facts.jointKey, marks, osRandom, facts.context) });
      expect(cast.status, JSON.stringify(cast.body)).toBe(201);
    }
    // The same pass again: 409 in Chinese, nothing more in the box; an unknown pass: 404 in Chinese.
    const first = `/public/voter-ballots/demo/${ballotId}/${passes[0]!.pass}`;
    const facts0 = (await w.call(null, 'GET', first)).body.ballot;
    expect(facts0.voted).toBe(true);
    const again = await w.call(null, 'POST', `${first}/votes`, { sealed: sealBallot(facts0.spec, facts0.jointKey, phones[0]!, osRandom, facts0.context) });
    expect([again.status, again.body.error.code]).toEqual([409, 'ALREADY_VOTED']);
    expect(again.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const unknown = await w.call(null, 'GET', `/public/voter-ballots/demo/${ballotId}/ZZZZZZZZZZ`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'VOTER_PASS_NOT_FOUND']);
    expect(unknown.body.error.message).toContain('测评凭证无效');
    expect((await w.call(staff, 'GET', `/ballots/${ballotId}`)).body.ballot.turnout).toBe(3);

    const paper = { returned: 4, invalid: 0, counts: { 履职情况: { SATISFIED: 2, BASIC: 1, UNSATISFIED: 1 }, 联系群众: { SATISFIED: 1, BASIC: 2, UNSATISFIED: 1 }, 建议办理: { SATISFIED: 0, BASIC: 1, UNSATISFIED: 3 } } };
    expect((await w.call(staff, 'POST', `/ballots/${ballotId}/close`)).status).toBe(200);
    await sealed.decrypt(ballotId);
    expect((await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${ballotId}/paper`, paper)).status).toBe(200);
    const published = await w.call(staff, 'POST', `/ballots/${ballotId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await view(r1)).state).toBe('resultReady');

    // 李秀英's meeting is held; her voters' test is still to come (no marks yet). 张伟's too, then he moves to the next term.
    await holdMeeting('deputy2', r2, '2026-03-25', '东街社区代表联络站', 30);
    await holdMeeting('deputy3', r3, '2026-03-26', '西街社区代表联络站', 30);

    // Counted here from the marks given: phones and paper, every item.
    let S = 0;
    let all = 0;
    for (const d of DIMS) {
      const p = paper.counts[d];
      S += phones.filter((m) => m[d] === 'SATISFIED').length + p.SATISFIED;
      all += phones.filter((m) => m[d] !== undefined).length + p.SATISFIED + p.BASIC + p.UNSATISFIED;
    }
    expect([S, all]).toEqual([7, 20]);
    f = await figures();
    expect([f.reportedBackCount.count, f.reportBackCoverage.numerator, f.reportBackCoverage.denominator]).toEqual([3, 3, roll]);
    expect(f.reportBackCoverage.value).toBe(Math.round((3 / roll) * 10000) / 100);
    expect([f.reportBackSatisfaction.numerator, f.reportBackSatisfaction.denominator, f.reportBackSatisfaction.value]).toEqual([S, all, 35]);
    // The coverage page of the term says the same satisfaction.
    const cov = (await w.call(staff, 'GET', '/report-back/coverage?term=t18')).body;
    expect([cov.satisfaction.satisfied.numerator, cov.satisfaction.satisfied.denominator]).toEqual([S, all]);

    // 张伟 now serves in the next term: his meeting of the last term does not cover it.
    await db.updateTable('deputies').set({ term_id: 't19' }).where('county_id', '=', 'demo').where('user_id', '=', D3).execute();
    f = await figures();
    expect([f.reportBackCoverage.numerator, f.reportBackCoverage.denominator]).toEqual([2, roll]);

    // The numerator opens the points list naming the deputies; the denominator is the roll.
    const names = (await w.call(staff, 'GET', f.reportBackCoverage.drill.numerator.replace(/^\/api/, ''))).body;
    expect([names.kind, names.total, names.deputies.map((x: Json) => x.name).sort()]).toEqual(['deputies', 2, ['李秀英', '王建国'].sort()]);
    expect((await w.call(staff, 'GET', f.reportBackCoverage.drill.denominator.replace(/^\/api/, ''))).body.total).toBe(roll);
    const marked = (await w.call(staff, 'GET', f.reportBackSatisfaction.drill.numerator.replace(/^\/api/, ''))).body;
    expect(marked.total).toBe(2);
    // Another year's figures count the same term.
    const y2027 = (await w.call(staff, 'GET', '/statistics/deputy-points?period=year:2027')).body.metrics.find((x: Json) => x.id === 'reportBackCoverage');
    expect([y2027.numerator, y2027.denominator]).toEqual([2, roll]);
  });
});
