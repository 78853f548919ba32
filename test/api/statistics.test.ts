/**
 * Statistics of deputies' suggestions (issue 14, first slice): a hand-built small year driven
 * through the API (start, complete tasks, feedback, timers) where the denominators differ — an
 * item still in handling and overdue, one closed without feedback, one withdrawn, one
 * re-handled (first round 不满意, final 满意), one split between two units (分办, the worst
 * counts), session and recess items — then every metric's numerator and denominator, the
 * drill-downs' counts, the per-unit table, the exports, a county overlay changing a population,
 * 400 on bad parameters and 403 for a unit clerk and a deputy. On PGlite and on PostgreSQL, and
 * the two answer the same.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runDueTimers, saveMetricsOverlay } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const PERIOD = 'year:2026';

type Json = any;
const answers = new Map<string, { summary: Json; units: Json }>();

async function buildYear(w: WorkApp) {
  const { token, act, issue, start, forget } = suggestionDriver(w.call, (user) => w.login(user));
  const register = async (id: string, categoryCode: string) => act('staff', id, 'ACCEPT', { categoryCode });
  const assign = async (id: string, data: Record<string, unknown>) => {
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', ...data });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
  };
  const handle = async (unitUser: string, id: string, resultCode: string, signer: string) => {
    await act(unitUser, id, 'LOG_CONSULTATION', consult);
    await act(unitUser, id, 'START_DRAFT');
    await issue(unitUser, id, answer(resultCode));
  };
  const rate = (deputy: string, id: string, resultSatisfaction: string) =>
    act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction, ...(resultSatisfaction === 'UNSATISFIED' ? { comments: '措施不具体。' } : {}) });

  // S1: session, research, key item (主任会议成员领衔督办), A, satisfied.
  const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
  await register(s1, 'EDU_SCI_CULT_HEALTH_SPORT');
  await assign(s1, { mode: 'SINGLE', leadUnitId: 'unit-housing', supervisionLevel: 'KEY_CHAIR' });
  await act('unit1', s1, 'ACCEPT');
  await handle('unit1', s1, 'A', 'demo-unit1');
  await rate('deputy1', s1, 'SATISFIED');

  // S2: session, inspection; first answer B rated 不满意, re-handled, A rated 满意.
  const s2 = await start('deputy2', { origin: 'SESSION', sourceCode: 'INSPECTION' });
  await register(s2, 'TRANSPORT_POST_TELECOM');
  await assign(s2, { mode: 'SINGLE', leadUnitId: 'unit-education' });
  await act('unit2', s2, 'ACCEPT');
  await handle('unit2', s2, 'B', 'demo-unit2');
  await rate('deputy2', s2, 'UNSATISFIED');
  await issue('unit2', s2, answer('A'));
  await rate('deputy2', s2, 'SATISFIED');

  // S4: recess, returned to the deputy and withdrawn: never counted.
  const s4 = await start('deputy4', { origin: 'RECESS', sourceCode: 'OTHER' });
  await act('staff', s4, 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' });
  await act('deputy4', s4, 'WITHDRAW');

  // S6: session, split (分办) between housing (A, 满意) and education (return refused, late answer B, 基本满意).
  const s6 = await start('deputy5', { origin: 'SESSION', sourceCode: 'GROUP_ACTIVITY' });
  await register(s6, 'INDUSTRY_ECONOMY');
  await assign(s6, { mode: 'SEPARATE', separateUnitIds: ['unit-housing', 'unit-education'] });
  await act('unit1', s6, 'ACCEPT');
  await handle('unit1', s6, 'A', 'demo-unit1');
  await rate('deputy5', s6, 'SATISFIED');
  await act('unit2', s6, 'REQUEST_RETURN', { reason: '不属本单位职责。', suggestedUnitId: 'unit-health' });
  await act('staff', s6, 'REJECT_RETURN', { comment: '属于本单位职责，请按期办理。' });

  // S3: recess, from constituents, answered C, the deputy never returns the form.
  const s3 = await start('deputy3', { origin: 'RECESS', sourceCode: 'CONSTITUENT' });
  await register(s3, 'OTHER');
  await assign(s3, { mode: 'SINGLE', leadUnitId: 'unit-housing' });
  await act('unit1', s3, 'ACCEPT');
  await handle('unit1', s3, 'C', 'demo-unit1');

  // S5: recess, visits, accepted and consulted, never answered: still in handling, overdue by June.
  const s5 = await start('deputy1', { origin: 'RECESS', sourceCode: 'VISIT' });
  await register(s5, 'AGRI_FOREST_WATER');
  await assign(s5, { mode: 'SINGLE', leadUnitId: 'unit-health' });
  await act('unit3', s5, 'ACCEPT');
  await act('unit3', s5, 'LOG_CONSULTATION', consult);

  w.clock.set('2026-03-13T16:00:00Z'); // S3's 10-day feedback window is over
  await runDueTimers(w.handle.db, w.rt);
  w.clock.set('2026-06-15T02:00:00Z'); // past the 3-month answer period of S5 and S6/education
  await runDueTimers(w.handle.db, w.rt);
  forget();
  await act('unit2', s6, 'LOG_CONSULTATION', consult);
  await act('unit2', s6, 'START_DRAFT');
  await issue('unit2', s6, answer('B'));
  await rate('deputy5', s6, 'BASIC');
  return { s1, s2, s3, s4, s5, s6, token };
}

const byId = (view: Json, id: string) => view.metrics.find((m: { id: string }) => m.id === id);
const parts = (f: Json) => Object.fromEntries(f.parts.map((p: Json) => [p.key, [p.numerator, p.denominator, p.display]]));

describe.each(databases)('statistics of suggestions ($name)', ({ name, open }) => {
  let handle: TestHandle | undefined;
  afterAll(async () => {
    await handle?.close();
  });

  it('computes every figure of a hand-built year, with drill-downs, the unit table, exports, an overlay, 400 and 403', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const y = await buildYear(w);
    const staff = await y.token('staff');
    const get = async (path: string, who = staff) => w.call(who, 'GET', path);

    const r = await get(`/statistics/suggestion?period=${PERIOD}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    expect(v.period).toMatchObject({ kind: 'year', year: 2026, title: '2026年' });
    const count = (id: string) => byId(v, id).count;
    const rate = (id: string) => {
      const f = byId(v, id);
      return [f.numerator, f.denominator, f.display];
    };
    expect(count('total')).toBe(5); // S4 withdrawn before registration
    expect([count('sessionCount'), count('recessCount')]).toEqual([3, 2]);
    expect(count('handlingUnits')).toBe(3);
    expect(count('concludedCount')).toBe(4);
    expect(rate('concludedRate')).toEqual([4, 5, '80%']);
    expect(rate('concludedRateSession')).toEqual([3, 3, '100%']);
    expect(rate('concludedRateRecess')).toEqual([1, 2, '50%']);
    expect(count('inHandlingCount')).toBe(1);
    expect(parts(byId(v, 'byCategory'))).toEqual({
      EDU_SCI_CULT_HEALTH_SPORT: [1, 5, '20%'],
      TRANSPORT_POST_TELECOM: [1, 5, '20%'],
      AGRI_FOREST_WATER: [1, 5, '20%'],
      INDUSTRY_ECONOMY: [1, 5, '20%'],
      URBAN_RURAL_CONSTRUCTION: [0, 5, '0%'],
      OTHER: [1, 5, '20%'],
    });
    expect(byId(v, 'byCategory').parts[0].title).toBe('教科文卫体类');
    expect(rate('fromResearchRate')).toEqual([4, 5, '80%']);
    // Results over concluded: S1 A, S2 A (the re-handled answer), S3 C, S6 B (worst of A and B).
    expect(parts(byId(v, 'results'))).toEqual({ A: [2, 4, '50%'], B: [1, 4, '25%'], C: [1, 4, '25%'] });
    // Satisfaction over concluded with feedback (S3 closed without feedback is not in it, never satisfied).
    expect(parts(byId(v, 'satisfaction'))).toEqual({ SATISFIED: [2, 3, '66.67%'], BASIC: [1, 3, '33.33%'], UNSATISFIED: [0, 3, '0%'] });
    expect(byId(v, 'satisfaction').parts.map((p: Json) => p.title)).toEqual(['满意', '基本满意', '不满意']);
    expect(rate('satisfiedOrBasicRate')).toEqual([3, 3, '100%']);
    expect(count('noFeedbackCount')).toBe(1);
    // First round: S1 满意, S2 不满意, S6 基本满意 (worst of 满意 and 基本满意).
    expect(parts(byId(v, 'firstRoundSatisfaction'))).toEqual({ SATISFIED: [1, 3, '33.33%'], BASIC: [1, 3, '33.33%'], UNSATISFIED: [1, 3, '33.33%'] });
    expect(count('keySupervisedCount')).toBe(1);
    expect(parts(byId(v, 'keyByLevel')).KEY_CHAIR).toEqual([1, 1, '100%']);
    expect(count('assigned')).toBe(6);
    expect(rate('signedOnTimeRate')).toEqual([5, 6, '83.33%']);
    expect(rate('answeredOnTimeRate')).toEqual([4, 5, '80%']);
    expect(rate('consultationRate')).toEqual([6, 6, '100%']);
    expect(count('rehandledCount')).toBe(1);
    expect(parts(byId(v, 'rehandleRounds'))).toEqual({ '1': [1, 1, '100%'] });
    expect(count('overdueNowCount')).toBe(1);
    expect(byId(v, 'concludedRate')).toMatchObject({ title: '办结率', title_en: 'Concluded rate', value: 80 });
    // What a number counts and divides by, in words (the dashboard's 分子／分母 and the register's drill line).
    expect(byId(v, 'concludedRate')).toMatchObject({ numeratorOf: { title: '已办结' }, denominatorOf: { title: '建议总数' } });
    expect(byId(v, 'total')).toMatchObject({ numeratorOf: { title: '建议总数' } });
    expect(byId(v, 'total').denominatorOf).toBeUndefined();
    expect(byId(v, 'concludedRate').reads.facts).toEqual(expect.arrayContaining(['concludedAt', 'registeredAt']));
    expect(byId(v, 'satisfaction').reads.events).toEqual(expect.arrayContaining(['FEEDBACK', 'ACCEPT']));

    // The 届次年度 and the whole term hold the same five; another year holds none.
    const session = (await get(`/statistics/suggestion?period=${encodeURIComponent('session:十八届:一次')}`)).body;
    const term = (await get(`/statistics/suggestion?period=${encodeURIComponent('term:十八届')}`)).body;
    expect(byId(session, 'total').count).toBe(5);
    expect(parts(byId(term, 'results'))).toEqual(parts(byId(v, 'results')));
    expect(byId((await get('/statistics/suggestion?period=year:2025')).body, 'total').count).toBe(0);

    // Drill-down: the register lists exactly the suggestions behind each number.
    const drillTotal = async (url: string) => {
      const res = await w.call(staff, 'GET', `${url.replace(/^\/api/, '')}&limit=500`);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.total as number;
    };
    const suggestionsOf = new Map<string, Json>(v.populations.map((p: Json) => [p.id, p]));
    const catalogue = v.metrics;
    let checked = 0;
    for (const f of catalogue) {
      const assignmentLevel = ['assigned', 'signedOnTimeRate', 'answeredOnTimeRate', 'consultationRate'].includes(f.id);
      if (f.kind === 'count' && f.drill) {
        expect(await drillTotal(f.drill), f.id).toBe(assignmentLevel ? suggestionsOf.get('assignments').suggestions : f.count);
        checked++;
      } else if (f.kind === 'rate' && !assignmentLevel) {
        expect(await drillTotal(f.drill.numerator), `${f.id} numerator`).toBe(f.numerator);
        expect(await drillTotal(f.drill.denominator), `${f.id} denominator`).toBe(f.denominator);
        checked += 2;
      } else if (f.kind === 'distribution') {
        for (const p of f.parts) expect(await drillTotal(p.drill.numerator), `${f.id} ${p.key}`).toBe(p.numerator);
        expect(await drillTotal(f.drill.denominator), `${f.id} denominator`).toBe(f.denominator);
        checked += f.parts.length + 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
    for (const p of v.populations) if (p.of === 'suggestion') expect(await drillTotal(p.drill), p.id).toBe(p.count);
    // The withdrawn one is in no list; the one closed without feedback is not among the satisfied.
    const satisfiedRows = await w.call(staff, 'GET', `${byId(v, 'satisfaction').parts[0].drill.numerator.replace(/^\/api/, '')}&limit=500`);
    expect(satisfiedRows.body.rows.map((row: Json) => row.id).sort()).toEqual([y.s1, y.s2].sort());
    const noFeedback = await w.call(staff, 'GET', `${byId(v, 'noFeedbackCount').drill.replace(/^\/api/, '')}`);
    expect(noFeedback.body.rows.map((row: Json) => row.id)).toEqual([y.s3]);

    // Per-unit table: by name, each cell over the unit's own assignments; drill counts match.
    const u = await get(`/statistics/suggestion/units?period=${PERIOD}`);
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    const units = u.body;
    expect(units.columns.map((c: Json) => c.id)).toEqual(['assigned', 'signedOnTimeRate', 'answeredOnTimeRate', 'consultationRate', 'unitResults', 'unitFirstSatisfaction', 'unitSatisfaction', 'urges']);
    const row = (name: string) => units.rows.find((x: Json) => x.unit.name === name);
    const cell = (name: string, id: string) => row(name).cells[units.columns.findIndex((c: Json) => c.id === id)];
    expect(units.rows.map((x: Json) => x.unit.name)).toEqual(['县住房和城乡建设局', '县教育局', '县卫生健康委员会']);
    expect(cell('县住房和城乡建设局', 'assigned').count).toBe(3);
    expect(cell('县教育局', 'signedOnTimeRate')).toMatchObject({ numerator: 1, denominator: 2, display: '50%' });
    expect(cell('县教育局', 'answeredOnTimeRate')).toMatchObject({ numerator: 1, denominator: 2, display: '50%' });
    expect(cell('县卫生健康委员会', 'answeredOnTimeRate')).toMatchObject({ numerator: 0, denominator: 0, value: null, display: '—（0/0）' });
    expect(parts(cell('县住房和城乡建设局', 'unitResults'))).toEqual({ A: [2, 3, '66.67%'], B: [0, 3, '0%'], C: [1, 3, '33.33%'] });
    expect(parts(cell('县教育局', 'unitFirstSatisfaction'))).toEqual({ SATISFIED: [0, 2, '0%'], BASIC: [1, 2, '50%'], UNSATISFIED: [1, 2, '50%'] });
    expect(parts(cell('县教育局', 'unitSatisfaction'))).toEqual({ SATISFIED: [1, 2, '50%'], BASIC: [1, 2, '50%'], UNSATISFIED: [0, 2, '0%'] });
    for (const x of units.rows) {
      for (const c of x.cells) {
        // 催办次数 counts urges, not suggestions: no register list is that number.
        if (c.kind === 'count' && c.id === 'urges') expect(c, x.unit.name).toMatchObject({ count: 0, drill: null });
        else if (c.kind === 'count') expect(await drillTotal(c.drill), `${x.unit.name} ${c.id}`).toBe(c.count);
        if (c.kind === 'rate') {
          expect(await drillTotal(c.drill.numerator), `${x.unit.name} ${c.id}`).toBe(c.numerator);
          expect(await drillTotal(c.drill.denominator), `${x.unit.name} ${c.id}`).toBe(c.denominator);
        }
        if (c.kind === 'distribution') for (const p of c.parts) expect(await drillTotal(p.drill.numerator), `${x.unit.name} ${c.id} ${p.key}`).toBe(p.numerator);
      }
    }

    // Exports: the unit table as XLSX reads back as the table; the metric table as CSV.
    const xlsx = await w.app.request(`/api/statistics/suggestion/export?period=${PERIOD}&table=units&format=xlsx`, { headers: { authorization: `Bearer ${staff}` } });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('承办单位');
    expect(sheet.getRow(1).getCell(2).value).toBe('交办件次');
    expect(sheet.getRow(2).getCell(1).value).toBe('县住房和城乡建设局');
    expect(sheet.getRow(2).getCell(2).value).toBe(3);
    expect(sheet.rowCount).toBe(4);
    const csv = await w.app.request(`/api/statistics/suggestion/export?period=${PERIOD}&format=csv`, { headers: { authorization: `Bearer ${staff}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('办结率,,4,5,80%');
    expect(text).toContain('满意度,满意,2,3,66.67%');

    // 400: every parameter checked, nothing read.
    for (const bad of ['', '?period=2026', '?period=year:20x6', '?period=year:2026&x=1', '?period=year:2026&period=year:2025', '?period=session:十八届', '?period=month:3']) {
      const res = await get(`/statistics/suggestion${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('INVALID_QUERY');
    }
    expect((await get(`/statistics/suggestion/export?period=${PERIOD}&table=deputies`)).status).toBe(400);
    expect((await get(`/statistics/suggestion/export?period=${PERIOD}&format=pdf`)).status).toBe(400);
    expect((await get(`/register?definition=suggestion&metric=nosuch&period=${PERIOD}`)).status).toBe(400);
    expect((await get(`/register?definition=suggestion&metric=results&period=${PERIOD}`)).status).toBe(400); // which part?
    expect((await get(`/register?definition=suggestion&metric=total`)).status).toBe(400); // no period
    expect((await get(`/register?definition=suggestion&part=numerator`)).status).toBe(400);
    expect((await get(`/register?definition=suggestion&metric=handlingUnits&period=${PERIOD}`)).status).toBe(400);

    // 403: a unit clerk and a deputy; a leader reads.
    for (const who of ['unit1', 'deputy1']) {
      const t = await w.login(who);
      expect((await get(`/statistics/suggestion?period=${PERIOD}`, t)).status, who).toBe(403);
      expect((await get(`/statistics/suggestion/units?period=${PERIOD}`, t)).status, who).toBe(403);
      expect((await get(`/statistics/suggestion/export?period=${PERIOD}`, t)).status, who).toBe(403);
    }
    expect((await get(`/statistics/suggestion?period=${PERIOD}`, await w.login('leader'))).status).toBe(200);

    answers.set(name, { summary: { ...v, asOf: null }, units });

    // A county overlay changes a population: this county counts suggestions from constituents as research too.
    const county = await w.handle.db.selectFrom('users').select('county_id').where('username', '=', 'staff').executeTakeFirstOrThrow();
    await expect(saveMetricsOverlay(w.handle.db, w.rt, county.county_id, 'suggestion', { populations: { fromResearch: { within: 'nosuch' } } }, null)).rejects.toMatchObject({ code: 'DEFINITION_INVALID' });
    expect(rate('fromResearchRate')).toEqual([4, 5, '80%']);
    await saveMetricsOverlay(w.handle.db, w.rt, county.county_id, 'suggestion', {
      populations: { fromResearch: { rule: { in: [{ var: 'sourceCode' }, ['RESEARCH', 'INSPECTION', 'GROUP_ACTIVITY', 'VISIT', 'CONSTITUENT']] } } },
    }, null);
    const after = (await get(`/statistics/suggestion?period=${PERIOD}`)).body;
    expect([byId(after, 'fromResearchRate').numerator, byId(after, 'fromResearchRate').denominator, byId(after, 'fromResearchRate').display]).toEqual([5, 5, '100%']);
    expect(await drillTotal(byId(after, 'fromResearchRate').drill.numerator)).toBe(5);
  });
});

describe('PGlite and PostgreSQL', () => {
  it('give the same figures and the same unit table', () => {
    expect(answers.size).toBe(databases.length);
    const [first, ...rest] = [...answers.values()];
    for (const other of rest) {
      // Instance ids differ between runs; the figures and titles must not.
      const strip = (x: unknown) => JSON.parse(JSON.stringify(x).replace(/"drill":("[^"]*"|\{[^}]*\}|null)/g, '"drill":0'));
      expect(strip(other.summary)).toEqual(strip(first?.summary));
      expect(strip(other.units)).toEqual(strip(first?.units));
    }
  });
});
