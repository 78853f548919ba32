/**
 * Deputies' annual assessment (issue 15 item 4, DOMAIN §7.4) over HTTP, on PGlite and
 * PostgreSQL. Two years of the demo county's 5 deputies driven through the engine: points claimed
 * and confirmed in two steps, the office opens the year (one self-evaluation per deputy), each
 * deputy writes theirs, the group checks (one returned and written again), the office scores
 * (the year's confirmed points, normalised to 100), the chair council approves the whole list in
 * one step → grades exactly as the default bands say (edges included), the commendation list
 * published, an 约谈 task for the poor one. A county overlay then changes the bands (four grades,
 * percentile): the second year grades by them, ties share a rank, and the deputy poor two years
 * in a row is flagged in words. Bad input is a 4xx with nothing written; a deputy reads only
 * their own grade; unit clerks are refused.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { assessmentDriver } from '../support/assessment-driver.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;

async function rowCount(w: WorkApp): Promise<number> {
  const r = await sql<{ n: number }>`select (select count(*) from instances) + (select count(*) from tasks) + (select count(*) from instance_events) as n`.execute(w.handle.db);
  return Number(r.rows[0]!.n);
}

describe.each(databases)('deputies’ annual assessment ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('two years through the engine: grades by the bands, commendation, 约谈, a second poor year flagged; overlay bands apply; bad input and roles refused', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2025-06-02T01:00:00Z');
    const { token, act, inbox } = taskDriver(w);

    const { confirmPoints, runYear } = assessmentDriver(w);

    // ---- 2025: points 40 / 32 / 30 / 24 / 10 → normalised 100 / 80 / 75 / 60 / 25.
    await confirmPoints('2025-05-20', [20, 16, 15, 12, 5]);
    w.clock.set('2026-01-12T01:00:00Z');
    const before = await rowCount(w);
    const staff = await token('staff');
    for (const [body, code] of [
      [{ year: '2025' }, 'INVALID_INPUT'],
      [{ year: 1999 }, 'INVALID_INPUT'],
      [{ year: 2025, extra: 1 }, 'INVALID_INPUT'],
      [{ year: 2025, notice: 'a\u0000b' }, 'INVALID_TEXT'],
      [{ year: 2025, selfEvaluationBy: 'tomorrow' }, 'VALIDATION_FAILED'],
      [[2025], 'INVALID_BODY'],
    ] as const) {
      const r = await w.call(staff, 'POST', '/assessments', body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([400, code]);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const q of ['year=abc', 'year=1800', 'foo=1', 'year=2025&year=2026']) expect((await w.call(staff, 'GET', `/assessments?${q}`)).status, q).toBe(400);
    expect((await w.call(await token('unit1'), 'POST', '/assessments', { year: 2025 })).status).toBe(403);
    expect((await w.call(await token('deputy1'), 'POST', '/assessments', { year: 2025 })).status).toBe(403);
    expect(await rowCount(w)).toBe(before);

    const c2025 = await runYear(2025, true);
    expect((await w.call(staff, 'POST', '/assessments', { year: 2025 })).status).toBe(409);

    let year: Json = (await w.call(await token('staff'), 'GET', '/assessments?year=2025')).body;
    expect(year.scoring.modeTitle).toBe('折算百分制');
    expect(year.scoring.rows.map((r: Json) => [r.name, r.points, r.score, r.rank, r.gradeTitle, r.selfEvaluationTitle])).toEqual([
      ['王建国', 40, 100, 1, '好', '已自评并经小组校核'],
      ['李秀英', 32, 80, 2, '好', '已自评并经小组校核'],
      ['张伟', 30, 75, 3, '较好', '已自评并经小组校核'],
      ['刘芳', 24, 60, 4, '较好', '已自评并经小组校核'],
      ['陈志强', 10, 25, 5, '差', '已自评并经小组校核'],
    ]);
    expect(year.scoring.counts.map((c: Json) => [c.title, c.count])).toEqual([['好', 2], ['较好', 2], ['差', 1]]);
    expect(year.approved).toBe(true);
    expect(year.commended.map((r: Json) => r.name)).toEqual(['王建国', '李秀英']);
    expect(year.flagged).toEqual([]);
    expect(year.campaign.stateTitle).toBe('公布表扬名单');

    // Follow-ups: the commendation list, then one 约谈 task, for 陈志强 only.
    await act('staff', c2025, 'PUBLISH_COMMENDATION', { honour: '优秀人大代表', publishedOn: '2026-02-15', channel: '人大门户网站' });
    const interviews = (await inbox('staff', c2025)).filter((t) => t.outcomes.some((o) => o.event === 'RECORD_INTERVIEW'));
    expect(interviews.map((t) => t.title)).toEqual(['约谈陈志强代表（2025年度考核差）']);
    await act('staff', c2025, 'RECORD_INTERVIEW', { interviewedOn: '2026-02-20', interviewer: '人事代表工作委员会主任', record: '指出全年履职活动偏少。', commitment: '每季度至少进站接待一次。' });
    year = (await w.call(await token('staff'), 'GET', '/assessments?year=2025')).body;
    expect([year.campaign.stateTitle, year.commendation.honour, year.interviews]).toEqual(['考核结束', '优秀人大代表', [{ deputyId: 'demo-deputy5', name: '陈志强', gradeTitle: '差', gradeTitle_en: 'Poor', done: true }]]);

    // A deputy reads their own grade, nobody else's; unit clerks and deputies are refused the list.
    const mine: Json = (await w.call(await token('deputy2'), 'GET', '/assessments/mine?year=2025')).body;
    expect([mine.published, mine.result.gradeTitle, mine.result.score, mine.result.rank, mine.selfEvaluation.title]).toEqual([true, '好', 80, 2, '已校核']);
    expect(JSON.stringify(mine)).not.toContain('陈志强');
    expect(JSON.stringify(mine)).not.toContain('demo-deputy1');
    expect((await w.call(await token('deputy2'), 'GET', '/assessments?year=2025')).status).toBe(403);
    expect((await w.call(await token('unit1'), 'GET', '/assessments?year=2025')).status).toBe(403);
    expect((await w.call(await token('unit1'), 'GET', '/assessments/mine?year=2025')).status).toBe(403);
    expect((await w.call(await token('leader'), 'GET', '/assessments?year=2025')).status).toBe(200);

    // ---- The county's overlay: four grades by percentile (the next year's campaign takes it).
    const admin = await token('admin');
    const patch = {
      settings: {
        gradingMode: 'PERCENTILE',
        gradeBands: [
          { grade: 'EXCELLENT', title: '优秀', title_en: 'Excellent', min: 75, commend: true },
          { grade: 'COMPETENT', title: '称职', title_en: 'Competent', min: 50 },
          { grade: 'BASIC', title: '基本称职', title_en: 'Basically competent', min: 25 },
          { grade: 'INCOMPETENT', title: '不称职', title_en: 'Incompetent', min: 0, interview: true },
        ],
      },
    };
    expect((await w.call(admin, 'PUT', '/definitions/deputy-assessment/overlay', { patch })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/deputy-assessment/publish')).status).toBe(201);

    // ---- 2026: points 20 / 16 / 16 / 10 / 2 → percentile 100 / 50 / 50 / 25 / 0.
    w.clock.set('2026-07-01T01:00:00Z');
    await confirmPoints('2026-06-20', [10, 8, 8, 5, 1]);
    w.clock.set('2027-01-11T01:00:00Z');
    const c2026 = await runYear(2026, false);
    year = (await w.call(await token('staff'), 'GET', '/assessments?year=2026')).body;
    expect(year.scoring.modeTitle).toBe('百分位');
    expect(year.scoring.rows.map((r: Json) => [r.name, r.points, r.score, r.rank, r.gradeTitle])).toEqual([
      ['王建国', 20, 100, 1, '优秀'],
      ['李秀英', 16, 50, 2, '称职'],
      ['张伟', 16, 50, 2, '称职'],
      ['刘芳', 10, 25, 4, '基本称职'],
      ['陈志强', 2, 0, 5, '不称职'],
    ]);
    expect(year.flagged).toEqual([{ deputyId: 'demo-deputy5', name: '陈志强', title: '连续两年考核为约谈档：建议原选举单位劝其辞去代表职务', title_en: expect.any(String) }]);
    await act('staff', c2026, 'PUBLISH_COMMENDATION', { honour: '优秀人大代表', publishedOn: '2027-02-15' });
    expect((await inbox('staff', c2026)).map((t) => t.title)).toEqual(['约谈陈志强代表（2026年度考核不称职）']);
    const own5: Json = (await w.call(await token('deputy5'), 'GET', '/assessments/mine?year=2026')).body;
    expect([own5.result.gradeTitle, own5.result.flag.title]).toEqual(['不称职', '连续两年考核为约谈档：建议原选举单位劝其辞去代表职务']);
    // The 2025 campaign, pinned to its version, keeps the default bands.
    expect((await w.call(await token('staff'), 'GET', '/assessments?year=2025')).body.scoring.rows[0].gradeTitle).toBe('好');
    // The 约谈 task is the office's: a deputy is refused it and sees nothing of it.
    const interview = (await inbox('staff', c2026))[0]!;
    const refused = await w.call(await token('deputy5'), 'POST', `/tasks/${interview.id}/complete`, { outcome: 'RECORD_INTERVIEW', data: { interviewedOn: '2027-02-20', interviewer: '某', record: '某' } });
    expect([403, 404]).toContain(refused.status);
    expect((await inbox('staff', c2026)).map((t) => t.id)).toEqual([interview.id]);
  });
});
