/**
 * The region roll-up (issue 14): 成都市's region reader `chengdu-region` (上级人大, role region,
 * migration 018) reads the figures and the registers of its districts and nothing else.
 * Suggestions are driven through the engine in three districts (锦江区, 青羊区, 武侯区; 成华区
 * has none), then: the region's figures are exactly the sums of the districts' own answers
 * (counts, numerators, denominators; rates computed again from the sums), one district's
 * figures with `county=` are that district's, the per-county table and its exports, the
 * register across the districts and its drill-downs; the reader cannot list, open or complete
 * a task, has no inbox and starts nothing; a district's staff still sees no other district.
 * Then the same for every other catalogue (民生实事, 监督, 评议, and the stations' and deputies'
 * catalogues over reception days, constituents' issues and points, driven in 锦江区 and 青羊区):
 * every metric of every catalogue is the sum of the districts' own answers, the per-county table
 * is each district's own figures with their sum, and the region's drills list as many rows.
 * On PGlite and on PostgreSQL.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readExampleRegions } from '../../runtime/definition-files.ts';
import { ratio } from '../../runtime/statistics/ratio.ts';
import { runDueTimers, seedCountyExamples } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const PERIOD = 'year:2026';
const DISTRICTS = ['chenghua', 'jinjiang', 'qingyang', 'wuhou'];

/** Drives suggestions in one district of 成都市 (its overlay: suggested units talk with the deputy before screening). */
function district(w: WorkApp, code: string) {
  const d = suggestionDriver(w.call, (user) => w.login(`${code}-${user}`));
  const start = (title: string) => d.start('deputy1', { title, origin: 'SESSION', sourceCode: 'RESEARCH', leadDeputyId: `${code}-deputy1`, suggestedUnits: ['unit-housing'] });
  const toAnswering = async (id: string, category: string) => {
    await d.act('unit1', id, 'LOG_PRE_CONTACT', { date: '2026-03-03', mode: 'PHONE', unitView: '属本单位职责。' });
    await d.act('staff', id, 'ACCEPT', { categoryCode: category });
    await d.act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await d.act('staff', id, 'APPROVE_ASSIGNMENT', {});
    await d.act('unit1', id, 'ACCEPT');
    await d.act('unit1', id, 'LOG_CONSULTATION', consult);
    await d.act('unit1', id, 'START_DRAFT');
  };
  const answered = async (id: string, result: string, satisfaction: string) => {
    await d.issue('unit1', id, answer(result));
    await d.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: satisfaction });
  };
  return { ...d, start, toAnswering, answered };
}

const figures = (view: Json) => Object.fromEntries(view.metrics.map((m: Json) => [m.id, m]));
/** A figure's numbers without its words or drills: what the sum is compared on. */
function numbers(f: Json): Json {
  if (f.kind === 'count') return { count: f.count };
  if (f.kind === 'sum') return { sum: f.sum, count: f.count };
  if (f.kind === 'rate' || f.kind === 'avg') return { numerator: f.numerator, denominator: f.denominator, display: f.display };
  return { denominator: f.denominator, parts: Object.fromEntries(f.parts.map((p: Json) => [p.key, [p.numerator, p.denominator, p.display]])) };
}
/** The sum the roll-up must give, computed here from the districts' own answers. */
function expectedSum(views: Json[], id: string): Json {
  const fs = views.map((v) => figures(v)[id]).filter(Boolean);
  const kind = fs[0].kind;
  if (kind === 'count') return { count: fs.reduce((s, f) => s + f.count, 0) };
  if (kind === 'sum') return { sum: fs.reduce((s, f) => s + f.sum, 0), count: fs.reduce((s, f) => s + f.count, 0) };
  if (kind === 'avg') {
    // Sums of the counties' sums over sums of their counts — never an average of their averages.
    const num = fs.reduce((s, f) => s + f.numerator, 0);
    const den = fs.reduce((s, f) => s + f.denominator, 0);
    return { numerator: num, denominator: den, display: den === 0 ? '—' : String(Math.round((num / den) * 100) / 100) };
  }
  if (kind === 'rate') {
    const r = ratio(fs.reduce((s, f) => s + f.numerator, 0), fs.reduce((s, f) => s + f.denominator, 0));
    return { numerator: r.numerator, denominator: r.denominator, display: r.display };
  }
  const den = fs.reduce((s, f) => s + f.denominator, 0);
  const parts: Record<string, number> = {};
  for (const f of fs) for (const p of f.parts) parts[p.key] = (parts[p.key] ?? 0) + p.numerator;
  return { denominator: den, parts: Object.fromEntries(Object.entries(parts).map(([k, n]) => [k, [n, den, ratio(n, den).display]])) };
}

