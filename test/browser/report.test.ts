/**
 * The 代表建议办理情况报告 in Chromium (issue 14, deliverable 4): after four suggestions are driven
 * through the API (test/browser/dashboard-data.ts), 人代工委 staff open 统计, click 打印报告; the
 * print page shows the sections with the dashboard's figures and the unit table; as printed
 * (print media) the app's header and the buttons are gone; 生成年度报告（Word） on the dashboard
 * downloads a .docx that reads back with the same figures. No CSP violations.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../support/docx.ts';
import { driveAndRead } from './dashboard-data.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

type Json = any;

describe('the report of suggestions in Chromium', () => {
  const app = useBrowserApp();

  it('prints the report with the dashboard’s figures and downloads it as Word', { timeout: 300_000 }, async () => {
    const { staff, year, units, metric } = await driveAndRead(app.call, app.login);

    const { page } = await app.open();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '统计', exact: true }).click();
    await page.getByRole('heading', { name: '代表建议办理统计', level: 1 }).waitFor();
    await page.locator('.stat-card[data-metric=concludedRate] .stat-number').waitFor();
    const dashboardRate = await page.locator('.stat-card[data-metric=concludedRate] .stat-number').textContent();
    const dashboardSatisfied = await page.locator('.stat-card[data-metric=satisfiedOrBasicRate] .stat-number').textContent();
    expect(dashboardRate).toBe(metric('concludedRate').display);

    // 生成年度报告（Word）: the downloaded document reads back with the figures.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '生成年度报告（Word）' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`${year}年代表建议办理情况报告-\\d{4}-\\d{2}-\\d{2}\\.docx$`));
    const doc = await readDocx(readFileSync(await download.path()));
    const docText = doc.paragraphs.join('\n');
    expect(doc.paragraphs[0]).toMatch(new RegExp(`人大常委会关于${year}年代表建议办理情况的报告$`));
    expect(docText).toContain(`办结率${dashboardRate}（${metric('concludedRate').numerator}/${metric('concludedRate').denominator}）`);
    expect(docText).toContain(`满意和基本满意率${dashboardSatisfied}`);
    expect(doc.tables.at(-1)!.slice(1).map((r) => r[0])).toEqual(units.rows.map((r: Json) => r.unit.name));

    // 打印报告: the print page, same figures as the dashboard.
    await page.getByRole('link', { name: '打印报告' }).click();
    const report = page.getByTestId('report');
    await report.waitFor();
    expect(new URL(page.url()).pathname).toBe('/statistics/suggestion/report');
    expect(new URL(page.url()).searchParams.get('period')).toBe(`year:${year}`);
    expect(await report.locator('h1').textContent()).toBe(doc.paragraphs[0]);
    expect(await report.locator('h2').allTextContents()).toEqual(['一、总体情况', '二、办理结果', '三、满意度', '四、重点督办', '五、存在问题', '附表：承办单位办理情况']);
    const text = (await report.textContent()) ?? '';
    expect(text).toContain(`已办结${metric('concludedCount').count}件，办结率${dashboardRate}（${metric('concludedRate').numerator}/${metric('concludedRate').denominator}）`);
    expect(text).toContain(`代表共提出建议${metric('total').count}件`);
    for (const p of metric('results').parts) expect(text).toContain(`${p.title}${p.numerator}件，占${p.display}`);
    for (const p of metric('satisfaction').parts) expect(text).toContain(`${p.title}${p.numerator}件，占${p.display}`);
    expect(text).toContain(`满意和基本满意率${dashboardSatisfied}`);
    expect(await report.locator('.report-placeholder').textContent()).toContain('【请补充】');
    // The 附表 equals the Word document's table (and so /units).
    const rows = await report.locator('[data-testid=report-units] tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())));
    expect(rows).toEqual(doc.tables.at(-1)!);
    await page.getByRole('button', { name: '打印', exact: true }).waitFor();

    // As printed: no menu, no buttons; A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印', exact: true }).isVisible()).toBe(false);
    expect(await report.locator('h1').isVisible()).toBe(true);
    await app.screenshot(page, 'report-print');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });

    expect(app.cspViolations()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
