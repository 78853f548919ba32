/**
 * 催办 in the statistics: GET /api/statistics/urges (per handling unit and per process, in
 * words) and the 催办次数 column of the suggestions' per-unit table (承办单位办理情况, its
 * export and the report's 附表). Staff and leaders only; the period checked as every statistics
 * route checks it; another county reads none of this county's urges. Both databases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCounty } from '../../runtime/store/index.ts';
import { SUGGESTION } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

interface Counted {
  tasks: number;
  urges: number;
}

describe.each(databases)('催办 in the statistics ($name)', { timeout: 180_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('counts the urges per unit and per process for the period, and in the per-unit table as 催办次数', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const d = taskDriver(w);
    const staff = await d.token('staff');
    const urge = async (taskId: string) => expect((await w.call(staff, 'POST', `/tasks/${taskId}/actions/urge`, { reason: '请尽快办理' })).status).toBe(200);

    // A suggestion assigned to 县住房和城乡建设局: its unit task is urged twice.
    const id = (await w.call(await d.token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await d.act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
    await d.act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await d.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    const unitTask = ((await d.view(id)).openTasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId !== id)!;
    await urge(unitTask.id);
    await urge(unitTask.id);
    // Another suggestion sent back to its deputy: the deputy's task (no unit) is urged once.
    const other = (await w.call(await d.token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: '关于增设公交站台的建议' } })).body.id as string;
    await d.act('staff', other, 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '请补充具体地点。' });
    const [deputyTask] = await d.inbox('deputy1', other);
    await urge(deputyTask!.id);

    const r = await w.call(staff, 'GET', '/statistics/urges?period=year:2026');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect([r.body.title, r.body.period.title, r.body.total]).toEqual(['催办统计', '2026年', { tasks: 2, urges: 3 }]);
    const units = (r.body.units as Array<Counted & { unitId: string | null; name: string }>).map((u) => [u.name, u.tasks, u.urges]);
    expect(units).toEqual([
      ['县住房和城乡建设局', 1, 2],
      ['机关及代表的任务（非承办单位）', 1, 1],
    ]);
    // The unit task lives in the assignment (a process of its own): each process by its title.
    const processes = (r.body.processes as Array<Counted & { title: string }>).map((p) => [p.title, p.tasks, p.urges]);
    expect(processes.map((p) => p[2])).toEqual([2, 1]);
    expect(processes.every((p) => /[\u4e00-\u9fff]/.test(p[0] as string))).toBe(true);
    // A leader reads it too; another year has none.
    expect((await w.call(await d.token('leader'), 'GET', '/statistics/urges?period=year:2026')).status).toBe(200);
    expect((await w.call(staff, 'GET', '/statistics/urges?period=year:2025')).body).toMatchObject({ total: { tasks: 0, urges: 0 }, units: [], processes: [] });

    // 承办单位办理情况: the 催办次数 column, last, for the unit's assignments.
    const table = (await w.call(staff, 'GET', '/statistics/suggestion/units?period=year:2026')).body;
    const last = table.columns.at(-1);
    expect([last.id, last.title, last.title_en, last.kind]).toEqual(['urges', '催办次数', 'Urges', 'count']);
    const housing = table.rows.find((row: { unit: { name: string } }) => row.unit.name === '县住房和城乡建设局');
    expect(housing.cells.at(-1)).toMatchObject({ kind: 'count', count: 2 });
    const csv = await (await w.app.request('/api/statistics/suggestion/export?period=year:2026&table=units&format=csv', { headers: { authorization: `Bearer ${staff}` } })).text();
    const [head, row] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(head!.split(',').at(-1)).toBe('催办次数');
    expect(row!.split(',').at(-1)).toBe('2');
    const report = (await w.call(staff, 'GET', '/statistics/suggestion/report?period=year:2026')).body;
    const annex = report.sections.map((s: { table?: { kind: string; head: string[]; rows: string[][] } }) => s.table).find((t?: { kind: string }) => t?.kind === 'units');
    expect([annex.head.at(-1), annex.rows[0].at(-1)]).toEqual(['催办次数', '2']);
  });

  it('refuses other roles, checks every parameter, and shows another county nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const d = taskDriver(w);
    const staff = await d.token('staff');
    for (const user of ['deputy1', 'unit1']) expect((await w.call(await d.token(user), 'GET', '/statistics/urges?period=year:2026')).status, user).toBe(403);
    for (const bad of ['', '?period=', '?period=2026', '?period=year:20x6', '?period=year:1800', '?period=year:2026&x=1', '?period=year:2026&period=year:2025', '?period=month:3', '?period=session:十八届', '?period=__proto__']) {
      const res = await w.call(staff, 'GET', `/statistics/urges${bad}`);
      expect([res.status, res.body.error?.code], bad).toEqual([400, 'INVALID_QUERY']);
    }
    // A control character is refused before any parameter is read, as on every route.
    const nul = await w.call(staff, 'GET', '/statistics/urges?period=term:%00');
    expect([nul.status, nul.body.error.code]).toEqual([400, 'INVALID_TEXT']);
    // A term the county's tables do not hold cannot be dated: refused in words, not a 500.
    const term = await w.call(staff, 'GET', `/statistics/urges?period=${encodeURIComponent('term:二十届')}`);
    expect([term.status, term.body.error.code]).toEqual([400, 'INVALID_QUERY']);
    expect(term.body.error.message).toMatch(/[\u4e00-\u9fff]/);

    // An urge in demo; a staff member of another county reads an empty table.
    const id = (await w.call(await d.token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await d.act('staff', id, 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '请补充具体地点。' });
    const [task] = await d.inbox('deputy1', id);
    expect((await w.call(staff, 'POST', `/tasks/${task!.id}/actions/urge`, {})).status).toBe(200);
    await createCounty(handle.db, { code: 'urgeb', name: '催办乙县', users: [{ username: 'urgeb-staff', roles: ['staff'] }] });
    const foreign = await w.call(await w.login('urgeb-staff', 'urgeb'), 'GET', '/statistics/urges?period=year:2026');
    expect(foreign.status).toBe(200);
    expect(foreign.body).toMatchObject({ total: { tasks: 0, urges: 0 }, units: [], processes: [] });
  });
});
