/**
 * Constituent issues, issue 15's remaining gaps (DOMAIN §6.4–6.5):
 * - an issue marked 紧急 runs on the urgent periods (签收 1, 答复 5 working days by default,
 *   delays with Chinese titles a county's overlay may change), on the simulated clock;
 * - a station's manager who is a deputy and not of the office receives the triage tasks of
 *   the station's issues beside the office, and only of that station, and sees the citizen of
 *   those issues only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { insertStationRow, runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';

type Task = { id: string; instanceId: string; title: string; dueAt: string | null; outcomes: Array<{ event: string; title: string }> };

async function tasksOf(w: IntakeApp, token: string, instanceId: string): Promise<Task[]> {
  const r = await w.call(token, 'GET', '/tasks?mine=1');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.tasks as Task[]).filter((t) => t.instanceId === instanceId);
}

async function onlyTask(w: IntakeApp, token: string, instanceId: string): Promise<Task> {
  const tasks = await tasksOf(w, token, instanceId);
  expect(tasks.length, `one open task for ${instanceId}`).toBe(1);
  return tasks[0]!;
}

async function complete(w: IntakeApp, token: string, taskId: string, outcome: string, data?: unknown) {
  const r = await w.call(token, 'POST', `/tasks/${taskId}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** A clerk records a phone call (POST /api/constituent-issues); answers the instance id. */
