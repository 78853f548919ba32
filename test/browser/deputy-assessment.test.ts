/**
 * Deputies' annual assessment in Chromium (issue 15 item 4): the office opens the year on a
 * desktop; 王建国 writes his self-evaluation on a 390×844 phone (the other four deputies' and the
 * group checks are set up through the API); the office clerk starts the scoring, reads every
 * deputy's points, score and grade in words and sends the list on; the chair council member reads
 * it and approves it in one step, prints the graded table (print media: the tools hidden, a
 * title, the A4 width holds it) and downloads it as Excel, which read back equals the table; the
 * deputy then reads his own grade on the phone. Every page is read in words: no grade, state or
 * mode codes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, SCREENSHOTS, useBrowserApp } from './support.ts';

const CODES = ['NORMALISED_100', 'PERCENTILE', 'GOOD', 'FAIR', 'POOR', 'officeScoring', 'chairApproval', 'CHECKED', 'SUBMITTED', 'writing', 'groupCheck'];

describe('deputies’ annual assessment in Chromium', () => {
  const app = useBrowserApp();

  it('opened by the office, self-evaluation on a phone, scored by the clerk, approved by the chair council, grade read by the deputy', { timeout: 300_000 }, async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    // The year's confirmed points (setup: claims reviewed in two steps through the API): 20 / 16 / 12 / 8 / 2.
    const staffToken = await app.login('staff');
    const adminToken = await app.login('admin');
    for (const [i, quantity] of [10, 8, 6, 4, 1].entries()) {
      const deputy = await app.login(`deputy${i + 1}`);
      const claim = await app.call(deputy, 'POST', '/points/claims', { ruleCode: 'TRAINING', date: `${year}-01-15`, quantity, description: '参加代表履职学习培训' });
      expect(claim.status, JSON.stringify(claim.body)).toBe(201);
      expect((await app.call(staffToken, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
      expect((await app.call(adminToken, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    }

    // The office opens the year on a desktop.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('link', { name: '年度考核', exact: true }).click();
    await desk.getByRole('heading', { name: '代表年度履职考核' }).waitFor();
    await desk.getByLabel('考核年度').selectOption({ label: `${year}年度` });
    await desk.getByRole('button', { name: `启动${year}年度考核` }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toBe(`已启动${year}年度考核，已通知 5 位代表填写自评。`);
    await expect.poll(() => desk.locator('.assessment-stage').textContent()).toContain('当前环节：代表自评和小组校核');

    // 王建国 writes his self-evaluation on the phone.
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(phone, app.url, 'deputy1');
    await phone.getByRole('link', { name: `填写${year}年度履职自评` }).click();
    await phone.getByLabel('履职情况').fill('全年出席人代会，领衔提出建议 2 件，进站接待选民 6 次。');
    await phone.getByLabel('联系身边一批群众').check();
    await phone.getByLabel('提出一条以上有价值的意见建议').check();
    await phone.getByLabel('不足和改进').fill('联系选民的次数还不够多。');
    await phone.getByLabel('好', { exact: true }).check();
    await app.screenshot(phone, 'assessment-self-evaluation-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: /提交.提交自评/ }).click();
    await expect.poll(() => phone.locator('main').textContent()).toContain('小组校核');

    // Setup: the other four write theirs, and the group checks all five (API).
    const tasks = async (token: string) => (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; title: string }>;
    for (const d of ['deputy2', 'deputy3', 'deputy4', 'deputy5']) {
      const token = await app.login(d);
      const task = (await tasks(token)).find((t) => t.title === `填写${year}年度履职自评`)!;
      expect((await app.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome: 'SUBMIT_SELF_EVALUATION', data: { summary: '全年履职情况。', selfRating: 'GOOD' } })).status).toBe(200);
    }
    for (const task of (await tasks(staffToken)).filter((t) => t.title.endsWith(`${year}年度自评`))) {
      expect((await app.call(staffToken, 'POST', `/tasks/${task.id}/complete`, { outcome: 'CONFIRM_CHECK', data: { consistent: true } })).status).toBe(200);
    }

    // The clerk starts the scoring, reads the list in words, and sends it to the chair council.
    await desk.goto(`${app.url}/`);
    await desk.getByRole('link', { name: `${year}年度考核：代表自评、小组校核后开始评分` }).click();
    await desk.getByLabel('小组校核完成日期').fill(`${year}-12-01`);
    await desk.getByRole('button', { name: /提交.开始评分/ }).click();
    await desk.waitForURL(/\/instances\//);
    await desk.goto(`${app.url}/assessment`);
    await desk.getByLabel('考核年度').selectOption({ label: `${year}年度` });
    const rows = desk.locator('.assessment-table tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    const cells = async () => desk.locator('.assessment-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect((await cells()).map((c) => [c[1], c[3], c[4], c[5], c[6]])).toEqual([
      ['王建国', '20', '100', '好', '已自评并经小组校核'],
      ['李秀英', '16', '80', '好', '已自评并经小组校核'],
      ['张伟', '12', '60', '较好', '已自评并经小组校核'],
      ['刘芳', '8', '40', '差', '已自评并经小组校核'],
      ['陈志强', '2', '10', '差', '已自评并经小组校核'],
    ]);
    expect(await desk.locator('.assessment-stage').textContent()).toContain('当前环节：办公室评分');
    expect(await desk.locator('.assessment-stage').textContent()).toContain('计分方式：折算百分制');
    expect(await desk.locator('.assessment-counts').textContent()).toBe('各等次人数：好 2 人，较好 1 人，差 2 人');
    await desk.goto(`${app.url}/`);
    await desk.getByRole('link', { name: `${year}年度考核：核对得分和等次，报主任会议审定` }).click();
    await desk.getByRole('button', { name: '报主任会议审定', exact: true }).click();
    await desk.getByLabel('已核对全年确认积分').check();
    await desk.getByRole('textbox', { name: /^评分意见/ }).fill('已逐人核对全年确认积分，等次按本县考核办法确定。');
    await desk.getByRole('button', { name: /提交.报主任会议审定/ }).click();
    await desk.waitForURL(/\/instances\//);
    await app.screenshot(desk, 'assessment-office-instance');

    // The chair council member reads the list and approves it in one step.
    const chair = (await app.open()).page;
    await loginThroughForm(chair, app.url, 'leader');
    await chair.getByRole('link', { name: '年度考核', exact: true }).click();
    await chair.getByLabel('考核年度').selectOption({ label: `${year}年度` });
    await expect.poll(() => chair.locator('.assessment-stage').textContent()).toContain('当前环节：主任会议审定');
    await chair.goto(`${app.url}/`);
    await chair.getByRole('link', { name: `${year}年度代表履职考核结果：主任会议审定` }).click();
    await chair.getByRole('button', { name: '主任会议审定通过', exact: true }).click();
    await chair.getByLabel('会议名称').fill('第十八届常委会第三十次主任会议');
    await chair.getByLabel('审定日期').fill(`${year}-12-05`);
    await chair.getByRole('button', { name: /提交.主任会议审定通过/ }).click();
    await chair.waitForURL(/\/instances\//);
    await chair.getByRole('link', { name: '年度考核', exact: true }).click();
    await chair.getByLabel('考核年度').selectOption({ label: `${year}年度` });
    await expect.poll(() => chair.locator('.assessment-stage').textContent()).toContain('主任会议审定：第十八届常委会第三十次主任会议');
    expect(await chair.locator('.assessment-commended').textContent()).toBe('王建国（好）李秀英（好）');
    expect(await chair.locator('.assessment-interviews').textContent()).toBe('刘芳：待约谈陈志强：待约谈');
    await app.screenshot(chair, 'assessment-chair-desktop');

    // The graded table on paper: A4 landscape less the margins (297 mm − 2 × 10 mm ≈ 1047 CSS px) holds it, tools hidden.
    const shown = await chair.locator('.assessment-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    await chair.emulateMedia({ media: 'print' });
    await chair.setViewportSize({ width: 1047, height: 800 });
    expect(await chair.locator('.assessment-tools').isVisible()).toBe(false);
    expect(await chair.locator('header.top').isVisible()).toBe(false);
    expect(await chair.locator('.assessment-office h1.print-only').textContent()).toBe(`${year}年度代表履职考核等次`);
    expect(await chair.locator('.assessment-office h1.print-only').isVisible()).toBe(true);
    expect(await chair.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1047);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await chair.pdf({ path: join(SCREENSHOTS, 'assessment-print.pdf'), format: 'A4', landscape: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
    await chair.emulateMedia({ media: 'screen' });
    await chair.setViewportSize({ width: 1280, height: 800 });
    // The Excel file, read back, equals the table on the page.
    const [download] = await Promise.all([chair.waitForEvent('download'), chair.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe(`${year}年度代表履职考核等次.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const read: string[][] = [];
    book.worksheets[0]!.eachRow((row) => read.push(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v)))));
    expect(read[0]).toEqual(['排名', '代表', '代表团', '全年确认积分', '考核得分', '考核等次', '自评', '备注']);
    expect(read.slice(1).map((r) => [...r, ...Array(8 - r.length).fill('')])).toEqual(shown);
    for (const code of CODES) expect((await chair.locator('main').textContent()) ?? '', code).not.toContain(code);

    // The deputy reads his own grade on the phone, nobody else's.
    await phone.goto(`${app.url}/assessment`);
    await phone.getByLabel('考核年度').selectOption({ label: `${year}年度` });
    const result = phone.locator('.assessment-result');
    await expect.poll(() => result.textContent()).toContain('好');
    expect(await result.textContent()).toContain('得分 100，全年确认积分 20 分，全县第 1 名（共 5 人）');
    expect(await result.textContent()).toContain('列入表扬名单');
    const text = (await phone.locator('main').textContent()) ?? '';
    for (const other of ['李秀英', '陈志强']) expect(text).not.toContain(other);
    for (const code of CODES) expect(text, code).not.toContain(code);
    await app.screenshot(phone, 'assessment-deputy-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(app.cspViolations()).toEqual([]);
  });
});
