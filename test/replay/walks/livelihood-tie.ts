/**
 * The annual 民生实事 vote with a tie at the last seat, as test/api/statistics-processes.test.ts walks
 * it: ideas (the collection closes by its timer), triage, a 差额 list returned once, the
 * deputies' ballot where 03 and 04 tie for the third seat, the re-vote, one project instance
 * per elected candidate, one project through its check and both satisfaction tests to the
 * rectification a 不满意 opens.
 */
import { expect } from 'vitest';
import { runDueTimers } from '../../../runtime/store/index.ts';
import { Authenticator } from '../../../server/auth.ts';
import { addDeputies } from '../../support/deputies.ts';
import { taskDriver, type DriverTask as Task } from '../../support/task-driver.ts';
import type { Walk } from './walk.ts';
import { SealedBallots, tellersOf } from '../../support/sealed-ballot.ts';

const IDEA = { domain: 'HEALTH', need: '群众反映看病难。', proposerType: 'CITIZEN', proposerName: '赵敏', contact: '13800000000', channel: 'STATION' };
const candidate = (id: string, name: string, unit = 'unit-housing') => ({
  id,
  name,
  domain: 'HOUSING',
  content: `${name}：建设内容详见可行性研究报告。`,
  totalInvestment: 1200,
  fundingSource: 'COUNTY_BUDGET',
  responsibleUnitId: unit,
  completionDate: '2026-11-30',
});
const CANDIDATES = [
  candidate('01', '老旧小区改造'),
  candidate('02', '公共场所AED配置', 'unit-health'),
  candidate('03', '小学课后托管服务', 'unit-education'),
  candidate('04', '农村公路提质改造'),
  candidate('05', '电动自行车集中充电点建设'),
];

