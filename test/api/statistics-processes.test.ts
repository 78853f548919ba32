/**
 * Statistics of 民生实事, 监督 and 评议 (issue 14: every process with a metrics.json): for
 * each catalogue a small year driven through the engine over HTTP — instances started, tasks
 * completed by the people who hold them, sealed ballots cast and counted, timers run; no row
 * written around the engine — where the denominators differ (projects still in planning, a
 * supervision item still running, subjects not rated yet, a rectification still open), then
 * every figure of GET /api/statistics/:process checked exactly, every number's drill-down
 * counted against it, named drill-downs checked for exactly the instances behind them, the
 * per-unit table, the XLSX/CSV exports, the list of processes, 404 for a process without a
 * catalogue and 400 for bad parameters; 评议 also by 届次年度 and term (the county's sessions dated:
 * a plan's year counts in the session held early that year). On PGlite and on PostgreSQL.
 *
 * The livelihood and supervision years start with the walks test/replay replays
 * (test/replay/walks/), then add their own steps.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { saveMetricsOverlay } from '../../runtime/store/index.ts';
import { Authenticator } from '../../server/auth.ts';
import { livelihoodTie } from '../replay/walks/livelihood-tie.ts';
import type { Walk } from '../replay/walks/walk.ts';
import { supervisionTwoFailures } from '../replay/walks/supervision-two-failures.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { addDeputies } from '../support/deputies.ts';
import { SealedBallots, tellersOf } from '../support/sealed-ballot.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;
const PERIOD = 'year:2026';

const byId = (view: Json, id: string) => {
  const m = view.metrics.find((x: { id: string }) => x.id === id);
  expect(m, id).toBeDefined();
  return m;
};
const pop = (view: Json, id: string) => view.populations.find((p: { id: string }) => p.id === id);
const rate = (view: Json, id: string) => {
  const f = byId(view, id);
  return [f.numerator, f.denominator, f.display];
};
const parts = (f: Json) => Object.fromEntries(f.parts.map((p: Json) => [p.key, [p.numerator, p.denominator, p.display]]));

/** The instance ids a drill-down URL lists in the register. */
async function drill(w: WorkApp, token: string, url: string): Promise<string[]> {
  const r = await w.call(token, 'GET', `${url.replace(/^\/api/, '')}&limit=500`);
  expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
  return (r.body.rows as Array<{ id: string }>).map((x) => x.id).sort();
}

/**
 * Every number of a catalogue whose rows are each one register instance (its own or its child
 * process's): the drill-down lists as many instances as the number counts.
 */
async function drillsMatch(w: WorkApp, token: string, view: Json): Promise<number> {
  let checked = 0;
  for (const p of view.populations) {
    expect((await drill(w, token, p.drill)).length, `population ${p.id}`).toBe(p.instances);
    checked++;
  }
  for (const f of view.metrics) {
    if (f.kind === 'count' && f.drill) expect((await drill(w, token, f.drill)).length, f.id).toBe(f.count);
    else if (f.kind === 'sum') expect((await drill(w, token, f.drill)).length, f.id).toBe(f.count);
    else if (f.kind === 'rate' && !['shortlistRate', 'turnout', 'adoptionRate'].includes(f.id)) {
      expect((await drill(w, token, f.drill.numerator)).length, `${f.id} numerator`).toBe(f.numerator);
      expect((await drill(w, token, f.drill.denominator)).length, `${f.id} denominator`).toBe(f.denominator);
    } else if (f.kind === 'distribution') {
      for (const p of f.parts) expect((await drill(w, token, p.drill.numerator)).length, `${f.id} ${p.key}`).toBe(p.numerator);
      expect((await drill(w, token, f.drill.denominator)).length, `${f.id} denominator`).toBe(f.denominator);
    } else continue;
    checked++;
  }
  return checked;
}

