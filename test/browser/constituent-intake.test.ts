/**
 * A citizen's issue from a station's QR code (issue 15, must-show): the public form on a
 * 390×844 phone with no login, a receipt code; staff triage and transfer on the desktop and see
 * the citizen; the housing bureau's clerk acknowledges and replies on their task pages and never
 * sees the citizen's name, phone or address (page text and every API answer the pages fetched);
 * the citizen looks up the reply, is not satisfied, the issue is reopened and replied again,
 * and the citizen is satisfied. A <script> in the matter is stored and shown as text, never run.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { insertStationRow } from '../../runtime/store/index.ts';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const CODE = 'qr-browser-Zy81kP';
const PHONE = '13987654321';
const PRIVATE = /13987654321|139 8765 4321|赵桂兰|东风路88号/;
const SCRIPT = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">';

/** Every JSON answer of /api the page receives, as text. */
function recordApi(page: Page, into: string[]): void {
  page.on('response', async (res) => {
    if (!res.url().includes('/api/')) return;
    try {
      into.push(await res.text());
    } catch {
      /* a navigation cancelled it */
    }
  });
}

describe('constituent intake in the browser', () => {
  const app = useBrowserApp();

  it('runs from the QR form on a phone through transfer, reply, 不满意, reopen, reply and 满意; the unit never sees the phone number', async () => {
    await insertStationRow(app.db, { countyId: 'demo', id: 'station-dongfeng', name: '东风街道人大代表联络站', level: 'STATION', publicCode: CODE, managerId: 'demo-deputy1', deputyIds: ['demo-deputy2'] });

    // The citizen, on a phone, no login.
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await phone.goto(`${app.url}/public/stations/${CODE}`);
    await phone.getByText('东风街道人大代表联络站').waitFor();
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.getByText('请选择类别').waitFor(); // refused: each field says what is missing, in Chinese
    await phone.getByLabel('类别').selectOption({ label: '城乡建设' });
    await phone.getByLabel('反映事项').fill(`幸福巷口下水道堵塞，雨天污水漫到路面。${SCRIPT}`);
    await phone.getByLabel('您的诉求（可不填）').fill('请尽快疏通');
    await phone.getByLabel('姓名', { exact: true }).fill('赵桂兰');
    await phone.getByLabel('手机号').fill(PHONE);
    await phone.getByLabel('住址（可不填）').fill('东风路88号2单元');
    await phone.getByRole('button', { name: '提交' }).click();
    const receipt = phone.locator('.receipt-code');
    await receipt.waitFor();
    const code = (await receipt.textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone, 'constituent-public-form-phone');

    // Staff triage and transfer on the desktop, and see the citizen on the issue's page.
    const staffCalls: string[] = [];
    const staff = (await app.open()).page;
    recordApi(staff, staffCalls);
    await loginThroughForm(staff, app.url, 'staff');
    await staff.getByRole('link', { name: /处理群众意见：幸福巷口下水道堵塞/ }).first().click();
    await staff.getByRole('button', { name: '提出拟办意见', exact: true }).click();
    await staff.getByLabel('转县(区)有关国家机关').check();
    await staff.getByRole('textbox', { name: /^拟办意见/ }).fill('转县住建局研究办理。');
    await staff.getByRole('button', { name: /提交.提出拟办意见/ }).click();
    await staff.goto(app.url);
    await staff.getByRole('link', { name: /转办群众意见：幸福巷口/ }).first().click();
    await staff.getByRole('button', { name: '转办', exact: true }).click();
    await pick(staff, '承办单位', '住房', '县住房和城乡建设局');
    await staff.getByLabel('转县(区)有关国家机关').check();
    await staff.getByRole('textbox', { name: /^转办要求/ }).fill('请3个工作日内签收，15个工作日内答复。');
    await staff.getByRole('button', { name: /提交.转办/ }).click();
    await staff.getByText('已转办待签收').first().waitFor();
    await staff.locator('.citizen-panel .citizen-phone', { hasText: PHONE }).waitFor();
    await app.screenshot(staff, 'constituent-staff-issue');

    // The unit's clerk: the task pages, the issue's page; acknowledge and reply.
    const unitCalls: string[] = [];
    const unit = (await app.open()).page;
    recordApi(unit, unitCalls);
    const unitTexts: string[] = [];
    await loginThroughForm(unit, app.url, 'unit1');
    await unit.getByRole('link', { name: /签收群众意见转办单：幸福巷口/ }).first().click();
    await unit.getByRole('button', { name: '签收', exact: true }).click();
    await unit.getByRole('button', { name: /确认.签收/ }).click();
    await unit.goto(app.url);
    await unit.getByRole('link', { name: /办理群众意见并答复：幸福巷口/ }).first().click();
    await unit.getByRole('button', { name: '答复', exact: true }).waitFor();
    unitTexts.push(await unit.evaluate(() => document.body.innerText));
    // Words, not codes: the station by its name on the unit's page.
    expect(unitTexts[0]).toContain('东风街道人大代表联络站');
    expect(unitTexts[0]).not.toContain('station-dongfeng');
    const reply = async (result: string, text: string) => {
      await unit.getByRole('button', { name: '答复', exact: true }).click();
      await unit.getByLabel(result).check();
      await unit.getByRole('textbox', { name: /^答复内容/ }).fill(text);
      await unit.getByRole('textbox', { name: /^单位联系人及电话/ }).fill('住建局市政科 刘工 0731-7654321');
      await unit.getByRole('button', { name: /提交.答复/ }).click();
      await unit.getByText('已答复待评价').first().waitFor();
      unitTexts.push(await unit.evaluate(() => document.body.innerText));
    };
    await reply('列入计划', '已安排市政养护队本周内疏通。');
    // The issue's page as the unit sees it: the matter, as text; no citizen panel.
    expect(await unit.locator('.citizen-panel').count()).toBe(0);
    expect(unitTexts.join('\n')).toContain('<script>window.__xss = 1</script>');
    await app.screenshot(unit, 'constituent-unit-issue');

    // The citizen looks up the reply and is not satisfied.
    await phone.getByRole('link', { name: '查询办理进度' }).click();
    await phone.getByLabel('手机号').fill(PHONE);
    await phone.getByRole('button', { name: '查询' }).click();
    await phone.locator('.public-state', { hasText: '已答复待评价' }).waitFor();
    await phone.getByText('已安排市政养护队本周内疏通。').waitFor();
    await phone.getByRole('button', { name: '不满意' }).click();
    await phone.locator('.public-state', { hasText: '办理中' }).waitFor();
    await phone.getByText('已记录您的评价，谢谢。').waitFor();

    // Reopened: the clerk replies again; the citizen is satisfied; closed.
    await unit.goto(app.url);
    await unit.getByRole('link', { name: /办理群众意见并答复：幸福巷口/ }).first().click();
    await reply('已解决', '下水道已疏通，并更换了破损井盖。');
    await phone.getByRole('button', { name: '查询' }).click();
    await phone.getByText('下水道已疏通，并更换了破损井盖。').waitFor();
    await phone.getByRole('button', { name: '满意', exact: true }).click();
    await phone.locator('.public-state', { hasText: '已办结' }).waitFor();
    await phone.locator('.public-rated', { hasText: '满意' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone, 'constituent-lookup-phone');

    // The script was shown as text everywhere and never ran.
    expect(await phone.locator('.public-subject').textContent()).toContain('幸福巷口下水道堵塞');
    for (const p of [phone, staff, unit]) expect(await p.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    const unitIssue = await unit.evaluate(() => document.body.innerText);
    unitTexts.push(unitIssue);
    // The clerk never saw the citizen: not on a page, not in an answer of the API.
    expect(unitCalls.length).toBeGreaterThan(5);
    for (const text of [...unitTexts, ...unitCalls]) expect(text).not.toMatch(PRIVATE);
    // Staff did (the check is not vacuous).
    expect(staffCalls.some((t) => t.includes(PHONE))).toBe(true);
    expect(app.cspViolations()).toEqual([]);
  }, 300_000);
});
