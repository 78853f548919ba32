/**
 * Notification delivery in Chromium: a deputy on a phone chooses email on 我的账号 (我的通知方式);
 * a message to them fails because the county has no mail server yet and lands in the admin's
 * 发送失败的通知 list in words; the admin sets the mail server on the same page (the secret shown
 * only by its last 4 characters), presses 重新发送, and the server's own worker delivers the
 * mail to a real SMTP server on loopback.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

const TITLE = '关于增设农贸市场公交站点的建议';

async function rows(page: Page): Promise<string[]> {
  return page.getByTestId('dead-letters').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()).join(' | ')));
}

describe('notification delivery in Chromium', () => {
  const app = useBrowserApp();
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('lets a deputy choose email, shows the failure in words to the admin, and resends it once the mail server is set', async () => {
    const admin = await app.login('admin');
    expect((await app.call(admin, 'PUT', '/notification-settings', { maxAttempts: 1 })).status).toBe(200);

    // The deputy, on a phone, chooses email on the account page; a bad address is refused in words first.
    const phone = await app.open({ width: 390, height: 844 });
    await loginThroughForm(phone.page, app.url, 'deputy1');
    await phone.page.goto(`${app.url}/account`);
    const prefs = phone.page.getByRole('form', { name: '我的通知方式' });
    await prefs.getByLabel('电子邮件').check();
    await prefs.getByLabel('电子邮箱').fill('wang@');
    await prefs.getByRole('button', { name: '保存通知方式' }).click();
    await expect.poll(() => prefs.locator('#notify-email-err').textContent(), { timeout: 15_000 }).toContain('不是有效的电子邮箱');
    await prefs.getByLabel('电子邮箱').fill('wangjianguo@example.cn');
    await prefs.getByRole('button', { name: '保存通知方式' }).click();
    await expect.poll(() => prefs.getByRole('status').textContent(), { timeout: 15_000 }).toBe('通知方式已保存');
    await app.screenshot(phone.page, 'account-notification-preferences');

    // A message to the deputy: the county has no mail server, so its one attempt fails.
    const deputy = await app.login('deputy1');
    const data = { title: TITLE, body: '群众出行不便。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
    expect((await app.call(deputy, 'POST', '/definitions/suggestion/instances', { data })).status).toBe(201);
    const staff = await app.login('staff');
    const task = (await app.call(staff, 'GET', '/tasks?mine=1')).body.tasks.find((t: { title: string; outcomes: Array<{ event: string }> }) => t.title.includes(TITLE) && t.outcomes.some((o) => o.event === 'ACCEPT'));
    expect((await app.call(staff, 'POST', `/tasks/${task.id}/complete`, { outcome: 'ACCEPT', data: { categoryCode: 'OTHER' } })).status).toBe(200);

    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.goto(`${app.url}/admin/notifications`);
    await page.getByRole('heading', { name: '发送失败的通知' }).waitFor();
    // The worker runs every second; the page reads the list when opened, so reload until it is there.
    await expect
      .poll(async () => {
        await page.reload();
        await page.getByRole('heading', { name: '发送失败的通知' }).waitFor();
        await page.waitForFunction(() => document.querySelector('[data-testid="dead-letters"]')?.getAttribute('aria-busy') !== 'true');
        return (await rows(page)).map((r) => r.replace(/\| \d{4}-\d{2}-\d{2} \d{2}:\d{2} \|/, '| (time) |'));
      }, { timeout: 30_000, interval: 1_000 })
      .toEqual([`王建国 | 电子邮件 | 您领衔的建议《${TITLE}》已受理登记。 | 本县尚未设置邮件服务器（已尝试1次） | (time) | 重新发送`]);

    // The admin sets the mail server and the gateway secret; the secret comes back as its last 4 characters only.
    const form = page.getByRole('form', { name: '通知发送设置' });
    await form.getByLabel('邮件服务器地址').fill('127.0.0.1');
    await form.getByLabel('邮件服务器端口').fill(String(smtp.port));
    await form.getByLabel('发件人地址').fill('renda@qingxi.gov.cn');
    await form.getByLabel('网关签名密钥').fill('qingxi-gateway-secret-9876');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: 15_000 }).toBe('设置已保存');
    expect(await form.getByLabel('网关签名密钥').inputValue()).toBe('');
    expect(await form.locator('#setting-webhookSecret-hint').textContent()).toContain('末4位 9876');
    expect(await page.content()).not.toContain('qingxi-gateway-secret-9876');
    await app.screenshot(page, 'admin-notifications');

    await page.getByRole('button', { name: `重新发送 王建国 您领衔的建议《${TITLE}》已受理登记。` }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toBe('已重新排队发送给王建国');
    await expect.poll(() => smtp.mails.map((m) => [m.to, m.subject]), { timeout: 15_000 }).toEqual([['wangjianguo@example.cn', `您领衔的建议《${TITLE}》已受理登记。`]]);
    await expect.poll(() => rows(page), { timeout: 15_000 }).toEqual(['没有发送失败的通知']);
  });
});
