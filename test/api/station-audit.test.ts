/**
 * Stations, issue 15's remaining gaps: every change of the registry and of its reception days
 * goes into the audit log (审计日志) by name, with codes only in the detail; a reception day is
 * made by a cadence or the schedule page, never started by hand from 发起流程 (the package's
 * `start.scheduledOnly`): the start list omits it and the API refuses a hand start with 422.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

describe.each(databases)('station audit and scheduled-only reception days ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('records each station change in the audit log in words', { timeout: 180_000 }, async () => {
    handle = await open();
    // Wednesday 2 December 2026, 10:00 in the county.
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    const admin = await w.login('admin');
    const made = await w.call(admin, 'POST', '/stations', { name: '城关镇代表之家', level: 'HOME', address: '城关镇人民路1号', deputyIds: ['demo-deputy1', 'demo-deputy2'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as string;
    const step = async (method: string, path: string, body?: unknown) => {
      w.clock.advance(60_000);
      const r = await w.call(admin, method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await step('PATCH', `/stations/${id}`, { address: '城关镇人民路3号', township: '城关镇' });
    await step('POST', `/stations/${id}/deputies`, { deputyIds: ['demo-deputy3'] });
    await step('DELETE', `/stations/${id}/deputies/demo-deputy2`);
    await step('POST', `/stations/${id}/public-code`, {});
    const cadence = await step('POST', '/reception-cadences', { stationId: id, rule: { kind: 'MONTHLY', day: 15, months: 'ODD' }, startTime: '09:00', endTime: '11:00' });
    await step('PATCH', `/reception-cadences/${cadence.cadence.id}`, { active: false });
    await step('POST', '/receptions', { stationId: id, date: '2026-12-10', startTime: '14:30', endTime: '16:30', deputyIds: ['demo-deputy3'] });
    await step('PATCH', `/stations/${id}`, { active: false });
    // A refused change leaves no entry.
    expect((await w.call(admin, 'PATCH', `/stations/${id}`, { name: '' })).status).toBe(400);

    const log = await w.call(admin, 'GET', '/audit?limit=20');
    expect(log.status).toBe(200);
    const rows = (log.body.entries as Array<{ title: string; actorName: string; targetName: string; detail: Record<string, unknown> | null }>)
      .filter((e) => e.targetName === '城关镇代表之家')
      .map((e) => [e.title, e.actorName, e.detail]);
    expect(rows).toEqual([
      ['停用代表联络站', '系统管理员', null],
      ['安排接待日', '系统管理员', { date: '2026-12-10', startTime: '14:30', endTime: '16:30', deputies: ['demo-deputy3'] }],
      ['停用接待周期', '系统管理员', expect.objectContaining({ kind: 'MONTHLY', day: 15, months: 'ODD' })],
      ['设置接待周期', '系统管理员', expect.objectContaining({ kind: 'MONTHLY', day: 15, months: 'ODD', startTime: '09:00', endTime: '11:00' })],
      ['更换联络站二维码', '系统管理员', null],
      ['移出进站代表', '系统管理员', { deputies: ['demo-deputy2'] }],
      ['添加进站代表', '系统管理员', { deputies: ['demo-deputy3'] }],
      ['修改代表联络站', '系统管理员', { fields: ['township', 'address'] }],
      ['新建代表联络站', '系统管理员', { level: 'HOME', deputies: ['demo-deputy1', 'demo-deputy2'] }],
    ]);
    // The filter by action knows the new actions.
    const renewed = await w.call(admin, 'GET', '/audit?action=station.code_renewed');
    expect(renewed.body.entries.map((e: { title: string }) => e.title)).toEqual(['更换联络站二维码']);
  });

  it('keeps reception days out of 发起流程 and refuses a hand start, while the schedule page still makes them', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    const staff = await w.login('staff');
    const defs = (await w.call(staff, 'GET', '/definitions')).body.definitions as Array<{ id: string; startable: boolean; start: { scheduledOnly?: boolean } | null }>;
    const reception = defs.find((d) => d.id === 'reception-session')!;
    expect([reception.startable, reception.start?.scheduledOnly]).toEqual([false, true]);
    expect(defs.find((d) => d.id === 'constituent-issue')!.startable).toBe(true);

    const station = await w.call(staff, 'POST', '/stations', { name: '东街社区代表联系点', level: 'POINT', deputyIds: ['demo-deputy1'] });
    const before = await handle.db.selectFrom('instances').select((eb) => eb.fn.countAll().as('n')).where('definition_id', '=', 'reception-session').executeTakeFirstOrThrow();
    const data = { stationId: station.body.id, stationName: '东街社区代表联系点', startsAt: '2026-12-10T01:00:00.000Z', endsAt: '2026-12-10T03:00:00.000Z', dateLabel: '12月10日 09:00–11:00', deputyIds: ['demo-deputy1'], noticeAt: '2026-12-07T01:00:00.000Z' };
    const hand = await w.call(staff, 'POST', '/definitions/reception-session/instances', { data });
    expect([hand.status, hand.body.error.code]).toEqual([422, 'NOT_STARTED_BY_HAND']);
    expect(hand.body.error.message).toMatch(/不能手工发起/);
    const after = await handle.db.selectFrom('instances').select((eb) => eb.fn.countAll().as('n')).where('definition_id', '=', 'reception-session').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const scheduled = await w.call(staff, 'POST', '/receptions', { stationId: station.body.id, date: '2026-12-10', startTime: '09:00', endTime: '11:00' });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
  });
});
