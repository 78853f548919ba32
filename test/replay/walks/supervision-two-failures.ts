/**
 * 监督 from the public call for topics to the end of each plan item, as the first walk of
 * test/api/supervision.test.ts: the call closes by its timer; screening; the plan adopted
 * after one return; three supervision-item children: a special inquiry rated 不满意 whose
 * handling report fails the standing committee's test twice → the organ's 检查 → the chair
 * council decides measures; a law inspection passing with 满意; a work report whose
 * report-back goes overdue (task and process timers) and passes with 基本满意; the plan concludes.
 */
import { expect } from 'vitest';
import { runDueTimers } from '../../../runtime/store/index.ts';
import { Authenticator } from '../../../server/auth.ts';
import { addDeputies } from '../../support/deputies.ts';
import { taskDriver, type DriverTask } from '../../support/task-driver.ts';
import type { WorkApp } from '../../support/work-app.ts';
import type { Walk } from './walk.ts';
import { SealedBallots, tellersOf } from '../../support/sealed-ballot.ts';

export interface Task extends DriverTask {
  overdue: boolean;
  unitId: string | null;
}

export interface Child {
  id: string;
  title: string;
}

export const PROPOSAL = { necessity: '群众反映强烈，事关民生。', mainProblems: '资源不足、服务不均衡。', targetOrgan: 'GOV', contact: '13800000000', address: '城关镇人民路1号', channel: 'LETTER' };
const INQUIRY_TOPIC = '基层医疗卫生服务能力提升';
export const REPORT_TOPIC = '义务教育优质均衡发展情况';
const LAW_TOPIC = '《中华人民共和国环境保护法》实施情况';

