/**
 * 统计 → 年度概览 in Chromium (issue 14, DOMAIN §10): after a small year is driven through the
 * engine (four suggestions submitted this month, three answered and concluded: A/B/A, rated
 * 满意/基本满意/满意; one still in handling), a 人代工委 clerk on a 1366×900 desk opens 年度概览
 * from the menu: the big numbers (建议总数, 办结率 "3 / 4", 满意率 "3 / 3") and their table,
 * the monthly line and its table (this month 4 / 3 / 3, every other month 0, as driven), the
 * category bars; the panels of processes without statistics read 暂无统计. Clicking the month's
 * point on the line opens the register listing exactly the four suggestions, with a line naming
 * the month; a number of the line's table does the same for the answers. A leader on a 390×844
 * phone sees the same numbers, fitting the screen. No CSP violations, no page errors.
 *
 * Then 代表之家 and 代表履职 (issue 15 item 8): after constituents' issues are recorded (one
 * answered on the spot, one triaged) and a deputy's point claim is reviewed in two steps, the
 * clerk sees their panels — the reception days' and the issues' big numbers, the bars of issues
 * by channel and of the points distribution with their tables, the note on report-back — equal
 * to the API; a number of issues opens the register with exactly those issues, and a number of
 * deputies opens the points list naming them. On a phone the new panels fit the screen too.
 * With the county's sessions dated, the chooser's 十八届一次会议以来 shows the issues and points of
 * that session year (the panel saying its dates), and 十八届二次会议以来 (held tomorrow) none.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { driveAndRead } from './dashboard-data.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const cellTexts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));

/** The chart's canvas exists, has a size, and is not blank; `attr` is the data attribute its points' positions are written to. */
const chartDrawn = (page: Page, testid: string, attr: string) =>
  page.getByTestId(testid).evaluate((box, a) => {
    const canvas = box.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; data && i < data.length; i += 4) if ((data[i] ?? 0) > 0) inked++;
    return inked > 100 && Boolean(box.getAttribute(a));
  }, attr);

