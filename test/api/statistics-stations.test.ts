/**
 * Statistics of stations and deputies (issue 15 item 8, issue 14's "later stations and
 * deputies"; DOMAIN §6.6, §7.8): the catalogues reception-session (代表之家接待统计),
 * constituent-issue (群众意见统计) and deputy-points (代表履职统计, rows of the points table)
 * over a small year driven through the engine over HTTP — reception days scheduled, opened,
 * recorded, archived; constituents' issues answered on the spot, redirected, transferred,
 * acknowledged, replied, rated, left to close without a rating, run overdue and escalated by
 * the timers on the simulated clock; point claims reviewed in two steps — then every figure of
 * GET /api/statistics/<process> checked exactly (counts, sums, {numerator, denominator, value}
 * of rates and of the average working days to reply, distributions), every number's drill-down
 * counted against it (the register for instances, the points list for points), the figures of
 * reception days equal to GET /api/receptions/statistics; then 届次年度 and terms by the dates of the
 * county's terms and sessions tables (instances on both sides of a session's date; the projection
 * and the snapshots alike), and a session without a date refused in words.
 * On PGlite and on PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDueTimers, saveMetricsOverlay } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { CITIZEN_ISSUE, intakeApp, STATION, type IntakeApp } from '../support/constituent.ts';

type Json = any;
const PERIOD = 'year:2026';

const byId = (view: Json, id: string) => {
  const m = view.metrics.find((x: { id: string }) => x.id === id);
  expect(m, id).toBeDefined();
  return m;
};
const nums = (f: Json) => [f.numerator, f.denominator, f.value];
const parts = (f: Json) => Object.fromEntries(f.parts.filter((p: Json) => p.numerator > 0).map((p: Json) => [p.title, p.numerator]));

/** How many rows a drill-down URL lists: the register's instances, or the points list's deputies or entries. */
async function drillCount(w: IntakeApp, token: string, url: string): Promise<number> {
  const path = url.replace(/^\/api/, '');
  const r = await w.call(token, 'GET', path.startsWith('/register') ? `${path}&limit=500` : path);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return path.startsWith('/register') ? r.body.rows.length : r.body.total;
}

/** Every number of a view: its drill-down lists exactly as many rows as it counts. */
async function drillsMatch(w: IntakeApp, token: string, view: Json): Promise<number> {
  let checked = 0;
  for (const p of view.populations) {
    expect(await drillCount(w, token, p.drill), `population ${p.id}`).toBe(p.instances);
    checked++;
  }
  for (const f of view.metrics) {
    if (f.kind === 'count') expect(await drillCount(w, token, f.drill), f.id).toBe(f.count);
    else if (f.kind === 'sum') expect(await drillCount(w, token, f.drill), f.id).toBe(f.count);
    else if (f.kind === 'avg') expect(await drillCount(w, token, f.drill), f.id).toBe(f.denominator);
    else if (f.kind === 'rate') {
      expect(await drillCount(w, token, f.drill.numerator), `${f.id} numerator`).toBe(f.numerator);
      expect(await drillCount(w, token, f.drill.denominator), `${f.id} denominator`).toBe(f.denominator);
    } else {
      for (const p of f.parts) expect(await drillCount(w, token, p.drill.numerator), `${f.id} ${p.key}`).toBe(p.numerator);
      expect(await drillCount(w, token, f.drill.denominator), `${f.id} denominator`).toBe(f.denominator);
    }
    checked++;
  }
  return checked;
}

