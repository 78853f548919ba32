/**
 * The audit log of the holiday calendar and the terms (issue 16 item 5): an admin's added and
 * removed day, imported notice, year back to the national one, new term, new session and
 * carry-over of deputies are each one entry, written in the change's transaction (a refused
 * change leaves none), by name, with dates, kinds and counts only — never the names typed (县庆日)
 * — and read in words on the page and in the export (runtime/audit-summary.ts).
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { auditSummary } from '../../runtime/audit-summary.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

/** The State Council's notice for 2027 (the shipped file's shape): 10 holidays, 1 adjusted working day. */
const FILE_2027 = {
  years: {
    '2027': {
      holidays: { '元旦': ['2027-01-01', '2027-01-02', '2027-01-03'], '春节': ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'] },
      workdays: ['2027-02-14'],
    },
  },
};

describe.each(databases)('audit log of the calendar and the terms ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('records each calendar edit and term change once, in words, with no typed names', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-07T02:00:00Z');
    const admin = await w.login('admin');
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await w.call(admin, method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(r.body)}`).toBeLessThan(300);
    };
    await ok('POST', '/calendar/import', FILE_2027);
    await ok('POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' });
    await ok('POST', '/calendar/days', { date: '2027-02-20', kind: 'workday', name: '春节调休' });
    await ok('DELETE', '/calendar/days?date=2026-09-14');
    await ok('DELETE', '/calendar?year=2027');
    await ok('POST', '/terms', { id: '18', name: '十八届', startsOn: '2022-01-01', endsOn: '2026-12-31' });
    await ok('POST', '/terms', { id: '19', name: '十九届', startsOn: '2027-01-01' });
    await ok('POST', '/terms/19/sessions', { id: '19-1', name: '十九届一次会议', heldOn: '2027-01-10' });
    await handle.db.updateTable('deputies').set({ term_id: '18' }).where('county_id', '=', 'demo').execute();
    const deputies = ((await w.call(admin, 'GET', '/deputies?termId=18')).body.deputies as unknown[]).length;
    await ok('POST', '/terms/19/carry-over', { fromTermId: '18' });

    // Refused changes leave no entry: a day already listed, a year without its own row, a taken term id, a session outside its term, a carry-over from a later term.
    expect((await w.call(admin, 'POST', '/calendar/days', { date: '2026-10-01', kind: 'holiday', name: '国庆' })).status).toBe(400);
    expect((await w.call(admin, 'DELETE', '/calendar?year=2027')).status).toBe(400);
    expect((await w.call(admin, 'POST', '/terms', { id: '18', name: '又一届' })).status).toBe(409);
    expect((await w.call(admin, 'POST', '/terms/18/sessions', { id: '18-9', name: '会', heldOn: '2030-01-01' })).status).toBe(400);
    expect((await w.call(admin, 'POST', '/terms/18/carry-over', { fromTermId: '19' })).status).toBe(400);

    const log = await w.call(admin, 'GET', '/audit');
    const mine = log.body.entries.filter((e: any) => /^(calendar|term|session)\./.test(e.action));
    expect(mine.map((e: any) => [e.title, e.actorName, e.targetName, auditSummary(e.action, e.detail)?.zh])).toEqual([
      ['代表转入新一届', '系统管理员', '十九届', `从上一届转入代表 ${deputies} 名`],
      ['新建会议', '系统管理员', '十九届一次会议', '会议日期2027年1月10日'],
      ['新建届次', '系统管理员', '十九届', '任期2027年1月1日至…'],
      ['新建届次', '系统管理员', '十八届', '任期2022年1月1日至2026年12月31日'],
      ['恢复国家节假日安排', '系统管理员', null, '2027年恢复为国家节假日安排'],
      ['删除节假日安排', '系统管理员', null, '将2026年9月14日移出节假日'],
      ['添加节假日安排', '系统管理员', null, '将2027年2月20日设为调休上班日'],
      ['添加节假日安排', '系统管理员', null, '将2026年9月14日设为节假日'],
      ['导入节假日安排', '系统管理员', null, '导入2027年节假日安排：节假日 10 天、调休上班 1 天'],
    ]);
    expect(deputies).toBeGreaterThan(0);
    expect(auditSummary(mine[8].action, mine[8].detail)?.en).toBe('Imported the holiday calendar of 2027: 10 holiday(s), 1 adjusted working day(s)');
    // Codes and counts only: the names the admin typed for the days are not in the log.
    const raw = JSON.stringify(mine);
    for (const typed of ['县庆日', '春节调休', '元旦']) expect(raw).not.toContain(typed);
    expect(mine[8].detail).toEqual({ years: ['2027'], holidays: 10, workdays: 1, recounted: 0 });

    // The export words them the same.
    const csv = await w.app.request('/api/audit/export?format=csv&action=calendar.imported', { headers: { authorization: `Bearer ${admin}` } });
    expect((await csv.text()).trim().split('\n')[1]).toMatch(/,系统管理员,导入节假日安排,,,导入2027年节假日安排：节假日 10 天、调休上班 1 天$/);
  }, 240_000);

  it('writes the entry in the change\'s transaction: a day added with open deadlines says how many moved', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-12-30T01:00:00Z');
    const admin = await w.login('admin');
    const started = await w.call(await w.login('deputy1'), 'POST', '/definitions/inspection-request/instances', {
      data: { topic: '城区学校周边交通安全', purpose: '了解上下学时段交通组织和安全设施情况。', unitIds: ['unit-education'], participantIds: ['demo-deputy2'], preferredDate: '2027-01-20' },
    });
    expect(started.status).toBe(201);
    expect((await w.call(admin, 'POST', '/calendar/days', { date: '2027-01-05', kind: 'holiday', name: '县庆日' })).body.recounted).toBe(1);
    const [entry] = (await w.call(admin, 'GET', '/audit?action=calendar.day_added')).body.entries;
    expect(entry.detail).toEqual({ date: '2027-01-05', kind: 'holiday', recounted: 1 });
    expect(auditSummary(entry.action, entry.detail)).toEqual({ zh: '将2027年1月5日设为节假日，已按新日历重算 1 项期限', en: 'Made 5 January 2027 a holiday; 1 deadline(s) counted again' });
    // The entry and the calendar row committed together: both or neither, by the same transaction id.
    const xids = await sql<{ a: string; c: string }>`select (select xmin::text from audit_log where county_id = 'demo' and action = 'calendar.day_added') as a, (select xmin::text from calendars where region_id = 'demo' and year = 2027) as c`.execute(handle.db);
    expect(xids.rows[0]?.a).toBe(xids.rows[0]?.c);
  }, 120_000);
});
