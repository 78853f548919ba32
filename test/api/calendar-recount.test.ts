/**
 * Deadlines counted again after the county's calendar changed (issue 16 item 5): a task due in
 * 5 working days, opened on 30 December 2026 while 2027 had no calendar, was counted Monday to
 * Friday (due 6 January 2027); importing the State Council's 2027 notice (元旦 1–3 January)
 * moves it to 7 January in the import's transaction, and the answer says how many moved.
 * Removing the day again moves it back. The refusals name dates in words in both languages.
 * Both databases, simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const FILE_2027 = {
  years: {
    '2027': {
      holidays: { '元旦': ['2027-01-01', '2027-01-02', '2027-01-03'], '春节': ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'] },
      workdays: ['2027-02-14'],
    },
  },
};
const REQUEST = { topic: '城区学校周边交通安全', purpose: '了解上下学时段交通组织和安全设施情况。', unitIds: ['unit-education'], participantIds: ['demo-deputy2'], preferredDate: '2027-01-20' };

describe.each(databases)('deadlines counted again on a new calendar ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('moves an open working-day due date (task and timer) when the year is imported or edited, and says how many', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-30T01:00:00Z'); // Wednesday, 2027 not yet known
    const admin = await w.login('admin');
    const deputy = await w.login('deputy1');
    const started = await w.call(deputy, 'POST', '/definitions/inspection-request/instances', { data: REQUEST });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    const due = async () => {
      const task = await w.handle.db.selectFrom('tasks').select(['due_at', 'key']).where('instance_id', '=', id).where('status', '=', 'open').executeTakeFirstOrThrow();
      const timer = await w.handle.db.selectFrom('timers').select(['fire_at']).where('instance_id', '=', id).where('key', '=', `task:${task.key}:due`).executeTakeFirstOrThrow();
      return [new Date(task.due_at as Date).toISOString(), new Date(timer.fire_at).toISOString()];
    };
    // Monday–Friday: 31 Dec, 1, 4, 5, 6 Jan → the end of 6 January (local midnight = 16:00 UTC).
    expect(await due()).toEqual(['2027-01-06T16:00:00.000Z', '2027-01-06T16:00:00.000Z']);

    const imported = await w.call(admin, 'POST', '/calendar/import', FILE_2027);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.recounted).toBe(1);
    expect(imported.body.years.map((y: { year: number }) => y.year)).toEqual([2027]);
    // 1 January is 元旦: 31 Dec, 4, 5, 6, 7 Jan.
    expect(await due()).toEqual(['2027-01-07T16:00:00.000Z', '2027-01-07T16:00:00.000Z']);
    const task = (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body.openTasks[0];
    expect(task.dueAt).toBe('2027-01-07T16:00:00.000Z');

    // Importing the same again moves nothing.
    expect((await w.call(admin, 'POST', '/calendar/import', FILE_2027)).body.recounted).toBe(0);
    // An edit of another year moves nothing either; an edit of 2027 moves it.
    expect((await w.call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).body.recounted).toBe(0);
    const removed = await w.call(admin, 'DELETE', '/calendar/days?date=2027-01-01');
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.recounted).toBe(1);
    expect(await due()).toEqual(['2027-01-06T16:00:00.000Z', '2027-01-06T16:00:00.000Z']);
    const added = await w.call(admin, 'POST', '/calendar/days', { date: '2027-01-05', kind: 'holiday', name: '县庆日' });
    expect([added.status, added.body.recounted]).toEqual([201, 1]);
    expect(await due()).toEqual(['2027-01-07T16:00:00.000Z', '2027-01-07T16:00:00.000Z']);
    const reset = await w.call(admin, 'DELETE', '/calendar?year=2027');
    expect([reset.status, reset.body.recounted, reset.body.source]).toEqual([200, 1, 'missing']);
    expect(await due()).toEqual(['2027-01-06T16:00:00.000Z', '2027-01-06T16:00:00.000Z']);

    // Another county's calendar moves nothing here.
    const other = await w.handle.db.selectFrom('tasks').select('due_at').where('instance_id', '=', id).executeTakeFirstOrThrow();
    expect(new Date(other.due_at as Date).toISOString()).toBe('2027-01-06T16:00:00.000Z');
  });

  it('refuses a day already listed or not listed with the date in words, in Chinese and English', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await w.login('admin');
    expect((await w.call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).status).toBe(201);
    const twice = await w.call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' });
    expect(twice.status).toBe(400);
    const [e1] = twice.body.error.details.errors as Array<{ message: string; message_en: string }>;
    expect([e1!.message, e1!.message_en]).toEqual(['2026年9月14日已是放假日（县庆日），请先删除', '14 September 2026 is already listed (县庆日); remove it first']);
    const missing = await w.call(admin, 'DELETE', '/calendar/days?date=2026-09-15');
    const [e2] = missing.body.error.details.errors as Array<{ message: string; message_en: string }>;
    expect([missing.status, e2!.message, e2!.message_en]).toEqual([400, '2026年的日历中没有2026年9月15日', '15 September 2026 is not in the calendar of 2026']);
    const badFile = await w.call(admin, 'POST', '/calendar/import', { years: { '2027': { holidays: { '元旦': ['2027-01-01', '2027-01-01', '2028-01-02'] } } } });
    const texts = (badFile.body.error.details.errors as Array<{ message: string; message_en: string }>).map((e) => [e.message, e.message_en]);
    expect(texts).toContainEqual(['2027年1月1日出现了两次', '1 January 2027 appears twice']);
    expect(texts).toContainEqual(['2028年1月2日不在2027年内', '2 January 2028 is not in 2027']);
    for (const [, en] of texts) expect(en).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
