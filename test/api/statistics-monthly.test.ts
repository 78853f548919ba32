/**
 * The monthly line of deputies' suggestions (GET /api/statistics/suggestion/monthly, issue 14's
 * year at a glance): a small year driven through the API on a simulated clock — suggestions
 * submitted in March and June, answered in March, April, May and June (a re-handled answer
 * counted again, a split suggestion's two units each once), concluded in March, April, May and
 * June, one withdrawn (never counted), one still in handling, one of December 2025 answered and
 * concluded in January 2026 (on 2025's line, past its December) — then every month's three
 * numbers exactly, the register drill-down of a month listing exactly its suggestions, the
 * periods offered in words (terms and sessions from the county's tables), and 400 on every bad
 * parameter. On PGlite and on PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

type Json = any;

async function buildYear(w: WorkApp) {
  const { token, act, issue, start, forget } = suggestionDriver(w.call, (user) => w.login(user));
  const at = (iso: string) => {
    w.clock.set(iso);
    forget();
  };
  const registerAndAssign = async (id: string, data: Record<string, unknown>) => {
    await act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', id, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', ...data });
    await act('staff', id, 'APPROVE_ASSIGNMENT', {});
  };
  const handle = async (unitUser: string, id: string, resultCode: string) => {
    await act(unitUser, id, 'ACCEPT');
    await act(unitUser, id, 'LOG_CONSULTATION', consult);
    await act(unitUser, id, 'START_DRAFT');
    await issue(unitUser, id, answer(resultCode));
  };
  const rate = (deputy: string, id: string, resultSatisfaction: string) =>
    act(deputy, id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction, ...(resultSatisfaction === 'UNSATISFIED' ? { comments: '措施不具体。' } : {}) });

  // P: December 2025, answered and concluded in January 2026 (Beijing time: 2026-01-05).
  at('2025-12-10T02:00:00Z');
  const p = await start('deputy4', { origin: 'RECESS', sourceCode: 'VISIT' });
  await registerAndAssign(p, { mode: 'SINGLE', leadUnitId: 'unit-health' });
  at('2026-01-05T02:00:00Z');
  await handle('unit3', p, 'A');
  await rate('deputy4', p, 'SATISFIED');

  // March 2026 (02:00 UTC is 10:00 in Beijing): S1 submitted, answered and concluded; S2, S3 and S4 submitted.
  at('2026-03-02T02:00:00Z');
  const s1 = await start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH' });
  await registerAndAssign(s1, { mode: 'SINGLE', leadUnitId: 'unit-housing' });
  await handle('unit1', s1, 'A');
  await rate('deputy1', s1, 'SATISFIED');
  const s2 = await start('deputy2', { origin: 'SESSION', sourceCode: 'INSPECTION' });
  await registerAndAssign(s2, { mode: 'SINGLE', leadUnitId: 'unit-education' });
  const s3 = await start('deputy3', { origin: 'SESSION', sourceCode: 'VISIT' });
  await registerAndAssign(s3, { mode: 'SEPARATE', separateUnitIds: ['unit-housing', 'unit-education'] });
  // S4: returned to the deputy and withdrawn: never registered, never counted.
  const s4 = await start('deputy4', { origin: 'SESSION', sourceCode: 'OTHER' });
  await act('staff', s4, 'RETURN_TO_DEPUTY', { reasonCode: 'MULTIPLE_ISSUES', reason: '一事一议，请拆分。' });
  await act('deputy4', s4, 'WITHDRAW');

  // March 31, 17:00 UTC is April 1 in Beijing: S2 answered B, rated 不满意 (to be re-handled).
  at('2026-03-31T17:00:00Z');
  await handle('unit2', s2, 'B');
  await rate('deputy2', s2, 'UNSATISFIED');

  // May: S2's second answer (A, 满意: concluded); S3's housing answer.
  at('2026-05-12T02:00:00Z');
  await issue('unit2', s2, answer('A'));
  await rate('deputy2', s2, 'SATISFIED');
  await handle('unit1', s3, 'A');
  await rate('deputy3', s3, 'SATISFIED');

  // June: S3's education answer (concluded); S5 submitted and left in handling.
  at('2026-06-20T02:00:00Z');
  await handle('unit2', s3, 'B');
  await rate('deputy3', s3, 'BASIC');
  const s5 = await start('deputy5', { origin: 'RECESS', sourceCode: 'GROUP_ACTIVITY' });
  await registerAndAssign(s5, { mode: 'SINGLE', leadUnitId: 'unit-health' });
  at('2026-07-01T02:00:00Z');
  return { p, s1, s2, s3, s4, s5, token };
}

/** month → [submitted, answered, concluded] for the months with any. */
const nonZero = (v: Json) =>
  Object.fromEntries(v.months.filter((m: Json) => m.submitted.count + m.answered.count + m.concluded.count > 0).map((m: Json) => [m.month, [m.submitted.count, m.answered.count, m.concluded.count]]));