export const livelihoodTie: Walk = {
  name: 'livelihood-tie',
  description: 'The 2026 livelihood-project vote: ideas, triage, candidate list, a ballot tied at the last seat and its re-vote, three project instances, one project rated 不满意 by the standing committee and rectified.',
  start: '2025-09-01T01:00:00Z',
  async run(w) {
    const handle = w.handle;
    // The roster: the demo county's 5 deputies (2 on the standing committee) and 20 more, 9 of them members.
    const more = await addDeputies(handle.db, { countyId: 'demo', count: 20, prefix: 'gd', standingCommittee: 9, clock: w.clock });
    const { token, inbox, complete, act, view } = taskDriver(w);
    const voters = [...['deputy1', 'deputy2', 'deputy3', 'deputy4', 'deputy5'].map((u) => `demo-${u}`), ...more.map((d) => d.id)];
    const members = [voters[0]!, voters[1]!, ...voters.slice(5, 14)]; // 11 standing-committee members
    // Deputies' tokens are signed at the simulated time of each vote, as a login then would.
    const auth = new Authenticator({ db: handle.db, secret: 'test-secret', clock: w.clock });
    /** The instance's ballot that is not closed yet: open it, let `vote` cast, close it; returns the result. */
    const holdBallot = async (instanceId: string, vote: (i: number) => Record<string, string> | null, roll = voters) => {
      const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${instanceId}`)).body.ballots as Array<{ id: string; status: string }>;
      const ready = ballots.filter((b) => b.status === 'ready');
      expect(ready).toHaveLength(1);
      const id = ready[0]!.id;
      // A sealed secret ballot: the tellers make their keys, phones seal, tellers decrypt, staff publish.
      const sealed = new SealedBallots(w, await tellersOf(w));
      await sealed.prepare(await token('staff'), id);
      await sealed.open(await token('staff'), id);
      for (const [i, deputyId] of roll.entries()) {
        const marks = vote(i);
        const deputy = await auth.issueToken({ id: deputyId, countyId: 'demo' });
        if (marks) expect((await sealed.cast(deputy, id, marks)).status).toBe(201);
      }
      return sealed.closeAndPublish(await token('staff'), id);
    };

    // 1. The annual vote starts; ideas come from a deputy and, through the office, from citizens.
    const started = await w.call(await token('staff'), 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2026, seats: 3, collectionEnd: '2025-10-15' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const vote = started.body.id as string;
    await act('deputy1', vote, 'SUBMIT_IDEA', { ...IDEA, title: '乡镇卫生院设备更新', proposerType: 'DEPUTY', proposerName: '王建国', channel: 'ONLINE' });
    await act('staff', vote, 'RECORD_IDEA', { ...IDEA, title: '老旧小区加装电梯' });
    await act('staff', vote, 'RECORD_IDEA', { ...IDEA, title: '城区新建停车场' });
    await act('staff', vote, 'RECORD_IDEA', { ...IDEA, title: '老旧小区电梯加装' });
    expect((await view(vote)).context.ideas).toHaveLength(4);
    // The collection closes on its date (end of 15 October, Beijing time) by itself.
    w.clock.set('2025-10-15T16:00:00Z');

    await runDueTimers(w.handle.db, w.rt);
    expect((await view(vote)).state).toBe('triage');

    // 2. Triage: one task per idea.
    const triage = await inbox('staff', vote);
    expect(triage.map((t) => t.title).sort()).toEqual(['初步筛选项目建议：乡镇卫生院设备更新', '初步筛选项目建议：城区新建停车场', '初步筛选项目建议：老旧小区加装电梯', '初步筛选项目建议：老旧小区电梯加装']);
    const byTitle = (title: string) => triage.find((t) => t.title.endsWith(title)) as Task;
    const triageAct = async (title: string, outcome: string, data: unknown) => {
      const r = await w.call(await token('staff'), 'POST', `/tasks/${byTitle(title).id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await triageAct('乡镇卫生院设备更新', 'SHORTLIST', {});
    await triageAct('老旧小区加装电梯', 'SHORTLIST', { note: '与老旧小区改造合并实施' });
    await triageAct('老旧小区电梯加装', 'MERGE', { intoTitle: '老旧小区加装电梯' });
    await triageAct('城区新建停车场', 'REJECT', { reason: 'NOT_WITHIN_YEAR' });
    const triaged = await view(vote);
    expect([triaged.state, triaged.context.shortlisted.length, triaged.context.rejectedIdeas[0].title, triaged.context.mergedIdeas.length]).toEqual(['screening', 2, '城区新建停车场', 1]);

    // 3. Candidates: more than the seats (差额), reviewed by the standing committee.
    expect((await complete('staff', vote, 'PROPOSE_CANDIDATES', { candidates: CANDIDATES.slice(0, 3) })).status).toBe(422);
    await act('staff', vote, 'PROPOSE_CANDIDATES', { candidates: CANDIDATES.slice(0, 4) });
    await act('leader', vote, 'REQUEST_CHANGES', { opinion: '建议增加电动自行车充电设施项目。' });
    await act('staff', vote, 'PROPOSE_CANDIDATES', { candidates: CANDIDATES });
    await act('leader', vote, 'APPROVE_LIST', { opinion: '同意提请大会票决。' });
    await act('staff', vote, 'ADOPT_VOTING_RULES', { adoptedOn: '2026-01-10', reportDelivered: true });
    expect((await view(vote)).state).toBe('voting');

    // 4. The session votes, 22 of 25 deputies choosing 3 of 5: 01 (22) and 02 (16) are elected; 03 and 04 tie
    // at 14 for the third seat, both above half of all 25.
    const first = await holdBallot(vote, (i) => {
      if (i >= 22) return null; // absent
      const pattern = i < 8 ? ['01', '02', '03'] : i < 16 ? ['01', '02', '04'] : ['01', '03', '04'];
      return Object.fromEntries(pattern.map((c) => [c, 'APPROVE']));
    });
    expect(first.tally).toMatchObject({ status: 'TIE', issued: 25, returned: 22, elected: ['01', '02'], tie: { tiedCandidateIds: ['03', '04'], seatsLeft: 1 } });
    expect((await view(vote)).state).toBe('tieBreak');
    const second = await holdBallot(vote, (i) => ({ [i < 15 ? '03' : '04']: 'APPROVE' }));
    expect(second.tally).toMatchObject({ status: 'DECIDED', elected: ['03'] });
    const decided = await view(vote);
    expect(decided.state).toBe('implementing');
    expect(decided.context.elected).toEqual(['01', '02', '03']);
    expect(decided.children.map((c: { title: string }) => c.title).sort()).toEqual(['公共场所AED配置', '小学课后托管服务', '老旧小区改造']);

    // 5. One project: plan, quarterly report, the group's check within 15 working days, completion.
    const project = decided.children.find((c: { title: string }) => c.title === '老旧小区改造').id as string;
    await act('unit1', project, 'SUBMIT_PLAN', {
      milestones: [{ text: '完成12个小区改造', dueDate: '2026-10-31' }],
      annualInvestment: 1200,
      supervisionLeaderId: 'demo-leader',
      supervisionDeputyIds: ['demo-deputy1', 'demo-deputy3'],
    });
    w.clock.set('2026-04-03T01:00:00Z');
    await act('unit1', project, 'QUARTERLY_REPORT', { quarter: 1, progressPct: 25, fundsSpent: 300 });
    const check = await inbox('leader', project);
    // 15 working days from Friday 3 April 2026, over 清明 (4–6 April): Monday 27 April.
    expect(check.map((t) => [t.title, t.dueAt])).toEqual([['监督小组季度督查：老旧小区改造', '2026-04-27T16:00:00.000Z']]);
    await act('leader', project, 'LOG_INSPECTION', { type: 'SITE_VISIT', date: '2026-04-15', findings: '施工进度正常。' });
    await act('unit1', project, 'COMPLETE', { completedOn: '2026-11-20', summary: '12个小区改造全部完工。' });
    expect((await view(project)).state).toBe('scTest');

    // 6. Year-end tests: the standing committee rates it 不满意 (4 of 11 satisfied), the deputies 基本满意.
    const sc = await holdBallot(project, (i) => ({ '01': i < 4 ? 'SATISFIED' : i < 5 ? 'BASIC' : 'UNSATISFIED' }), members);
    expect(sc.tally.candidates[0]).toMatchObject({ S: 4, B: 1, U: 6, rating: 'UNSATISFIED' });
    expect((await view(project)).state).toBe('sessionTest');
    const session = await holdBallot(project, (i) => ({ '01': i < 10 ? 'SATISFIED' : 'BASIC' }));
    expect(session.tally.candidates[0]).toMatchObject({ S: 10, B: 15, rating: 'BASIC' });

    // 7. 不满意 opens the rectification task for the responsible unit, due in three months.
    const rectify = await inbox('unit1', project);
    expect(rectify.map((t) => t.title)).toEqual(['整改测评不满意的民生实事项目：老旧小区改造']);
    const done = await act('unit1', project, 'RECTIFIED', { causes: '部分小区外墙返修。', measures: '返修并建立长效管护机制。' });
    expect([done.state, done.context.scRating, done.context.sessionRating]).toEqual(['closed', 'UNSATISFIED', 'BASIC']);
    expect((await view(vote)).context.projectResults).toEqual([expect.objectContaining({ projectId: '01', scRating: 'UNSATISFIED', sessionRating: 'BASIC' })]);
  },
};
