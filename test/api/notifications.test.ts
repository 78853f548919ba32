/** 抄送我: the notifications addressed to a user, their unit or their role. */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('notifications over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('lists what was addressed to me, my unit or my role, and nothing of others', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const act = async (user: string, outcome: string, data?: unknown) => {
      const token = await w.login(user);
      const task = (await w.call(token, 'GET', '/tasks?mine=1')).body.tasks.find((t: { outcomes: Array<{ event: string }> }) => t.outcomes.some((o) => o.event === outcome));
      const r = await w.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const data = { title: '关于规范农村集贸市场管理的建议', body: '占道经营多。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
    expect((await w.call(await w.login('deputy1'), 'POST', '/definitions/suggestion/instances', { data })).status).toBe(201);
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-02', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit1', 'START_DRAFT');
    await act('unit1', 'SUBMIT_DRAFT', {
      resultCode: 'A', body: '已开展集中整治。', contactPerson: '周明', contactPhone: '0571-88886666',
      sealed: true, ccOffices: ['office-deputy-affairs'], publishable: true,
    });
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    const mine = (await w.call(await w.login('deputy1'), 'GET', '/notifications')).body.notifications;
    expect(mine.map((n: { message: string; instanceTitle: string }) => [n.message, n.instanceTitle])).toEqual([
      [expect.stringContaining('承办单位已答复您领衔的建议《关于规范农村集贸市场管理的建议》'), '关于规范农村集贸市场管理的建议'],
      ['您领衔的建议《关于规范农村集贸市场管理的建议》已受理登记。', '关于规范农村集贸市场管理的建议'],
    ]);
    // Whom each went to, by name: the deputy by theirs (a personal message), never an id.
    const deputyNotes = (await w.call(await w.login('deputy1'), 'GET', '/notifications')).body.notifications;
    for (const n of deputyNotes) expect(n).toMatchObject({ toName: '王建国', toUnit: false, toRole: null });
    expect(JSON.stringify(deputyNotes)).not.toMatch(/demo-|unit-/);
    expect((await w.call(await w.login('deputy2'), 'GET', '/notifications')).body.notifications).toEqual([]);
    expect((await w.call(await w.login('unit2'), 'GET', '/notifications')).body.notifications).toEqual([]);
  });
});
