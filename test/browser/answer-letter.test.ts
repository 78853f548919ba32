/**
 * The answer letter signed off inside one unit (issue 16), on a desk: the clerk's draft (sent
 * through the API), then the 审核人 approves and the 签发人 signs on their task pages; the case
 * page links to 答复函（打印）, which shows the letterhead, the 文号, the title, the deputy, the
 * signer and the date in words. The PDF is the browser's print of that page (Chromium
 * page.pdf(), read back with pdf.js): no server-side PDF library.
 */
import { pdfText } from './pdf-text.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ANSWER, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { useBrowserApp, type BrowserApp, actThroughApi } from './support.ts';

const TITLE = '关于在社区卫生服务中心配置AED的建议';
const PASSWORD = 'Letter-2026!';

const act = (app: BrowserApp, token: string, instanceId: string, outcome: string, data?: unknown) => actThroughApi(app, token, instanceId, outcome, data);

async function login(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('banner').waitFor();
}

describe('the answer letter of one unit in the portal', () => {
  const app = useBrowserApp();

  it('the reviewer approves, the signer signs, and the case prints a numbered letter signed by that signer', async () => {
    const admin = await app.login('admin');
    for (const [username, displayName, positions] of [['hclerk', '孙敏', ['clerk']], ['hreviewer', '周科长', ['reviewer']], ['hhead', '李主任', ['signer']]] as const) {
      const r = await app.call(admin, 'POST', '/users', { username, displayName, password: PASSWORD, roles: ['unit'], unitId: 'unit-health', positions });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const token = async (u: string) => (await app.call(null, 'POST', '/auth/login', { username: u, password: PASSWORD })).body.token as string;
    const [staff, deputy1, clerk] = [await app.login('staff'), await app.login('deputy1'), await token('hclerk')];
    const id = (await app.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: TITLE } })).body.id as string;
    await act(app, staff, id, 'ACCEPT', REGISTRATION);
    await act(app, staff, id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-health', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    const childId = (await act(app, staff, id, 'APPROVE_ASSIGNMENT', { comment: '同意交办。' })).children[0].id as string;
    await act(app, clerk, childId, 'ACCEPT');
    await act(app, clerk, childId, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通配置地点。' });
    await act(app, clerk, childId, 'START_DRAFT');
    await act(app, clerk, childId, 'SUBMIT_DRAFT', { ...ANSWER, body: '我委将在年内为12个社区卫生服务中心配置AED。' });

    // 审核人 on a desk: the task is in their inbox, in words, and they approve it.
    const { page } = await app.open();
    await login(page, app.url, 'hreviewer');
    await page.getByRole('link', { name: `审核答复函：${TITLE}` }).click();
    await page.getByRole('button', { name: '审核同意，送签发', exact: true }).click();
    await page.getByRole('button', { name: '确认：审核同意，送签发' }).click();
    await expect.poll(async () => (await app.call(staff, 'GET', `/instances/${childId}`)).body.openTasks.map((t: { title: string }) => t.title), { timeout: 15000 }).toEqual([`签发答复函：${TITLE}`]);

    // 签发人 signs.
    const signer = await app.open();
    await login(signer.page, app.url, 'hhead');
    await signer.page.getByRole('link', { name: `签发答复函：${TITLE}` }).click();
    await signer.page.getByRole('button', { name: '签发答复函', exact: true }).click();
    await signer.page.getByRole('button', { name: '确认：签发答复函' }).click();
    await expect.poll(async () => (await app.call(staff, 'GET', `/instances/${childId}`)).body.context.answer?.letterNo, { timeout: 15000 }).toBe('县卫生健康委员会函〔2026〕1号');

    // The case page links to the printable letter.
    await signer.page.goto(`${app.url}/instances/${childId}`);
    await signer.page.getByRole('link', { name: '答复函（打印）' }).click();
    const sheet = signer.page.locator('article.letter-sheet');
    await sheet.waitFor();
    const text = (await sheet.innerText()).replace(/\s+/g, '');
    for (const words of ['县卫生健康委员会', '县卫生健康委员会函〔2026〕1号', `${TITLE}的答复`, '王建国代表：', '我委将在年内为12个社区卫生服务中心配置AED。', '签发人：李主任', '联系人：']) {
      expect(text).toContain(words.replace(/\s+/g, ''));
    }
    expect(text).toMatch(/2026年\d{1,2}月\d{1,2}日/);
    await app.screenshot(signer.page, 'answer-letter');

    // The PDF: Chromium's print of the page, read back.
    await signer.page.emulateMedia({ media: 'print' });
    const pdf = await signer.page.pdf({ format: 'A4', printBackground: true });
    const printed = (await pdfText(new Uint8Array(pdf))).replace(/\s+/g, '');
    expect(printed).toContain('县卫生健康委员会函〔2026〕1号');
    expect(printed).toContain('签发人：李主任');
    expect(printed).not.toContain('打印或另存为PDF');
  }, 240_000);
});
