/**
 * The integrator guide's example (definitions/README.md): the 代表视察 request package, picked
 * up from definitions/ like any file package and run over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectionRequestContext, RequestForm } from '../../definitions/inspection-request/types.d.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const REQUEST: RequestForm = {
  topic: '城区学校周边交通安全',
  purpose: '了解上下学时段交通组织和安全设施情况。',
  unitIds: ['unit-education'],
  participantIds: ['demo-deputy2'],
  preferredDate: '2026-04-15',
};

describe.each(databases)('代表视察 request over HTTP ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('is requested by a deputy, arranged by staff within 5 working days, and closed by the report', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-04-01T01:00:00Z');
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');

    const unknownUnit = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: { ...REQUEST, unitIds: ['unit-nowhere'] } });
    expect([unknownUnit.status, unknownUnit.body.error.details.errors[0].pointer]).toEqual([400, '/unitIds/0']);

    const started = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: REQUEST });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const [arrange] = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks;
    // 5 working days from Wednesday 1 April, over the 清明 holiday (4–6 April): Thursday 9 April.
    expect([arrange.title, arrange.dueAt]).toEqual(['安排代表视察：城区学校周边交通安全', '2026-04-09T16:00:00.000Z']);
    expect((await w.call(staff, 'POST', `/tasks/${arrange.id}/complete`, { outcome: 'ARRANGE', data: { date: '2026-04-15', itinerary: '县实验小学、城关中学' } })).status).toBe(200);

    const [report] = (await w.call(deputy, 'GET', '/tasks?mine=1')).body.tasks;
    expect(report.title).toBe('提交视察报告：城区学校周边交通安全');
    const done = await w.call(deputy, 'POST', `/tasks/${report.id}/complete`, { outcome: 'SUBMIT_REPORT', data: { findings: '两所学校门口缺少护学岗。', suggestions: ['关于在学校周边设置护学岗的建议'] } });
    expect(done.status).toBe(200);
    const context = done.body.context as InspectionRequestContext;
    expect([done.body.state, context.requesterId, context.report?.findings]).toEqual(['closed', 'demo-deputy1', '两所学校门口缺少护学岗。']);
  });
});
