/**
 * The duty record of a deputy's 履职档案 (issue 15 items 4–5, DOMAIN §7.4, §7.6, §7.7) over HTTP,
 * on PGlite and PostgreSQL: a year of the demo county driven through the engine — 王建国 attends
 * the congress session (3 days claimed, reviewed in two steps), reports back to his voters (the
 * meeting held, the voters' paper counts entered by the tellers, the result sent to him), the
 * annual assessment is approved by the chair council (he is graded 好 and commended, 陈志强 差
 * and interviewed) — and each archive lists exactly these in words: the session days, the
 * report-back with the voters' result, the grade, the commendation (待公布 then 已公布) and the
 * 约谈 (待约谈 then held, with the record). Before approval no grade shows; another deputy's
 * grade never does; the XLSX export holds the new sections' rows.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { assessmentDriver } from '../support/assessment-driver.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

type Json = any;
const [D1, D5] = ['demo-deputy1', 'demo-deputy5'];

const line = (e: Json) => [e.dateText.zh, e.title, e.part?.zh ?? '', e.state.zh, ...e.facts.map((f: Json) => `${f.label.zh}：${f.value.zh}`)].join(' | ');

describe.each(databases)('the duty record of a deputy’s archive ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('session attendance, the report-back with its result, the approved grade, commendation and 约谈, in words', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2025-03-10T02:00:00Z');
    const db = handle.db;
    const { token, act, view } = taskDriver(w);
    const { confirmPoints, runYear } = assessmentDriver(w);
    const archive = async (user: string, deputy: string, year = 2025): Promise<Json> => {
      const r = await w.call(await token(user), 'GET', `/deputies/${deputy}/archive?year=${year}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const section = (a: Json, key: string) => a.sections.find((s: Json) => s.key === key);

    // March: 王建国 attended the session 3 days (claimed; 初审 by staff, 复核 by admin).
    const claim = await w.call(await token('deputy1'), 'POST', '/points/claims', { ruleCode: 'SESSION_ATTEND_DAY', date: '2025-03-05', quantity: 3, description: '出席县十八届人大五次会议。' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await w.call(await token('staff'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
    expect((await w.call(await token('admin'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);

    // His report-back of 2025: planned, drafted, approved, scheduled, held before 12 voters, paper counts, sent.
    await db.insertInto('terms').values({ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2022-01-01', ends_on: null }).execute();
    await db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', '=', D1).execute();
    const planned = await w.call(await token('staff'), 'POST', '/report-back/plans', { termId: 't18', year: 2025, deputyIds: [D1] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const [rb] = planned.body.instanceIds as [string];
    expect(section(await archive('deputy1', D1), 'reportBacks').entries.map(line)).toEqual(['2025年3月10日 | 王建国向选民述职（2025年） | 述职代表 | 已列入述职计划 | 届次：第十八届']);
    await act('deputy1', rb, 'SUBMIT_REPORT', { title: '本人履行代表职责情况的报告', duties: '出席县人代会，领衔提出建议3件。', contact: '进站接待选民6次，帮助解决道路积水问题。' });
    await act('staff', rb, 'APPROVE_REPORT', { note: '同意。' });
    await act('staff', rb, 'SCHEDULE', { date: '2025-09-20', time: '09:00', place: '城关镇代表之家', expectedVoters: 12 });
    w.clock.set('2025-09-20T02:00:00Z');
    await act('staff', rb, 'HOLD', { votersPresent: 12 });
    const staff = await token('staff');
    const ballotId = ((await w.call(staff, 'GET', `/ballots?instance=${rb}`)).body.ballots as Json[]).find((b) => b.status === 'ready').id as string;
    const sealed = new SealedBallots(w, await tellersOf(w));
    await sealed.prepare(staff, ballotId);
    await sealed.open(staff, ballotId);
    expect((await w.call(staff, 'POST', `/ballots/${ballotId}/close`)).status).toBe(200);
    await sealed.decrypt(ballotId);
    const paper = { returned: 12, invalid: 0, counts: { 履职情况: { SATISFIED: 10, BASIC: 2, UNSATISFIED: 0 }, 联系群众: { SATISFIED: 5, BASIC: 4, UNSATISFIED: 3 }, 建议办理: { SATISFIED: 2, BASIC: 3, UNSATISFIED: 7 } } };
    const counted = await w.call(sealed.tellers[0]!.token, 'POST', `/ballots/${ballotId}/paper`, paper);
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    expect((await w.call(staff, 'POST', `/ballots/${ballotId}/publish`)).status).toBe(200);
    const resultWords = (await view(rb)).context.resultWords as string;
    expect(resultWords).toMatch(/^发出测评票12张.*履职情况：满意.*联系群众：基本满意.*建议办理：不满意/);
    await act('staff', rb, 'SEND_RESULT', { opinions: '选民希望多进站接待。' });

    // The year's points for the grades: 王建国 6 (session) + 34 = 40, then 32 / 30 / 28 / 10 → 100 / 80 / 75 / 70 / 25.
    await confirmPoints('2025-05-20', [17, 16, 15, 14, 5]);

    // Before the assessment: no grade, no commendation.
    let a1 = await archive('deputy1', D1);
    expect(Object.fromEntries(a1.sections.map((s: Json) => [s.key, s.count]))).toMatchObject({ session: 1, reportBacks: 1, commendations: 0 });
    expect(section(a1, 'commendations').empty.zh).toMatch(/尚未经主任会议审定/);
    expect(section(a1, 'session').entries.map(line)).toEqual(['2025年3月5日 | 出席人代会(每天) | 本人申报 | 已确认 | 数量：3天 | 分值：+6分 | 事由：出席县十八届人大五次会议。']);
    expect(section(a1, 'reportBacks').entries.map(line)).toEqual([
      `2025年9月20日 | 王建国向选民述职（2025年） | 述职代表 | 结果已送达代表 | 届次：第十八届 | 述职会日期：2025年9月20日 | 述职地点：城关镇代表之家 | 到会选民：12人 | 满意度测评结果：${resultWords} | 书面评议意见：已送达代表本人`,
    ]);
    expect(section(a1, 'reportBacks').entries[0].link).toBe(`/instances/${rb}`);

    // The assessment of 2025, approved in February 2026: 王建国 好 (commended), 陈志强 差 (约谈).
    w.clock.set('2026-01-12T01:00:00Z');
    const campaign = await runYear(2025, false);
    a1 = await archive('deputy1', D1);
    expect(section(a1, 'commendations').entries.map(line)).toEqual([
      '2026年2月10日 | 2025年度履职考核 | 考核对象 | 主任会议已审定 | 考核等次：好 | 考核得分：100分 | 全县排名：第1名（共5名） | 审定会议：第十八届常委会第25次主任会议',
      '2026年2月10日 | 2025年度表扬名单 | 列入表扬名单 | 待公布 | 考核等次：好',
    ]);
    await act('staff', campaign, 'PUBLISH_COMMENDATION', { honour: '优秀人大代表', publishedOn: '2026-02-15', channel: '人大门户网站' });
    let a5 = await archive('staff', D5);
    expect(section(a5, 'commendations').entries.map(line)).toEqual([
      '2026年2月10日 | 2025年度履职考核 | 考核对象 | 主任会议已审定 | 考核等次：差 | 考核得分：25分 | 全县排名：第5名（共5名） | 审定会议：第十八届常委会第25次主任会议',
      '2026年2月10日 | 约谈（2025年度考核差） | 约谈对象 | 待约谈',
    ]);
    await act('staff', campaign, 'RECORD_INTERVIEW', { interviewedOn: '2026-02-20', interviewer: '人事代表工作委员会主任', record: '指出全年履职活动偏少。', commitment: '每季度至少进站接待一次。' });

    // The deputy's own archive after the follow-ups; the office's reads the same.
    a1 = await archive('deputy1', D1);
    expect(section(a1, 'commendations').entries.map(line)[1]).toBe('2026年2月15日 | 优秀人大代表 | 列入表扬名单 | 已公布 | 考核等次：好 | 公布渠道：人大门户网站');
    expect(section(a1, 'commendations').entries.map((e: Json) => e.link)).toEqual(['/assessment', '/assessment']);
    a5 = await archive('deputy5', D5);
    expect(section(a5, 'commendations').entries.map(line)[1]).toBe(
      '2026年2月20日 | 约谈（2025年度考核差） | 约谈对象 | 已约谈 | 约谈人：人事代表工作委员会主任 | 约谈情况：指出全年履职活动偏少。 | 改进承诺：每季度至少进站接待一次。',
    );
    // Nobody else's grade in an archive; no codes anywhere a person reads.
    expect(JSON.stringify(a1)).not.toContain('陈志强');
    expect(JSON.stringify(a5)).not.toContain('王建国');
    const text = JSON.stringify([a1, a5].flatMap((a) => a.sections.map((s: Json) => s.entries.map((e: Json) => [e.title, e.part, e.state, e.facts, e.dateText]))));
    for (const code of ['GOOD', 'POOR', 'SESSION_ATTEND_DAY', 'feedbackSent', 'SATISFIED', 'confirmed', 't18', campaign]) expect(text).not.toContain(code);
    // The year after holds none of it.
    const y2026 = await archive('deputy1', D1, 2026);
    expect(['session', 'reportBacks', 'commendations'].map((k) => section(y2026, k).count)).toEqual([0, 0, 0]);

    // The XLSX holds the new sections' rows as the page has them.
    const file = await w.app.request(`/api/deputies/${D1}/archive/export?year=2025`, { headers: { authorization: `Bearer ${await token('deputy1')}` } });
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const read: string[][] = [];
    book.worksheets[0]!.eachRow((row) => read.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    for (const key of ['session', 'reportBacks', 'commendations']) {
      const s = section(a1, key);
      const rows = read.filter((r) => r[0] === s.title.zh);
      expect(rows.map((r) => [r[1], r[2], r[4]]), key).toEqual(s.entries.map((e: Json) => [e.dateText.zh, e.title, e.state.zh]));
    }
  });
});
