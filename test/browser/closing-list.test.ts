/**
 * The year-end closing list (年终审查集中办结, DOMAIN §2.4) in Chromium, in 常熟 — an example
 * county the browser server seeds with its overlay published, whose general suggestions wait
 * for the office's 常态督办 check after the deputy's rating (the base demo county concludes on the
 * rating, so its closing list is empty). Three suggestions are driven there through the API;
 * then the 人代工委 clerk, on the 交办会 page's 年终集中办结 tab, opens a year-end review,
 * downloads its template (read back with exceljs: 建议编号, 标题, 审查意见 and the three
 * suggestions), fills it in with one bad row (a number that does not exist), reads that row's
 * error in words (row, column, what is wrong; nothing imported), fixes the sheet, imports it
 * (the three by number and title) and submits the list. A second list the clerk had prepared in
 * another window with the same suggestions is refused in words naming the first list, and its
 * prefill says where they stand. The chair council member approves the list in one step, and
 * the register shows the three as 已办结. Screenshots: the row error, the refusal, the leader's list.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { suggestionDriver } from '../support/suggestion-driver.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';
import type { Page } from 'playwright-core';

const TITLES = ['关于常熟第1处停车难的建议', '关于常熟第2处停车难的建议', '关于常熟第3处停车难的建议'];
const REVIEW = '2026年代表建议年终审查';
const SECOND = '2026年第二批集中办结';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The clerk opens a year-end review named `name` from the lists page (年终集中办结 tab) and lands on it. */
async function openReview(page: Page, name: string): Promise<void> {
  await goTo(page, '交办会');
  await page.getByRole('heading', { name: '交办会与集中办结' }).waitFor();
  await page.getByRole('tab', { name: '年终集中办结' }).click();
  await page.getByLabel('名称').fill(name);
  await page.getByRole('button', { name: '开始年终审查' }).click();
  await page.getByRole('heading', { name }).waitFor();
  await expect.poll(() => page.locator('main').textContent(), { timeout: 15000 }).toContain('拟定');
}