describe.each(databases)('statistics of stations and deputies ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('computes every figure of receptions, issues and points exactly, each drilling to as many rows', { timeout: 400_000 }, async () => {
    handle = await open();
    // 30 December 2025: an issue of the year before (not counted in 2026).
    const w = await intakeApp(handle, '2025-12-30T02:00:00Z');
    let staff = await w.login('staff');
    const tokens: Record<string, string> = {};
    const login = async () => {
      for (const u of ['staff', 'admin', 'unit1', 'deputy1', 'deputy2', 'deputy3']) tokens[u] = await w.login(u);
      staff = tokens.staff as string;
    };
    /** The one open task of an instance among those `who` hold. */
    const act = async (who: string, instanceId: string, outcome: string, data?: unknown) => {
      const token = tokens[who] as string;
      const tasks = ((await w.call(token, 'GET', '/tasks?mine=1')).body.tasks as Json[]).filter((t) => t.instanceId === instanceId);
      expect(tasks.length, `a task of ${instanceId} for ${who} (${outcome})`).toBeGreaterThan(0);
      const r = await w.call(token, 'POST', `/tasks/${tasks[0].id}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
      expect(r.status, `${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    let n = 0;
    const record = async (contactMode: string) => {
      n++;
      const r = await w.call(staff, 'POST', '/constituent-issues', {
        issue: { stationId: STATION.id, contactMode, category: 'URBAN_RURAL', subject: `群众意见${n}`, content: `群众反映的第${n}件事项。` },
        citizen: { name: '王秀英', phone: '13912345678' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.instanceId as string;
    };
    const contacts = async () => new Set((await w.handle.db.selectFrom('constituent_contacts').select('instance_id').execute()).map((r) => r.instance_id));
    const fromForm = async (address: string) => {
      const before = await contacts();
      const r = await w.pub('POST', `/public/stations/${STATION.code}/issues`, CITIZEN_ISSUE, address);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const made = [...(await contacts())].filter((id) => !before.has(id));
      expect(made).toHaveLength(1);
      return made[0] as string;
    };
    const transfer = async (id: string, proposedRoute: string, routeLevel: string) => {
      await act('staff', id, 'TRIAGE', { proposedRoute, opinion: '转有关单位研究办理。' });
      await act('staff', id, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel, instructions: '请按期签收并答复。' });
      await act('unit1', id, 'ACK');
    };
    await record('PHONE');

    // Monday 2 March 2026: six issues and three reception days.
    w.clock.set('2026-03-02T01:00:00Z');
    await login();
    const a = await record('IN_PERSON');
    await act('staff', a, 'ANSWER_ON_SPOT', { replyText: '已当场解释相关政策。' });
    const b = await record('LETTER');
    await act('staff', b, 'EXCLUDE', { channel: 'LITIGATION', explanation: '属民事纠纷，已告知向法院起诉。' });
    const c = await fromForm('198.51.100.1');
    await transfer(c, 'COUNTY_DEPT', 'COUNTY_DEPT');
    const d = await fromForm('198.51.100.2');
    await transfer(d, 'COUNTY_DEPT', 'TOWNSHIP');
    const e = await record('PHONE');
    await transfer(e, 'VILLAGE_COMMUNITY', 'VILLAGE_COMMUNITY');
    const f = await record('GRID_VISIT');
    await act('staff', f, 'TRIAGE', { proposedRoute: 'TOWNSHIP', opinion: '交街道研究。' });
    const day = async (date: string, deputyIds: string[]) => {
      const r = await w.call(staff, 'POST', '/receptions', { stationId: STATION.id, date, startTime: '09:00', endTime: '11:00', deputyIds });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    // The office's own staff manage this station's days (its manager holds the day's tasks).
    expect((await w.call(tokens.admin as string, 'PATCH', `/stations/${STATION.id}`, { managerId: 'demo-staff' })).status).toBe(200);
    const day1 = await day('2026-03-05', ['demo-deputy1', 'demo-deputy2']);
    const day2 = await day('2026-03-12', ['demo-deputy2']);
    await day('2026-04-20', ['demo-deputy1']);
    /** Opens and records a day (the station's manager holds its tasks). */
    const hold = async (id: string, rec: Json, archive: boolean) => {
      await runDueTimers(handle!.db, w.rt);
      await login();
      const holder = async () => {
        for (const who of ['staff', 'admin']) if (((await w.call(tokens[who] as string, 'GET', '/tasks?mine=1')).body.tasks as Json[]).some((t) => t.instanceId === id)) return who;
        throw new Error(`nobody holds a task of ${id}`);
      };
      await act(await holder(), id, 'OPEN');
      await act(await holder(), id, 'CLOSE', rec);
      if (archive) await act(await holder(), id, 'ARCHIVE');
    };

    // Wednesday 4 March: 2 working days after the transfer, c is answered and rated 满意.
    w.clock.set('2026-03-04T03:00:00Z');
    await login();
    await act('unit1', c, 'REPLY', { result: 'RESOLVED', replyText: '路灯已修复。', contact: '住建局 李工' });
    await act('staff', c, 'FEEDBACK', { satisfaction: 'SATISFIED', method: 'PHONE' });
    w.clock.set('2026-03-05T01:30:00Z');
    await hold(day1, { deputiesPresent: ['demo-deputy1', 'demo-deputy2'], citizensReceived: 12, issuesRecorded: 3, summary: '接待群众12人次。' }, true);
    // Monday 9 March: 5 working days after the transfer, d is answered (and never rated).
    w.clock.set('2026-03-09T03:00:00Z');
    await login();
    await act('unit1', d, 'REPLY', { result: 'PLANNED', replyText: '已列入计划。', contact: '街道办 张工' });
    w.clock.set('2026-03-12T01:30:00Z');
    await hold(day2, { deputiesPresent: ['demo-deputy2'], citizensReceived: 5, issuesRecorded: 1 }, false);

    // Points: two reception claims of 李秀英, one of 王建国 (each 初审 then 复核), one claim rejected, one still waiting.
    const claim = async (who: string, ruleCode: string, date: string) => {
      const r = await w.call(tokens[who] as string, 'POST', '/points/claims', { ruleCode, date, description: '进站接待选民。' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const confirm = async (id: string) => {
      expect((await w.call(tokens.staff as string, 'POST', `/points/entries/${id}/actions`, { action: 'APPROVE' })).status).toBe(200);
      expect((await w.call(tokens.admin as string, 'POST', `/points/entries/${id}/actions`, { action: 'CONFIRM' })).body.state).toBe('confirmed');
    };
    await confirm(await claim('deputy2', 'STATION_RECEPTION', '2026-03-05'));
    await confirm(await claim('deputy2', 'STATION_RECEPTION', '2026-03-12'));
    await confirm(await claim('deputy1', 'STATION_RECEPTION', '2026-03-05'));
    expect((await w.call(staff, 'POST', `/points/entries/${await claim('deputy1', 'TRAINING', '2026-03-06')}/actions`, { action: 'REJECT', reason: '缺少签到材料。' })).status).toBe(200);
    await claim('deputy3', 'GRID_VISIT', '2026-03-10');

    // 1 April: d's feedback window has passed (closed without a rating); e is past its 15 working days to reply.
    w.clock.set('2026-04-01T02:00:00Z');
    await runDueTimers(handle.db, w.rt);
    await login();

    // —— 群众意见 ——
    const issues = await w.call(staff, 'GET', `/statistics/constituent-issue?period=${PERIOD}`);
    expect(issues.status, JSON.stringify(issues.body)).toBe(200);
    const iv = issues.body;
    expect([iv.title, iv.process.title, iv.period.title]).toEqual(['群众意见统计', iv.process.title, '2026年']);
    expect(byId(iv, 'issueCount').count).toBe(6);
    expect(parts(byId(iv, 'byChannel'))).toEqual({ 进站接待: 1, 来信: 1, '线上/扫码': 2, 电话: 1, 网格走访: 1 });
    expect(parts(byId(iv, 'byRouteLevel'))).toEqual({ 当场答复: 1, 未填: 1, '转县(区)有关国家机关': 1, '交街道人大工委/乡镇人大主席团转乡镇政府/街道办': 2, '交社区居委会/村委会研究办理': 1 });
    expect([byId(iv, 'onSpotCount').count, byId(iv, 'transferredCount').count, byId(iv, 'convertedCount').count, byId(iv, 'redirectedCount').count]).toEqual([1, 3, 0, 1]);
    expect(parts(byId(iv, 'byResult'))).toEqual({ 已解决: 1, 列入计划: 1 });
    expect(byId(iv, 'concludedCount').count).toBe(4);
    expect(nums(byId(iv, 'concludedRate'))).toEqual([4, 6, 66.67]);
    // (2 + 5) working days over 2 replies.
    const avg = byId(iv, 'avgDaysToReply');
    expect([avg.kind, ...nums(avg), avg.display]).toEqual(['avg', 7, 2, 3.5, '3.5']);
    // d closed without a rating is not in the denominator, and never satisfied.
    expect(nums(byId(iv, 'satisfiedOrBasicRate'))).toEqual([1, 1, 100]);
    // e is overdue (the office urging the unit), not yet escalated to the county office.
    expect([byId(iv, 'openCount').count, byId(iv, 'overdueNowCount').count, byId(iv, 'escalatedCount').count]).toEqual([2, 1, 0]);
    expect(await drillsMatch(w, staff, iv)).toBeGreaterThan(20);
    // The overdue-now drill is exactly e; the average's drill exactly c and d.
    const ids = async (url: string) => ((await w.call(staff, 'GET', `${url.replace(/^\/api/, '')}&limit=500`)).body.rows as Json[]).map((r) => r.id).sort();
    expect(await ids(byId(iv, 'overdueNowCount').drill)).toEqual([e]);
    expect(await ids(byId(iv, 'avgDaysToReply').drill)).toEqual([c, d].sort());

    // —— 接待日 ——
    const rec = (await w.call(staff, 'GET', `/statistics/reception-session?period=${PERIOD}`)).body;
    const rn = (id: string) => byId(rec, id);
    expect([rn('scheduledCount').count, rn('heldCount').count, rn('deputyAttendances').sum, rn('citizensReceived').sum, rn('issuesRecorded').sum, rn('unifiedCount').count, rn('cancelledCount').count]).toEqual([3, 2, 3, 17, 4, 0, 0]);
    expect(nums(rn('heldRate'))).toEqual([2, 3, 66.67]);
    expect(parts(rn('byStation'))).toEqual({ [STATION.name]: 2 });
    // The same figures as the stations' own endpoint.
    const own = (await w.call(staff, 'GET', '/receptions/statistics?from=2026-01-01&to=2027-01-01')).body;
    expect([own.scheduled, own.held, own.deputyAttendances, own.citizensReceived, own.issuesRecorded]).toEqual([rn('scheduledCount').count, rn('heldCount').count, rn('deputyAttendances').sum, rn('citizensReceived').sum, rn('issuesRecorded').sum]);
    expect(await drillsMatch(w, staff, rec)).toBeGreaterThan(8);

    // —— 代表履职 ——
    const roll = Number((await handle.db.selectFrom('deputies').select((eb) => eb.fn.countAll().as('n')).where('county_id', '=', 'demo').where('active', '=', true).executeTakeFirstOrThrow()).n);
    const pts = await w.call(staff, 'GET', `/statistics/deputy-points?period=${PERIOD}`);
    expect(pts.status, JSON.stringify(pts.body)).toBe(200);
    const pv = pts.body;
    const pn = (id: string) => byId(pv, id);
    expect([pv.title, pv.process.id]).toEqual(['代表履职统计', 'deputy-points']);
    expect([pn('deputyCount').count, pn('activeCount').count, pn('inactiveCount').count, pn('pointsTotal').sum, pn('entryCount').count, pn('autoCount').count, pn('claimedCount').count]).toEqual([roll, 2, roll - 2, 15, 3, 0, 3]);
    expect(nums(pn('activeRate'))).toEqual([2, roll, Math.round((2 / roll) * 10000) / 100]);
    expect(nums(pn('avgPoints'))).toEqual([15, roll, Math.round((15 / roll) * 100) / 100]);
    expect(parts(pn('pointsBands'))).toEqual({ '0分': roll - 2, '1–19分': 2 });
    expect(parts(pn('entriesByRule'))).toEqual({ 进站接待选民: 3 });
    expect(pn('inactiveCount').drill).toMatch(/^\/api\/statistics\/deputy-points\/list\?/);
    expect(await drillsMatch(w, staff, pv)).toBeGreaterThan(10);
    const list = (await w.call(staff, 'GET', pn('activeCount').drill.replace(/^\/api/, ''))).body;
    expect([list.kind, list.metric.title, list.deputies.map((x: Json) => `${x.name}${x.points}`).sort()]).toEqual(['deputies', '有履职积分的代表', ['李秀英10', '王建国5']]);
    const byRule = pn('entriesByRule').parts.find((p: Json) => p.key === 'STATION_RECEPTION');
    const entries = (await w.call(staff, 'GET', byRule.drill.numerator.replace(/^\/api/, ''))).body;
    expect([entries.kind, entries.entries.map((x: Json) => `${x.name} ${x.occurredOn} ${x.ruleTitle} ${x.points}`).sort()]).toEqual(['entries', ['李秀英 2026-03-05 进站接待选民 5', '李秀英 2026-03-12 进站接待选民 5', '王建国 2026-03-05 进站接待选民 5']]);

    // The year before has its own issue.
    expect(byId((await w.call(staff, 'GET', '/statistics/constituent-issue?period=year:2025')).body, 'issueCount').count).toBe(1);

    // —— 届次年度 and terms, by the dates of the county's terms and sessions tables ——
    const admin = tokens.admin as string;
    const get = (process: string, period: string) => w.call(staff, 'GET', `/statistics/${process}?period=${encodeURIComponent(period)}`);
    // No terms table yet: every catalogue but 代表建议 says in words what is missing (代表建议 reads 届次 from its instances).
    for (const process of ['constituent-issue', 'reception-session', 'deputy-points', 'livelihood-vote', 'supervision', 'evaluation']) {
      for (const period of ['term:十八届', 'session:十八届:五次']) {
        const r = await get(process, period);
        expect([r.status, r.body.error?.code], `${process} ${period}`).toEqual([400, 'INVALID_QUERY']);
        expect(r.body.error.message).toContain('本县届次表中没有十八届');
        expect(r.body.error.message).toContain("the county's terms table has no term 十八届");
      }
    }
    expect((await w.call(admin, 'POST', '/terms', { id: 't18', name: '十八届', startsOn: '2022-01-01', endsOn: null })).status).toBe(201);
    // 四次 from 10 January 2025, 五次 from 15 January 2026 (the issue of 30 December 2025 on one side, those of 2 March on the other),
    // 六次 from 10 March 2026 (between the reception days of 5 and 12 March), 七次 not dated yet.
    for (const [id, name, heldOn] of [['s4', '十八届四次', '2025-01-10'], ['s5', '五次', '2026-01-15'], ['s6', '十八届六次', '2026-03-10'], ['s7', '十八届七次', null]] as const) {
      const r = await w.call(admin, 'POST', '/terms/t18/sessions', { id, name, heldOn });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    /** One catalogue's counts for each period: 四次, 五次, 六次, the whole term. */
    const counts = async (process: string, metric: string, field: 'count' | 'sum') => {
      const out: number[] = [];
      for (const period of ['session:十八届:四次', 'session:十八届:五次', 'session:十八届:六次', 'term:十八届']) {
        const r = await get(process, period);
        expect(r.status, `${process} ${period}: ${JSON.stringify(r.body)}`).toBe(200);
        out.push(byId(r.body, metric)[field]);
      }
      return out;
    };
    expect(await counts('constituent-issue', 'issueCount', 'count')).toEqual([1, 6, 0, 7]);
    expect(await counts('reception-session', 'scheduledCount', 'count')).toEqual([0, 1, 2, 3]);
    expect(await counts('reception-session', 'citizensReceived', 'sum')).toEqual([0, 12, 5, 17]);
    expect(await counts('deputy-points', 'entryCount', 'count')).toEqual([0, 2, 1, 3]);
    expect(await counts('deputy-points', 'pointsTotal', 'sum')).toEqual([0, 10, 5, 15]);
    // The period's title says its dates; a session's numbers drill to as many rows.
    const s5 = (await get('constituent-issue', 'session:十八届:五次')).body;
    expect([s5.period.title, s5.period.title_en, s5.period.dates]).toEqual(['十八届五次会议以来（2026年1月—2026年3月）', 'Since session 五次 of term 十八届 (Jan 2026 – Mar 2026)', { from: '2026-01-15', to: '2026-03-10' }]);
    expect((await get('reception-session', 'session:十八届:六次')).body.period.title).toBe('十八届六次会议以来（2026年3月起）');
    expect((await get('deputy-points', 'term:十八届')).body.period.title).toBe('十八届任期内（2022年1月起）');
    expect(await drillsMatch(w, staff, s5)).toBeGreaterThan(20);
    expect(await drillsMatch(w, staff, (await get('deputy-points', 'session:十八届:五次')).body)).toBeGreaterThan(10);
    // The annual catalogues (a year number: the plan's, the vote's) have no instance here, and answer.
    for (const process of ['livelihood-vote', 'supervision', 'evaluation']) expect((await get(process, 'session:十八届:五次')).status, process).toBe(200);
    // A session without a date, or not in the table: 400 in words naming what is missing.
    for (const process of ['constituent-issue', 'reception-session', 'deputy-points', 'evaluation']) {
      const r = await get(process, 'session:十八届:七次');
      expect([r.status, r.body.error?.code], process).toEqual([400, 'INVALID_QUERY']);
      expect(r.body.error.message).toContain('本县届次表中没有该次会议（十八届七次会议）的日期');
      expect(r.body.error.message).toContain("the county's sessions table has no date for session 七次 of term 十八届");
      const none = await get(process, 'session:十八届:九次');
      expect([none.status, none.body.error.message], process).toEqual([400, expect.stringContaining('本县届次表中没有十八届九次会议')]);
    }
    // The figures from the snapshots (a county overlay reading a context path the projection does not hold) are the projection's.
    await saveMetricsOverlay(handle.db, w.rt, 'demo', 'constituent-issue', { facts: { issue: { unprojected: { path: 'context.notInTheProjection' } } } }, null);
    await saveMetricsOverlay(handle.db, w.rt, 'demo', 'reception-session', { facts: { reception: { unprojected: { path: 'context.notInTheProjection' } } } }, null);
    expect(await counts('constituent-issue', 'issueCount', 'count')).toEqual([1, 6, 0, 7]);
    expect(await counts('reception-session', 'scheduledCount', 'count')).toEqual([0, 1, 2, 3]);
    // The office dates a session again: the figures follow the new dates.
    await handle.db.updateTable('sessions').set({ held_on: '2026-03-03' }).where('county_id', '=', 'demo').where('id', '=', 's5').execute();
    expect(await counts('constituent-issue', 'issueCount', 'count')).toEqual([7, 0, 0, 7]);
    // Bad drills of the points list are 400 in words; a deputy reads no statistics.
    for (const q of ['', '?period=year:2026', '?period=year:2026&metric=nosuch', '?period=year:2026&metric=deputyCount&part=denominator', '?period=year:2026&metric=pointsBands&part=numerator', `?period=year:2026&metric=deputyCount&x=1`, '?period=term:十九届&metric=deputyCount']) {
      const r = await w.call(staff, 'GET', `/statistics/deputy-points/list${q}`);
      expect([r.status, r.body.error?.code], q).toEqual([400, 'INVALID_QUERY']);
    }
    expect((await w.call(tokens.deputy1 as string, 'GET', `/statistics/deputy-points?period=${PERIOD}`)).status).toBe(403);
    expect((await w.call(tokens.deputy1 as string, 'GET', `/statistics/deputy-points/list?period=${PERIOD}&metric=deputyCount`)).status).toBe(403);
    // The list of catalogues names the new ones in words.
    const listed = (await w.call(staff, 'GET', '/statistics')).body.processes.map((p: Json) => `${p.id} ${p.title}`);
    expect(listed).toEqual(expect.arrayContaining(['deputy-points 代表履职统计']));
    expect(listed.map((x: string) => x.split(' ')[0])).toEqual(expect.arrayContaining(['constituent-issue', 'reception-session']));
  });
});
