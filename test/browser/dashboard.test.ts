/**
 * 统计 → 代表建议办理统计 in Chromium (issue 14): after four suggestions are driven through the
 * API (three concluded: A/B/A, rated 满意/基本满意/满意; one still in handling), a 人代工委 staff
 * user opens 统计 from the menu; the charts draw; the big numbers, the chart tables and the unit
 * table equal the API's; clicking a category bar (at its pixel) opens the register listing
 * exactly that many suggestions with a line naming the figure; a unit-table number does the same
 * for a unit; the Excel export read back equals the page's tables; on a 390×844 phone the charts
 * fit and the unit table scrolls inside its box. No CSP violations.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { driveAndRead } from './dashboard-data.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const cellTexts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));

/** The chart's canvas exists, has a size, and is not blank. */
const chartDrawn = (page: Page, metric: string) =>
  page.getByTestId(`chart-${metric}`).evaluate((box) => {
    const canvas = box.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; data && i < data.length; i += 4) if ((data[i] ?? 0) > 0) inked++;
    return inked > 100 && Boolean(box.getAttribute('data-bar-centers'));
  });

describe('statistics dashboard in Chromium', () => {
  const app = useBrowserApp();

  it('shows staff the figures with charts and tables, drills into the register, exports, and fits a phone', { timeout: 300_000 }, async () => {
    const { staff, year, units, metric } = await driveAndRead(app.call, app.login);
    expect(metric('total').count).toBe(4);

    const { page } = await app.open();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '统计', exact: true }).click();
    await page.getByRole('heading', { name: '代表建议办理统计', level: 1 }).waitFor();
    expect(await page.getByLabel('统计期间').locator('option:checked').textContent()).toBe(`${year}年`);
    expect(await page.getByLabel('统计期间').locator('option').allTextContents()).toEqual([`${year}年`, '十八届一次会议以来', '十八届任期内']);
    for (const id of ['byCategory', 'results', 'satisfaction']) await expect.poll(() => chartDrawn(page, id), { timeout: 20_000 }).toBe(true);

    // Big numbers equal the API's, with numerator and denominator in words.
    expect(await page.locator('[data-metric=total] .stat-number').textContent()).toBe('4');
    for (const id of ['concludedRate', 'satisfiedOrBasicRate', 'answeredOnTimeRate', 'consultationRate']) {
      const m = metric(id);
      const card = page.locator(`.stat-card[data-metric=${id}]`);
      expect(await card.locator('.stat-number').textContent()).toBe(m.display);
      expect((await card.locator('.stat-ratio').textContent())?.replace(/\s+/g, ' ').trim()).toBe(`分子：${m.numeratorOf.title} ${m.numerator} 件 · 分母：${m.denominatorOf.title} ${m.denominator} 件`);
    }
    expect((await page.locator('.stat-card[data-metric=concludedRate] .stat-ratio').textContent())?.replace(/\s+/g, ' ').trim()).toBe('分子：已办结 3 件 · 分母：建议总数 4 件');
    // Each chart's table: the parts in words (no codes), their numbers and shares.
    const tables: Record<string, string[][]> = {};
    for (const id of ['byCategory', 'results', 'satisfaction']) {
      tables[id] = await cellTexts(page, `.stat-chart[data-metric=${id}] tbody tr`);
      expect(tables[id]).toEqual(metric(id).parts.map((p: { title: string; numerator: number; display: string }) => [p.title, String(p.numerator), p.display]));
    }
    expect(tables.results!.map((r) => r[0])).toContain('已经解决或基本解决');
    expect(await page.locator('.stat-chart[data-metric=byCategory] caption').textContent()).toBe('分类占比（分母：建议总数 4 件）');
    // The unit table: one row per unit, assigned count first.
    const unitRows = await cellTexts(page, '[data-testid=unit-table] tbody tr');
    expect(unitRows.map((r) => [r[0], r[1]])).toEqual(units.rows.map((r: { unit: { name: string }; cells: Array<{ count: number }> }) => [r.unit.name, String(r.cells[0]!.count)]));
    await app.screenshot(page, 'dashboard-desk');

    // The summary export (Excel), read back, holds the chart tables' rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出汇总表 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^代表建议办理情况统计-${year}年-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(readFileSync(await download.path())).buffer);
    const sheet = book.worksheets[0]!;
    const sheetRows = Array.from({ length: sheet.rowCount }, (_, i) => Array.from({ length: 5 }, (_, c) => String(sheet.getRow(i + 1).getCell(c + 1).value ?? '')));
    expect(sheetRows[0]).toEqual(['指标', '分项', '数量', '分母', '比例']);
    for (const [id, title] of [['byCategory', '分类占比'], ['results', '办理结果'], ['satisfaction', '满意度']] as const) {
      expect(sheetRows.filter((r) => r[0] === title).map((r) => [r[1], r[2], r[4]])).toEqual(tables[id]);
    }
    expect(sheetRows.find((r) => r[0] === '办结率')).toEqual(['办结率', '', '3', '4', '75%']);
    // The unit export (Excel) holds the unit table's names and counts.
    const [unitDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出承办单位表 Excel' }).click()]);
    const unitBook = new ExcelJS.Workbook();
    await unitBook.xlsx.load(new Uint8Array(readFileSync(await unitDownload.path())).buffer);
    const unitSheet = unitBook.worksheets[0]!;
    expect(Array.from({ length: unitSheet.rowCount - 1 }, (_, i) => [String(unitSheet.getRow(i + 2).getCell(1).value), String(unitSheet.getRow(i + 2).getCell(2).value)])).toEqual(unitRows.map((r) => [r[0], r[1]]));

    // Clicking the first category bar (at its pixel) opens the register with exactly those suggestions.
    const first = metric('byCategory').parts[0];
    const box = page.getByTestId('chart-byCategory');
    await box.scrollIntoViewIfNeeded();
    const [x, y] = JSON.parse((await box.getAttribute('data-bar-centers')) ?? '[]')[0] as [number, number];
    await box.click({ position: { x, y } });
    await page.getByTestId('register-range').waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    expect(new URL(page.url()).searchParams.get('item')).toBe(first.key);
    await expect.poll(() => page.getByTestId('register-range').textContent()).toBe(`第 1–${first.numerator} 条，共 ${first.numerator} 条`);
    expect(await page.locator('.register-table tbody tr').count()).toBe(first.numerator);
    await expect.poll(() => page.getByTestId('register-drill').locator('span').first().textContent()).toBe(`分类占比 · 分子：${first.title} ${first.numerator} 件`);
    await app.screenshot(page, 'dashboard-drill-register');

    // Back, and a number in the unit table: that unit's assignments.
    await page.getByRole('link', { name: '返回统计' }).click();
    await page.getByRole('heading', { name: '代表建议办理统计', level: 1 }).waitFor();
    const unit = units.rows[0];
    await page.locator('[data-testid=unit-table] tbody tr').first().locator('td').first().getByRole('link').click();
    await expect.poll(() => page.getByTestId('register-range').textContent().catch(() => '')).toBe(`第 1–${unit.cells[0].count} 条，共 ${unit.cells[0].count} 条`);
    await expect.poll(() => page.getByTestId('register-drill').textContent()).toContain(`交办件次 · 分子：交办件次 ${unit.cells[0].count} 件 · 承办单位：${unit.unit.name}`);

    // On a phone: the charts fit the screen, the unit table scrolls inside its box.
    const phone = await app.open({ width: 390, height: 844 });
    await loginThroughForm(phone.page, app.url, 'staff');
    await goTo(phone.page, '统计');
    await phone.page.getByRole('heading', { name: '代表建议办理统计', level: 1 }).waitFor();
    for (const id of ['byCategory', 'results', 'satisfaction']) await expect.poll(() => chartDrawn(phone.page, id), { timeout: 20_000 }).toBe(true);
    const widths = await phone.page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      charts: Array.from(document.querySelectorAll('.chart canvas')).map((c) => c.getBoundingClientRect().right),
      unitBox: (() => {
        const t = document.querySelector('[data-testid=unit-table]')?.parentElement;
        return t ? { scroll: t.scrollWidth, client: t.clientWidth } : null;
      })(),
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    for (const right of widths.charts) expect(right).toBeLessThanOrEqual(390);
    expect(widths.unitBox!.scroll).toBeGreaterThan(widths.unitBox!.client);
    await app.screenshot(phone.page, 'dashboard-phone');
    // Another period, chosen in words: the whole term's figures.
    const term = (await app.call(staff, 'GET', '/statistics/suggestion?period=term:十八届')).body;
    await phone.page.getByLabel('统计期间').selectOption({ label: '十八届任期内' });
    await expect.poll(() => phone.page.getByTestId('stat-period').textContent()).toBe(`统计期间：${term.period.title}`);
    await expect.poll(() => phone.page.locator('[data-metric=total] .stat-number').textContent()).toBe(String(term.metrics.find((m: { id: string }) => m.id === 'total').count));
    expect(new URL(phone.page.url()).searchParams.get('period')).toBe('term:十八届');

    expect(app.cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
