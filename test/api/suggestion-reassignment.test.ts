/**
 * A returned unit re-assigned at once while the others go on (issue 16 item 1, DOMAIN §2):
 * two units answer separately; unit A's 退办 is approved in week 1 and that same day the office
 * re-assigns its part to unit C (拟办 then 审定); C's child runs beside B's, B's tasks are never
 * touched, and the suggestion concludes only after B and C are done. The returned unit's record
 * stays "returned" and is not counted as an answer. Both databases, simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于校园周边道路交通安全整治的建议',
  body: '建议在中小学周边增设护学岗、减速带和过街设施。',
  origin: 'SESSION',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'RESEARCH',
};
const answer = (resultCode: string) => ({
  resultCode,
  body: '已会同有关部门完成整治，增设护学岗和减速带。',
  contactPerson: '赵强',
  contactPhone: '0571-88881234',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  ...(resultCode === 'A' ? {} : { commitments: [{ text: '年底前完成全部校园周边护学岗设置', dueDate: '2026-12-31' }] }),
});

interface Task {
  id: string;
  title: string;
  unitId: string | null;
  instanceId: string;
  outcomes: Array<{ event: string }>;
}

describe.each(databases)('a returned unit re-assigned at once ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('re-assigns unit A’s returned part to unit C the same day while unit B keeps working; concludes after B and C', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z'); // Monday of week 1
    const tokens = new Map<string, string>();
    const token = async (user: string) => tokens.get(user) ?? tokens.set(user, await w.login(user)).get(user)!;
    const tasksOf = async (user: string): Promise<Task[]> => (await w.call(await token(user), 'GET', '/tasks?mine=1')).body.tasks;
    const act = async (user: string, outcome: string, data?: unknown) => {
      const task = (await tasksOf(user)).find((t) => t.outcomes.some((o) => o.event === outcome));
      expect(task, `${user} has a task with ${outcome}`).toBeDefined();
      const r = await w.call(await token(user), 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const view = async (id: string) => (await w.call(await token('staff'), 'GET', `/instances/${id}`)).body;

    const id = (await w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SEPARATE', separateUnitIds: ['unit-housing', 'unit-education'], viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', { comment: '同意交办' });
    expect((await view(id)).state).toBe('inHandling.reassignment.none');

    // Unit B (education) gets to work; unit A (housing) asks to return its part.
    await act('unit2', 'ACCEPT');
    await act('unit2', 'LOG_CONSULTATION', { date: '2026-03-03', mode: 'FACE_TO_FACE', summary: '与王建国代表当面沟通整治点位。' });
    const bTasksBefore = await tasksOf('unit2');
    expect(bTasksBefore).toHaveLength(1);
    w.clock.set('2026-03-04T02:00:00Z'); // Wednesday of week 1
    tokens.clear();
    await act('unit1', 'REQUEST_RETURN', { reason: '校园周边道路交通属公安交警部门职责。', suggestedUnitId: 'unit-health' });
    w.clock.set('2026-03-04T03:00:00Z');
    await act('staff', 'APPROVE_RETURN', { comment: '同意退办' });

    // At once: the office has the re-assignment task; B's task is the very same, still open.
    const returned = await view(id);
    expect(returned.state).toBe('inHandling.reassignment.proposing');
    expect(returned.status).toBe('active');
    expect(returned.context.pendingReturnUnitIds).toEqual(['unit-housing']);
    expect((await tasksOf('staff')).map((t) => t.title)).toEqual([`重新交办退办部分：${SUGGESTION.title}`]);
    expect(await tasksOf('unit2')).toEqual(bTasksBefore);
    expect(returned.children.map((c: { context: { unitId: string; result: string | null } }) => [c.context.unitId, c.context.result]).sort()).toEqual([
      ['unit-education', null],
      ['unit-housing', 'returned'],
    ]);

    // The same day: 拟办 then 审定, the new unit by its id in the form (the page picks it by name).
    w.clock.set('2026-03-04T05:00:00Z');
    await act('staff', 'PROPOSE_REASSIGNMENT', { unitIds: ['unit-health'], comment: '改由卫健委会同交警部门办理。' });
    expect((await view(id)).state).toBe('inHandling.reassignment.proposed');
    w.clock.set('2026-03-04T05:30:00Z');
    await act('staff', 'REVISE', { comment: '请写明答复期限。' });
    w.clock.set('2026-03-04T06:00:00Z');
    await act('staff', 'PROPOSE_REASSIGNMENT', { unitIds: ['unit-health'], dueAt: '2026-06-04' });
    w.clock.set('2026-03-04T07:00:00Z');
    await act('staff', 'APPROVE_REASSIGNMENT', { comment: '同意重新交办' });
    const reassigned = await view(id);
    expect(reassigned.state).toBe('inHandling.reassignment.none');
    expect(reassigned.context.pendingReturnUnitIds).toEqual([]);
    expect(reassigned.context.answeringUnitIds).toEqual(['unit-housing', 'unit-education', 'unit-health']);
    expect(reassigned.context.reassignments).toMatchObject([{ unitIds: ['unit-health'], returnedUnitIds: ['unit-housing'], dueAt: '2026-06-04', at: '2026-03-04T07:00:00.000Z' }]);
    const c = reassigned.children.find((x: { context: { unitId: string } }) => x.context.unitId === 'unit-health');
    expect(c.context.role).toBe('SEPARATE');
    expect(c.context.dueAt).toBe('2026-06-04');
    expect(c.context.title).toBe(SUGGESTION.title);
    expect((await tasksOf('unit3')).map((t) => t.title)).toEqual([`签收交办建议或申请退办：${SUGGESTION.title}`]);
    expect(await tasksOf('unit2')).toEqual(bTasksBefore);
    expect(await tasksOf('staff')).toEqual([]);

    // B answers and is rated first: the suggestion waits for C.
    w.clock.set('2026-04-01T02:00:00Z');
    tokens.clear();
    await act('unit2', 'START_DRAFT');
    await act('unit2', 'SUBMIT_DRAFT', answer('A'));
    await act('unit2', 'APPROVE_DRAFT');
    await act('unit2', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    const bDone = await view(id);
    expect(bDone.state).toBe('inHandling.reassignment.none');
    expect(bDone.context.concludedAt).toBeNull();

    // C answers; the deputy finds it basically satisfactory: now the suggestion concludes.
    w.clock.set('2026-04-20T02:00:00Z');
    tokens.clear();
    await act('unit3', 'ACCEPT');
    await act('unit3', 'LOG_CONSULTATION', { date: '2026-04-20', mode: 'PHONE', summary: '电话沟通整治方案。' });
    await act('unit3', 'START_DRAFT');
    await act('unit3', 'SUBMIT_DRAFT', answer('B'));
    await act('unit3', 'APPROVE_DRAFT');
    await act('unit3', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'BASIC' });
    const done = await view(id);
    expect([done.state, done.status]).toEqual(['concluded', 'done']);
    expect(done.context.concludedAt).toBe('2026-04-20T02:00:00.000Z');
    // The returned record stays "returned" and is no answer: the rating is the answers' weakest.
    expect(done.context.assignments.map((a: { unitId: string; result: string; satisfaction: string | null }) => [a.unitId, a.result, a.satisfaction])).toEqual([
      ['unit-housing', 'returned', null],
      ['unit-education', 'closed', 'SATISFIED'],
      ['unit-health', 'closed', 'BASIC'],
    ]);
    expect(done.context.currentRound).toHaveLength(3);
    expect(done.context.assignmentRound).toBe(1);
    expect(done.context.satisfaction).toBe('BASIC');
    expect(done.context.followUpRequired).toBe(true);

    // The history reads in words: who did what, the units' steps under their unit's name.
    const rows = (done.history as Array<{ actorUnitName: string | null; actorName: string | null; title: string; type: string }>).map((e) => [e.actorUnitName, e.actorName, e.title].filter(Boolean).join(' '));
    const order = [
      '人代工委工作人员 审定交办',
      '县住房和城乡建设局 住建局办理员 申请退办',
      '人代工委工作人员 同意退办',
      '人代工委工作人员 拟办重新交办',
      '人代工委工作人员 退回修改',
      '人代工委工作人员 拟办重新交办',
      '人代工委工作人员 审定重新交办',
      '县卫生健康委员会 卫健委办理员 签收',
    ];
    let at = -1;
    for (const row of order) {
      const next = rows.indexOf(row, at + 1);
      expect(next, `history has "${row}" after entry ${at}: ${rows.join(' | ')}`).toBeGreaterThan(at);
      at = next;
    }
    for (const e of done.history as Array<{ type: string; title: string }>) expect(e.title).not.toBe(e.type);
  });

  it('waits for the re-assignment when the only unit returns it, then concludes after the new unit', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const staff = await w.login('staff');
    const act = async (user: string, outcome: string, data?: unknown) => {
      const t = await w.login(user);
      const task = ((await w.call(t, 'GET', '/tasks?mine=1')).body.tasks as Task[]).find((x) => x.outcomes.some((o) => o.event === outcome));
      expect(task, `${user} has a task with ${outcome}`).toBeDefined();
      const r = await w.call(t, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const id = (await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit1', 'REQUEST_RETURN', { reason: '不属本单位职责。', suggestedUnitId: 'unit-health' });
    await act('staff', 'APPROVE_RETURN', {});
    // Every child is done, yet a returned part waits: the suggestion stays in handling.
    const waiting = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    expect([waiting.state, waiting.status]).toEqual(['inHandling.reassignment.proposing', 'active']);
    await act('staff', 'PROPOSE_REASSIGNMENT', { unitIds: ['unit-health'] });
    await act('staff', 'APPROVE_REASSIGNMENT', {});
    const handling = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    expect(handling.state).toBe('inHandling.reassignment.none');
    const c = handling.children.find((x: { context: { unitId: string } }) => x.context.unitId === 'unit-health');
    expect(c.context.role).toBe('LEAD');
    expect(c.context.dueAt).toBe(c.context.standardDueAt);
    await act('unit3', 'ACCEPT');
    await act('unit3', 'LOG_CONSULTATION', { date: '2026-03-03', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit3', 'START_DRAFT');
    await act('unit3', 'SUBMIT_DRAFT', answer('A'));
    await act('unit3', 'APPROVE_DRAFT');
    await act('unit3', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'SATISFIED' });
    const done = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    expect(done.state).toBe('concluded');
    expect(done.context.satisfaction).toBe('SATISFIED');
    expect(done.context.assignments.map((a: { result: string }) => a.result)).toEqual(['returned', 'closed']);
  });
});