/** The shared checks of the generic endpoints: list, 404, 400, 403, exports. */
async function endpoints(w: WorkApp, process: string, unitHead: string, firstUnit: string) {
  const staff = await w.login('staff');
  const list = await w.call(staff, 'GET', '/statistics');
  expect(list.status).toBe(200);
  expect(list.body.processes.map((p: { id: string }) => p.id).sort()).toEqual(['constituent-issue', 'deputy-points', 'evaluation', 'livelihood-vote', 'reception-session', 'suggestion', 'supervision']);
  for (const [path, status, code] of [
    ['/statistics/livelihood-project?period=year:2026', 404, 'STATISTICS_NOT_FOUND'],
    ['/statistics/inspection-request?period=year:2026', 404, 'STATISTICS_NOT_FOUND'],
    ['/statistics/nosuch?period=year:2026', 404, 'STATISTICS_NOT_FOUND'],
    ['/statistics/NoSuch?period=year:2026', 400, 'INVALID_QUERY'],
    [`/statistics/${process}`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}?period=year:2026&x=1`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}?period=year:2026&period=year:2025`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}?period=${encodeURIComponent('term:十八届')}`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}?period=${encodeURIComponent('session:十八届:一次')}`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}/units?period=month:3`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}/export?period=year:2026&table=deputies`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}/export?period=year:2026&format=pdf`, 400, 'INVALID_QUERY'],
    [`/statistics/${process}/report?period=year:2026`, 404, undefined],
    [`/register?definition=${process}&metric=nosuch&period=year:2026`, 400, 'INVALID_QUERY'],
    ['/statistics?x=1', 400, 'INVALID_QUERY'],
  ] as const) {
    const r = await w.call(staff, 'GET', path);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(status);
    if (code) expect(r.body.error.code, path).toBe(code);
  }
  const unit = await w.login('unit1');
  expect((await w.call(unit, 'GET', `/statistics/${process}?period=year:2026`)).status).toBe(403);
  expect((await w.call(unit, 'GET', '/statistics')).status).toBe(403);
  expect((await w.call(await w.login('leader'), 'GET', `/statistics/${process}?period=year:2026`)).status).toBe(200);
  // The unit table as XLSX reads back; the metric table as CSV.
  const xlsx = await w.app.request(`/api/statistics/${process}/export?period=${PERIOD}&table=units&format=xlsx`, { headers: { authorization: `Bearer ${staff}` } });
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe('单位');
  expect(sheet.getRow(1).getCell(2).value).toBe(unitHead);
  expect(sheet.getRow(2).getCell(1).value).toBe(firstUnit);
  const csv = await w.app.request(`/api/statistics/${process}/export?period=${PERIOD}&format=csv`, { headers: { authorization: `Bearer ${staff}` } });
  expect(csv.status).toBe(200);
  return { staff, csv: await csv.text() };
}

describe.each(databases)('statistics of 民生实事, 监督 and 评议 ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  // The 民生实事 and 监督 years, each driven once per database and read by two tests (each awaits
  // it, so either also runs alone): the walk with every check on its way, then its statistics.
  const years = new Map<Walk, Promise<{ handle: TestHandle; w: WorkApp }>>();
  const drive = (walk: Walk) => {
    if (!years.has(walk)) {
      years.set(walk, (async () => {
        const h = await open();
        const w = await workApp(h, walk.start);
        await walk.run(w);
        return { handle: h, w };
      })());
    }
    return years.get(walk)!;
  };
  afterAll(async () => {
    for (const year of years.values()) await (await year.catch(() => undefined))?.handle.close();
  });

  /**
   * 民生实事项目人大代表票决 through HTTP, from ideas to a rated project: collection, triage, a 差额
   * candidate list, review, the secret ballot with a tie and its re-vote, one project instance per
   * elected candidate, quarterly report and check, the standing committee's and the deputies'
   * satisfaction tests, and the rectification a 不满意 result opens. The walk itself, with every
   * check along the way, lives in test/replay/walks/livelihood-tie.ts (test/replay replays its
   * recorded history against the current engine). Formerly test/api/livelihood.test.ts, which
   * drove the same year again.
   */
  it('livelihood projects by deputies’ vote over HTTP: runs from ideas to a rated project, with a re-vote on a tie and a rectification after 不满意', { timeout: 900_000 }, async () => {
    await drive(livelihoodTie);
  });

  it('民生实事: ideas, candidates, turnout, projects still in planning, completion, both tests and the rectification', { timeout: 900_000 }, async () => {
    const { w } = await drive(livelihoodTie);
    const { act, view } = taskDriver(w);
    // The AED project (unit-health) sends its plan; the after-school project (unit-education) has none yet.
    const staffToken = await w.login('staff');
    const votes = (await w.call(staffToken, 'GET', '/register?definition=livelihood-vote')).body.rows as Array<{ id: string }>;
    expect(votes).toHaveLength(1);
    const voteId = votes[0]!.id;
    const children = (await view(voteId)).children as Array<{ id: string; title: string }>;
    const project = (title: string) => (children.find((c) => c.title === title) as { id: string }).id;
    await act('unit3', project('公共场所AED配置'), 'SUBMIT_PLAN', { milestones: [{ text: '配置AED 50台', dueDate: '2026-09-30' }], annualInvestment: 1200, supervisionLeaderId: 'demo-leader', supervisionDeputyIds: ['demo-deputy2'] });

    const { staff, csv } = await endpoints(w, 'livelihood-vote', '民生实事项目', '县教育局');
    const r = await w.call(staff, 'GET', `/statistics/livelihood-vote?period=${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    expect(v).toMatchObject({ process: { id: 'livelihood-vote' }, title: '民生实事项目票决统计', combine: null, period: { kind: 'year', year: 2026, param: 'year:2026' } });
    const count = (id: string) => byId(v, id).count;
    const sum = (id: string) => [byId(v, id).sum, byId(v, id).count];
    expect(count('voteCount')).toBe(1);
    expect([sum('ideasCollected'), sum('ideasShortlisted'), sum('ideasRejected'), sum('ideasMerged')]).toEqual([[4, 1], [2, 1], [1, 1], [1, 1]]);
    expect(rate(v, 'shortlistRate')).toEqual([2, 4, '50%']);
    expect([sum('candidatesCount'), sum('seatsCount'), sum('electedCount')]).toEqual([[5, 1], [3, 1], [3, 1]]);
    // First round: 25 deputies on the roll, 22 ballots returned (the re-vote does not count).
    expect(rate(v, 'turnout')).toEqual([22, 25, '88%']);
    expect(count('projectCount')).toBe(3);
    expect(rate(v, 'plannedRate')).toEqual([2, 3, '66.67%']);
    expect(count('completedCount')).toBe(1);
    expect(rate(v, 'completionRate')).toEqual([1, 3, '33.33%']);
    expect(count('notCompletedCount')).toBe(2);
    expect(sum('investmentTotal')).toEqual([3600, 3]);
    expect(sum('investmentCompleted')).toEqual([1200, 1]);
    expect(parts(byId(v, 'scRatings'))).toEqual({ SATISFIED: [0, 1, '0%'], BASIC: [0, 1, '0%'], UNSATISFIED: [1, 1, '100%'] });
    expect(byId(v, 'scRatings').parts.map((p: Json) => p.title)).toEqual(['满意', '基本满意', '不满意']);
    expect(parts(byId(v, 'sessionRatings'))).toEqual({ SATISFIED: [0, 1, '0%'], BASIC: [1, 1, '100%'], UNSATISFIED: [0, 1, '0%'] });
    expect(rate(v, 'sessionSatisfiedRate')).toEqual([1, 1, '100%']);
    expect(count('unsatisfiedCount')).toBe(1);
    expect(rate(v, 'rectifiedRate')).toEqual([1, 1, '100%']);
    // The after-school project has no plan past its planning task's due date: overdue now.
    expect(count('overdueNowCount')).toBe(1);
    expect(await drill(w, staff, byId(v, 'overdueNowCount').drill)).toEqual([project('小学课后托管服务')]);
    expect(byId(v, 'completionRate')).toMatchObject({ title: '完工率', title_en: 'Completion rate', numeratorOf: { title: '已完工' }, denominatorOf: { title: '民生实事项目' } });
    expect(byId(v, 'turnout').reads).toEqual({ facts: expect.arrayContaining(['firstIssued', 'firstReturned']), events: ['BALLOT_CLOSED'] });
    // Exactly the instances behind a number: project figures list projects, vote figures the vote.
    expect(byId(v, 'completedCount').drill).toContain('definition=livelihood-project');
    expect(await drill(w, staff, byId(v, 'completedCount').drill)).toEqual([project('老旧小区改造')]);
    expect(await drill(w, staff, byId(v, 'plannedRate').drill.numerator)).toEqual([project('老旧小区改造'), project('公共场所AED配置')].sort());
    expect(await drill(w, staff, byId(v, 'notCompletedCount').drill)).toEqual([project('公共场所AED配置'), project('小学课后托管服务')].sort());
    expect(await drill(w, staff, byId(v, 'ideasCollected').drill)).toEqual([voteId]);
    expect(await drillsMatch(w, staff, v)).toBeGreaterThan(30);
    // A project number asked of the vote's register (or the reverse) is refused, not mislisted.
    expect((await w.call(staff, 'GET', `/register?definition=livelihood-vote&period=${PERIOD}&metric=completedCount&part=numerator`)).status).toBe(400);
    expect((await w.call(staff, 'GET', `/register?definition=livelihood-project&period=${PERIOD}&metric=voteCount&part=numerator`)).status).toBe(400);
    // Another year holds nothing.
    expect(byId((await w.call(staff, 'GET', '/statistics/livelihood-vote?period=year:2025')).body, 'projectCount').count).toBe(0);

    const u = (await w.call(staff, 'GET', `/statistics/livelihood-vote/units?period=${PERIOD}`)).body;
    expect(u.columns.map((c: Json) => c.id)).toEqual(['projectCount', 'completionRate', 'investmentTotal', 'sessionRatings']);
    expect(u.rows.map((x: Json) => [x.unit.name, x.cells[0].count, x.cells[1].display, x.cells[2].sum])).toEqual([
      ['县教育局', 1, '0%', 1200],
      ['县住房和城乡建设局', 1, '100%', 1200],
      ['县卫生健康委员会', 1, '0%', 1200],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh')));
    const housing = u.rows.find((x: Json) => x.unit.id === 'unit-housing');
    expect(await drill(w, staff, housing.cells[1].drill.numerator)).toEqual([project('老旧小区改造')]);
    expect(csv).toContain('完工率,,1,3,33.33%');
    expect(csv).toContain('征集项目建议,,4\n');
  });

  /**
   * 监督 over HTTP (test/api/supervision.test.ts has the rest): a citizen's topic into a plan item,
   * an inquiry to the 检查, a work report and an inspection. The walk, with every check along the
   * way, is the one whose history test/replay replays (test/replay/walks/supervision-two-failures.ts).
   */
  it('supervision over HTTP: turns a citizen’s topic into a plan item and runs an inquiry to the 检查, a work report and an inspection', { timeout: 600_000 }, async () => {
    await drive(supervisionTwoFailures);
  });

  it('监督: topics, plan items by method, opinions, handling reports on time and overdue, tests, an item still running', { timeout: 600_000 }, async () => {
    const { w } = await drive(supervisionTwoFailures);
    const { token, inbox, act, view } = taskDriver(w);
    // A second plan for 2026 (a mid-year supplement): two proposals, one adopted, one declined; its item is started and still running.
    const started = await w.call(await token('staff'), 'POST', '/definitions/supervision/instances', { data: { year: 2026, callEnd: '2026-08-10' } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const plan2 = started.body.id as string;
    const PROPOSAL = { necessity: '群众反映强烈。', mainProblems: '资源不足。', targetOrgan: 'GOV', contact: '13800000000', address: '城关镇人民路1号', channel: 'LETTER', proposerType: 'CITIZEN', proposerName: '李秀英' };
    await act('staff', plan2, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '学前教育普及普惠情况', method: 'WORK_REPORT' });
    await act('staff', plan2, 'RECORD_PROPOSAL', { ...PROPOSAL, topicName: '某村道路纠纷', method: 'WORK_REPORT' });
    await act('staff', plan2, 'CLOSE_CALL');
    const screening = await inbox('staff', plan2);
    const screen = async (topic: string, outcome: string, data: unknown) => {
      const task = screening.find((t) => t.title === `审查监督议题建议：${topic}`);
      expect(task, topic).toBeDefined();
      const res = await w.call(await token('staff'), 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await screen('学前教育普及普惠情况', 'ADOPT', { title: '学前教育普及普惠情况', method: 'WORK_REPORT', unitId: 'unit-education', quarter: 4, committee: 'EDU_SCI_CULTURE_HEALTH', targetOrgan: 'GOV' });
    await screen('某村道路纠纷', 'DECLINE', { reason: 'INDIVIDUAL_CASE', explanation: '属个案。' });
    await act('staff', plan2, 'SUBMIT_PLAN', { summary: '增列监督项目1项。' });
    await act('leader', plan2, 'APPROVE_PLAN', { meeting: '第五十一次主任会议', approvedOn: '2026-08-12' });
    const running = ((await view(plan2)).children as Array<{ id: string }>)[0]!.id;
    await act('staff', running, 'START');

    const { staff, csv } = await endpoints(w, 'supervision', '监督项目', '县教育局');
    const r = await w.call(staff, 'GET', `/statistics/supervision?period=${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    const count = (id: string) => byId(v, id).count;
    const sum = (id: string) => byId(v, id).sum;
    expect(count('planCount')).toBe(2);
    expect([sum('proposalsReceived'), sum('topicsAdopted'), sum('topicsDeclined'), sum('topicsMerged')]).toEqual([7, 4, 2, 1]);
    expect(rate(v, 'adoptionRate')).toEqual([4, 7, '57.14%']);
    expect(sum('itemsPlanned')).toBe(4);
    expect(count('itemCount')).toBe(4);
    expect(parts(byId(v, 'byMethod'))).toMatchObject({ WORK_REPORT: [2, 4, '50%'], LAW_INSPECTION: [1, 4, '25%'], SPECIAL_INQUIRY: [1, 4, '25%'] });
    expect(byId(v, 'byMethod').parts.find((p: Json) => p.key === 'LAW_INSPECTION').title).toBe('执法检查');
    expect(count('reportsHeardCount')).toBe(3);
    expect(count('opinionsIssuedCount')).toBe(3);
    expect(rate(v, 'handlingReportedRate')).toEqual([3, 3, '100%']);
    // The work report's report-back came after its two months (flagged overdue by the timer).
    expect(rate(v, 'handlingOnTimeRate')).toEqual([2, 3, '66.67%']);
    expect(count('handlingOverdueCount')).toBe(1);
    expect(count('handlingPendingCount')).toBe(0);
    expect(sum('handlingTestsHeld')).toBe(4);
    expect(parts(byId(v, 'handlingRatings'))).toEqual({ SATISFIED: [1, 3, '33.33%'], BASIC: [1, 3, '33.33%'], UNSATISFIED: [1, 3, '33.33%'] });
    expect(parts(byId(v, 'inquiryRatings'))).toEqual({ SATISFIED: [0, 1, '0%'], BASIC: [0, 1, '0%'], UNSATISFIED: [1, 1, '100%'] });
    expect(count('reReportCount')).toBe(1);
    expect(rate(v, 'closedRate')).toEqual([3, 4, '75%']);
    expect(rate(v, 'passedRate')).toEqual([2, 3, '66.67%']);
    expect(count('openCount')).toBe(1);
    expect(count('overdueNowCount')).toBe(0);
    expect(await drill(w, staff, byId(v, 'openCount').drill)).toEqual([running]);
    expect(byId(v, 'openCount').drill).toContain('definition=supervision-item');
    const overdue = await drill(w, staff, byId(v, 'handlingOverdueCount').drill);
    expect(overdue).toHaveLength(1);
    expect((await view(overdue[0]!)).context.item.id).toBe('JD2026-2');
    expect((await drill(w, staff, byId(v, 'planCount').drill)).length).toBe(2);
    expect(await drillsMatch(w, staff, v)).toBeGreaterThan(30);

    const u = (await w.call(staff, 'GET', `/statistics/supervision/units?period=${PERIOD}`)).body;
    expect(u.rows.map((x: Json) => [x.unit.id, x.cells[0].count, x.cells[1].count, x.cells[2].display])).toEqual([
      ['unit-education', 2, 1, '0%'],
      ['unit-health', 1, 1, '100%'],
      ['unit-housing', 1, 1, '100%'],
    ]);
    expect(csv).toContain('办结率,,3,4,75%');

    // A county overlay (metrics:supervision) changes a population: this county counts an item closed by the chair council's measures as passed too.
    const county = await w.handle.db.selectFrom('users').select('county_id').where('username', '=', 'staff').executeTakeFirstOrThrow();
    await expect(saveMetricsOverlay(w.handle.db, w.rt, county.county_id, 'supervision', { populations: { items: { of: 'nosuch' } } }, null)).rejects.toMatchObject({ code: 'DEFINITION_INVALID' });
    await saveMetricsOverlay(w.handle.db, w.rt, county.county_id, 'supervision', { populations: { itemsPassed: { rule: { in: [{ var: 'result' }, ['PASSED', 'ACCEPTED', 'MEASURES_DECIDED']] } } } }, null);
    const after = (await w.call(staff, 'GET', `/statistics/supervision?period=${PERIOD}`)).body;
    expect(rate(after, 'passedRate')).toEqual([3, 3, '100%']);
    expect((await drill(w, staff, byId(after, 'passedRate').drill.numerator)).length).toBe(3);
  });

  it('评议: subjects, grades and scores, satisfaction, opinions and the open rectification; a campaign not rated yet', { timeout: 600_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-05-06T01:00:00Z');
    const { token, inbox, act, view } = taskDriver(w);
    // The standing committee: demo deputy1 and deputy2 and three more members.
    const more = await addDeputies(handle.db, { countyId: 'demo', count: 3, prefix: 'ev', standingCommittee: 3, clock: w.clock });
    const auth = new Authenticator({ db: handle.db, secret: 'test-secret', clock: w.clock });
    const members = ['demo-deputy1', 'demo-deputy2', ...more.map((d) => d.id)];
    const subjects = [
      { id: 'dept-housing', kind: 'DEPARTMENT', name: '县住房和城乡建设局', unitId: 'unit-housing' },
      { id: 'head-housing', kind: 'APPOINTEE', name: '县住房和城乡建设局局长', unitId: 'unit-housing', position: '局长' },
      { id: 'dept-education', kind: 'DEPARTMENT', name: '县教育局', unitId: 'unit-education' },
    ];
    const plan = (subjectList: unknown[]) => ({ year: 2026, type: 'COMBINED', subjects: subjectList, contentItems: ['DUTY_AND_INTEGRITY', 'SERVICE_STYLE'], weights: { SC_MEMBER: 1, DEPUTY: 0 } });
    const a = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: plan(subjects) });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const rated = a.body.id as string;
    const b = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: plan([{ id: 'dept-health', kind: 'DEPARTMENT', name: '县卫生健康委员会', unitId: 'unit-health' }]) });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const waiting = b.body.id as string;
    await act('leader', rated, 'PUBLISH_LIST', { publishedOn: '2026-05-08', channels: ['EMAIL'] });
    await act('leader', waiting, 'PUBLISH_LIST', { publishedOn: '2026-05-08', channels: ['EMAIL'] });
    for (const user of ['unit1', 'unit1', 'unit2']) await act(user, rated, 'SUBMIT_SELF_REPORT', { period: '2025年', sections: [{ item: 'DUTY_AND_INTEGRITY', text: '完成年度任务。' }], problems: '服务意识不强。' });
    for (const t of await inbox('leader', rated)) {
      const res = await w.call(await token('leader'), 'POST', `/tasks/${t.id}/complete`, { outcome: 'SUBMIT_RESEARCH_REPORT', data: { visits: 2, seminars: 1, findings: '群众反映办事慢。' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await act('staff', rated, 'OPEN_TEST', { heldOn: '2026-06-20', meeting: 'EVALUATION_MEETING', speeches: 2 });
    const ballots = (await w.call(await token('staff'), 'GET', `/ballots?instance=${rated}`)).body.ballots as Array<{ id: string; status: string }>;
    expect(ballots.map((x) => x.status)).toEqual(['ready']);
    const ballot = ballots[0]!.id;
    const sealed = new SealedBallots(w, await tellersOf(w));
    await sealed.prepare(await token('staff'), ballot);
    await sealed.open(await token('staff'), ballot);
    // 5 members: 住建局 5 满意; its head 2/2/1 (基本满意); 教育局 1/1/3 (不满意).
    const marks = (i: number) => ({ 'dept-housing': 'SATISFIED', 'head-housing': i < 2 ? 'SATISFIED' : i < 4 ? 'BASIC' : 'UNSATISFIED', 'dept-education': i < 1 ? 'SATISFIED' : i < 2 ? 'BASIC' : 'UNSATISFIED' });
    for (const [i, m] of members.entries()) expect((await sealed.cast(await auth.issueToken({ id: m, countyId: 'demo' }), ballot, marks(i))).status).toBe(201);
    await sealed.closeAndPublish(await token('staff'), ballot);
    expect((await view(rated)).state).toBe('resultsPublished');
    await act('staff', rated, 'PUBLISH_RESULTS', { publishedOn: '2026-06-21', channels: ['MEETING'], reportedToPartyCommittee: true });
    for (const t of await inbox('leader', rated)) {
      const res = await w.call(await token('leader'), 'POST', `/tasks/${t.id}/complete`, { outcome: 'ISSUE_OPINIONS', data: { opinions: [{ no: 1, text: '提高办事效率。' }], issuedOn: '2026-06-25' } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await view(rated)).state).toBe('rectification');

    const { staff, csv } = await endpoints(w, 'evaluation', '评议对象', '县住房和城乡建设局');
    const r = await w.call(staff, 'GET', `/statistics/evaluation?period=${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    const count = (id: string) => byId(v, id).count;
    expect(count('campaignCount')).toBe(2);
    expect(rate(v, 'campaignsClosedRate')).toEqual([0, 2, '0%']);
    expect([count('subjectCount'), count('departmentCount'), count('appointeeCount'), count('units')]).toEqual([4, 3, 1, 3]);
    expect(byId(v, 'units').drill).toBeNull();
    expect([byId(v, 'testsHeld').sum, byId(v, 'testsHeld').count]).toEqual([1, 2]);
    expect(rate(v, 'ratedRate')).toEqual([3, 4, '75%']);
    expect(parts(byId(v, 'grades'))).toEqual({ SATISFIED: [1, 3, '33.33%'], BASIC: [1, 3, '33.33%'], UNSATISFIED: [1, 3, '33.33%'] });
    // MAJORITY_RULE scores are the percent satisfied of the 5 members: 100, 40, 20.
    expect(parts(byId(v, 'scoreBands'))).toEqual({ '90-100': [1, 3, '33.33%'], '80-89': [0, 3, '0%'], '60-79': [0, 3, '0%'], '0-59': [2, 3, '66.67%'] });
    expect(byId(v, 'scoreBands').parts.map((p: Json) => p.title)).toEqual(['90分及以上', '80至90分', '60至80分', '60分以下']);
    expect(rate(v, 'satisfiedOrBasicRate')).toEqual([2, 3, '66.67%']);
    expect(count('opinionsIssuedCount')).toBe(3);
    expect(count('toRectifyCount')).toBe(1);
    expect(rate(v, 'rectifiedRate')).toEqual([0, 1, '0%']);
    expect(pop(v, 'subjects')).toMatchObject({ of: 'subject', count: 4, instances: 2 });
    // Exactly the instances behind a number: a subject is inside its evaluation.
    expect(await drill(w, staff, byId(v, 'subjectCount').drill)).toEqual([rated, waiting].sort());
    expect(await drill(w, staff, byId(v, 'grades').parts.find((p: Json) => p.key === 'UNSATISFIED').drill.numerator)).toEqual([rated]);
    expect(await drill(w, staff, pop(v, 'notYetRated').drill)).toEqual([waiting]);
    expect(await drill(w, staff, byId(v, 'toRectifyCount').drill)).toEqual([rated]);
    expect(await drill(w, staff, byId(v, 'campaignsClosedRate').drill.numerator)).toEqual([]);

    const u = (await w.call(staff, 'GET', `/statistics/evaluation/units?period=${PERIOD}`)).body;
    expect(u.rows.map((x: Json) => [x.unit.id, x.cells[0].count, x.cells[1].display])).toEqual([
      ['unit-housing', 2, '100%'],
      ['unit-education', 1, '100%'],
      ['unit-health', 1, '0%'],
    ]);
    expect(csv).toContain('等次分布,不满意,1,3,33.33%');

    // 届次年度 and the term by the dates of the county's tables: an evaluation of 2025 (year number) counts in the session
    // held in January 2025, those of 2026 in the session held in January 2026, all three in the term.
    const old = await w.call(await token('staff'), 'POST', '/definitions/evaluation/instances', { data: { ...plan([{ id: 'dept-water', kind: 'DEPARTMENT', name: '县水务局', unitId: 'unit-housing' }]), year: 2025 } });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    const admin = await w.login('admin');
    expect((await w.call(admin, 'POST', '/terms', { id: 't18', name: '十八届', startsOn: '2022-01-01', endsOn: null })).status).toBe(201);
    for (const [id, name, heldOn] of [['s4', '十八届四次', '2025-01-10'], ['s5', '十八届五次', '2026-01-12']]) expect((await w.call(admin, 'POST', '/terms/t18/sessions', { id, name, heldOn })).status).toBe(201);
    const of = async (period: string) => {
      const res = await w.call(staff, 'GET', `/statistics/evaluation?period=${encodeURIComponent(period)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const s4 = await of('session:十八届:四次');
    const s5 = await of('session:十八届:五次');
    const term = await of('term:十八届');
    expect([s4, s5, term].map((x) => byId(x, 'campaignCount').count)).toEqual([1, 2, 3]);
    expect([s4.period.title, s5.period.title]).toEqual(['十八届四次会议以来（2025年1月—2026年1月）', '十八届五次会议以来（2026年1月起）']);
    expect(await drill(w, staff, byId(s4, 'subjectCount').drill)).toEqual([old.body.id]);
    expect(await drill(w, staff, byId(s5, 'subjectCount').drill)).toEqual([rated, waiting].sort());
    expect((await drill(w, staff, byId(term, 'subjectCount').drill)).length).toBe(3);
    const su = (await w.call(staff, 'GET', `/statistics/evaluation/units?period=${encodeURIComponent('session:十八届:五次')}`)).body;
    expect([su.period.title, su.rows.map((x: Json) => [x.unit.id, x.cells[0].count])]).toEqual(['十八届五次会议以来（2026年1月起）', [['unit-housing', 2], ['unit-education', 1], ['unit-health', 1]]]);
  });
});