/** The standing committee of 11 and the task driver the supervision walks use (also test/api/supervision.test.ts). */
export async function supervisionSetup(w: WorkApp) {
  const handle = w.handle;
  const more = await addDeputies(handle.db, { countyId: 'demo', count: 9, prefix: 'sc', standingCommittee: 9, clock: w.clock });
  const members = ['demo-deputy1', 'demo-deputy2', ...more.map((d) => d.id)];
  expect(members).toHaveLength(11);
  const auth = new Authenticator({ db: handle.db, secret: 'test-secret', clock: w.clock });
  const { token, inbox, complete, act, view } = taskDriver<Task>(w);
  const setClock = (iso: string) => w.clock.set(iso);
  /** The instance's one ready ballot: open it, let the 11 members vote S/B/U as given, close it. */
  const satisfactionTest = async (instanceId: string, candidateId: string, S: number, B: number, U: number) => {
    const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${instanceId}`)).body.ballots as Array<{ id: string; status: string }>;
    const ready = ballots.filter((b) => b.status === 'ready');
    expect(ready).toHaveLength(1);
    const id = ready[0]!.id;
    const sealed = new SealedBallots(w, await tellersOf(w));
    await sealed.prepare(await token('staff'), id);
    await sealed.open(await token('staff'), id);
    const marks = [...Array<string>(S).fill('SATISFIED'), ...Array<string>(B).fill('BASIC'), ...Array<string>(U).fill('UNSATISFIED')];
    for (const [i, rating] of marks.entries()) {
      const voter = await auth.issueToken({ id: members[i]!, countyId: 'demo' });
      expect((await sealed.cast(voter, id, { [candidateId]: rating })).status).toBe(201);
    }
    return (await sealed.closeAndPublish(await token('staff'), id)).tally;
  };
  return { w, token, setClock, inbox, complete, act, view, satisfactionTest };
}

export const supervisionTwoFailures: Walk = {
  name: 'supervision-two-failures',
  description: 'The 2026 supervision plan: topics, screening, the plan, and three items: a special inquiry whose handling report fails twice (检查, measures decided), a law inspection, a work report reported late; the plan concludes.',
  start: '2025-10-20T01:00:00Z',
  async run(app) {
    const { w, token, setClock, inbox, complete, act, view, satisfactionTest } = await supervisionSetup(app);
    // 1. The call for 2026 topics (五原县's window, §9.6); proposals from a citizen, a deputy, a committee.
    const started = await w.call(await token('staff'), 'POST', '/definitions/supervision/instances', {
      data: { year: 2026, callStart: '2025-10-24', callEnd: '2025-11-12', notice: '公开征集2026年度监督议题。' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const plan = started.body.id as string;
    await act('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: INQUIRY_TOPIC, method: 'SPECIAL_INQUIRY', proposerType: 'CITIZEN', proposerName: '李秀英' });
    await act('deputy1', plan, 'SUBMIT_PROPOSAL', { ...PROPOSAL, topicName: REPORT_TOPIC, method: 'WORK_REPORT', proposerType: 'DEPUTY', proposerName: '王建国', channel: 'ONLINE' });
    await act('staff', plan, 'RECORD_PROPOSAL', {
      ...PROPOSAL, topicName: LAW_TOPIC, method: 'LAW_INSPECTION', lawName: '中华人民共和国环境保护法', proposerType: 'COMMITTEE', proposerName: '城乡建设环境保护工作委员会',
    });
    await act('staff', plan, 'RECORD_PROPOSAL', {
      ...PROPOSAL, topicName: '基层医疗卫生人才队伍建设', method: 'SPECIAL_INQUIRY', proposerType: 'DEPUTIES_JOINT', proposerName: '张伟等3名代表', signerCount: 3,
    });
    await act('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '某小区物业纠纷', method: 'WORK_REPORT', proposerType: 'CITIZEN', proposerName: '陈刚' });
    // A law inspection needs the law named (F3.1).
    const noLaw = await complete('staff', plan, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '防洪法实施情况', method: 'LAW_INSPECTION', proposerType: 'CITIZEN', proposerName: '赵敏' });
    expect(noLaw.status).toBe(400);
    expect((await view(plan)).context.proposals.map((p: { no: number; proposerType: string }) => [p.no, p.proposerType])).toEqual([
      [1, 'CITIZEN'], [2, 'DEPUTY'], [3, 'COMMITTEE'], [4, 'DEPUTIES_JOINT'], [5, 'CITIZEN'],
    ]);

    // The call closes by itself at the end of 12 November, Beijing time.
    setClock('2025-11-12T15:59:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect((await view(plan)).state).toContain('collecting');
    setClock('2025-11-12T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect((await view(plan)).state).toBe('screening');

    // 2. Screening: one task per proposal.
    const screening = await inbox('staff', plan);
    expect(screening).toHaveLength(5);
    const screen = async (topic: string, outcome: string, data: unknown) => {
      const task = screening.find((t) => t.title === `审查监督议题建议：${topic}`) as Task;
      return w.call(await token('staff'), 'POST', `/tasks/${task.id}/complete`, { outcome, data });
    };
    const adopt = (title: string, method: string, unitId: string, quarter: number, committee: string) => ({ title, method, unitId, quarter, committee, targetOrgan: 'GOV', meeting: '第二十三次常委会会议' });
    const ok = (r: { status: number; body: unknown }) => expect(r.status, JSON.stringify(r.body)).toBe(200);
    ok(await screen(INQUIRY_TOPIC, 'ADOPT', adopt(`${INQUIRY_TOPIC}专题询问`, 'SPECIAL_INQUIRY', 'unit-health', 2, 'EDU_SCI_CULTURE_HEALTH')));
    ok(await screen(REPORT_TOPIC, 'ADOPT', adopt(REPORT_TOPIC, 'WORK_REPORT', 'unit-education', 2, 'EDU_SCI_CULTURE_HEALTH')));
    ok(await screen(LAW_TOPIC, 'ADOPT', { ...adopt(LAW_TOPIC, 'LAW_INSPECTION', 'unit-housing', 3, 'URBAN_ENVIRONMENT'), lawName: '中华人民共和国环境保护法' }));
    // 3 deputies are below the 5 needed to propose an inquiry jointly (inquiryProposalThreshold): merged instead.
    expect((await screen('基层医疗卫生人才队伍建设', 'ADOPT', adopt('基层医疗卫生人才队伍建设专题询问', 'SPECIAL_INQUIRY', 'unit-health', 3, 'EDU_SCI_CULTURE_HEALTH'))).status).toBe(422);
    ok(await screen('基层医疗卫生人才队伍建设', 'MERGE', { intoTopic: INQUIRY_TOPIC }));
    ok(await screen('某小区物业纠纷', 'DECLINE', { reason: 'INDIVIDUAL_CASE', explanation: '属个案，已转信访部门依法处理。' }));
    const screened = await view(plan);
    expect(screened.state).toBe('drafting');
    expect(screened.context.decisions.map((d: { decision: string; proposal: { no: number }; planItemId?: string }) => [d.proposal.no, d.decision, d.planItemId ?? null])).toEqual([
      [1, 'ADOPT', 'JD2026-1'], [2, 'ADOPT', 'JD2026-2'], [3, 'ADOPT', 'JD2026-3'], [4, 'MERGE', null], [5, 'DECLINE', null],
    ]);
    // The citizen's proposal is plan item JD2026-1.
    expect(screened.context.planItems[0]).toMatchObject({ id: 'JD2026-1', method: 'SPECIAL_INQUIRY', unitId: 'unit-health', source: { proposerType: 'CITIZEN', proposerName: '李秀英', topicName: INQUIRY_TOPIC } });

    // 3. The chair council adopts the plan (after one return); one supervision item per plan item.
    await act('staff', plan, 'SUBMIT_PLAN', { summary: '共列入监督项目3项。', publishOnline: true });
    await act('leader', plan, 'RETURN_PLAN', { opinion: '请补充各项目的报告单位。' });
    await act('staff', plan, 'SUBMIT_PLAN', { summary: '共列入监督项目3项，已明确报告单位。', publishOnline: true });
    setClock('2026-01-15T02:00:00Z');
    await act('leader', plan, 'APPROVE_PLAN', { meeting: '第四十次主任会议', approvedOn: '2026-01-15' });
    const adopted = await view(plan);
    expect([adopted.state, adopted.context.published]).toEqual(['inExecution', true]);
    const children = adopted.children as Child[];
    expect(children.map((c) => c.title).sort()).toEqual([LAW_TOPIC, `${INQUIRY_TOPIC}专题询问`, REPORT_TOPIC].sort());
    const childOf = (title: string) => (children.find((c) => c.title === title) as Child).id;
    const inquiry = childOf(`${INQUIRY_TOPIC}专题询问`);
    const report = childOf(REPORT_TOPIC);
    const law = childOf(LAW_TOPIC);

    // 4. The special inquiry: plan, questions, the organ's report, deliberation.
    await act('staff', inquiry, 'START');
    await act('staff', inquiry, 'SUBMIT_WORKPLAN', {
      organisation: '主任会议成员牵头，教科文卫工委具体组织。', targetUnitIds: ['unit-health', 'unit-education'], content: '基层医疗卫生服务能力建设情况。',
      meetingType: 'JOINT_GROUP', schedule: '2026年6月常委会会议期间。', liveBroadcast: true,
    });
    await act('leader', inquiry, 'APPROVE_WORKPLAN', { meeting: '第四十二次主任会议', approvedOn: '2026-03-10' });
    expect((await view(inquiry)).state).toBe('fieldwork.gatheringQuestions');
    await act('staff', inquiry, 'LOG_ACTIVITY', { date: '2026-04-08', kind: 'SITE_CHECK', place: '城关镇卫生院', participants: 12, deputiesCount: 5, findings: '基层医生缺口较大。' });
    await act('staff', inquiry, 'FINALISE_QUESTIONS', {
      questions: [
        { no: 1, askerId: 'demo-deputy1', askerName: '王建国', askerRole: 'SC_MEMBER', targetUnitId: 'unit-health', question: '乡镇卫生院设备更新何时完成？' },
        { no: 2, askerId: 'demo-deputy3', askerName: '刘芳', askerRole: 'DEPUTY', targetUnitId: 'unit-education', question: '学校卫生室如何配备校医？' },
      ],
    });
    await act('staff', inquiry, 'SEND_TO_ORGAN_FOR_COMMENT', { findings: '调研发现基层医疗人才不足。', opinions: '请在报告中说明人才引进措施。', sentOn: '2026-05-10' });
    await act('unit3', inquiry, 'SUBMIT_ORGAN_REPORT', { reportTitle: '关于基层医疗卫生服务能力提升工作情况的报告', summary: '全县卫生院标准化建设……', reporterName: '周明' });
    await act('staff', inquiry, 'DELIBERATE', { meeting: '第二十三次常委会会议', meetingDate: '2026-06-25', membersPresent: 11, organHeadAttended: true, remarks: '委员们认为人才短板突出。' });
    // Each question is answered by the unit it was put to.
    const unit3Answers = await inbox('unit3', inquiry);
    const unit2Answers = await inbox('unit2', inquiry);
    expect([unit3Answers.map((t) => t.title), unit2Answers.map((t) => t.title)]).toEqual([
      ['录入应询答复（第1问）：乡镇卫生院设备更新何时完成？'], ['录入应询答复（第2问）：学校卫生室如何配备校医？'],
    ]);
    await act('unit3', inquiry, 'ANSWER', { responderName: '周明', responderTitle: '县卫生健康局局长', answerSummary: '年底前完成。', commitment: { text: '12月底前完成设备更新', dueDate: '2026-12-31' } });
    expect((await view(inquiry)).state).toBe('inquiry.inSession');
    await act('unit2', inquiry, 'ANSWER', { responderName: '孙丽', responderTitle: '县教育局副局长', answerSummary: '分批配备。', followUpNeeded: true });
    const answered = await view(inquiry);
    expect(answered.state).toBe('inquiry.testing');
    expect(answered.context.answers.map((a: { question: { no: number }; responderTitle: string }) => [a.question.no, a.responderTitle])).toEqual([[1, '县卫生健康局局长'], [2, '县教育局副局长']]);

    // The on-the-spot test, by the standing committee (publicInTests false): 3/2/6 → 不满意.
    const spot = await satisfactionTest(inquiry, 'JD2026-1', 3, 2, 6);
    expect([spot.issued, spot.candidates[0].rating]).toEqual([11, 'UNSATISFIED']);
    const afterSpot = await view(inquiry);
    expect([afterSpot.state, afterSpot.context.inquiryElectorate, afterSpot.context.inquiryRating, afterSpot.context.inquiryPassed]).toEqual(['opinionsDrafting', 'STANDING_COMMITTEE', 'UNSATISFIED', false]);

    // 5. Review opinions, issued by the chair council; the first handling report fails (2/3/6: S+B = 5, not > 5.5).
    await act('staff', inquiry, 'COMPILE_OPINIONS', { opinions: ['加快基层医疗人才引进。', '完善乡镇卫生院设备。'], inquiryIssues: '询问中委员对人才引进措施不满意。' });
    await act('leader', inquiry, 'CHAIR_COUNCIL_APPROVE', { meeting: '第四十五次主任会议', docNo: '常办〔2026〕12号', issuedOn: '2026-06-30' });
    const handling = (n: number) => ({ responses: [{ opinionNo: 1, adoption: 'IN_PROGRESS', measures: `第${n}次：招聘全科医生20名。` }], summary: `第${n}次报告。`, signedBy: '周明' });
    await act('unit3', inquiry, 'SUBMIT_HANDLING_REPORT', handling(1));
    const first = await satisfactionTest(inquiry, 'JD2026-1', 2, 3, 6);
    expect(first.candidates[0].rating).toBe('UNSATISFIED');
    const reReport = await view(inquiry);
    expect([reReport.state, reReport.context.failedReports]).toEqual(['reReportRequired', 1]);
    expect((await inbox('unit3', inquiry)).map((t) => t.title)).toEqual([`重新研究处理审议意见并再次报告：${INQUIRY_TOPIC}专题询问`]);

    // The re-report fails again (4/1/6) → the second failure: the organ must submit a 检查.
    await act('unit3', inquiry, 'SUBMIT_HANDLING_REPORT', handling(2));
    const second = await satisfactionTest(inquiry, 'JD2026-1', 4, 1, 6);
    expect(second.candidates[0].rating).toBe('UNSATISFIED');
    const failedTwice = await view(inquiry);
    expect([failedTwice.state, failedTwice.context.failedReports, failedTwice.context.handlingReports.length, failedTwice.context.handlingTests.length]).toEqual(['selfCriticism', 2, 2, 2]);
    expect((await inbox('unit3', inquiry)).map((t) => t.title)).toEqual([`就审议意见落实不力作出检查：${INQUIRY_TOPIC}专题询问`]);
    expect(await inbox('leader', inquiry)).toEqual([]);
    await act('unit3', inquiry, 'SUBMIT_SELF_CRITICISM', { causes: '重视不够。', responsibility: '局党组负主要责任。', rectification: '制定人才引进三年计划。', signedBy: '周明' });
    // The chair council decides further measures; without a re-report the item closes.
    expect((await inbox('leader', inquiry)).map((t) => [t.title, t.outcomes.map((o) => o.event).sort()])).toEqual([
      [`决定进一步监督措施：${INQUIRY_TOPIC}专题询问`, ['CLOSE_ITEM', 'DECIDE_MEASURES']],
    ]);
    const decided = await act('leader', inquiry, 'DECIDE_MEASURES', { meeting: '第五十次主任会议', measures: ['RECOMMEND_ORG_MEASURES', 'PUBLIC_NOTICE'], detail: '建议县委对有关责任人作出组织处理，并予通报。' });
    expect([decided.state, decided.context.result]).toEqual(['closed', 'MEASURES_DECIDED']);

    // 6. The law inspection: the inspected units' self-checks, an activity, the report, deliberation.
    setClock('2026-04-01T02:00:00Z');
    await act('staff', law, 'START');
    await act('staff', law, 'SUBMIT_WORKPLAN', {
      lawNames: ['中华人民共和国环境保护法', '某省环境保护条例'], objects: ['unit-housing', 'unit-health'], scope: ['城关镇', '河东街道'], focus: ['医疗废物处置'],
      methods: ['HEAR_REPORT', 'SITE_CHECK', 'UNANNOUNCED'], phases: [{ name: 'MOBILISE', start: '2026-04-01', end: '2026-04-15' }, { name: 'VERIFY', start: '2026-04-16', end: '2026-05-31' }],
      teamLeaderId: 'demo-leader', deputiesInvited: ['demo-deputy4', 'demo-deputy5'], upperLevelJoint: false,
    });
    await act('leader', law, 'APPROVE_WORKPLAN', { meeting: '第四十三次主任会议', approvedOn: '2026-04-02' });
    expect((await inbox('unit1', law)).map((t) => t.title)).toEqual([`报送执法检查自查报告：${LAW_TOPIC}`]);
    expect((await complete('staff', law, 'END_FIELDWORK')).status).toBe(422); // not before an activity
    await act('unit1', law, 'SELF_CHECK', { summary: '已建立环境监管网格。', problems: '执法力量不足。' });
    await act('unit3', law, 'SELF_CHECK', { summary: '医疗废物集中处置率100%。', problems: '乡镇收运不及时。' });
    await act('staff', law, 'LOG_ACTIVITY', { date: '2026-05-12', kind: 'UNANNOUNCED', phase: 'VERIFY', place: '河东街道', findings: '个别卫生室医疗废物暂存不规范。' });
    await act('staff', law, 'END_FIELDWORK');
    const inspected = await view(law);
    expect([inspected.state, inspected.context.selfChecks.map((s: { unitId: string }) => s.unitId)]).toEqual(['inspectionReportDrafting', ['unit-housing', 'unit-health']]);
    await act('staff', law, 'SUBMIT_INSPECTION_REPORT', { basicSituation: '全县贯彻实施总体良好。', achievements: '空气质量优良率提升。', problems: '基层执法力量不足。', suggestions: '充实乡镇执法力量。' });
    await act('staff', law, 'DELIBERATE', { meeting: '第二十四次常委会会议', meetingDate: '2026-08-28', remarks: '委员建议加强执法。' });
    await act('staff', law, 'COMPILE_OPINIONS', { opinions: ['充实基层执法力量。'] });
    await act('leader', law, 'CHAIR_COUNCIL_APPROVE', { meeting: '第四十八次主任会议', docNo: '常办〔2026〕20号' });
    await act('unit1', law, 'SUBMIT_HANDLING_REPORT', { responses: [{ opinionNo: 1, adoption: 'ADOPTED', measures: '新增执法人员10名。' }], summary: '已全部落实。' });
    const lawTest = await satisfactionTest(law, 'JD2026-3', 9, 2, 0);
    expect(lawTest.candidates[0].rating).toBe('SATISFIED');
    expect((await view(law)).context).toMatchObject({ result: 'PASSED', handlingRating: 'SATISFIED', failedReports: 0 });

    // 7. The work report: the report-back is due two months after the opinions are issued.
    await act('staff', report, 'START');
    await act('staff', report, 'SUBMIT_WORKPLAN', { objectives: '推动义务教育优质均衡。', content: '师资配置、学校建设。', steps: '调研、座谈、听取报告。', teamLeaderId: 'demo-leader' });
    await act('leader', report, 'APPROVE_WORKPLAN', { meeting: '第四十四次主任会议', approvedOn: '2026-04-20' });
    await act('staff', report, 'LOG_ACTIVITY', { date: '2026-04-28', kind: 'SEMINAR', findings: '农村学校教师结构性缺编。' });
    await act('staff', report, 'END_FIELDWORK');
    await act('staff', report, 'SEND_TO_ORGAN_FOR_COMMENT', { findings: '教师结构性缺编。', opinions: '请说明补充教师的计划。' });
    await act('unit2', report, 'SUBMIT_ORGAN_REPORT', { reportTitle: '关于义务教育优质均衡发展情况的报告', summary: '……', reporterName: '孙丽' });
    await act('staff', report, 'DELIBERATE', { meeting: '第二十三次常委会会议', meetingDate: '2026-05-18', remarks: '委员关注教师编制。' });
    await act('staff', report, 'COMPILE_OPINIONS', { opinions: ['统筹教师编制。', '改善农村学校条件。'] });
    setClock('2026-05-20T02:00:00Z'); // 10:00 on 20 May in Beijing
    await act('leader', report, 'CHAIR_COUNCIL_APPROVE', { meeting: '第四十六次主任会议', docNo: '常办〔2026〕15号', issuedOn: '2026-05-20' });
    const [due] = await inbox('unit2', report);
    // P2M from 20 May, to the end of 20 July (Beijing) = 16:00 UTC.
    expect([due?.title, due?.dueAt, due?.overdue]).toEqual([`报送审议意见研究处理情况报告：${REPORT_TOPIC}`, '2026-07-20T16:00:00.000Z', false]);
    expect((await view(report)).context.handlingDueAt).toBe('2026-07-20T16:00:00.000Z');
    setClock('2026-07-20T15:59:00Z');
    await runDueTimers(w.handle.db, w.rt);
    expect([(await inbox('unit2', report))[0]?.overdue, (await view(report)).context.handlingOverdue]).toEqual([false, false]);
    setClock('2026-07-20T16:00:30Z');
    await runDueTimers(w.handle.db, w.rt);
    expect([(await inbox('unit2', report))[0]?.overdue, (await view(report)).context.handlingOverdue]).toEqual([true, true]);

    // Reported late; 5/1/5 is 基本满意 (S = 5 is not > 5.5, S + B = 6 is), a pass under MAJORITY_RULE: first time.
    await act('unit2', report, 'SUBMIT_HANDLING_REPORT', { responses: [{ opinionNo: 1, adoption: 'ADOPTED', measures: '新增教师编制80名。' }, { opinionNo: 2, adoption: 'IN_PROGRESS', measures: '改造农村学校12所。' }], summary: '逐条落实。' });
    const reportTest = await satisfactionTest(report, 'JD2026-2', 5, 1, 5);
    expect(reportTest.candidates[0]).toMatchObject({ S: 5, B: 1, U: 5, rating: 'BASIC' });
    const passed = await view(report);
    expect([passed.state, passed.context.result, passed.context.failedReports, passed.context.handlingReportedOnTime]).toEqual(['closed', 'PASSED', 0, false]);

    // 8. Every item is done: the annual plan concludes with each item's result.
    const concluded = await view(plan);
    expect(concluded.state).toBe('concluded');
    const results = (concluded.context.itemResults as Array<{ itemId: string; result: string; handlingRating: string; inquiryRating: string | null; failedReports: number }>)
      .map((r) => [r.itemId, r.result, r.handlingRating, r.inquiryRating, r.failedReports])
      .sort();
    expect(results).toEqual([
      ['JD2026-1', 'MEASURES_DECIDED', 'UNSATISFIED', 'UNSATISFIED', 2],
      ['JD2026-2', 'PASSED', 'BASIC', null, 0],
      ['JD2026-3', 'PASSED', 'SATISFIED', null, 0],
    ]);
  },
};
