/**
 * 跟踪办理 (issue 16 item 1): a B answer with two commitments starts a follow-up when the unit's
 * handling closes — one unit task per commitment, each due at the end of its own date; one is
 * reported on time, the other passes its date and is flagged overdue with the office told which
 * commitment and which day; the office revises the category to A with a reason (the answered B
 * kept); the suggestion's page shows the follow-up with both categories; the statistics count the
 * category as answered and as revised and the commitments (total, on time, late) — from the
 * projection and from the snapshots alike. Injected clock, PGlite and PostgreSQL.
 */
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { selectStatisticsRows, type FactPath } from '../../runtime/store/sql/statistics-rows.ts';
import { baseCatalogue } from '../../runtime/store/statistics-catalogues.ts';
import { projectedStatistics } from '../../runtime/store/statistics-projection.ts';
import { periodFilter } from '../../runtime/store/statistics.ts';
import { kindsOf, type Catalogue, type FactSource } from '../../runtime/statistics/catalogue.ts';
import { describeEachDatabase, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

type Json = any;

const SUGGESTION = {
  title: '关于改善城东片区夜间照明的建议',
  body: '城东片区多条道路路灯损坏，人行道破损，夜间出行不便。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'VISIT',
};
const ANSWER = {
  resultCode: 'B',
  body: '已列入年度计划，分两步实施。',
  contactPerson: '赵强',
  contactPhone: '0571-88881234',
  sealed: true,
  ccOffices: ['office-deputy-affairs'],
  publishable: false,
  commitments: [
    { text: '四月底前修复城东路段损坏路灯', dueDate: '2026-04-30' },
    { text: '六月底前完成人行道改造', dueDate: '2026-06-30' },
  ],
};

const readFacts = (facts: Record<string, FactSource> | undefined): Record<string, FactPath> =>
  Object.fromEntries(Object.entries(facts ?? {}).filter(([, f]) => f.path !== undefined).map(([n, f]) => [n, { path: f.path as string, ...(f.as ? { as: f.as } : {}) }]));

describeEachDatabase('the follow-up of a B answer (跟踪办理)', (open) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('opens one task per commitment on its own date, flags the late one to the office, takes a revised category, and the figures count both', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const token = async (user: string) => w.login(user);
    const act = async (user: string, outcome: string, data?: unknown, pick?: (t: Json) => boolean) => {
      const t = await token(user);
      const list = (await w.call(t, 'GET', '/tasks?mine=1')).body.tasks as Json[];
      const task = list.find((x) => x.outcomes.some((o: Json) => o.event === outcome) && (!pick || pick(x)));
      expect(task, `${user} has a task with ${outcome}`).toBeDefined();
      const r = await w.call(t, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };

    const id = (await w.call(await token('deputy1'), 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通办理计划。' });
    await act('unit1', 'START_DRAFT');
    // 拟稿 → 审核 → 签发 (demo-unit1 holds all three positions).
    await act('unit1', 'SUBMIT_DRAFT', ANSWER);
    await act('unit1', 'APPROVE_DRAFT');
    await act('unit1', 'SUBMIT_ANSWER');
    await act('deputy1', 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'SATISFIED' });

    // The suggestion concluded (not reopened); its unit's handling started the follow-up.
    const staff = await token('staff');
    const suggestion = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    expect([suggestion.state, suggestion.status]).toEqual(['concluded', 'done']);
    const assignmentId = suggestion.children[0].id as string;
    const links = (await w.call(staff, 'GET', `/instances/${assignmentId}`)).body.links as Json[];
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ direction: 'to', key: 'followUp', definitionId: 'suggestion-follow-up', process: { title: '代表建议跟踪办理' } });
    const followUpId = links[0].id as string;

    // Both commitments are the unit's tasks, each due at the end of its own date (Beijing time).
    const unit = await token('unit1');
    const unitTasks = ((await w.call(unit, 'GET', '/tasks?mine=1')).body.tasks as Json[]).filter((t) => t.definitionId === 'suggestion-follow-up');
    expect(unitTasks.map((t) => [t.title, t.dueAt]).sort()).toEqual([
      ['报告承诺事项落实情况：六月底前完成人行道改造（建议《关于改善城东片区夜间照明的建议》）', '2026-06-30T16:00:00.000Z'],
      ['报告承诺事项落实情况：四月底前修复城东路段损坏路灯（建议《关于改善城东片区夜间照明的建议》）', '2026-04-30T16:00:00.000Z'],
    ]);

    // The first is reported on time.
    w.clock.set('2026-04-20T02:00:00Z');
    await act('unit1', 'REPORT_DONE', { doneOn: '2026-04-18', summary: '已更换损坏路灯 36 盏并恢复照明。' }, (t) => t.title.includes('路灯'));
    // The second passes its date unreported: flagged, the office told which one and which day.
    w.clock.set('2026-07-01T01:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    const staffNow = await token('staff');
    const late = ((await w.call(staffNow, 'GET', `/instances/${followUpId}`)).body.openTasks as Json[]).filter((t) => t.role === 'unit');
    expect(late.map((t) => [t.item.text, t.overdue])).toEqual([['六月底前完成人行道改造', true]]);
    const notes = (await w.call(await token('staff'), 'GET', '/notifications')).body.notifications as Array<{ message: string }>;
    expect(notes.map((n) => n.message)).toContain('承诺事项逾期：“六月底前完成人行道改造”完成时限为2026年6月30日，承办单位尚未报告落实（建议《关于改善城东片区夜间照明的建议》）。');

    // The office revises the category to A with a reason; the answered B is kept.
    await act('staff', 'REVISE_RESULT', { resultCode: 'A', reason: '经跟踪，路灯和人行道问题均已基本解决。' });
    const followUp = (await w.call(staffNow, 'GET', `/instances/${followUpId}`)).body;
    expect(followUp.context).toMatchObject({ answeredResultCode: 'B', revisedResultCode: 'A', onTimeCount: 1, lateCount: 1, assignmentId });
    expect(followUp.context.revision.reason).toBe('经跟踪，路灯和人行道问题均已基本解决。');
    expect(followUp.state).toContain('tracking');
    // The suggestion's page shows its unit's follow-up with both categories.
    const again = (await w.call(staffNow, 'GET', `/instances/${id}`)).body;
    expect([again.state, again.status]).toEqual(['concluded', 'done']);
    expect(again.links).toEqual([expect.objectContaining({ id: followUpId, title: '关于改善城东片区夜间照明的建议（答复时B类，跟踪后修正为A类）' })]);

    // The figures: answered B 1, revised to A 1, commitments 2, on time 1, late 1.
    const stats = (await w.call(staffNow, 'GET', '/statistics/suggestion?period=year:2026')).body;
    const fig = (m: string) => stats.metrics.find((x: Json) => x.id === m);
    const part = (m: string, key: string) => fig(m).parts.find((p: Json) => p.key === key);
    expect(fig('followUpCount').count).toBe(1);
    expect([part('followUpAnswered', 'B').numerator, part('followUpAnswered', 'B').title]).toEqual([1, '已列入计划逐步解决']);
    expect(part('followUpRevised', 'A').numerator).toBe(1);
    expect(part('results', 'B').numerator).toBe(1);
    expect(part('resultsAfterFollowUp', 'A').numerator).toBe(1);
    expect([fig('commitmentsTotal').sum, fig('commitmentsOnTime').sum, fig('commitmentsLate').sum]).toEqual([2, 1, 1]);

    // The projection and the snapshot statement give the same rows, the linked follow-up's facts included.
    const cat = baseCatalogue('suggestion') as Catalogue;
    const k = kindsOf(cat);
    const countyId = (await sql<{ county_id: string }>`select county_id from instances where id = ${id}`.execute(handle.db)).rows[0]?.county_id as string;
    const filter = periodFilter(cat, { kind: 'year', year: 2026 });
    const now = w.clock.now();
    const fromSnapshots = await selectStatisticsRows(handle.db, {
      countyId,
      definitionId: cat.process,
      childDefinitionId: cat.child as string,
      facts: readFacts(cat.facts[k.instance]),
      childFacts: readFacts(cat.facts[k.child as string]),
      linked: { definitionId: 'suggestion-follow-up', key: 'followUp', facts: readFacts(cat.facts.followUp) },
      period: filter,
      now,
    });
    const fromProjection = await projectedStatistics(handle.db, { countyId, catalogue: cat, period: 'test:2026', filter, now }, (stored) => ({ stored: stored as never[] }), (rows) => rows.stored);
    expect(fromSnapshots).toHaveLength(1);
    expect(fromProjection).toEqual(fromSnapshots);
    expect(fromSnapshots[0]?.children[0]?.linked).toEqual({ followUpCode: 'B', revisedCode: 'A', commitmentCount: 2, commitmentsOnTime: 1, commitmentsLate: 1 });
  }, 120_000);
});
