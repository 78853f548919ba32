/**
 * An issue converted into a suggestion in Chromium (DOMAIN §8, issue 15 deliverable 7): the
 * 人代工委 clerk triages a citizen's issue from a station's QR form and converts it into a
 * suggestion for the deputy who takes it up, and reads the link in words on the page
 * (the suggestion's title and state, never an id); the deputy, on a 390×844 phone, finds the
 * pre-filled draft in their tasks, sees where it came from, and submits it.
 */
import { describe, expect, it } from 'vitest';
import { insertStationRow } from '../../runtime/store/index.ts';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const CODE = 'qr-links-Hq27Lm';
const TITLE = '关于整治城关镇菜市场周边占道经营的建议';

describe('links between processes in the browser', () => {
  const app = useBrowserApp();

  it('a clerk converts an issue into a suggestion and sees the link in words; the deputy finds the pre-filled draft on a phone', async () => {
    await insertStationRow(app.db, { countyId: 'demo', id: 'station-links', name: '城关镇人大代表之家', level: 'HOME', publicCode: CODE, managerId: 'demo-deputy1', deputyIds: ['demo-deputy2'] });
    const sent = await fetch(`${app.url}/api/public/stations/${CODE}/issues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'URBAN_RURAL', content: '城关镇菜市场周边占道经营严重，早晚高峰车辆无法通行。', request: '规范占道经营', name: '陈桂芳', phone: '13855556666', address: '城关镇菜市街12号', website: '' }),
    });
    expect(sent.status).toBe(201);

    // The clerk: 提出拟办意见, then 转为代表建议 with 李秀英 as the lead deputy.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('link', { name: /处理群众意见：城关镇菜市场周边占道经营/ }).first().click();
    await desk.getByRole('button', { name: '提出拟办意见', exact: true }).click();
    await desk.getByLabel('由县(区)人大代表提出建议').check();
    await desk.getByRole('textbox', { name: /^拟办意见/ }).fill('涉及全镇市场管理，请代表提出建议。');
    await desk.getByRole('button', { name: /提交.提出拟办意见/ }).click();
    await desk.goto(app.url);
    await desk.getByRole('link', { name: /转办群众意见：城关镇菜市场/ }).first().click();
    await desk.getByRole('button', { name: '转为代表建议', exact: true }).click();
    await desk.getByRole('textbox', { name: /^建议标题/ }).fill(TITLE);
    await pick(desk, /领衔代表/, 'lxy', '李秀英');
    await desk.getByRole('textbox', { name: /^转为建议的理由/ }).fill('问题涉及全镇市场管理，需由代表提出建议推动。');
    await desk.getByRole('button', { name: /提交.转为代表建议/ }).click();
    await desk.locator('.state-current', { hasText: '已转为代表建议' }).first().waitFor();
    const link = desk.locator('.linked-case');
    await link.waitFor();
    const linkText = (await link.innerText()).replace(/\s+/g, ' ');
    expect(linkText).toContain('已转为');
    expect(linkText).toContain('代表建议、批评和意见办理');
    expect(linkText).toContain(`《${TITLE}》`);
    expect(linkText).toContain('待代表完善');
    expect(linkText).not.toMatch(/[0-9a-f]{8}-|suggestion|prepared/);
    await app.screenshot(desk, 'links-issue-converted');

    // The deputy on a phone: the draft is in their tasks, pre-filled; they complete and submit it.
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(phone, app.url, 'deputy2');
    await phone.getByRole('link', { name: `完善并提交代表建议：${TITLE}` }).first().click();
    await phone.locator('.linked-case').count(); // the task page links the case; the case page shows where it came from
    await phone.getByRole('button', { name: '提出建议', exact: true }).click();
    await phone.getByText('已按转来的群众意见预先填写，请完善后提交。').waitFor();
    expect(await phone.getByRole('textbox', { name: /^标题/ }).inputValue()).toBe(TITLE);
    const body = phone.getByRole('textbox', { name: /^内容/ });
    expect(await body.inputValue()).toContain('城关镇菜市场周边占道经营严重');
    expect(await phone.getByLabel('闭会建议').isChecked()).toBe(true);
    const page = await phone.evaluate(() => document.body.innerText);
    expect(page).not.toMatch(/13855556666|陈桂芳|菜市街12号/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone, 'links-deputy-draft-phone');
    await body.fill(`${await body.inputValue()}\n建议县市场监管局会同城关镇划定临时摊区。`);
    await phone.getByRole('button', { name: /提交.提出建议/ }).click();
    await phone.locator('.state-current', { hasText: '审查' }).first().waitFor();
    const from = (await phone.locator('.linked-case').innerText()).replace(/\s+/g, ' ');
    expect(from).toContain('来自');
    expect(from).toContain('群众意见办理');
    expect(from).toContain('已转为代表建议');
    await app.screenshot(phone, 'links-suggestion-phone');
  });
});
