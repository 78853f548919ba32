/**
 * Accounts in Chromium: a county admin resetting a password to a weak one is refused with the
 * rule's words under the field; 退出 (logout) ends the token on the server, not only in the browser;
 * a deputy changes their own password (修改密码) on a phone.
 */
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

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

  it('lets a deputy change their own password on a phone: the rule in words, the old token ends, this browser stays signed in', async () => {
    const { page } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(page, app.url, 'deputy2');
    const before = await page.evaluate(() => localStorage.getItem('cf.token'));
    await goTo(page, '修改密码');
    const form = page.getByRole('form', { name: '修改密码' });
    await form.waitFor();
    expect(await form.locator('#new-password-hint').textContent()).toContain('密码至少10位');
    // A wrong current password, then a common one, then two that differ: each said under its field.
    await form.getByLabel('当前密码').fill('not-my-password');
    await form.locator('#new-password').fill('Qingxi-river-2026');
    await form.getByLabel('再次输入新密码').fill('Qingxi-river-2026');
    await form.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => form.locator('#current-password-err').textContent()).toContain('当前密码不正确');
    await form.getByLabel('当前密码').fill('demo');
    await form.locator('#new-password').fill('password123');
    await form.getByLabel('再次输入新密码').fill('password123');
    await form.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => form.locator('#new-password-err').textContent()).toContain('常见密码');
    await form.locator('#new-password').fill('Qingxi-river-2026');
    await form.getByLabel('再次输入新密码').fill('Qingxi-river-2025');
    await form.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => form.locator('#again-password-err').textContent()).toContain('两次输入的新密码不一致');
    await form.getByLabel('再次输入新密码').fill('Qingxi-river-2026');
    await form.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('密码已修改');
    await app.screenshot(page, 'account-password-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The token from before the change is refused; the page's new one works; so does the new password.
    expect((await app.call(before, 'GET', '/me')).status).toBe(401);
    const now = await page.evaluate(() => localStorage.getItem('cf.token'));
    expect((await app.call(now, 'GET', '/me')).status).toBe(200);
    expect((await app.call(null, 'POST', '/auth/login', { username: 'deputy2', password: 'demo' })).status).toBe(401);
    expect((await app.call(null, 'POST', '/auth/login', { username: 'deputy2', password: 'Qingxi-river-2026' })).status).toBe(200);
  });
});
