/**
 * The 交办会 in Chromium (issue 16 item 2): five registered suggestions; the office clerk opens
 * an assignment meeting on the 交办会 page, lists every suggestion waiting, imports a sheet
 * with 3 bad rows (the errors are listed in words and the table is unchanged), imports the good
 * sheet, changes one row's 督办级别 in the table and submits; the chair council member reads the
 * whole list by number, title and units' names and approves it with one 审定 button; all five
 * suggestions are then in handling. Screenshots: the clerk's errors, the leader's list.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const HEADER = ['建议编号', '标题', '办理方式', '主办单位', '协办单位', '分办单位', '督办级别', '答复期限', '经政府办转办'];
async function xlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('交办清单');
  sheet.addRow(HEADER);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('交办会 in Chromium', () => {
  const app = useBrowserApp();

  it('the clerk prepares the list (prefill, import with errors, import, edit) and the leader approves it in one step', { timeout: 300_000 }, async () => {
    const staff = await app.login('staff');
    const deputy = await app.login('deputy1');
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await app.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { title: `关于改善第${i}小学周边交通的建议`, body: '内容。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' } });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
      const task = ((await app.call(staff, 'GET', '/tasks?mine=1&limit=500')).body.tasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId === r.body.id)!;
      expect((await app.call(staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: { categoryCode: 'OTHER' } })).status).toBe(200);
    }
    const serials: string[] = [];
    for (const id of ids) serials.push((await app.call(staff, 'GET', `/instances/${id}`)).body.context.serialNo);

    // ---- the clerk opens a meeting and lists every suggestion waiting
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await goTo(desk, '交办会');
    await desk.getByRole('heading', { name: '交办会与集中办结' }).waitFor();
    await desk.getByLabel('名称').fill('十八届一次会议代表建议交办会');
    await desk.getByRole('button', { name: '召开交办会' }).click();
    await desk.getByRole('heading', { name: '十八届一次会议代表建议交办会' }).waitFor();
    await expect.poll(() => desk.locator('main').textContent(), { timeout: 15000 }).toContain('拟定交办清单');
    await desk.getByRole('button', { name: '列入全部待交办建议' }).click();
    await expect.poll(() => desk.locator('table.meeting-list tbody tr').count(), { timeout: 15000 }).toBe(5);
    expect(await desk.locator('table.meeting-list').textContent()).toContain(serials[0]);

    // ---- a sheet with 3 bad rows: 3 errors in words, the table unchanged
    await desk.getByLabel('从Excel导入').setInputFiles({
      name: '交办清单.xlsx',
      mimeType: XLSX,
      buffer: await xlsx([
        [serials[0]!, '', '单独办理', '县住房和城乡建设局', '', '', '', '', ''],
        ['十八届一次-0999', '', '单独办理', '县教育局', '', '', '', '', ''],
        [serials[1]!, '', '单独办理', '县交通运输局', '', '', '', '', ''],
        [serials[2]!, '', '主办+协办', '', '县卫生健康委员会', '', '', '', ''],
      ]),
    });
    const errors = desk.locator('.sheet-errors');
    await expect.poll(() => errors.textContent(), { timeout: 15000 }).toContain('Excel中有3处错误，未导入任何内容');
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('第3行 · 建议编号：没有编号为“十八届一次-0999”的待交办建议');
    expect(text).toContain('第4行 · 主办单位：没有名为“县交通运输局”的承办单位');
    expect(text).toContain('第5行 · 主办单位：未填写主办单位');
    expect(await desk.locator('table.meeting-list tbody tr').count()).toBe(5);
    await app.screenshot(desk, 'assignment-meeting-import-errors');

    // ---- the good sheet, then one row edited in the table
    await desk.getByLabel('从Excel导入').setInputFiles({
      name: '交办清单.xlsx',
      mimeType: XLSX,
      buffer: await xlsx([
        [serials[0]!, '', '单独办理', '县住房和城乡建设局', '', '', '', '2026-06-30', ''],
        [serials[1]!, '', '主办+协办', '县教育局', '县卫生健康委员会', '', '', '', ''],
        [serials[2]!, '', '分办', '', '', '县住房和城乡建设局、县卫生健康委员会', '', '', '是'],
        [serials[3]!, '', '', '县教育局', '', '', '', '', ''],
        [serials[4]!, '', '单独办理', '县卫生健康委员会', '', '', '', '', ''],
      ]),
    });
    await expect.poll(() => desk.getByRole('status').textContent(), { timeout: 15000 }).toContain('已导入5件建议');
    await desk.locator('table.meeting-list tbody tr').nth(4).getByLabel('督办级别').selectOption({ label: '专工委重点督办' });
    await desk.getByRole('button', { name: '提请主任会议审定' }).click();
    await expect.poll(() => desk.locator('main').textContent(), { timeout: 15000 }).toContain('已提请审定');

    // ---- the chair council member reads the whole list and approves it in one step
    const lead = (await app.open()).page;
    await loginThroughForm(lead, app.url, 'leader');
    await goTo(lead, '交办会');
    await lead.getByRole('link', { name: '十八届一次会议代表建议交办会' }).click();
    await lead.getByRole('button', { name: '审定', exact: true }).waitFor();
    const list = (await lead.locator('table.meeting-list').textContent()) ?? '';
    for (const words of [serials[0]!, '关于改善第1小学周边交通的建议', '单独办理', '县住房和城乡建设局', '主办+协办', '协办单位：县卫生健康委员会', '分办', '县住房和城乡建设局、县卫生健康委员会', '专工委重点督办', '一般建议（常态督办）', '2026-06-30', '交办之日起三个月']) {
      expect(list).toContain(words);
    }
    expect(list).not.toMatch(/unit-|SINGLE|GENERAL|[0-9a-f]{8}-[0-9a-f]{4}/);
    await app.screenshot(lead, 'assignment-meeting-leader');
    await lead.getByRole('button', { name: '审定', exact: true }).click();
    await expect.poll(() => lead.getByRole('status').textContent(), { timeout: 15000 }).toContain('已审定');
    await expect.poll(() => lead.locator('main').textContent(), { timeout: 15000 }).toContain('已审定交办');
    for (const id of ids) expect((await app.call(staff, 'GET', `/instances/${id}`)).body.state).toBe('inHandling.reassignment.none');
    const history = (await app.call(staff, 'GET', `/instances/${ids[4]}`)).body;
    expect(history.context.supervisionLevel).toBe('KEY_COMMITTEE');
    expect(app.cspViolations()).toEqual([]);
  });
});
