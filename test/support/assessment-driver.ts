/**
 * Driving the annual assessment (DOMAIN §7.4) through the work API as the people do it, for the
 * tests that need a graded year (test/api/deputy-assessment.test.ts, the archive's duty record):
 * points claimed and confirmed in two steps, then a year from opening to the chair council's
 * approval — every demo deputy writes a self-evaluation, the group checks (one returned and
 * written again when asked), the office scores, the chair council approves.
 */
import { expect } from 'vitest';
import { taskDriver } from './task-driver.ts';
import type { WorkApp } from './work-app.ts';

export const DEPUTIES = ['deputy1', 'deputy2', 'deputy3', 'deputy4', 'deputy5'];

export function assessmentDriver(w: WorkApp) {
  const { token, act, inbox } = taskDriver(w);

  /** Each deputy claims TRAINING (2 points) `quantity` times; 初审 by staff, 复核 by admin. */
  const confirmPoints = async (date: string, quantities: number[]) => {
    for (const [i, quantity] of quantities.entries()) {
      const claim = await w.call(await token(DEPUTIES[i]!), 'POST', '/points/claims', { ruleCode: 'TRAINING', date, quantity, description: '参加代表履职学习培训' });
      expect(claim.status, JSON.stringify(claim.body)).toBe(201);
      expect((await w.call(await token('staff'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
      expect((await w.call(await token('admin'), 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    }
  };

  /** The year from opening to the chair council's approval; returns the campaign id. */
  const runYear = async (year: number, returnOne: boolean) => {
    const opened = await w.call(await token('staff'), 'POST', '/assessments', { year, selfEvaluationBy: `${year + 1}-01-20`, notice: '请各位代表对照“七个一”任务填写年度自评。' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.selfEvaluations).toBe(5);
    const campaign = opened.body.campaignId as string;
    for (const d of DEPUTIES) {
      const [task] = (await inbox(d)).filter((t) => t.title === `填写${year}年度履职自评`);
      expect(task, d).toBeDefined();
      await act(d, task!.instanceId, 'SUBMIT_SELF_EVALUATION', { summary: `${year}年参加人代会，提出建议，进站接待选民。`, tasksDone: ['CONTACT_CONSTITUENTS', 'SUGGESTION'], selfRating: 'GOOD' });
    }
    const checks = (await inbox('staff')).filter((t) => t.title.startsWith('校核') && t.title.endsWith(`${year}年度自评`));
    expect(checks).toHaveLength(5);
    for (const [i, t] of checks.entries()) {
      if (returnOne && i === 0) {
        await act('staff', t.instanceId, 'RETURN_SELF_EVALUATION', { reason: '请补充进站接待的次数。' });
        const again = (await w.call(await token('staff'), 'GET', `/instances/${t.instanceId}`)).body;
        const deputy = DEPUTIES.find((d) => again.context.deputyId === `demo-${d}`)!;
        await act(deputy, t.instanceId, 'SUBMIT_SELF_EVALUATION', { summary: '全年进站接待选民 6 次。', selfRating: 'GOOD' });
      }
      await act('staff', t.instanceId, 'CONFIRM_CHECK', { consistent: true, opinion: '自评与履职记录相符。' });
    }
    const progress = (await w.call(await token('staff'), 'GET', `/assessments?year=${year}`)).body.progress;
    expect(progress).toEqual({ deputies: 5, written: 5, checked: 5 });
    await act('staff', campaign, 'START_SCORING', { checkedOn: `${year + 1}-01-25` });
    await act('staff', campaign, 'SUBMIT_SCORES', { pointsChecked: true, opinion: '已核对全年确认积分。' });
    // The deputies cannot see the campaign (every grade is in it), nor the list.
    expect((await w.call(await token('deputy1'), 'GET', `/instances/${campaign}`)).status).toBe(404);
    await act('leader', campaign, 'APPROVE', { meeting: `第十八届常委会第${year - 2000}次主任会议`, decidedOn: `${year + 1}-02-10` });
    return campaign;
  };

  return { confirmPoints, runYear };
}
