import { afterEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于对文明养犬行为加强执法指引的建议',
  body: '建议明确养犬登记、遛犬牵绳等执法指引。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'CONSTITUENT',
};
const ANSWER = {
  resultCode: 'B',
  body: '已列入年度执法计划，分步推进。',
  contactPerson: '赵强',
  contactPhone: '0571-88881234',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  commitments: [{ text: '年底前出台养犬执法指引', dueDate: '2026-12-31' }],
};

describe.each(databases)('other paths of the suggestion process ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(start = '2026-03-02T01:00:00Z') {
    handle = await open();
    const w = await workApp(handle, start);
    const tokens = new Map<string, string>();
    /** Act as a user: complete that user's only task offering `outcome`. Logs in again after the clock moved. */
    const act = async (user: string, outcome: string, data?: unknown, expected = 200) => {
      const token = (tokens.get(user) as string | undefined) ?? (await w.login(user));
      tokens.set(user, token);
      const list = await w.call(token, 'GET', '/tasks?mine=1');
      if (list.status === 401) {
        tokens.delete(user);
        return act(user, outcome, data, expected);
      }
      const task = list.body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === outcome));
      expect(task, `${user} has a task with ${outcome}`).toBeDefined();
      const r = await w.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(expected);
      return r.body;
    };
    const view = async (id: string) => (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body;
    const start1 = async () => (await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    const assign = async (leadUnitId = 'unit-housing') => {
      await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId, viaGovOffice: false, supervisionLevel: 'GENERAL' });
      await act('staff', 'APPROVE_ASSIGNMENT', {});
    };
    return { w, act, view, start1, assign };
  }

  it('returns to the deputy, takes a revised text, and redirects another one to petitions', async () => {
    const { act, view, start1 } = await setup();
    const id = await start1();
    await act('staff', 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分为两件建议。' });
    expect((await view(id)).state).toBe('returnedToDeputy');
    await act('deputy1', 'RESUBMIT', { ...SUGGESTION, title: '关于加强遛犬牵绳执法的建议' });
    const back = await view(id);
    expect(back.state).toBe('screening');
    expect(back.title).toBe('关于加强遛犬牵绳执法的建议');
    await act('staff', 'REDIRECT', { channel: 'PETITION', reason: '属于具体信访事项，转信访渠道办理。' });
    const done = await view(id);
    expect([done.state, done.status]).toEqual(['redirected', 'done']);
  });

  it('lets a unit request a return (退办); once approved the office re-assigns that part to another unit', async () => {
    const { act, view, start1, assign } = await setup();
    const id = await start1();
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await assign('unit-housing');
    await act('unit1', 'REQUEST_RETURN', { reason: '养犬管理属公安部门职责。', suggestedUnitId: 'unit-health' });
    await act('staff', 'APPROVE_RETURN', { comment: '同意退办' });
    const v = await view(id);
    expect(v.state).toBe('inHandling.reassignment.proposing');
    expect(v.children[0].context.result).toBe('returned');
    await act('staff', 'PROPOSE_REASSIGNMENT', { unitIds: ['unit-health'] });
    await act('staff', 'APPROVE_REASSIGNMENT', {});
    const again = await view(id);
    expect(again.state).toBe('inHandling.reassignment.none');
    expect(again.openTasks.map((t: { unitId: string }) => t.unitId)).toEqual(['unit-health']);
  });

  it('moves the answer deadline when an extension is approved', async () => {
    const { w, act, view, start1, assign } = await setup('2026-03-02T01:00:00Z');
    const id = await start1();
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await assign();
    await act('unit1', 'ACCEPT');
    await act('unit1', 'SKIP_CONSULTATION', undefined, 422); // consultation is required by default
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-03-10', mode: 'PHONE', summary: '电话沟通办理思路。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'REQUEST_EXTENSION', { reason: '需联合多部门调研。', newDueAt: '2026-08-31' });
    await act('staff', 'APPROVE_EXTENSION', { comment: '同意延期' });
    const child = (await view(id)).children[0];
    expect(child.context.dueAt).toBe('2026-08-31');
    const timer = await w.handle.db.selectFrom('timers').select(['fire_at']).where('instance_id', '=', child.id).where('key', 'like', 'xstate.after.answerDue%').executeTakeFirstOrThrow();
    expect(new Date(timer.fire_at).toISOString()).toBe('2026-08-31T16:00:00.000Z');
    w.clock.set('2026-06-10T00:00:00Z'); // past the original 3 months, before the extended date
    await runDueTimers(w.handle.db, w.rt);
    expect((await view(id)).children[0].context.overdue).toBe(false);
  });

  it('closes without feedback when the deputy does not answer in 10 days, never as satisfied', async () => {
    const { w, act, view, start1, assign } = await setup('2026-04-01T01:00:00Z');
    const id = await start1();
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await assign();
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-02', mode: 'FACE_TO_FACE', summary: '当面沟通。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    w.clock.set('2026-04-11T16:00:00Z'); // end of the 10th day after the answer (1 Apr + 10 days)
    await runDueTimers(w.handle.db, w.rt);
    const v = await view(id);
    expect(v.state).toBe('concluded');
    expect(v.children[0].context.result).toBe('closedNoFeedback');
    expect(v.children[0].context.satisfaction).toBeNull();
    expect(v.context.satisfaction).not.toBe('SATISFIED');
  });

  it('escalates to the office when the deputy is still not satisfied after re-handling', async () => {
    const { act, view, start1, assign } = await setup();
    const id = await start1();
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await assign();
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-03-03', mode: 'MEETING', summary: '座谈。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '措施不具体。' });
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'UNSATISFIED', comments: '仍不具体。' });
    expect((await view(id)).children[0].state).toContain('escalated');
    await act('staff', 'CLOSE_AS_EXPLAINED', { comment: '已约见单位负责人，作出解释。' });
    const v = await view(id);
    expect(v.state).toBe('concluded');
    expect(v.children[0].context.satisfaction).toBe('UNSATISFIED');
  });
});
