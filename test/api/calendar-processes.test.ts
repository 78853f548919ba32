/**
 * Two server processes over one database (issue 16 item 5): an admin's calendar edit made
 * through server A counts in the first deadline server B computes after it, without B
 * restarting — B's calendar cache is checked against the calendar's version stamp (migration
 * 041) on every use. On PostgreSQL the two servers have their own connection pools
 * (`reopen`); on PGlite (one process, one connection) they are two runtimes over the one
 * database, which is the same test of the cache. Simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const FILE_2027 = { years: { '2027': { holidays: { '元旦': ['2027-01-01', '2027-01-02', '2027-01-03'] }, workdays: [] } } };
const REQUEST = { topic: '城区学校周边交通安全', purpose: '了解上下学时段交通组织和安全设施情况。', unitIds: ['unit-education'], participantIds: ['demo-deputy2'], preferredDate: '2027-01-20' };

describe.each(databases)('a calendar edit seen by another server at once ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  let second: DatabaseHandle | undefined;
  afterEach(async () => {
    if (second !== handle) await second?.close();
    await handle?.close();
    handle = undefined;
    second = undefined;
  });

  /** Starts an inspection request through `w` (5 working days for its first task); its due date. */
  async function dueOfNew(w: WorkApp): Promise<string> {
    const started = await w.call(await w.login('deputy1'), 'POST', '/definitions/inspection-request/instances', { data: REQUEST });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    return started.body.openTasks[0].dueAt as string;
  }

  it('counts a deadline computed through B on the calendar A just changed', async () => {
    handle = await open();
    second = handle.reopen ? await handle.reopen() : handle;
    const a = await workApp(handle, '2026-12-30T01:00:00Z'); // Wednesday, 2027 not yet known
    const b = await workApp(second, '2026-12-30T01:00:00Z', { seed: false });
    const admin = await a.login('admin');

    // B computes first, so its cache holds the calendar without 2027: Monday–Friday → 6 January.
    expect(await dueOfNew(b)).toBe('2027-01-06T16:00:00.000Z');
    const cached = await b.rt.calendars.forCounty(second.db, 'demo');
    expect(await b.rt.calendars.forCounty(second.db, 'demo')).toBe(cached);

    // A imports the State Council's 2027 notice: 1 January is 元旦. B's next deadline skips it.
    expect((await a.call(admin, 'POST', '/calendar/import', FILE_2027)).status).toBe(201);
    expect(await dueOfNew(b)).toBe('2027-01-07T16:00:00.000Z');
    expect(await b.rt.calendars.forCounty(second.db, 'demo')).not.toBe(cached);

    // A adds a county holiday (5 January) and then removes it: B follows each.
    expect((await a.call(admin, 'POST', '/calendar/days', { date: '2027-01-05', kind: 'holiday', name: '县庆日' })).status).toBe(201);
    expect(await dueOfNew(b)).toBe('2027-01-08T16:00:00.000Z');
    expect((await a.call(admin, 'DELETE', '/calendar/days?date=2027-01-05')).status).toBe(200);
    expect(await dueOfNew(b)).toBe('2027-01-07T16:00:00.000Z');
    // And back to no 2027 at all.
    expect((await a.call(admin, 'DELETE', '/calendar?year=2027')).status).toBe(200);
    expect(await dueOfNew(b)).toBe('2027-01-06T16:00:00.000Z');

    // The stamp moved with each change and with nothing else; it is the county's own.
    const stamps = await handle.db.selectFrom('calendar_versions').select(['region_id', 'version']).execute();
    expect(stamps.map((s) => [s.region_id, Number(s.version)])).toEqual([['demo', 4]]);
  }, 240_000);

  it('leaves the stamp where it was when an edit is refused (the stamp commits or rolls back with the rows)', async () => {
    handle = await open();
    const a = await workApp(handle, '2026-03-02T01:00:00Z');
    const admin = await a.login('admin');
    expect((await a.call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).status).toBe(201);
    // Already listed: refused after the year was read for update, nothing written.
    expect((await a.call(admin, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).status).toBe(400);
    const stamp = await handle.db.selectFrom('calendar_versions').select('version').where('region_id', '=', 'demo').executeTakeFirstOrThrow();
    expect(Number(stamp.version)).toBe(1);
  }, 120_000);
});