async function sheetFile(book: ExcelJS.Workbook) {
  return { name: '集中办结清单.xlsx', mimeType: XLSX, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}

describe('the year-end closing list in Chromium (常熟)', () => {
  const app = useBrowserApp();

  it('the clerk imports the closing list from its template (a bad row in words, then fixed), a second list naming the same suggestions is refused in words, the leader approves and they are concluded', { timeout: 300_000 }, async () => {
    // ---- three general suggestions of 常熟 answered and rated: each waits for the office's review
    const changshu = suggestionDriver(app.call, (user) => app.login(`changshu-${user}`));
    const ids: string[] = [];
    for (const title of TITLES) {
      const id = await changshu.start('deputy1', { title, origin: 'SESSION', sourceCode: 'RESEARCH', leadDeputyId: 'changshu-deputy1' });
      await changshu.act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
      await changshu.act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
      await changshu.act('staff', id, 'APPROVE_ASSIGNMENT', {});
      await changshu.answerAndRate('unit1', 'deputy1', id);
      ids.push(id);
    }
    const staff = await changshu.token('staff');
    const views = await Promise.all(ids.map(async (id) => (await app.call(staff, 'GET', `/instances/${id}`)).body));
    expect(views.map((v) => v.state)).toEqual(['routineCheck', 'routineCheck', 'routineCheck']);
    const serials = views.map((v) => v.context.serialNo as string);

    // ---- the clerk opens the year-end review
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'changshu-staff');
    await openReview(desk, REVIEW);

    // ---- meanwhile, in another window, the clerk prepares a second list with every suggestion waiting
    const other = (await app.open()).page;
    await loginThroughForm(other, app.url, 'changshu-staff');
    await openReview(other, SECOND);
    await other.getByRole('button', { name: '列入全部待审查建议' }).click();
    await expect.poll(() => other.locator('table.meeting-list tbody tr').count(), { timeout: 15000 }).toBe(3);

    // ---- the template: 建议编号, 标题, 审查意见, one row per suggestion waiting
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: '下载Excel模板' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^集中办结清单.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['建议编号', '标题', '审查意见']);
    const listed = [2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1, 3));
    expect(listed.sort()).toEqual(serials.map((s, i) => [s, TITLES[i]]).sort());
    expect(sheet.actualRowCount).toBe(4);

    // ---- filled in, with one number that does not exist: the row's error in words, nothing imported
    sheet.getRow(2).getCell(3).value = '已按期答复，代表满意。';
    sheet.addRow(['十八届一次-9999', '关于常熟停车难的建议', '']);
    await desk.getByLabel('从Excel导入').setInputFiles(await sheetFile(book));
    const errors = desk.locator('.sheet-errors');
    await expect.poll(() => errors.textContent(), { timeout: 15000 }).toContain('Excel中有1处错误，未导入任何内容');
    expect(await errors.locator('li').allTextContents()).toEqual(['第5行 · 建议编号：没有编号为“十八届一次-9999”的等候审查建议']);
    expect(await desk.locator('table.meeting-list tbody tr').count()).toBe(0);
    await app.screenshot(desk, 'closing-list-import-error');

    // ---- the bad row taken out: the three suggestions by number and title, the note kept
    sheet.spliceRows(5, 1);
    await desk.getByLabel('从Excel导入').setInputFiles(await sheetFile(book));
    await expect.poll(() => desk.getByRole('status').textContent(), { timeout: 15000 }).toContain('已导入3件建议');
    expect(await desk.locator('.sheet-errors').count()).toBe(0);
    const rows = desk.locator('table.meeting-list tbody tr');
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(0, 2).map((td) => (td.textContent ?? '').trim())));
    expect(cells.sort()).toEqual(serials.map((s, i) => [s, TITLES[i]]).sort());
    const noted = (sheet.getRow(2).values as unknown[])[1] as string;
    expect(await rows.filter({ hasText: noted }).getByLabel('审查意见').inputValue()).toBe('已按期答复，代表满意。');
    await desk.getByRole('button', { name: '提请主任会议审定' }).click();
    await expect.poll(() => desk.locator('main').textContent(), { timeout: 15000 }).toContain('已提请审定');

    // ---- the second list names suggestions the first now holds: refused in words, naming the first list
    await other.getByRole('button', { name: '提请主任会议审定' }).click();
    const refusal = other.getByRole('alert');
    await expect.poll(() => refusal.textContent(), { timeout: 15000 }).toContain('该建议已在“2026年代表建议年终审查”清单中');
    // Each suggestion by its title, each with the list that holds it.
    expect(((await refusal.textContent()) ?? '').split('；').sort()).toEqual(TITLES.map((t) => `《${t}》：该建议已在“2026年代表建议年终审查”清单中`));
    expect(await other.locator('main').textContent()).not.toContain('已提请审定');
    await app.screenshot(other, 'closing-list-second-refused');
    // Opened afresh and prefilled, it lists none of them and says where they are.
    await other.reload();
    await other.getByRole('heading', { name: SECOND }).waitFor();
    await other.getByRole('button', { name: '列入全部待审查建议' }).click();
    await expect.poll(() => other.getByRole('status').textContent(), { timeout: 15000 }).toBe('另有3件已在其他未审定的清单中，未列入：“2026年代表建议年终审查”');
    expect(await other.locator('table.meeting-list tbody tr').count()).toBe(0);

    // ---- the chair council member reads the list and approves it in one step
    const lead = (await app.open()).page;
    await loginThroughForm(lead, app.url, 'changshu-leader');
    await goTo(lead, '交办会');
    await lead.getByRole('tab', { name: '年终集中办结' }).click();
    await lead.getByRole('link', { name: REVIEW }).click();
    await lead.getByRole('button', { name: '审定', exact: true }).waitFor();
    const list = (await lead.locator('table.meeting-list').textContent()) ?? '';
    for (const words of [...serials, ...TITLES, '已按期答复，代表满意。']) expect(list).toContain(words);
    expect(list).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|routineCheck/);
    await app.screenshot(lead, 'closing-list-leader');
    await lead.getByRole('button', { name: '审定', exact: true }).click();
    await expect.poll(() => lead.getByRole('status').textContent(), { timeout: 15000 }).toContain('已审定');

    // ---- the register shows the three concluded, in words
    await goTo(desk, '台账');
    await desk.getByRole('heading', { level: 1, name: '代表建议台账' }).waitFor();
    const register = desk.locator('table.register-table');
    await expect.poll(() => register.locator('tbody tr').count(), { timeout: 15000 }).toBe(3);
    const head = await register.locator('thead th').evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').replace(/[▲▼]/g, '').trim()));
    const stateColumn = head.indexOf('状态');
    const states = await register.locator('tbody tr').evaluateAll((trs, col) => trs.map((tr) => [tr.querySelectorAll('td')[0]?.textContent?.trim(), tr.querySelectorAll('td')[col]?.textContent?.trim()]), stateColumn);
    expect(states.sort()).toEqual(serials.map((s) => [s, '已办结']).sort());
    await app.screenshot(desk, 'closing-list-register');
    expect(app.cspViolations()).toEqual([]);
  });
});