describe.each(databases)('monthly statistics of suggestions ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterAll(async () => {
    await handle?.close();
  });

  it('counts each month of a driven year exactly, drills into the register, offers the periods in words, and refuses bad parameters', { timeout: 300_000 }, async () => {
    handle = await open();
    const w = await workApp(handle, '2025-12-10T02:00:00Z');
    const y = await buildYear(w);
    const staff = await y.token('staff');
    const get = (path: string, who = staff) => w.call(who, 'GET', path);

    const r = await get('/statistics/suggestion/monthly?period=year:2026');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const v = r.body;
    expect(v.period).toMatchObject({ kind: 'year', year: 2026, param: 'year:2026', title: '2026年' });
    // The calendar year's twelve months, in words; nothing of 2026's suggestions happened later.
    expect(v.months.map((m: Json) => m.month)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2026-${m}`));
    expect(v.months[2].title).toBe('2026年3月');
    expect(v.series.map((s: Json) => [s.id, s.title, s.unit, s.total])).toEqual([
      ['submitted', '提出', '件', 4],
      ['answered', '单位答复', '件次', 5],
      ['concluded', '办结', '件', 3],
    ]);
    // P (2025) is not on 2026's line although answered in January 2026; S4 (withdrawn) nowhere.
    expect(nonZero(v)).toEqual({
      '2026-03': [3, 1, 1], // S1, S2, S3 submitted; S1 answered and concluded
      '2026-04': [0, 1, 0], // S2's first answer (Beijing time), rated 不满意
      '2026-05': [0, 2, 1], // S2's second answer and S3's housing answer; S2 concluded
      '2026-06': [1, 1, 1], // S5 submitted; S3's education answer; S3 concluded
    });
    // May: two answer letters, two suggestions behind them.
    expect(v.months[4].answered).toMatchObject({ count: 2, suggestions: 2 });

    // A month's number opens the register listing exactly those suggestions.
    const drill = async (url: string) => {
      const res = await get(url.replace(/^\/api/, ''));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return new Set(res.body.rows.map((row: Json) => row.id));
    };
    expect(v.months[2].submitted.drill).toBe('/api/register?definition=suggestion&period=year%3A2026&metric=monthly%3Asubmitted&item=2026-03');
    expect(await drill(v.months[2].submitted.drill)).toEqual(new Set([y.s1, y.s2, y.s3]));
    expect(await drill(v.months[4].answered.drill)).toEqual(new Set([y.s2, y.s3]));
    expect(await drill(v.months[4].concluded.drill)).toEqual(new Set([y.s2]));
    expect(await drill(v.months[5].submitted.drill)).toEqual(new Set([y.s5]));
    expect(await drill(v.months[7].submitted.drill)).toEqual(new Set());

    // 2025's line runs past its December: P was answered and concluded in January 2026.
    const y2025 = (await get('/statistics/suggestion/monthly?period=year:2025')).body;
    expect(y2025.months.map((m: Json) => m.month).slice(-2)).toEqual(['2025-12', '2026-01']);
    expect(nonZero(y2025)).toEqual({ '2025-12': [1, 0, 0], '2026-01': [0, 1, 1] });
    expect(await drill(y2025.months[12].concluded.drill)).toEqual(new Set([y.p]));

    // The whole term: from its first month with any number to its last.
    const term = (await get(`/statistics/suggestion/monthly?period=${encodeURIComponent('term:十八届')}`)).body;
    expect(term.period.title).toBe('十八届任期内');
    expect(term.months[0].month).toBe('2025-12');
    expect(term.months[term.months.length - 1].month).toBe('2026-06');
    expect(term.series.map((s: Json) => s.total)).toEqual([5, 6, 4]);
    // A session of a term no suggestion was registered under: no months.
    expect((await get(`/statistics/suggestion/monthly?period=${encodeURIComponent('session:十七届:五次')}`)).body.months).toEqual([]);

    // The periods offered, in words: years, then the county's terms table with each session, then terms met only in data.
    const admin = await y.token('admin');
    expect((await w.call(admin, 'POST', '/terms', { id: '17', name: '十七届', startsOn: '2021-01-01', endsOn: '2025-12-31' })).status).toBe(201);
    expect((await w.call(admin, 'POST', '/terms/17/sessions', { id: '17-5', name: '十七届五次', heldOn: '2025-01-10' })).status).toBe(201);
    expect((await w.call(admin, 'POST', '/terms/17/sessions', { id: '17-4', name: '四次', heldOn: '2024-01-10' })).status).toBe(201);
    const periods = await get('/statistics/suggestion/periods');
    expect(periods.status, JSON.stringify(periods.body)).toBe(200);
    expect(periods.body.periods.map((p: Json) => [p.param, p.title])).toEqual([
      ['year:2026', '2026年'],
      ['year:2025', '2025年'],
      ['session:十七届:四次', '十七届四次会议以来'],
      ['session:十七届:五次', '十七届五次会议以来'],
      ['term:十七届', '十七届任期内'],
      ['session:十八届:一次', '十八届一次会议以来'],
      ['term:十八届', '十八届任期内'],
    ]);
    // The same words as the figures carry for that period.
    expect((await get(`/statistics/suggestion?period=${encodeURIComponent('term:十八届')}`)).body.period.title).toBe('十八届任期内');

    // 400: every parameter checked, nothing read.
    for (const bad of [
      '',
      '?period=',
      '?period=2026',
      '?period=year:26',
      '?period=year:1800',
      '?period=year:2026&period=year:2025',
      '?period=year:2026&lang=zh',
      '?period=session:十八届',
      `?period=${encodeURIComponent('term:十八 届')}`,
      `?period=term:${'届'.repeat(21)}`,
    ]) {
      const res = await get(`/statistics/suggestion/monthly${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('INVALID_QUERY');
    }
    // A control character is refused before any route reads it.
    expect((await get(`/statistics/suggestion/monthly?period=${encodeURIComponent('term:十八\u0001届')}`)).body.error.code).toBe('INVALID_TEXT');
    expect((await get('/statistics/suggestion/periods?lang=zh')).status).toBe(400);
    for (const bad of ['metric=monthly:inflow&item=2026-03', 'metric=monthly:submitted', 'metric=monthly:submitted&item=2026-13', 'metric=monthly:submitted&item=2026-3', 'metric=monthly:submitted&item=2026-03&part=denominator']) {
      const res = await get(`/register?definition=suggestion&period=year:2026&${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('INVALID_QUERY');
    }
    // Staff, leaders and admins only.
    expect((await get('/statistics/suggestion/monthly?period=year:2026', await y.token('leader'))).status).toBe(200);
    expect((await get('/statistics/suggestion/monthly?period=year:2026', await y.token('unit1'))).status).toBe(403);
    expect((await get('/statistics/suggestion/monthly?period=year:2026', await y.token('deputy1'))).status).toBe(403);
  });
});