/** This month in Beijing time, as the API names it: 2026-12. */
const monthNow = () => {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

const OTHER_PANELS = [
  ['livelihood', 'livelihood-vote', '民生实事'],
  ['supervision', 'supervision', '监督'],
  ['evaluation', 'evaluation', '评议'],
] as const;

describe('year at a glance in Chromium', () => {
  const app = useBrowserApp();

  it('shows a clerk and a leader the year: big numbers, the monthly line and bars with their tables, drill-downs into the register', { timeout: 300_000 }, async () => {
    const before = monthNow();
    const { staff, year, metric } = await driveAndRead(app.call, app.login);
    const month = monthNow();
    expect(month).toBe(before); // the year was driven within one month
    const monthly = (await app.call(staff, 'GET', `/statistics/suggestion/monthly?period=year:${year}`)).body;
    const at = monthly.months.findIndex((m: { month: string }) => m.month === month);
    expect(at).toBeGreaterThanOrEqual(0);
    const monthTitle = monthly.months[at].title as string;
    expect(monthTitle).toBe(`${year}年${Number(month.slice(5))}月`);

    const { page } = await app.open({ width: 1366, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '年度概览', exact: true }).click();
    await page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics');
    expect(await page.getByLabel('统计期间').locator('option:checked').textContent()).toBe(`${year}年`);
    expect(await page.getByLabel('统计期间').locator('option').allTextContents()).toEqual([`${year}年`, '十八届一次会议以来', '十八届任期内']);
    await expect.poll(() => page.getByTestId('glance-period').textContent()).toBe(`统计期间：${year}年`);
    await expect.poll(() => chartDrawn(page, 'chart-monthly', 'data-point-centers'), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => chartDrawn(page, 'chart-byCategory', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);

    // Big numbers: the total, and 办结率 / 满意率 with numerator and denominator in figures and in words.
    const panel = page.locator('[data-panel=suggestion]');
    expect(await panel.getByRole('heading', { level: 2 }).first().textContent()).toBe('代表建议');
    expect(await panel.locator('.stat-card[data-metric=total] .stat-number').textContent()).toBe('4');
    for (const [id, display, fraction] of [
      ['concludedRate', '75%', '3 / 4'],
      ['satisfiedOrBasicRate', '100%', '3 / 3'],
    ] as const) {
      const m = metric(id);
      expect([m.display, `${m.numerator} / ${m.denominator}`]).toEqual([display, fraction]);
      const card = panel.locator(`.glance-rates .stat-card[data-metric=${id}]`);
      expect(await card.locator('.stat-number').textContent()).toBe(display);
      expect((await card.locator('.stat-fraction').textContent())?.replace(/\s+/g, ' ').trim()).toBe(fraction);
      expect((await card.locator('.stat-ratio').textContent())?.replace(/\s+/g, ' ').trim()).toBe(`${m.numeratorOf.title} ${m.numerator} 件 / ${m.denominatorOf.title} ${m.denominator} 件`);
    }
    expect((await panel.locator('.glance-rates .stat-card[data-metric=concludedRate] .stat-ratio').textContent())?.replace(/\s+/g, ' ').trim()).toBe('已办结 3 件 / 建议总数 4 件');
    expect(await cellTexts(page, '[data-testid=rates-glance-suggestion] tbody tr')).toEqual([
      ['办结率', '3', '4', '75%'],
      ['满意和基本满意率', '3', '3', '100%'],
    ]);

    // The line's table: every month of the year, this month's numbers exactly as driven, the rest 0.
    const rows = await cellTexts(page, '[data-testid=monthly-table] tbody tr');
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, i) => `${year}年${i + 1}月`));
    expect(rows).toEqual(rows.map((r, i) => (i === at ? [monthTitle, '4', '3', '3'] : [r[0], '0', '0', '0'])));
    expect(await cellTexts(page, '[data-testid=monthly-table] thead tr')).toEqual([['月份', '提出（件）', '单位答复（件次）', '办结（件）']]);
    expect(await page.locator('[data-testid=monthly-table] caption').textContent()).toBe('按月统计（合计：提出 4，单位答复 3，办结 3）');
    // The category bars' table.
    expect(await cellTexts(page, '[data-panel=suggestion] .stat-chart[data-metric=byCategory] tbody tr')).toEqual(
      metric('byCategory').parts.map((p: { title: string; numerator: number; display: string }) => [p.title, String(p.numerator), p.display]),
    );
    // The other lines of work: their statistics' figures, or 暂无统计 while a process has none.
    for (const [id, process, title] of OTHER_PANELS) {
      const other = page.locator(`[data-panel=${id}]`);
      expect(await other.getByRole('heading', { level: 2 }).first().textContent()).toBe(title);
      const res = await app.call(staff, 'GET', `/statistics/${process}?period=year:${year}`);
      expect(res.status).toBe(200);
      // Each count of the catalogue's summary is a card with the API's number.
      const counts = (res.body.metrics as Array<{ kind: string; count?: number }>).filter((m) => m.kind === 'count');
      await expect.poll(() => other.locator('.stat-card').count()).toBeGreaterThan(0);
      if (counts.length > 0) expect(await other.locator('.stat-card .stat-number').first().textContent()).toBe(String(counts[0]?.count));
    }
    await app.screenshot(page, 'glance-desk');

    // Clicking this month's point of 提出 (at its pixel) opens the register with exactly those four suggestions.
    const chart = page.getByTestId('chart-monthly');
    await chart.scrollIntoViewIfNeeded();
    const points = JSON.parse((await chart.getAttribute('data-point-centers')) ?? '{}') as Record<string, Array<[number, number]>>;
    const [x, y] = points.submitted![at]!;
    await chart.click({ position: { x, y } });
    await page.getByTestId('register-range').waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(new URL(page.url()).searchParams.get('metric')).toBe('monthly:submitted');
    expect(new URL(page.url()).searchParams.get('item')).toBe(month);
    await expect.poll(() => page.getByTestId('register-range').textContent()).toBe('第 1–4 条，共 4 条');
    expect(await page.locator('.register-table tbody tr').count()).toBe(4);
    await expect.poll(() => page.getByTestId('register-drill').locator('span').first().textContent()).toBe(`按月统计 · ${monthTitle} 提出：4 件`);
    await app.screenshot(page, 'glance-drill-register');

    // Back to the page, and the month's answers from the line's table: the three answered suggestions.
    await page.getByRole('link', { name: '返回统计' }).click();
    await page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();
    await page.getByRole('link', { name: `${monthTitle} 单位答复 3` }).click();
    await expect.poll(() => page.getByTestId('register-range').textContent().catch(() => '')).toBe('第 1–3 条，共 3 条');
    await expect.poll(() => page.getByTestId('register-drill').locator('span').first().textContent()).toBe(`按月统计 · ${monthTitle} 单位答复：3 件`);

    // A leader on a phone: the same numbers, everything within the screen's width.
    const phone = await app.open({ width: 390, height: 844 });
    phone.page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(phone.page, app.url, 'leader');
    await goTo(phone.page, '年度概览');
    await phone.page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();
    await expect.poll(() => chartDrawn(phone.page, 'chart-monthly', 'data-point-centers'), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => chartDrawn(phone.page, 'chart-byCategory', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);
    expect(await phone.page.locator('[data-panel=suggestion] .glance-rates .stat-card[data-metric=concludedRate] .stat-fraction').textContent()).toBe('3 / 4');
    expect((await cellTexts(phone.page, '[data-testid=monthly-table] tbody tr'))[at]).toEqual([monthTitle, '4', '3', '3']);
    const widths = await phone.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      charts: Array.from(document.querySelectorAll('.chart canvas')).map((c) => c.getBoundingClientRect().right),
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    for (const right of widths.charts) expect(right).toBeLessThanOrEqual(390);
    await app.screenshot(phone.page, 'glance-phone');

    expect(app.cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('draws 代表之家 and 代表履职: big numbers and bars with their tables; a number opens its register or its points list', { timeout: 300_000 }, async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const admin = await app.login('admin');
    const staff = await app.login('staff');
    // Work of the year, through the API: a station, two issues (one answered on the spot, one triaged), a point claim reviewed twice.
    const station = await app.call(admin, 'POST', '/stations', { name: '城关镇代表之家（概览）', level: 'HOME', managerId: 'demo-staff', deputyIds: ['demo-deputy1'] });
    expect(station.status, JSON.stringify(station.body)).toBe(201);
    const issue = async (contactMode: string) => {
      const r = await app.call(staff, 'POST', '/constituent-issues', { issue: { stationId: station.body.id, contactMode, category: 'URBAN_RURAL', subject: '路灯不亮', content: '东街路灯坏了。' }, citizen: { name: '王秀英', phone: '13912345678' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.instanceId as string;
    };
    const act = async (instanceId: string, outcome: string, data: unknown) => {
      const task = ((await app.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId === instanceId);
      expect(task).toBeDefined();
      expect((await app.call(staff, 'POST', `/tasks/${task!.id}/complete`, { outcome, data })).status).toBe(200);
    };
    await act(await issue('IN_PERSON'), 'ANSWER_ON_SPOT', { replyText: '已当场答复。' });
    await act(await issue('PHONE'), 'TRIAGE', { proposedRoute: 'TOWNSHIP', opinion: '交街道办理。' });
    const claim = await app.call(await app.login('deputy1'), 'POST', '/points/claims', { ruleCode: 'STATION_RECEPTION', date: today, description: '进站接待选民。' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await app.call(staff, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
    expect((await app.call(admin, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    const read = async (process: string) => (await app.call(staff, 'GET', `/statistics/${process}?period=year:${year}`)).body;
    const issues = await read('constituent-issue');
    const receptions = await read('reception-session');
    const points = await read('deputy-points');
    const fig = (view: any, id: string) => view.metrics.find((m: { id: string }) => m.id === id);
    expect(fig(issues, 'issueCount').count).toBeGreaterThanOrEqual(2);
    expect(fig(points, 'activeCount').count).toBeGreaterThanOrEqual(1);

    const { page } = await app.open({ width: 1366, height: 900 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '年度概览', exact: true }).click();
    await page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();

    // 代表之家: the reception days' figures, then the issues' — each count a card with the API's number.
    const stations = page.locator('[data-panel=stations]');
    expect(await stations.getByRole('heading', { level: 2 }).first().textContent()).toBe('代表之家');
    await expect.poll(() => stations.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['代表之家接待统计', '群众意见统计']);
    for (const [view, ids] of [[receptions, ['scheduledCount', 'heldCount']], [issues, ['issueCount', 'onSpotCount', 'concludedCount', 'overdueNowCount']]] as const) {
      for (const id of ids) expect(await stations.locator(`.stat-card[data-metric=${id}] .stat-number`).textContent(), id).toBe(String(fig(view, id).count));
    }
    expect(await stations.locator('.stat-card[data-metric=deputyAttendances] .stat-number').textContent()).toBe(String(fig(receptions, 'deputyAttendances').sum));
    // 办结率 and the average days to reply with their numerators and denominators.
    const rates = await cellTexts(page, '[data-testid=rates-glance-stations-constituent-issue] tbody tr');
    const rate = fig(issues, 'concludedRate');
    expect(rates).toContainEqual(['办结率', String(rate.numerator), String(rate.denominator), rate.display]);
    const avg = fig(issues, 'avgDaysToReply');
    expect(rates).toContainEqual(['平均答复用时（工作日）', String(avg.numerator), String(avg.denominator), avg.display]);
    // The bars of issues by channel, drawn, with their table beside them.
    await expect.poll(() => chartDrawn(page, 'chart-byChannel', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);
    expect(await cellTexts(page, '[data-panel=stations] .stat-chart[data-metric=byChannel] tbody tr')).toEqual(
      fig(issues, 'byChannel').parts.map((p: { title: string; numerator: number; display: string }) => [p.title, String(p.numerator), p.display]),
    );

    // 代表履职: counts and sums, the points distribution's bars and table, the note on report-back.
    const deputies = page.locator('[data-panel=deputies]');
    expect(await deputies.getByRole('heading', { level: 2 }).first().textContent()).toBe('代表履职');
    for (const id of ['deputyCount', 'activeCount', 'inactiveCount', 'entryCount']) expect(await deputies.locator(`.stat-card[data-metric=${id}] .stat-number`).textContent(), id).toBe(String(fig(points, id).count));
    expect(await deputies.locator('.stat-card[data-metric=pointsTotal] .stat-number').textContent()).toBe(String(fig(points, 'pointsTotal').sum));
    await expect.poll(() => chartDrawn(page, 'chart-pointsBands', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);
    expect(await cellTexts(page, '[data-panel=deputies] .stat-chart[data-metric=pointsBands] tbody tr')).toEqual(
      fig(points, 'pointsBands').parts.map((p: { title: string; numerator: number; display: string }) => [p.title, String(p.numerator), p.display]),
    );
    expect(await deputies.locator('.glance-note').textContent()).toContain('向选民述职覆盖率');
    await deputies.scrollIntoViewIfNeeded();
    await app.screenshot(page, 'glance-stations-deputies');

    // A number of issues opens the register with exactly those issues.
    const n = fig(issues, 'issueCount').count;
    await stations.getByRole('link', { name: `收集群众意见 ${n}`, exact: true }).click();
    await page.getByTestId('register-range').waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(new URL(page.url()).searchParams.get('definition')).toBe('constituent-issue');
    await expect.poll(() => page.locator('.register-table tbody tr').count()).toBe(n);
    await expect.poll(() => page.getByTestId('register-drill').locator('span').first().textContent()).toBe(`收集群众意见 · 分子：收集的群众意见 ${n} 件`);

    // A number of deputies opens the points list naming them, with their points.
    await page.getByRole('link', { name: '返回统计' }).click();
    await page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();
    const active = fig(points, 'activeCount').count;
    await page.locator('[data-panel=deputies]').getByRole('link', { name: `有履职积分的代表 ${active}`, exact: true }).click();
    await page.getByTestId('points-list').waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics/deputy-points/list');
    expect(await page.getByTestId('points-list-line').textContent()).toBe(`${year}年 · 有履职积分的代表：共 ${active} 人`);
    const listed = await cellTexts(page, '[data-testid=points-list] tbody tr');
    expect(listed).toHaveLength(active);
    expect(listed.map((r) => r[0])).toContain('王建国');
    await app.screenshot(page, 'glance-points-list');

    // A phone: the new panels fit the screen.
    const phone = await app.open({ width: 390, height: 844 });
    phone.page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(phone.page, app.url, 'leader');
    await goTo(phone.page, '年度概览');
    await expect.poll(() => chartDrawn(phone.page, 'chart-pointsBands', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => chartDrawn(phone.page, 'chart-byChannel', 'data-bar-centers'), { timeout: 20_000 }).toBe(true);
    const widths = await phone.page.evaluate(() => ({ page: document.documentElement.scrollWidth, charts: Array.from(document.querySelectorAll('.chart canvas')).map((c) => c.getBoundingClientRect().right) }));
    expect(widths.page).toBeLessThanOrEqual(390);
    for (const right of widths.charts) expect(right).toBeLessThanOrEqual(390);
    await phone.page.locator('[data-panel=deputies]').scrollIntoViewIfNeeded();
    await app.screenshot(phone.page, 'glance-deputies-phone');

    // 届次年度 by the dates of the county's sessions table: 一次 held in 2020 up to tomorrow's 二次 holds this year's work; 二次 none yet.
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
    expect((await app.call(admin, 'POST', '/terms', { id: 't18-glance', name: '十八届', startsOn: '2020-01-01', endsOn: null })).status).toBe(201);
    for (const [id, name, heldOn] of [['s18-1', '十八届一次', '2020-01-10'], ['s18-2', '十八届二次', tomorrow]]) expect((await app.call(admin, 'POST', '/terms/t18-glance/sessions', { id, name, heldOn })).status).toBe(201);
    const bySession = async (process: string, session: string) => (await app.call(staff, 'GET', `/statistics/${process}?period=${encodeURIComponent(`session:十八届:${session}`)}`)).body;
    const first = await bySession('constituent-issue', '一次');
    expect(fig(first, 'issueCount').count).toBe(fig(await read('constituent-issue'), 'issueCount').count);
    expect(fig(await bySession('constituent-issue', '二次'), 'issueCount').count).toBe(0);
    await page.getByRole('link', { name: '年度概览', exact: true }).click();
    await page.getByRole('heading', { name: '年度概览', level: 1 }).waitFor();
    const chooser = page.locator('select[name=period]');
    await expect.poll(() => chooser.locator('option').allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining(['十八届一次会议以来', '十八届二次会议以来', '十八届任期内']));
    await chooser.selectOption({ label: '十八届一次会议以来' });
    await expect.poll(() => page.getByTestId('glance-period').textContent(), { timeout: 15_000 }).toBe('统计期间：十八届一次会议以来');
    await expect.poll(() => stations.locator('.stat-card[data-metric=issueCount] .stat-number').textContent(), { timeout: 15_000 }).toBe(String(fig(first, 'issueCount').count));
    // The panel says the dates its figures cover.
    await expect.poll(() => stations.getByTestId('glance-dates').last().textContent(), { timeout: 15_000 }).toBe(`统计期间：${first.period.title}`);
    expect(first.period.title).toMatch(/^十八届一次会议以来（2020年1月—\d{4}年\d{1,2}月）$/);
    await expect.poll(() => deputies.locator('.stat-card[data-metric=entryCount] .stat-number').textContent(), { timeout: 15_000 }).toBe(String(fig(await bySession('deputy-points', '一次'), 'entryCount').count));
    // 二次 (from tomorrow): the figures change to none.
    await chooser.selectOption({ label: '十八届二次会议以来' });
    await expect.poll(() => stations.locator('.stat-card[data-metric=issueCount] .stat-number').textContent(), { timeout: 15_000 }).toBe('0');
    await expect.poll(() => deputies.locator('.stat-card[data-metric=entryCount] .stat-number').textContent(), { timeout: 15_000 }).toBe('0');
    await expect.poll(() => stations.getByTestId('glance-dates').last().textContent(), { timeout: 15_000 }).toMatch(/^统计期间：十八届二次会议以来（\d{4}年\d{1,2}月起）$/);
    await app.screenshot(page, 'glance-session');

    expect(app.cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
