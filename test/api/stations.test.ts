/**
 * Deputies' stations and reception days over HTTP (issue 15 item 1, DOMAIN §6.1–6.3, §6.6):
 * the registry with its QR code, a weekly cadence making the coming days, a day from cadence to
 * archive on the simulated clock with its notice going out exactly noticeDays (calendar days)
 * before and the deputies on duty told; bad input refused with nothing written; another
 * county sees none of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty, runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

async function count(w: WorkApp, table: 'stations' | 'station_deputies' | 'reception_cadences' | 'instances'): Promise<number> {
  const r = await w.handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const STATION = { name: '城关镇代表之家', level: 'HOME', township: '城关镇', address: '城关镇人民路1号', managerId: 'demo-staff', grids: ['东街网格', '西街网格'], deputyIds: ['demo-deputy1', 'demo-deputy2', 'demo-deputy3'] };

describe.each(databases)('stations and reception days ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('keeps a registry with a random public code and a QR code, refuses bad input, and hides it from another county', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    const admin = await w.login('admin');
    const deputy = await w.login('deputy1');

    const bad = await w.call(admin, 'POST', '/stations', { name: ' ', level: 'CASTLE', grids: 'east', managerId: 'demo-nobody', deputyIds: ['demo-deputy1'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/grids', '/level', '/name']);
    const unknown = await w.call(admin, 'POST', '/stations', { ...STATION, managerId: 'demo-nobody', deputyIds: ['demo-deputy1', 'demo-unit1'] });
    expect([unknown.status, unknown.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/managerId', '/deputyIds/1']]);
    expect(await count(w, 'stations')).toBe(0);
    expect((await w.call(deputy, 'POST', '/stations', STATION)).status).toBe(403);

    const made = await w.call(admin, 'POST', '/stations', STATION);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const station = made.body;
    expect([station.levelTitle, station.managerName, station.deputies.map((d: { name: string }) => d.name)]).toEqual(['代表之家', '人代工委工作人员', ['李秀英', '王建国', '张伟']]);
    expect(station.publicCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(station.publicCode).not.toContain(station.id);
    const second = await w.call(admin, 'POST', '/stations', { name: '东湖社区代表联系点', level: 'POINT', township: '城关镇' });
    expect(second.body.publicCode).not.toBe(station.publicCode);

    const listed = await w.call(admin, 'GET', '/stations?level=HOME', undefined);
    expect(listed.body.stations.map((s: { name: string; deputyCount: number }) => [s.name, s.deputyCount])).toEqual([['城关镇代表之家', 3]]);
    expect((await w.call(admin, 'GET', '/stations?level=X')).status).toBe(400);

    const qr = await w.app.request(`/api/stations/${station.id}/qr.svg`, { headers: { authorization: `Bearer ${admin}` } });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(qr.headers.get('x-public-url')).toBe(`http://localhost/public/stations/${station.publicCode}`);
    expect(await qr.text()).toMatch(/^<svg[^>]*viewBox/);

    const renewed = await w.call(admin, 'POST', `/stations/${station.id}/public-code`, {});
    expect(renewed.body.publicCode).not.toBe(station.publicCode);
    expect((await w.call(admin, 'DELETE', `/stations/${station.id}/deputies/demo-deputy3`)).body.deputyCount).toBe(2);
    expect((await w.call(admin, 'POST', `/stations/${station.id}/deputies`, { deputyIds: ['demo-deputy3'] })).body.deputyCount).toBe(3);
    const off = await w.call(admin, 'PATCH', `/stations/${second.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const badPatch = await w.call(admin, 'PATCH', `/stations/${station.id}`, { name: '', secret: 1 });
    expect([badPatch.status, (await w.call(admin, 'GET', `/stations/${station.id}`)).body.name]).toEqual([400, '城关镇代表之家']);

    await createCounty(handle.db, { code: 'other', name: '邻县' });
    const other = await w.login('admin', 'other');
    expect((await w.call(other, 'GET', '/stations')).body.stations).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/stations/${station.id}`],
      ['PATCH', `/stations/${station.id}`, { name: '改名' }],
      ['GET', `/stations/${station.id}/qr.svg`],
      ['GET', `/stations/${station.id}/receptions`],
      ['POST', `/stations/${station.id}/deputies`, { deputyIds: ['other-deputy1'] }],
      ['POST', `/stations/${station.id}/public-code`, {}],
      ['POST', '/reception-cadences', { stationId: station.id, rule: { kind: 'WEEKLY', weekday: 1 }, startTime: '09:00', endTime: '11:00' }],
    ] as const) {
      const r = await w.call(other, method, path, body);
      expect([path, r.status, r.body.error?.code]).toEqual([path, 404, 'STATION_NOT_FOUND']);
    }
    expect((await w.call(admin, 'GET', `/stations/${station.id}`)).body.publicCode).toBe(renewed.body.publicCode);
  });

  it('runs a reception day from a weekly cadence to the archive, the notice out exactly 3 days before and the reminder to the deputies on duty 3 working days before', { timeout: 180_000 }, async () => {
    handle = await open();
    // Wednesday 2 December 2026, 10:00 in the county.
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    let admin = await w.login('admin');
    let staff = await w.login('staff');
    const station = (await w.call(admin, 'POST', '/stations', STATION)).body;

    const badCadence = await w.call(admin, 'POST', '/reception-cadences', { stationId: station.id, rule: { kind: 'WEEKLY', weekday: 9 }, startTime: '11:00', endTime: '09:00' });
    expect([badCadence.status, badCadence.body.error.details.errors.map((e: { pointer: string }) => e.pointer)]).toEqual([400, ['/rule/weekday', '/endTime']]);
    expect([await count(w, 'reception_cadences'), await count(w, 'instances')]).toEqual([0, 0]);

    // Every Monday 09:00–11:00, two deputies on duty in turn (pinyin order: 李秀英, 王建国, 张伟).
    const cadence = await w.call(admin, 'POST', '/reception-cadences', { stationId: station.id, rule: { kind: 'WEEKLY', weekday: 1 }, startTime: '09:00', endTime: '11:00', deputiesPerSession: 2 });
    expect(cadence.status, JSON.stringify(cadence.body)).toBe(201);
    expect(cadence.body.cadence.title).toBe('每周一 09:00–11:00');
    // 35 days ahead (按周期提前排期天数): the Mondays 7, 14, 21, 28 December and 4 January.
    expect(cadence.body.made).toBe(5);
    expect((await w.call(admin, 'POST', '/reception-cadences/generate', {})).body.made).toBe(0);

    const calendar = (await w.call(admin, 'GET', `/stations/${station.id}/receptions`)).body.receptions;
    expect(calendar.map((r: { dateLabel: string; stateTitle: string }) => `${r.dateLabel} ${r.stateTitle}`)).toEqual([
      '2026年12月7日（周一）09:00–11:00 已排期',
      '2026年12月14日（周一）09:00–11:00 已排期',
      '2026年12月21日（周一）09:00–11:00 已排期',
      '2026年12月28日（周一）09:00–11:00 已排期',
      '2027年1月4日（周一）09:00–11:00 已排期',
    ]);
    expect(calendar.map((r: { deputies: Array<{ name: string }> }) => r.deputies.map((d) => d.name).join('、')).slice(0, 3)).toEqual(['李秀英、王建国', '张伟、李秀英', '王建国、张伟']);
    const first = calendar[0];
    expect([first.startsAt, first.noticeAt]).toEqual(['2026-12-07T01:00:00.000Z', '2026-12-04T01:00:00.000Z']);

    // One second before the notice time nothing goes out; at the notice time it does.
    w.clock.set('2026-12-04T00:59:59Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(0);
    expect((await w.call(await w.login('deputy2'), 'GET', '/notifications')).body.notifications).toEqual([]);
    w.clock.set('2026-12-04T01:00:00Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(1);
    // Tokens expire as the simulated clock moves on: sign in again.
    admin = await w.login('admin');
    const d2 = await w.login('deputy2');
    const d3 = await w.login('deputy3');
    const dayRes = await w.call(admin, 'GET', `/instances/${first.id}`);
    expect(dayRes.status, JSON.stringify(dayRes.body)).toBe(200);
    const day = dayRes.body;
    expect([day.state, day.context.noticePublishedAt]).toEqual(['announced', '2026-12-04T01:00:00.000Z']);
    const told = (await w.call(d2, 'GET', '/notifications')).body.notifications.map((n: { message: string }) => n.message);
    expect(told).toEqual(['接待日公告：请您于2026年12月7日（周一）09:00–11:00到城关镇代表之家值班接待选民。']);
    expect((await w.call(await w.login('deputy1'), 'GET', '/notifications')).body.notifications).toHaveLength(1);
    expect((await w.call(d3, 'GET', '/notifications')).body.notifications).toEqual([]);

    // The deputy's duty days: the next ones they are on, in words.
    const mine = (await w.call(d3, 'GET', '/receptions/mine')).body.receptions;
    expect(mine.map((r: { dateLabel: string }) => r.dateLabel)).toEqual(['2026年12月14日（周一）09:00–11:00', '2026年12月21日（周一）09:00–11:00', '2027年1月4日（周一）09:00–11:00']);
    expect((await w.call(d3, 'GET', '/receptions/mine?from=yesterday')).status).toBe(400);

    // The day: the station manager opens it, records it, archives it.
    w.clock.set('2026-12-07T01:00:00Z');
    admin = await w.login('admin');
    staff = await w.login('staff');
    const task = async (title: string) => {
      const tasks = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; title: string }>;
      const found = tasks.find((t) => t.title === title);
      expect(found, tasks.map((t) => t.title).join('; ')).toBeDefined();
      return found!.id;
    };
    expect((await w.call(staff, 'POST', `/tasks/${await task('开始接待：城关镇代表之家 2026年12月7日（周一）09:00–11:00')}/complete`, { outcome: 'OPEN' })).status).toBe(200);
    const recordTask = await task('填写接待情况：城关镇代表之家 2026年12月7日（周一）09:00–11:00');
    const badRecord = await w.call(staff, 'POST', `/tasks/${recordTask}/complete`, { outcome: 'CLOSE', data: { deputiesPresent: [], citizensReceived: -1, issuesRecorded: 2 } });
    expect(badRecord.status).toBe(400);
    expect((await w.call(admin, 'GET', `/instances/${first.id}`)).body.state).toBe('open');
    const closed = await w.call(staff, 'POST', `/tasks/${recordTask}/complete`, { outcome: 'CLOSE', data: { deputiesPresent: ['demo-deputy2', 'demo-deputy1'], citizensReceived: 12, issuesRecorded: 3, summary: '群众反映东街路灯不亮等3件事项。' } });
    expect([closed.status, closed.body.state]).toEqual([200, 'closed']);
    const archived = await w.call(staff, 'POST', `/tasks/${await task('归档接待记录：城关镇代表之家 2026年12月7日（周一）09:00–11:00')}/complete`, { outcome: 'ARCHIVE' });
    expect([archived.body.state, archived.body.status]).toEqual(['archived', 'done']);

    // §6.6: one day held, two deputy attendances, 12 citizens, 3 issues; 李秀英 and 王建国 once each.
    const stats = (await w.call(admin, 'GET', '/receptions/statistics?from=2026-12-01&to=2027-01-01')).body;
    expect([stats.scheduled, stats.held, stats.deputyAttendances, stats.citizensReceived, stats.issuesRecorded]).toEqual([4, 1, 2, 12, 3]);
    expect(stats.deputies.map((d: { name: string; attendances: number }) => `${d.name}${d.attendances}`).sort()).toEqual(['李秀英1', '王建国1']);
    expect((await w.call(await w.login('deputy1'), 'GET', '/receptions/statistics')).status).toBe(403);

    // The deputies' own reminder, 3 working days (值班提醒提前工作日) before: for Monday 14
    // December 09:00 it is Wednesday 9 December 09:00 — to the second, naming the date in words.
    // The first Monday's reminder time (Wednesday 2 December 09:00) had passed when the cadence
    // made it, so that day has none (its notice told the deputies).
    expect((await w.call(admin, 'GET', `/instances/${first.id}`)).body.context.reminderAt).toBeNull();
    const second = calendar[1];
    expect((await w.call(admin, 'GET', `/instances/${second.id}`)).body.context.reminderAt).toBe('2026-12-09T01:00:00.000Z');
    const reminders = async (who: string) => ((await w.call(await w.login(who), 'GET', '/notifications')).body.notifications as Array<{ message: string }>).map((n) => n.message).filter((m) => m.startsWith('值班提醒'));
    w.clock.set('2026-12-09T00:59:59Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(0);
    expect(await reminders('deputy3')).toEqual([]);
    w.clock.set('2026-12-09T01:00:00Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(1);
    const reminder = '值班提醒：请于2026年12月14日（周一）09:00–11:00到城关镇代表之家值班接待选民。';
    const onSecond = second.deputies.map((d: { id: string }) => d.id.replace('demo-', ''));
    for (const who of onSecond) expect(await reminders(who)).toEqual([reminder]);
    const offSecond = ['deputy1', 'deputy2', 'deputy3'].filter((d) => !onSecond.includes(d));
    for (const who of offSecond) expect(await reminders(who)).toEqual([]);
    // Its notice on Friday 11 December: the day is announced and nobody is reminded twice.
    w.clock.set('2026-12-11T01:00:00Z');
    expect(await runDueTimers(handle.db, w.rt)).toBe(1);
    admin = await w.login('admin');
    const announced = (await w.call(admin, 'GET', `/instances/${second.id}`)).body;
    expect([announced.state, announced.context.reminderSentAt, announced.context.reminderAt]).toEqual(['announced', '2026-12-09T01:00:00.000Z', null]);
    for (const who of onSecond) expect(await reminders(who)).toEqual([reminder]);

    // The generator moves on with the clock: on 2 January it makes the Mondays after 4 January up
    // to 6 February (11, 18, 25 January, 1 February).
    w.clock.set('2027-01-02T02:00:00Z');
    admin = await w.login('admin');
    expect((await w.call(admin, 'POST', '/reception-cadences/generate', {})).body.made).toBe(4);
    const cadences = (await w.call(admin, 'GET', `/reception-cadences?station=${station.id}`)).body.cadences;
    expect(cadences[0].generatedUntil).toBe('2027-02-06T02:00:00.000Z');
  });

  it('reads 提前公告天数 from the county\'s published version: 2 days instead of 3', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    const admin = await w.login('admin');
    const overlay = await w.call(admin, 'PUT', '/definitions/reception-session/overlay', { patch: { settings: { noticeDays: 2 } } });
    expect(overlay.status, JSON.stringify(overlay.body)).toBe(200);
    expect((await w.call(admin, 'POST', '/definitions/reception-session/publish', {})).status).toBe(201);
    const station = (await w.call(admin, 'POST', '/stations', STATION)).body;
    await w.call(admin, 'POST', '/reception-cadences', { stationId: station.id, rule: { kind: 'WEEKLY', weekday: 1 }, startTime: '09:00', endTime: '11:00' });
    const [first] = (await w.call(admin, 'GET', `/stations/${station.id}/receptions`)).body.receptions;
    expect([first.startsAt, first.noticeAt]).toEqual(['2026-12-07T01:00:00.000Z', '2026-12-05T01:00:00.000Z']);
  });

  it('schedules one day by hand, and a county-wide 统一接待日 on the 15th of odd months at every station with deputies', { timeout: 180_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-02T02:00:00Z');
    let staff = await w.login('staff');
    const a = (await w.call(staff, 'POST', '/stations', STATION)).body;
    await w.call(staff, 'POST', '/stations', { name: '东湖社区代表联系点', level: 'POINT', deputyIds: ['demo-deputy4'] });
    await w.call(staff, 'POST', '/stations', { name: '空站', level: 'STATION' });

    const past = await w.call(staff, 'POST', '/receptions', { stationId: a.id, date: '2026-12-01', startTime: '09:00', endTime: '11:00' });
    expect([past.status, past.body.error.details.errors[0].pointer]).toEqual([400, '/date']);
    const badDeputy = await w.call(staff, 'POST', '/receptions', { stationId: a.id, date: '2026-12-03', startTime: '09:00', endTime: '11:00', deputyIds: ['demo-nobody'] });
    expect(badDeputy.status).toBe(400);
    expect(await count(w, 'instances')).toBe(0);
    // Tomorrow at 09:00: its notice time (3 days before) has passed, so it is announced at once.
    const one = await w.call(staff, 'POST', '/receptions', { stationId: a.id, date: '2026-12-03', startTime: '09:00', endTime: '11:30', deputyIds: ['demo-deputy5'] });
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    expect(await runDueTimers(handle.db, w.rt)).toBe(1);
    expect((await w.call(await w.login('deputy5'), 'GET', '/notifications')).body.notifications[0].message).toContain('2026年12月3日（周四）09:00–11:30');

    // 统一接待日: the 15th of odd months; within 35 days of 2 December only 15 January 2027 — at
    // the two stations with deputies (the empty one gets none).
    w.clock.set('2026-12-12T02:00:00Z');
    staff = await w.login('staff');
    const unified = await w.call(staff, 'POST', '/reception-cadences', { stationId: null, rule: { kind: 'MONTHLY', day: 15, months: 'ODD' }, startTime: '09:00', endTime: '11:00' });
    expect(unified.status, JSON.stringify(unified.body)).toBe(201);
    expect([unified.status, unified.body.cadence.title, unified.body.made]).toEqual([201, '全县统一接待日：单月15日 09:00–11:00', 2]);
  });
});
