/**
 * The register (台账) in Chromium, as the office uses it: staff find a suggestion by its serial
 * number and by the lead deputy's name, sort by a column header, export to Excel through the
 * page (read back with exceljs: the same rows as the screen) and save the print view as an A4
 * landscape PDF; a unit clerk on a phone sees only their unit's items, as cards.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENT, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const TITLES = ['关于进一步完善公共场所AED配备及使用管理的建议', '关于增设社区养老服务站的建议', '关于加快农村道路亮化设施建设的建议', '关于规范校外培训机构的建议'];

/** The register's table as the person reads it: header titles and each row's cells. */
async function screenTable(page: Page): Promise<{ head: string[]; rows: string[][] }> {
  return page.locator('table.register-table').evaluate((table) => ({
    head: Array.from(table.querySelectorAll('thead th')).map((th) => (th.textContent ?? '').replace(/[▲▼]/g, '').trim()),
    rows: Array.from(table.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
  }));
}

const range = (page: Page) => page.getByTestId('register-range').textContent();

describe('the register', () => {
  const app = useBrowserApp();

  it('staff find a suggestion by serial number and deputy, export what is shown and print it; a unit sees its own', async () => {
    // ---- seed by API: four suggestions, three registered (十八届一次-0001…0003), one assigned to 住建局
    const [staff, deputy1, deputy2] = [await app.login('staff'), await app.login('deputy1'), await app.login('deputy2')];
    const ids: string[] = [];
    for (const [i, title] of TITLES.entries()) {
      const lead = i % 2 === 0 ? { tok: deputy1, id: 'demo-deputy1' } : { tok: deputy2, id: 'demo-deputy2' };
      const r = await app.call(lead.tok, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title, leadDeputyId: lead.id, coSignerIds: [] } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id as string);
    }
    const complete = async (instanceId: string, outcome: string, data: unknown) => {
      const tasks = (await app.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
      const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o) => o.event === outcome));
      const r = await app.call(staff, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await complete(ids[0]!, 'ACCEPT', REGISTRATION);
    await complete(ids[1]!, 'ACCEPT', { ...REGISTRATION, categoryCode: 'URBAN_RURAL_CONSTRUCTION' });
    await complete(ids[2]!, 'ACCEPT', { ...REGISTRATION, categoryCode: 'TRANSPORT_POST_TELECOM' });
    await complete(ids[0]!, 'PROPOSE_ASSIGNMENT', { ...ASSIGNMENT, assistUnitIds: [] , mode: 'SINGLE' });
    await complete(ids[0]!, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });

    // ---- staff open the register from the header
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
    await page.getByRole('heading', { level: 1, name: '代表建议台账' }).waitFor();
    await expect.poll(() => range(page)).toBe('第 1–4 条，共 4 条');
    const all = await screenTable(page);
    expect(all.head).toEqual(['编号', '标题', '领衔代表', '类别', '承办单位', '状态', '期限', '超期', '重点督办', '督办专题']);
    await app.screenshot(page, 'register-staff');

    // ---- by serial number
    const search = page.getByRole('searchbox');
    await search.fill('十八届一次-0002');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => range(page)).toBe('第 1–1 条，共 1 条');
    const bySerial = await screenTable(page);
    expect(bySerial.rows).toHaveLength(1);
    expect(bySerial.rows[0]!.slice(0, 6)).toEqual(['十八届一次-0002', TITLES[1], '李秀英', '城乡建设与管理类', '', '已登记']);
    await app.screenshot(page, 'register-serial-search');
    // The row opens its instance.
    await page.getByRole('link', { name: TITLES[1] }).click();
    await page.getByRole('heading', { level: 1, name: TITLES[1] }).waitFor();
    await page.goBack();

    // ---- by the lead deputy's name
    await search.fill('李秀英');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => range(page)).toBe('第 1–2 条，共 2 条');
    const byDeputy = await screenTable(page);
    expect(byDeputy.rows.map((r) => r[2])).toEqual(['李秀英', '李秀英']);
    expect(byDeputy.rows.map((r) => r[1]).sort()).toEqual([TITLES[1], TITLES[3]].sort());

    // ---- a filter in words and a sort by a column header
    await page.getByRole('button', { name: '清空条件' }).click();
    await expect.poll(() => range(page)).toBe('第 1–4 条，共 4 条');
    await page.getByLabel('状态').selectOption({ label: '已登记' });
    await expect.poll(() => range(page)).toBe('第 1–2 条，共 2 条');
    await page.getByRole('button', { name: '清空条件' }).click();
    await page.getByRole('columnheader', { name: '编号' }).getByRole('button').click();
    await expect.poll(async () => (await screenTable(page)).rows.map((r) => r[0])).toEqual(['十八届一次-0001', '十八届一次-0002', '十八届一次-0003', '']);
    const shown = await screenTable(page);

    // ---- the Excel export through the page holds the rows on screen
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^代表建议台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(readFileSync(await download.path())).buffer);
    const sheet = book.worksheets[0]!;
    const rowOf = (n: number) => shown.head.map((_, i) => String(sheet.getRow(n).getCell(i + 1).value ?? ''));
    expect(rowOf(1)).toEqual(shown.head);
    expect(Array.from({ length: sheet.rowCount - 1 }, (_, i) => rowOf(i + 2))).toEqual(shown.rows);

    // ---- the print view, saved as an A4 landscape PDF
    await page.getByRole('link', { name: '打印视图' }).click();
    await page.getByTestId('register-print-table').waitFor();
    expect(await page.getByTestId('register-print-table').locator('tbody tr').count()).toBe(4);
    await app.screenshot(page, 'register-print');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // A4 landscape: 842 × 595 points (the print CSS's @page size).
    const box = /\/MediaBox\s*\[([^\]]+)\]/.exec(pdf.toString('latin1'))?.[1]?.trim().split(/\s+/).map(Number) ?? [];
    expect(box.slice(2).map(Math.round), `MediaBox ${box.join(' ')}`).toEqual([842, 595]);

    // ---- a unit clerk on a phone: only the unit's item, as a card
    const phone = await app.open({ width: 390, height: 844 });
    await loginThroughForm(phone.page, app.url, 'unit1');
    await goTo(phone.page, '台账');
    await expect.poll(() => range(phone.page)).toBe('第 1–1 条，共 1 条');
    const unitView = await screenTable(phone.page);
    expect(unitView.rows.map((r) => r[1])).toEqual([TITLES[0]]);
    expect(unitView.rows[0]![4]).toBe('县住房和城乡建设局');
    // Cards, not a table wider than the phone.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone.page, 'register-unit-phone');
  }, 120_000);
});