async function record(w: IntakeApp, token: string, stationId: string, extra: Record<string, unknown> = {}, phone = '13812345678'): Promise<string> {
  const r = await w.call(token, 'POST', '/constituent-issues', {
    issue: { stationId, contactMode: 'PHONE', category: 'URBAN_RURAL', subject: '小区门口积水', content: '下雨后小区门口积水很深，老人出行不便。', ...extra },
    citizen: { name: '陈桂兰', phone, address: '城关镇东街3号' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.instanceId as string;
}

describe.each(databases)('constituent issue gaps ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('runs an urgent issue on the urgent periods, and a county overlay changes them for new issues', { timeout: 240_000 }, async () => {
    handle = await open();
    // Wednesday 1 April 2026, 09:00 in the county; 清明 is 4–6 April.
    const w = await intakeApp(handle);
    let staff = await w.login('staff');
    const admin = await w.login('admin');

    // The periods have words: what the county's settings page shows.
    const def = (await w.call(admin, 'GET', '/definitions/constituent-issue')).body;
    const info = def.definition.delaysInfo;
    expect(info.urgentAckPeriod.title).toBe('紧急事项签收期限');
    expect(info.urgentReplyPeriod.title).toBe('紧急事项答复期限');

    const transfer = async (id: string) => {
      await complete(w, staff, (await onlyTask(w, staff, id)).id, 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局办理。' });
      await complete(w, staff, (await onlyTask(w, staff, id)).id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请尽快办理。' });
    };
    const urgent = await record(w, staff, STATION.id, { urgency: 'URGENT' });
    const ordinary = await record(w, staff, STATION.id, { urgency: 'NORMAL' }, '13812345679');
    await transfer(urgent);
    await transfer(ordinary);
    let unit = await w.login('unit1');
    const urgentAck = await onlyTask(w, unit, urgent);
    const ordinaryAck = await onlyTask(w, unit, ordinary);
    expect(urgentAck.title.startsWith('紧急：签收群众意见转办单')).toBe(true);
    // 1 working day: the end of Thursday 2 April; 3 working days: Thu 2, Fri 3, Tue 7.
    expect([urgentAck.dueAt, ordinaryAck.dueAt]).toEqual(['2026-04-02T16:00:00.000Z', '2026-04-07T16:00:00.000Z']);
    // Each slip's notice names its own last day to acknowledge.
    const slips = ((await w.call(unit, 'GET', '/notifications')).body.notifications as Array<{ message: string }>).map((n) => n.message).filter((m) => /群众意见转办单：/.test(m) && m.startsWith('收到'));
    expect(slips.map((m) => m.replace(/：.*，/, '：…，')).sort()).toEqual(['收到紧急群众意见转办单：…，请于2026年4月2日前签收。', '收到群众意见转办单：…，请于2026年4月7日前签收。'].sort());

    // The urgent slip is late first: the reminder goes out for it alone.
    w.clock.set('2026-04-02T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    unit = await w.login('unit1');
    const notes = ((await w.call(unit, 'GET', '/notifications')).body.notifications as Array<{ message: string }>).filter((n) => n.message.startsWith('群众意见转办单签收已逾期'));
    expect(notes.length).toBe(1);

    // Acknowledged on Friday 3 April: 5 working days to reply (Tue 7 … Mon 13 April).
    w.clock.set('2026-04-03T02:00:00Z');
    unit = await w.login('unit1');
    await complete(w, unit, urgentAck.id, 'ACK');
    const handling = await onlyTask(w, unit, urgent);
    expect(handling.title.startsWith('紧急：办理群众意见并答复')).toBe(true);
    expect(handling.dueAt).toBe('2026-04-13T16:00:00.000Z');
    w.clock.set('2026-04-13T15:59:00Z');
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    expect((await w.call(staff, 'GET', `/instances/${urgent}`)).body.state).toBe('inHandling.handlingUrgent');
    w.clock.set('2026-04-13T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    const overdue = (await w.call(staff, 'GET', `/instances/${urgent}`)).body;
    expect(overdue.state.split('.')[0]).toBe('overdue');
    expect(overdue.context.overdue).toBe(true);

    // The county sets 2 working days to reply to an urgent issue: new issues only.
    const adminNow = await w.login('admin');
    expect((await w.call(adminNow, 'PUT', '/definitions/constituent-issue/overlay', { patch: { delays: { urgentReplyPeriod: { workingDays: 2 } } } })).status).toBe(200);
    expect((await w.call(adminNow, 'POST', '/definitions/constituent-issue/publish')).status).toBe(201);
    // Tuesday 14 April, 09:00.
    w.clock.set('2026-04-14T01:00:00Z');
    staff = await w.login('staff');
    const later = await record(w, staff, STATION.id, { urgency: 'URGENT' }, '13812345670');
    await transfer(later);
    unit = await w.login('unit1');
    await complete(w, unit, (await onlyTask(w, unit, later)).id, 'ACK');
    // 2 working days from Tuesday 14: Wed 15, Thu 16.
    expect((await onlyTask(w, unit, later)).dueAt).toBe('2026-04-16T16:00:00.000Z');
  });

  it('extends an urgent issue once, on its own urgent extension period, and a county may allow none', { timeout: 240_000 }, async () => {
    handle = await open();
    // Wednesday 1 April 2026, 09:00 in the county; 清明 is 4–6 April.
    const w = await intakeApp(handle);
    let staff = await w.login('staff');
    let admin = await w.login('admin');
    const def = (await w.call(admin, 'GET', '/definitions/constituent-issue')).body.definition;
    expect([def.delaysInfo.urgentExtensionPeriod.title, def.settingsInfo.urgentMaxExtensions.title]).toEqual(['紧急事项延期期限', '紧急事项最多延期次数']);
    expect([def.delays.urgentExtensionPeriod, def.settings.urgentMaxExtensions]).toEqual([{ workingDays: 5 }, 1]);

    const acknowledged = async (phone: string) => {
      const id = await record(w, staff, STATION.id, { urgency: 'URGENT' }, phone);
      await complete(w, staff, (await onlyTask(w, staff, id)).id, 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局办理。' });
      await complete(w, staff, (await onlyTask(w, staff, id)).id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请尽快办理。' });
      const unit = await w.login('unit1');
      await complete(w, unit, (await onlyTask(w, unit, id)).id, 'ACK');
      return id;
    };
    const urgent = await acknowledged('13812345678');
    let unit = await w.login('unit1');
    // Acknowledged Wednesday 1 April: 5 working days to reply (Thu 2, Fri 3, Tue 7, Wed 8, Thu 9).
    const handling = await onlyTask(w, unit, urgent);
    expect([handling.dueAt, handling.outcomes.map((o) => o.event).sort()]).toEqual(['2026-04-09T16:00:00.000Z', ['EXTEND', 'REPLY']]);

    // Thursday 2 April the unit extends: 5 more working days from that day (Fri 3, Tue 7 … Fri 10), not the ordinary 15.
    w.clock.set('2026-04-02T01:00:00Z');
    unit = await w.login('unit1');
    const extended = await complete(w, unit, handling.id, 'EXTEND', { reason: '需协调供电公司。' });
    expect(extended.state).toBe('extendedUrgent');
    const again = await onlyTask(w, unit, urgent);
    expect([again.title, again.dueAt, again.outcomes.map((o) => o.event)]).toEqual(['紧急：办理群众意见并答复（已延期）：小区门口积水', '2026-04-10T16:00:00.000Z', ['REPLY']]);
    w.clock.set('2026-04-10T15:59:00Z');
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    expect((await w.call(staff, 'GET', `/instances/${urgent}`)).body.state).toBe('extendedUrgent');
    w.clock.set('2026-04-10T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    staff = await w.login('staff');
    expect((await w.call(staff, 'GET', `/instances/${urgent}`)).body.state.split('.')[0]).toBe('overdue');

    // A county that allows urgent issues no extension: the unit's EXTEND is refused, nothing changes.
    admin = await w.login('admin');
    expect((await w.call(admin, 'PUT', '/definitions/constituent-issue/overlay', { patch: { settings: { urgentMaxExtensions: 0 } } })).status).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/constituent-issue/publish')).status).toBe(201);
    staff = await w.login('staff');
    const strict = await acknowledged('13812345679');
    unit = await w.login('unit1');
    const refused = await w.call(unit, 'POST', `/tasks/${(await onlyTask(w, unit, strict)).id}/complete`, { outcome: 'EXTEND', data: { reason: '需协调。' } });
    expect(refused.status).toBe(422);
    expect((await w.call(staff, 'GET', `/instances/${strict}`)).body.context.extensionCount).toBe(0);
  });

  it("gives a station's manager (a deputy) the triage tasks and the citizen of that station's issues only", { timeout: 240_000 }, async () => {
    handle = await open();
    const w = await intakeApp(handle);
    // STATION's manager is deputy1 (a deputy, not of the office); a second station is deputy3's; a third one's manager is of the office.
    await insertStationRow(handle.db, { countyId: 'demo', id: 'station-dongjie', name: '东街社区代表联系点', level: 'POINT', publicCode: 'qr-dongjie-9Qw3rT', managerId: 'demo-deputy3' });
    await insertStationRow(handle.db, { countyId: 'demo', id: 'station-office', name: '县人大代表之家', level: 'HOME', publicCode: 'qr-office-5Zx8cV', managerId: 'demo-staff' });
    const staff = await w.login('staff');
    const manager1 = await w.login('deputy1');
    const manager3 = await w.login('deputy3');

    const mine = await record(w, staff, STATION.id);
    const theirs = await record(w, staff, 'station-dongjie', {}, '13812345679');
    const officeOnly = await record(w, staff, 'station-office', {}, '13812345670');

    // Each manager receives the triage task of their own station's issue, and no other.
    const m1 = await onlyTask(w, manager1, mine);
    expect(m1.title).toBe('站长处理群众意见：小区门口积水');
    expect(m1.outcomes.map((o) => o.title).sort()).toEqual(['当场答复', '依法导入其他途径', '提出拟办意见'].sort());
    expect(await tasksOf(w, manager1, theirs)).toEqual([]);
    expect(await tasksOf(w, manager1, officeOnly)).toEqual([]);
    expect((await onlyTask(w, manager3, theirs)).title).toBe('站长处理群众意见：小区门口积水');
    expect(await tasksOf(w, manager3, mine)).toEqual([]);
    // The office keeps its own task beside the manager's; the station with an office manager has the office's alone.
    expect((await onlyTask(w, staff, mine)).title).toBe('处理群众意见：小区门口积水');
    expect((await onlyTask(w, staff, officeOnly)).title).toBe('处理群众意见：小区门口积水');
    // Another station's manager may not act on it.
    expect((await w.call(manager3, 'POST', `/tasks/${m1.id}/complete`, { outcome: 'TRIAGE', data: { proposedRoute: 'TOWNSHIP', opinion: '转镇政府。' } })).status).toBeGreaterThanOrEqual(403);

    // The citizen: each manager sees their station's only.
    const citizen = async (token: string, id: string) => w.call(token, 'GET', `/constituent-issues/${id}/citizen`);
    expect([(await citizen(manager1, mine)).status, (await citizen(manager1, mine)).body.citizen?.phone]).toEqual([200, '13812345678']);
    expect((await citizen(manager1, theirs)).status).toBe(404);
    expect((await citizen(manager1, officeOnly)).status).toBe(404);
    expect([(await citizen(manager3, theirs)).status, (await citizen(manager3, theirs)).body.citizen?.phone]).toEqual([200, '13812345679']);
    expect((await citizen(manager3, mine)).status).toBe(404);

    // The manager triages and transfers; the office's tasks close with theirs.
    await complete(w, manager1, m1.id, 'TRIAGE', { proposedRoute: 'TOWNSHIP', opinion: '交城关镇政府研究办理。' });
    expect(await tasksOf(w, staff, mine).then((t) => t.map((x) => x.title))).toEqual(['转办群众意见：小区门口积水']);
    const route = await onlyTask(w, manager1, mine);
    expect(route.title).toBe('站长转办群众意见：小区门口积水');
    const routed = await complete(w, manager1, route.id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'TOWNSHIP', instructions: '请办理。' });
    expect(routed.state).toBe('transferred.awaitingAck');
    expect(await tasksOf(w, manager1, mine)).toEqual([]);
    expect(await tasksOf(w, staff, mine)).toEqual([]);
  });
});
