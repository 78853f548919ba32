/**
 * Accounts in Chromium: a county admin resetting a password to a weak one is refused with the
 * rule's words under the field; 退出 (logout) ends the token on the server, not only in the browser.
 */
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('accounts in Chromium', () => {
  const app = useBrowserApp();

  it('shows the password rule when the admin sets a weak password, and logout ends the token', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('heading', { name: '用户与角色' }).waitFor();
    await page.getByLabel('搜索姓名、用户名或单位').fill('leader');
    await page.getByRole('button', { name: /^编辑：/ }).first().click();
    const reset = page.getByRole('form', { name: '重设密码' });
    expect(await reset.locator('#edit-password-hint').textContent()).toContain('至少10位');
    await reset.getByLabel('新密码').fill('12345678');
    await reset.getByRole('button', { name: '重设密码' }).click();
    await expect.poll(() => reset.locator('#edit-password-err').textContent()).toContain('密码至少10位');
    await reset.getByLabel('新密码').fill('iloveyou12');
    await reset.getByRole('button', { name: '重设密码' }).click();
    await expect.poll(() => reset.locator('#edit-password-err').textContent()).toContain('常见密码');
    await app.screenshot(page, 'accounts-weak-password');
    // Nothing was changed: the leader still signs in with the demo password.
    expect((await app.call(null, 'POST', '/auth/login', { username: 'leader', password: 'demo' })).status).toBe(200);

    const token = await page.evaluate(() => localStorage.getItem('cf.token'));
    expect((await app.call(token, 'GET', '/me')).status).toBe(200);
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('cf.token'))).toBeNull();
    const after = await app.call(token, 'GET', '/me');
    expect([after.status, after.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});
