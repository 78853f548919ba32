/**
 * A suggestion (建议) from submission to 满意 after one re-handling, as
 * test/api/suggestion-scenario.test.ts walks it: registration with its serial number, a lead
 * unit with an assisting unit, 不满意 with a request to re-handle, a second answer, the
 * feedback reminder fired by its timer, then 满意.
 */
import { expect } from 'vitest';
import { runDueTimers } from '../../../runtime/store/index.ts';
import { ANSWER, ASSIGNMENT, SUGGESTION } from '../../fixtures/suggestion-data.ts';
import { taskDriver } from '../../support/task-driver.ts';
import type { Walk } from './walk.ts';


export const suggestionRehandling: Walk = {
  name: 'suggestion-rehandling',
  description: 'A suggestion: registered (serial number), assigned to a lead and an assisting unit, answered, 不满意 → re-handling, the feedback reminder fires, 满意 → concluded.',
  start: '2026-03-02T01:00:00Z',
  async run(w) {
    const { token, act, view } = taskDriver(w);
    /** Each step an hour after the last, as people work. */
    const step = async (user: string, id: string, outcome: string, data?: unknown) => {
      const body = await act(user, id, outcome, data);
      w.clock.advance(3600_000);
      return body;
    };
    const started = await w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    const registered = await step('staff', id, 'ACCEPT', { categoryCode: 'EDU_SCI_CULT_HEALTH_SPORT', termNo: '十八届', sessionNo: '一次' });
    expect(registered.context.serialNo).toBe('十八届一次-0001');
    await step('staff', id, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    const handling = await step('staff', id, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
    expect(handling.children).toHaveLength(1);
    const child = handling.children[0].id as string;

    await step('unit1', child, 'ACCEPT');
    await step('unit1', child, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'FACE_TO_FACE', summary: '与王建国代表当面沟通AED选点方案。', deputyIds: ['demo-deputy1'] });
    await step('unit1', child, 'START_DRAFT');
    await step('unit2', child, 'SUBMIT_OPINION', { opinion: '教育局将在全县中小学配置AED并开展师生急救培训。', signer: '县教育局 李华' });
    await step('unit1', child, 'SUBMIT_DRAFT', ANSWER);
    await step('unit1', child, 'APPROVE_DRAFT');
    await step('unit1', child, 'SUBMIT_ANSWER');
    await step('deputy1', child, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '学校以外的社区点位仍未覆盖。', requestRehandle: true });
    expect((await view(child)).state).toContain('rehandling');
    await step('unit1', child, 'SUBMIT_DRAFT', { ...ANSWER, body: '已补充在12个社区服务中心配置AED。' });
    await step('unit1', child, 'APPROVE_DRAFT');
    await step('unit1', child, 'SUBMIT_ANSWER');

    // Three days before the 10-day feedback window ends, the deputy is reminded.
    w.clock.advanceDays(8);
    expect(await runDueTimers(w.handle.db, w.rt)).toBeGreaterThan(0);
    await step('deputy1', child, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    const done = await view(id);
    expect([done.state, done.status, done.children[0].context.rehandleCount]).toEqual(['concluded', 'done', 1]);
  },
};
