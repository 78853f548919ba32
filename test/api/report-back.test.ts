/**
 * Report-back to voters (issue 15 item 6, DOMAIN §7.7) over HTTP, on PGlite and PostgreSQL, on
 * the simulated clock: a term's plan for 3 deputies; 王建国 drafts, staff review and schedule,
 * the meeting is held and the voters present rate him per dimension — 5 on their phones with the
 * one-time passes of the slips, 50 on paper counted by the tellers — and the result is exactly
 * what §1.3 gives when computed here independently (N = 60 voters present; 建议办理 lands on
 * exactly half and is 不满意); the result in words reaches the deputy, the process is archived,
 * and his REPORT_TO_VOTERS points entry exists exactly once. Coverage goes 0/3 → 1/3 → 2/3.
 * Bad inputs are 4xx and write nothing.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { BallotMarks } from '../../runtime/ballot/index.ts';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { osRandom, SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const [D1, D2, D3, D4] = ['demo-deputy1', 'demo-deputy2', 'demo-deputy3', 'demo-deputy4'];
const DIMS = ['履职情况', '联系群众', '建议办理'] as const;

async function count(w: WorkApp, table: 'instances' | 'point_entries' | 'ballots'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(w.handle.db);
  return Number(r.rows[0]!.n);
}

/** §1.3 computed here, not by the ballot module: S > N/2 满意; S + B > N/2 基本满意; else 不满意. */
function rating(S: number, B: number, N: number): string {
  if (S * 2 > N) return 'SATISFIED';
  if ((S + B) * 2 > N) return 'BASIC';
  return 'UNSATISFIED';
}
const WORD: Record<string, string> = { SATISFIED: '满意', BASIC: '基本满意', UNSATISFIED: '不满意' };