describe.each(databases)('region roll-up of 成都市 ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterAll(async () => {
    await handle?.close();
  });

  it('sums the districts exactly, lists their registers, and refuses every task, inbox and record', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    await seedCountyExamples(handle.db, w.rt, readExampleRegions());

    // 锦江区: one answered A and rated 满意, one still being drafted. 青羊区: one answered B, 基本满意.
    // 武侯区: one answered C and rated 满意, one waiting for its pre-contact. 成华区: none.
    const jj = district(w, 'jinjiang');
    const jj1 = await jj.start('关于锦江区增设社区食堂的建议');
    await jj.toAnswering(jj1, 'EDU_SCI_CULT_HEALTH_SPORT');
    await jj.answered(jj1, 'A', 'SATISFIED');
    const jj2 = await jj.start('关于锦江区优化公交线路的建议');
    await jj.toAnswering(jj2, 'TRANSPORT_POST_TELECOM');
    const qy = district(w, 'qingyang');
    const qy1 = await qy.start('关于青羊区老旧小区加装电梯的建议');
    await qy.toAnswering(qy1, 'URBAN_RURAL_CONSTRUCTION');
    await qy.answered(qy1, 'B', 'BASIC');
    const wh = district(w, 'wuhou');
    const wh1 = await wh.start('关于武侯区完善停车设施的建议');
    await wh.toAnswering(wh1, 'URBAN_RURAL_CONSTRUCTION');
    await wh.answered(wh1, 'C', 'SATISFIED');
    await wh.start('关于武侯区加强噪声治理的建议');

    const region = await w.login('chengdu-region');
    const get = (path: string, who = region) => w.call(who, 'GET', path);
    const staff: Record<string, string> = {};
    for (const code of DISTRICTS) staff[code] = await w.login(`${code}-staff`);

    // Who the reader is.
    const me = await get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ roles: ['region'], county: { code: 'chengdu', name: '成都市', level: 'city' } });

    // Each district's own answer, as its staff reads it.
    const own: Record<string, Json> = {};
    for (const code of DISTRICTS) {
      const r = await get(`/statistics/suggestion?period=${PERIOD}`, staff[code]);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      own[code] = r.body;
    }
    expect([figures(own.jinjiang).total.count, figures(own.qingyang).total.count, figures(own.wuhou).total.count, figures(own.chenghua).total.count]).toEqual([2, 1, 1, 0]);

    // The region's sum: every metric is the sum of the districts' numbers.
    const sum = await get(`/statistics/suggestion?period=${PERIOD}`);
    expect(sum.status, JSON.stringify(sum.body)).toBe(200);
    expect(sum.body.county).toBeNull();
    expect(sum.body.region).toMatchObject({ code: 'chengdu', name: '成都市' });
    expect(sum.body.counties.map((c: Json) => c.name)).toEqual(['成华区', '锦江区', '青羊区', '武侯区']);
    const views = DISTRICTS.map((c) => own[c]);
    const ids = own.jinjiang.metrics.map((m: Json) => m.id);
    expect(sum.body.metrics.map((m: Json) => m.id)).toEqual(ids);
    for (const id of ids) expect(numbers(figures(sum.body)[id]), id).toEqual(expectedSum(views, id));
    const f = figures(sum.body);
    expect(f.total.count).toBe(4); // 武侯区's second item waits for its pre-contact: not registered yet
    expect([f.concludedRate.numerator, f.concludedRate.denominator, f.concludedRate.display]).toEqual([3, 4, '75%']);
    expect(numbers(f.results).parts).toMatchObject({ A: [1, 3, '33.33%'], B: [1, 3, '33.33%'], C: [1, 3, '33.33%'] });
    expect([f.satisfiedOrBasicRate.numerator, f.satisfiedOrBasicRate.denominator]).toEqual([3, 3]);
    expect(f.handlingUnits.count).toBe(3); // one 住房和城乡建设局 in each of three districts
    for (const p of sum.body.populations) expect(p.count, p.id).toBe(DISTRICTS.reduce((s, c) => s + own[c].populations.find((x: Json) => x.id === p.id).count, 0));

    // One district's figures: that district's answer, each drill naming it.
    const one = await get(`/statistics/suggestion?period=${PERIOD}&county=jinjiang`);
    expect(one.status).toBe(200);
    expect(one.body.county).toMatchObject({ code: 'jinjiang', name: '锦江区' });
    for (const id of ids) expect(numbers(figures(one.body)[id]), id).toEqual(numbers(figures(own.jinjiang)[id]));
    expect(figures(one.body).concludedRate.drill.numerator).toBe(`${figures(own.jinjiang).concludedRate.drill.numerator}&county=jinjiang`);

    // Counties not under 成都市, or nowhere: the same 404.
    for (const code of ['changshu', 'demo', 'yanjiang', 'nowhere']) {
      const r = await get(`/statistics/suggestion?period=${PERIOD}&county=${code}`);
      expect([r.status, r.body.error.code], code).toEqual([404, 'COUNTY_NOT_FOUND']);
    }
    expect((await get(`/statistics/suggestion?period=${PERIOD}&county=JJ%00`)).status).toBe(400);

    // The per-county table, its total equal to the sum.
    const table = await get(`/statistics/suggestion/counties?period=${PERIOD}`);
    expect(table.status, JSON.stringify(table.body)).toBe(200);
    expect(table.body.rows.map((r: Json) => r.county.name)).toEqual(['成华区', '锦江区', '青羊区', '武侯区']);
    expect(table.body.columns.map((c: Json) => c.title)).toContain('办结率');
    for (const [i, code] of DISTRICTS.entries()) {
      for (const cell of table.body.rows[i].cells) expect(numbers(cell), `${code} ${cell.id}`).toEqual(numbers(figures(own[code])[cell.id]));
    }
    for (const cell of table.body.total) expect(numbers(cell), cell.id).toEqual(numbers(f[cell.id]));

    // The per-unit table is per district: county= required.
    expect((await get(`/statistics/suggestion/units?period=${PERIOD}`)).status).toBe(400);
    const units = await get(`/statistics/suggestion/units?period=${PERIOD}&county=qingyang`);
    const ownUnits = await get(`/statistics/suggestion/units?period=${PERIOD}`, staff.qingyang);
    expect(units.body.rows.map((r: Json) => [r.unit.name, r.cells[0].count])).toEqual(ownUnits.body.rows.map((r: Json) => [r.unit.name, r.cells[0].count]));
    expect(units.body.rows.map((r: Json) => r.unit.name)).toEqual(['区住房和城乡建设局']);

    // Exports of the region's tables, read back.
    const download = async (path: string) => {
      const res = await w.app.request(`/api${path}`, { headers: { authorization: `Bearer ${region}` } });
      expect(res.status, path).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const csv = (await download(`/statistics/suggestion/export?period=${PERIOD}&table=counties&format=csv`)).toString('utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^县（市、区）,建议总数/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['成华区', '锦江区', '青羊区', '武侯区', '合计']);
    expect(lines[5]?.split(',')[1]).toBe('4');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(`/statistics/suggestion/export?period=${PERIOD}&table=summary&format=xlsx`)) as never);
    const sheet = book.worksheets[0];
    const rateRow = sheet?.getSheetValues().find((r) => Array.isArray(r) && r[1] === '办结率') as unknown[];
    expect(rateRow.slice(3, 6)).toEqual([3, 4, '75%']);

    // The register across the districts, with the county named, and a figure's drill-down.
    const reg = await get('/register?definition=suggestion&limit=500');
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    expect(reg.body.columns[0].title).toBe('县（市、区）');
    expect(reg.body.total).toBe(5);
    expect(reg.body.rows.map((r: Json) => r.cells[0]).sort()).toEqual(['武侯区', '武侯区', '锦江区', '锦江区', '青羊区'].sort());
    const paged = await get('/register?definition=suggestion&limit=2&offset=2');
    expect([paged.body.total, paged.body.rows.map((r: Json) => r.id)]).toEqual([5, reg.body.rows.slice(2, 4).map((r: Json) => r.id)]);
    const onlyQy = await get('/register?definition=suggestion&county=qingyang');
    expect(onlyQy.body.rows.map((r: Json) => r.id)).toEqual([qy1]);
    const drill = f.concludedRate.drill.numerator.replace(/^\/api/, '');
    const drilled = await get(drill);
    expect(drilled.body.rows.map((r: Json) => r.id).sort()).toEqual([jj1, qy1, wh1].sort());
    const drilledOne = await get(figures(one.body).concludedRate.drill.denominator.replace(/^\/api/, ''));
    expect(drilledOne.body.rows.map((r: Json) => r.id).sort()).toEqual([jj1, jj2].sort());
    expect((await get('/register?definition=suggestion&county=changshu')).status).toBe(404);
    const options = await get('/register/options?definition=suggestion');
    expect(options.body.counties.map((c: Json) => c.title)).toEqual(['成华区', '锦江区', '青羊区', '武侯区']);
    const regCsv = await download('/register/export?definition=suggestion&format=csv&county=wuhou');
    expect(regCsv.toString('utf8').trim().split('\n')).toHaveLength(3);

    // No task, inbox, record, form or administration: 403 REGION_READ_ONLY before any lookup.
    const holder = await w.login('jinjiang-unit1');
    const openTask = (await w.call(holder, 'GET', '/tasks?mine=1')).body.tasks[0];
    expect(openTask).toBeDefined();
    const refused = [
      ['GET', '/tasks?mine=1'],
      ['GET', '/tasks'],
      ['GET', `/tasks/${openTask.id}`],
      ['POST', `/tasks/${openTask.id}/claim`],
      ['POST', `/tasks/${openTask.id}/complete`],
      ['GET', `/instances/${jj1}`],
      ['GET', '/instances'],
      ['GET', `/instances/${jj1}/documents`],
      ['POST', '/definitions/suggestion/instances'],
      ['GET', '/definitions'],
      ['GET', '/users'],
      ['GET', '/ballots'],
      ['GET', '/directory?kind=user&q=zs'],
      ['GET', '/tasks/no-such-task'],
    ] as const;
    for (const [method, path] of refused) {
      const r = await w.call(region, method, path, method === 'POST' ? { outcome: 'SUBMIT_ANSWER', data: {} } : undefined);
      expect([r.status, r.body.error?.code], `${method} ${path}`).toEqual([403, 'REGION_READ_ONLY']);
    }
    // The task is untouched.
    expect((await w.call(holder, 'GET', '/tasks?mine=1')).body.tasks.map((t: Json) => t.id)).toContain(openTask.id);

    // A district's staff still sees only its own district.
    const jjStaff = staff.jinjiang as string;
    expect((await get(`/instances/${qy1}`, jjStaff)).status).toBe(404);
    const own1 = await get('/register?definition=suggestion&limit=500', jjStaff);
    expect(own1.body.rows.map((r: Json) => r.id).sort()).toEqual([jj1, jj2].sort());
    expect((await get('/register?definition=suggestion&county=qingyang', jjStaff)).status).toBe(400);
    expect((await get(`/statistics/suggestion?period=${PERIOD}&county=qingyang`, jjStaff)).status).toBe(400);
    expect((await get(`/statistics/suggestion/counties?period=${PERIOD}`, jjStaff)).status).toBe(403);

    // —— Every catalogue, not only suggestions ——
    // Reception days, constituents' issues and points in 锦江区 and 青羊区 (武侯区 and 成华区: none).
    const tokenOf = async (user: string) => w.login(user);
    const taskAct = async (user: string, instanceId: string, outcome: string, data?: unknown) => {
      const t = await tokenOf(user);
      const task = ((await w.call(t, 'GET', '/tasks?mine=1')).body.tasks as Json[]).find((x) => x.instanceId === instanceId);
      expect(task, `${user} ${outcome}`).toBeDefined();
      const r = await w.call(t, 'POST', `/tasks/${task.id}/complete`, { outcome, ...(data === undefined ? {} : { data }) });
      expect(r.status, `${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
    };
    const stationIn = async (code: string) => {
      const r = await w.call(await tokenOf(`${code}-admin`), 'POST', '/stations', { name: `${code === 'jinjiang' ? '锦江区' : '青羊区'}代表之家`, level: 'HOME', managerId: `${code}-staff`, deputyIds: [`${code}-deputy1`, `${code}-deputy2`] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const issueIn = async (code: string, stationId: string, contactMode: string) => {
      const r = await w.call(staff[code] as string, 'POST', '/constituent-issues', { issue: { stationId, contactMode, category: 'URBAN_RURAL', subject: `${code}群众意见`, content: '群众反映的事项。' }, citizen: { name: '李四', phone: '13800000000' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.instanceId as string;
    };
    const dayIn = async (code: string, stationId: string, date: string) => {
      const r = await w.call(staff[code] as string, 'POST', '/receptions', { stationId, date, startTime: '09:00', endTime: '11:00', deputyIds: [`${code}-deputy1`] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const pointIn = async (code: string, deputy: string, date: string) => {
      const r = await w.call(await tokenOf(`${code}-${deputy}`), 'POST', '/points/claims', { ruleCode: 'STATION_RECEPTION', date, description: '进站接待选民。' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await w.call(await tokenOf(`${code}-staff`), 'POST', `/points/entries/${r.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
      expect((await w.call(await tokenOf(`${code}-admin`), 'POST', `/points/entries/${r.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    };
    const jjStation = await stationIn('jinjiang');
    const qyStation = await stationIn('qingyang');
    const jjIssue1 = await issueIn('jinjiang', jjStation, 'IN_PERSON');
    await taskAct('jinjiang-staff', jjIssue1, 'ANSWER_ON_SPOT', { replyText: '已当场答复。' });
    const jjIssue2 = await issueIn('jinjiang', jjStation, 'PHONE');
    await taskAct('jinjiang-staff', jjIssue2, 'TRIAGE', { proposedRoute: 'COUNTY_DEPT', opinion: '转住建局。' });
    await taskAct('jinjiang-staff', jjIssue2, 'ROUTE', { targetUnitId: 'unit-housing', routeLevel: 'COUNTY_DEPT', instructions: '请按期答复。' });
    await taskAct('jinjiang-unit1', jjIssue2, 'ACK');
    const qyIssue = await issueIn('qingyang', qyStation, 'LETTER');
    await taskAct('qingyang-staff', qyIssue, 'TRIAGE', { proposedRoute: 'TOWNSHIP', opinion: '交街道。' });
    const jjDay = await dayIn('jinjiang', jjStation, '2026-03-04');
    await dayIn('qingyang', qyStation, '2026-03-05');
    await dayIn('qingyang', qyStation, '2026-03-20');
    w.clock.set('2026-03-04T03:00:00Z');
    await runDueTimers(handle.db, w.rt);
    await taskAct('jinjiang-unit1', jjIssue2, 'REPLY', { result: 'RESOLVED', replyText: '已解决。', contact: '住建局 王工' });
    await taskAct('jinjiang-staff', jjIssue2, 'FEEDBACK', { satisfaction: 'BASIC', method: 'PHONE' });
    await taskAct('jinjiang-staff', jjDay, 'OPEN');
    await taskAct('jinjiang-staff', jjDay, 'CLOSE', { deputiesPresent: ['jinjiang-deputy1', 'jinjiang-deputy2'], citizensReceived: 8, issuesRecorded: 2 });
    await pointIn('jinjiang', 'deputy1', '2026-03-04');
    await pointIn('jinjiang', 'deputy2', '2026-03-04');
    await pointIn('qingyang', 'deputy1', '2026-03-03');
    const reader = await w.login('chengdu-region');
    const staffNow: Record<string, string> = {};
    for (const code of DISTRICTS) staffNow[code] = await w.login(`${code}-staff`);

    const catalogues = ((await get('/statistics', staffNow.jinjiang)).body.processes as Json[]).map((p) => p.id as string);
    expect(catalogues).toEqual(expect.arrayContaining(['suggestion', 'livelihood-vote', 'supervision', 'evaluation', 'constituent-issue', 'reception-session', 'deputy-points']));
    const drillRows = async (url: string) => {
      const path = url.replace(/^\/api/, '');
      const r = await get(path.startsWith('/register') ? `${path}&limit=500` : path, reader);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
      return path.startsWith('/register') ? r.body.total : r.body.total;
    };
    for (const process of catalogues) {
      const mine: Json[] = [];
      for (const code of DISTRICTS) {
        const r = await get(`/statistics/${process}?period=${PERIOD}`, staffNow[code]);
        expect(r.status, `${process} ${code}: ${JSON.stringify(r.body)}`).toBe(200);
        mine.push(r.body);
      }
      const total = await get(`/statistics/${process}?period=${PERIOD}`, reader);
      expect(total.status, `${process}: ${JSON.stringify(total.body)}`).toBe(200);
      const metricIds = mine[1].metrics.map((m: Json) => m.id);
      expect(total.body.metrics.map((m: Json) => m.id), process).toEqual(metricIds);
      for (const id of metricIds) expect(numbers(figures(total.body)[id]), `${process} ${id}`).toEqual(expectedSum(mine, id));
      for (const p of total.body.populations) {
        const own = mine.map((v) => v.populations.find((x: Json) => x.id === p.id));
        expect([p.count, p.instances], `${process} population ${p.id}`).toEqual([own.reduce((s, x) => s + x.count, 0), own.reduce((s, x) => s + x.instances, 0)]);
      }
      // The per-county table: each district's own figures, and their sum.
      const counties = await get(`/statistics/${process}/counties?period=${PERIOD}`, reader);
      expect(counties.status, `${process} counties: ${JSON.stringify(counties.body)}`).toBe(200);
      expect(counties.body.columns.length, process).toBeGreaterThan(0);
      for (const [i, code] of DISTRICTS.entries()) for (const cell of counties.body.rows[i].cells) expect(numbers(cell), `${process} ${code} ${cell.id}`).toEqual(numbers(figures(mine[i])[cell.id]));
      for (const cell of counties.body.total) expect(numbers(cell), `${process} total ${cell.id}`).toEqual(numbers(figures(total.body)[cell.id]));
      // The region's drills list as many rows as its numbers (the new catalogues).
      if (['constituent-issue', 'reception-session', 'deputy-points'].includes(process)) {
        for (const fig of total.body.metrics) {
          if (fig.kind === 'count') expect(await drillRows(fig.drill), `${process} ${fig.id}`).toBe(fig.count);
          else if (fig.kind === 'sum') expect(await drillRows(fig.drill), `${process} ${fig.id}`).toBe(fig.count);
          else if (fig.kind === 'avg') expect(await drillRows(fig.drill), `${process} ${fig.id}`).toBe(fig.denominator);
          else if (fig.kind === 'rate') expect(await drillRows(fig.drill.numerator), `${process} ${fig.id}`).toBe(fig.numerator);
        }
      }
    }
    // The new catalogues' sums, by hand.
    const ci = figures((await get(`/statistics/constituent-issue?period=${PERIOD}`, reader)).body);
    expect([ci.issueCount.count, ci.concludedRate.numerator, ci.concludedRate.denominator, ci.avgDaysToReply.numerator, ci.avgDaysToReply.denominator]).toEqual([3, 2, 3, 2, 1]);
    const rs = figures((await get(`/statistics/reception-session?period=${PERIOD}`, reader)).body);
    expect([rs.scheduledCount.count, rs.heldCount.count, rs.deputyAttendances.sum, rs.citizensReceived.sum]).toEqual([3, 1, 2, 8]);
    const dp = figures((await get(`/statistics/deputy-points?period=${PERIOD}`, reader)).body);
    expect([dp.activeCount.count, dp.pointsTotal.sum, dp.entryCount.count]).toEqual([3, 15, 3]);
    const activeList = (await get(dp.activeCount.drill.replace(/^\/api/, ''), reader)).body;
    expect(activeList.deputies.map((x: Json) => x.county).sort()).toEqual(['锦江区', '锦江区', '青羊区']);
    // One district's points list, by county=; a county outside the region is the same 404.
    const oneList = await get(`${dp.activeCount.drill.replace(/^\/api/, '')}&county=qingyang`, reader);
    expect([oneList.status, oneList.body.total]).toEqual([200, 1]);
    expect((await get(`${dp.activeCount.drill.replace(/^\/api/, '')}&county=changshu`, reader)).status).toBe(404);
  });
});
