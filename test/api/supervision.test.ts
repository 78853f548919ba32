/**
 * 监督 through HTTP, from the public call for topics to the end of each plan item
 * (DOMAIN.md §4): topics proposed by a citizen (recorded by the office), a deputy and a
 * committee; screening (adopt / decline / merge, the joint-inquiry threshold); the chair
 * council adopts the plan; one supervision-item per plan item:
 *
 * - a special inquiry (§4.6) rated 不满意 on the spot, whose handling report fails the
 *   standing committee's test twice → the organ's 检查 → the chair council decides;
 * - a special work report whose report-back is due 2 months after the opinions are issued
 *   (opinionHandlingPeriod), flagged overdue when that passes, and that passes its test
 *   first time with 基本满意 (testRule MAJORITY_RULE);
 * - a law-enforcement inspection (§4.5) with the inspected units' self-checks, passing
 *   with 满意.
 *
 * The standing committee has 11 members (demo deputy1, deputy2 and 9 more), so §1.3 reads
 * 满意 when S > 5.5 and 基本满意 when S + B > 5.5.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';
import { PROPOSAL, REPORT_TOPIC, supervisionSetup, type Child } from '../replay/walks/supervision-two-failures.ts';


describe.each(databases)('supervision topics, plan and items over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(start: string) {
    handle = await open();
    return supervisionSetup(await workApp(handle, start));
  }

  // The walk from a citizen's topic to the 检查 (supervisionTwoFailures, every check along the way)
  // runs in test/api/statistics-processes.test.ts, whose 监督 statistics read the same year.
  it('takes a county overlay (石泉: BINARY rule, 3-month period, deputies in inquiry tests) for new items only', { timeout: 240_000 }, async () => {
    const { w, token, setClock, inbox, act, view, satisfactionTest } = await setup('2026-01-05T02:00:00Z');
    /** A plan with one adopted topic, adopted by the chair council; returns the item's instance id. */
    const planWith = async (year: number, topicName: string, method: string, unitId: string) => {
      const started = await w.call(await token('staff'), 'POST', '/definitions/supervision/instances', { data: { year, callEnd: '2026-01-10' } });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const plan = started.body.id as string;
      await act('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName, method, proposerType: 'CITIZEN', proposerName: '李秀英' });
      await act('staff', plan, 'CLOSE_CALL');
      await act('staff', plan, 'ADOPT', { title: topicName, method, unitId, quarter: 2, committee: 'EDU_SCI_CULTURE_HEALTH', targetOrgan: 'GOV' });
      await act('staff', plan, 'SUBMIT_PLAN', { summary: '列入监督项目1项。' });
      await act('leader', plan, 'APPROVE_PLAN', { meeting: '第四十次主任会议', approvedOn: '2026-01-15' });
      const children = (await view(plan)).children as Child[];
      expect(children.map((c) => c.title)).toEqual([topicName]);
      return children[0]!.id;
    };
    /** Plan → fieldwork → the organ's report → deliberation (and for an inquiry one question answered). */
    const toOpinions = async (item: string, unit: string, inquiry: boolean) => {
      await act('staff', item, 'START');
      await act('staff', item, 'SUBMIT_WORKPLAN', inquiry
        ? { organisation: '主任会议成员牵头。', targetUnitIds: ['unit-education'], content: '学前教育。', meetingType: 'PLENARY', schedule: '6月。' }
        : { objectives: '推动工作。', content: '听取报告。', steps: '调研、听取报告。' });
      await act('leader', item, 'APPROVE_WORKPLAN', { meeting: '第四十二次主任会议', approvedOn: '2026-03-10' });
      await act('staff', item, 'LOG_ACTIVITY', { date: '2026-04-08', kind: 'SEMINAR', findings: '情况。' });
      if (inquiry) await act('staff', item, 'FINALISE_QUESTIONS', { questions: [{ no: 1, askerRole: 'DEPUTY', targetUnitId: 'unit-education', question: '普惠性幼儿园覆盖率何时达标？' }] });
      else await act('staff', item, 'END_FIELDWORK');
      await act('staff', item, 'SEND_TO_ORGAN_FOR_COMMENT', { findings: '情况。', opinions: '意见。' });
      await act(unit, item, 'SUBMIT_ORGAN_REPORT', { reportTitle: '工作情况的报告', summary: '……', reporterName: '孙丽' });
      await act('staff', item, 'DELIBERATE', { meeting: '第二十三次常委会会议', meetingDate: '2026-05-18', remarks: '审议。' });
      if (inquiry) await act(unit, item, 'ANSWER', { responderName: '孙丽', responderTitle: '县教育局局长', answerSummary: '年内达标。' });
    };
    const issue = async (item: string) => {
      await act('staff', item, 'COMPILE_OPINIONS', { opinions: ['加大投入。'] });
      await act('leader', item, 'CHAIR_COUNCIL_APPROVE', { meeting: '第四十六次主任会议', docNo: '常办〔2026〕15号' });
    };
    const handlingReport = { responses: [{ opinionNo: 1, adoption: 'ADOPTED', measures: '已落实。' }], summary: '已落实。' };

    // A running item, started on the base definition before the county publishes its overlay.
    const running = await planWith(2026, REPORT_TOPIC, 'WORK_REPORT', 'unit-education');
    const admin = await token('admin');
    const overlay = { delays: { opinionHandlingPeriod: 'P3M' }, settings: { testRule: 'BINARY', publicInTests: true } };
    const saved = await w.call(admin, 'PUT', '/definitions/supervision-item/overlay', { patch: overlay });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/supervision-item/publish')).status).toBe(201);
    const fresh = await planWith(2027, '学前教育普及普惠情况专题询问', 'SPECIAL_INQUIRY', 'unit-education');

    await toOpinions(running, 'unit2', false);
    await toOpinions(fresh, 'unit2', true);
    // The new inquiry is tested by all 14 deputies on the roster (publicInTests), not the 11 members.
    const spot = await satisfactionTest(fresh, 'JD2027-1', 8, 0, 0);
    expect([spot.issued, spot.candidates[0].rating]).toEqual([14, 'SATISFIED']);
    expect((await view(fresh)).context.inquiryElectorate).toBe('DEPUTIES');

    setClock('2026-05-20T02:00:00Z');
    await issue(running);
    await issue(fresh);
    const dueOf = async (item: string) => (await inbox('unit2', item)).map((t) => t.dueAt);
    expect(await dueOf(running)).toEqual(['2026-07-20T16:00:00.000Z']); // base: 2 months
    expect(await dueOf(fresh)).toEqual(['2026-08-20T16:00:00.000Z']); // overlay: 3 months (西平)

    // The same 基本满意 (5/1/5 of 11) passes the running item (MAJORITY_RULE) and fails the new one (BINARY).
    await act('unit2', running, 'SUBMIT_HANDLING_REPORT', handlingReport);
    await act('unit2', fresh, 'SUBMIT_HANDLING_REPORT', handlingReport);
    expect((await satisfactionTest(running, 'JD2026-1', 5, 1, 5)).candidates[0].rating).toBe('BASIC');
    expect((await satisfactionTest(fresh, 'JD2027-1', 5, 1, 5)).candidates[0].rating).toBe('BASIC');
    const [passed, failed] = [await view(running), await view(fresh)];
    expect([passed.state, passed.context.result, passed.context.settings.testRule]).toEqual(['closed', 'PASSED', 'MAJORITY_RULE']);
    expect([failed.state, failed.context.failedReports, failed.context.settings.testRule]).toEqual(['reReportRequired', 1, 'BINARY']);
  });
});