describe.each(databases)('report-back to voters ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('plan → draft → review → schedule → held → voters’ phones and paper → result → sent → archived; points once; coverage 1/3 then 2/3; bad input writes nothing', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const db = handle.db;
    await db.insertInto('terms').values({ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2026-01-01', ends_on: null }).execute();
    await db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', 'in', [D1, D2, D3]).execute();
    const { token, act, complete, view } = taskDriver(w);
    const staff = await token('staff');

    // Bad plans and queries: 4xx, nothing written.
    const before = await count(w, 'instances');
    const bad = async (tok: string, method: string, path: string, body: unknown, status: number) => {
      const r = await w.call(tok, method, path, body);
      expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(status);
      // Refusals of our own say it in Chinese; FORBIDDEN's words come from runtime/error-codes.ts on the client.
      if (status !== 403) expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      return r.body;
    };
    await bad(staff, 'POST', '/report-back/plans', { termId: 'nope', year: 2026, deputyIds: [D1] }, 400);
    await bad(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D1, D4] }, 400);
    await bad(staff, 'POST', '/report-back/plans', { termId: 't18', year: 1800, deputyIds: [D1, D1] }, 400);
    await bad(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D1], extra: 1 }, 400);
    await bad(staff, 'POST', '/report-back/plans', [1, 2], 400);
    await bad(await token('deputy1'), 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D1] }, 403);
    await bad(staff, 'GET', '/report-back/coverage', undefined, 400);
    await bad(staff, 'GET', '/report-back/coverage?term=t18&term=t18', undefined, 400);
    await bad(staff, 'GET', '/report-back/coverage?term=t18&x=1', undefined, 400);
    await bad(staff, 'GET', '/report-back/coverage?term=t99', undefined, 404);
    await bad(await token('deputy1'), 'GET', '/report-back/coverage?term=t18', undefined, 403);
    expect(await count(w, 'instances')).toBe(before);

    // The term's plan: 3 deputies.
    const planned = await w.call(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D1, D2, D3] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const [r1, r2] = planned.body.instanceIds as [string, string, string];
    expect(await count(w, 'instances')).toBe(before + 3);
    await bad(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: [D2] }, 409);
    expect(await count(w, 'instances')).toBe(before + 3);
    const coverage = async () => (await w.call(await token('staff'), 'GET', '/report-back/coverage?term=t18')).body;
    let cov = await coverage();
    expect(cov.coverage).toMatchObject({ numerator: 0, denominator: 3, value: 0 });
    expect(cov.deputies.map((d: Json) => d.name)).toEqual(expect.arrayContaining(['王建国', '李秀英', '张伟']));

    // 王建国 drafts; staff return once, then approve; schedule.
    const report = { title: '本人履行代表职责情况的报告', duties: '出席县人代会，领衔提出建议3件，参加视察2次。', contact: '进站接待选民6次，帮助解决道路积水问题。' };
    await bad(await token('deputy1'), 'POST', `/tasks/${(await taskDriver(w).inbox('deputy1', r1))[0]!.id}/complete`, { outcome: 'SUBMIT_REPORT', data: { title: 'x' } }, 400);
    await act('deputy1', r1, 'SUBMIT_REPORT', report);
    await act('staff', r1, 'RETURN_REPORT', { note: '请补充联系选民的具体事例。' });
    await act('deputy1', r1, 'SUBMIT_REPORT', { ...report, improvements: '今后每季度进站接待一次。' });
    await act('staff', r1, 'APPROVE_REPORT', { note: '同意。' });
    await act('staff', r1, 'SCHEDULE', { date: '2026-03-20', time: '09:00', place: '城关镇代表之家', expectedVoters: 60 });
    expect((await view(r1)).state).toBe('scheduled');

    // Held with 0 voters: refused, nothing written; then with 60.
    const pointsBefore = await count(w, 'point_entries');
    expect((await complete('staff', r1, 'HOLD', { votersPresent: 0 })).status).toBe(400);
    expect(await count(w, 'point_entries')).toBe(pointsBefore);
    w.clock.set(new Date('2026-03-20T02:00:00Z'));
    await act('staff', r1, 'HOLD', { votersPresent: 60, questions: '选民询问道路积水整改进度，代表作了答复。' });
    expect(await count(w, 'point_entries')).toBe(pointsBefore + 1);
    cov = await coverage();
    expect(cov.coverage).toMatchObject({ numerator: 1, denominator: 3 });
    expect(cov.deputies.find((d: Json) => d.deputyId === D1).reported).toBe(true);

    // The voters' ballot: tellers, open with 60 passes, 5 phones, 50 paper.
    const staffNow = await token('staff');
    const ballots = (await w.call(staffNow, 'GET', `/ballots?instance=${r1}`)).body.ballots as Json[];
    const ballotId = ballots.find((b) => b.status === 'ready')!.id as string;
    expect(ballots.find((b) => b.id === ballotId).electorate).toBe('VOTERS');
    const sealed = new SealedBallots(w, await tellersOf(w));
    await sealed.prepare(staffNow, ballotId);
    await sealed.open(staffNow, ballotId);
    const passes = (await w.call(staffNow, 'GET', `/ballots/${ballotId}/voter-passes`)).body.passes as Array<{ pass: string; voted: boolean }>;
    expect(passes).toHaveLength(60);
    const phone: BallotMarks[] = [
      ...Array(3).fill({ 履职情况: 'SATISFIED', 联系群众: 'SATISFIED', 建议办理: 'BASIC' }),
      ...Array(2).fill({ 履职情况: 'BASIC', 联系群众: 'UNSATISFIED', 建议办理: 'SATISFIED' }),
    ];
    for (const [i, marks] of phone.entries()) {
      const path = `/public/voter-ballots/demo/${ballotId}/${passes[i]!.pass}`;
      const facts = (await w.call(null, 'GET', path)).body.ballot;
      expect(facts.voted).toBe(false);
      const cast = await w.call(null, 'POST', `${path}/votes`, { sealed: sealBallot(facts.spec, facts.jointKey, marks, osRandom, facts.context) });
      expect(cast.status, JSON.stringify(cast.body)).toBe(201);
    }
    const again = await w.call(null, 'GET', `/public/voter-ballots/demo/${ballotId}/${passes[0]!.pass}`);
    expect(again.body.ballot.voted).toBe(true);
    expect((await w.call(null, 'GET', `/public/voter-ballots/demo/${ballotId}/0000000000`)).status).toBe(404);
    expect((await w.call(null, 'GET', `/public/voter-ballots/demo/${ballotId}/bad`)).status).toBe(404);
    expect((await w.call(null, 'POST', `/public/voter-ballots/demo/${ballotId}/${passes[0]!.pass}/votes`, { sealed: {} })).status).toBeGreaterThanOrEqual(400);
    expect((await w.call(null, 'POST', `/public/voter-ballots/demo/${ballotId}/${passes[0]!.pass}/votes`, { sealed: {} })).status).toBeLessThan(500);

    const paper = {
      returned: 50,
      invalid: 1,
      counts: {
        履职情况: { SATISFIED: 30, BASIC: 15, UNSATISFIED: 4 },
        联系群众: { SATISFIED: 20, BASIC: 20, UNSATISFIED: 9 },
        建议办理: { SATISFIED: 10, BASIC: 15, UNSATISFIED: 24 },
      },
    };
    const closed = await w.call(staffNow, 'POST', `/ballots/${ballotId}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await sealed.decrypt(ballotId);
    const teller = sealed.tellers[0]!.token;
    // Paper counts that cannot be: 400, nothing stored.
    const wrong = await w.call(teller, 'POST', `/ballots/${ballotId}/paper`, { ...paper, counts: { ...paper.counts, 履职情况: { SATISFIED: 50 } } });
    expect(wrong.status).toBe(400);
    expect((await w.call(teller, 'POST', `/ballots/${ballotId}/paper`, paper)).status).toBe(200);
    const published = await w.call(staffNow, 'POST', `/ballots/${ballotId}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    // Independently: phones + paper per dimension against N = 60 voters present.
    const N = 60;
    const expected = DIMS.map((d) => {
      const S = phone.filter((m) => m[d] === 'SATISFIED').length + paper.counts[d].SATISFIED;
      const B = phone.filter((m) => m[d] === 'BASIC').length + paper.counts[d].BASIC;
      const U = phone.filter((m) => m[d] === 'UNSATISFIED').length + paper.counts[d].UNSATISFIED;
      return { candidateId: d, S, B, U, rating: rating(S, B, N) };
    });
    expect(expected.map((e) => e.rating)).toEqual(['SATISFIED', 'BASIC', 'UNSATISFIED']);
    const v1 = await view(r1);
    expect(v1.state).toBe('resultReady');
    const ctx = v1.context;
    expect(ctx.result.issued).toBe(60);
    expect(ctx.result.returned).toBe(55);
    expect(ctx.result.valid).toBe(54);
    expect(ctx.result.counts.map((c: Json) => ({ candidateId: c.candidateId, S: c.S, B: c.B, U: c.U, rating: c.rating }))).toEqual(expected);
    const words = `发出测评票60张，收回55张，有效54张。${expected.map((e) => `${e.candidateId}：${WORD[e.rating]}（满意${e.S}票，基本满意${e.B}票，不满意${e.U}票）`).join('；')}。`;
    expect(ctx.resultWords).toBe(words);

    // Sent to the deputy, archived.
    await act('staff', r1, 'SEND_RESULT', { opinions: '选民希望加强对道路积水整改的跟踪。' });
    const notes = (await w.call(await token('deputy1'), 'GET', '/notifications')).body.notifications as Array<{ message: string }>;
    expect(notes.some((n) => n.message.includes(words) && n.message.includes('道路积水整改的跟踪'))).toBe(true);
    await act('staff', r1, 'ARCHIVE');
    const archived = await view(r1);
    expect(archived.state).toBe('archived');
    expect(archived.context.resultWords).toBe(words);

    // Exactly one points entry for the report-back.
    const entries = await db.selectFrom('point_entries').select(['deputy_id', 'rule_code', 'points']).where('rule_code', '=', 'REPORT_TO_VOTERS').execute();
    expect(entries).toEqual([{ deputy_id: D1, rule_code: 'REPORT_TO_VOTERS', points: entries[0]!.points }]);
    expect(Number(entries[0]!.points)).toBe(5);

    // The second deputy holds theirs: 2/3; the third has not reported back.
    await act('deputy2', r2, 'SUBMIT_REPORT', report);
    await act('staff', r2, 'APPROVE_REPORT', { note: '同意。' });
    await act('staff', r2, 'SCHEDULE', { date: '2026-03-25', place: '东街社区代表联络站' });
    await act('staff', r2, 'HOLD', { votersPresent: 52 });
    cov = await coverage();
    expect(cov.coverage).toMatchObject({ numerator: 2, denominator: 3 });
    expect(cov.coverage.value).toBeCloseTo(66.67, 2);
    expect(cov.deputies.filter((d: Json) => !d.reported).map((d: Json) => d.name)).toEqual(['张伟']);
    const d1 = cov.deputies.find((d: Json) => d.deputyId === D1);
    expect(d1.resultWords).toBe(words);
    expect(cov.satisfaction.satisfied.numerator).toBe(expected.reduce((x, e) => x + e.S, 0));
    expect((await db.selectFrom('point_entries').select('deputy_id').where('rule_code', '=', 'REPORT_TO_VOTERS').execute()).length).toBe(2);
  });
});
