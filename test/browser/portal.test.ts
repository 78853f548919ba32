/** The work portal in Chromium: log in, the inbox with its deadline colour, the language switch. */
import { afterEach, describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('work portal in Chromium', () => {
  const app = useBrowserApp();
  // Under the app's policy (script-src 'self', no eval: forms validate with the interpreted validator) nothing is refused.
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  it('logs staff in and shows the screening task of a new suggestion in 待办, then switches to English', async () => {
    const deputy = await app.login('deputy1');
    const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', {
      data: { title: '关于加强农村饮用水安全保障的建议', body: '部分村组水质不达标。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' },
    });
    expect(started.status).toBe(201);
    const { page } = await app.open();
    await page.goto(app.url);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByLabel('用户名').fill('staff');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('登录失败');
    await loginThroughForm(page, app.url, 'staff');
    const task = page.getByRole('link', { name: '审查代表建议：关于加强农村饮用水安全保障的建议' });
    await task.waitFor();
    expect(await page.locator('.county').textContent()).toBe('示范县');
    await app.screenshot(page, 'inbox');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByRole('link', { name: 'Screen the suggestion: 关于加强农村饮用水安全保障的建议' }).waitFor();
  });

  it('tells a deputy who follows a link to a staff task, in Chinese words and without codes, that there is no such task', async () => {
    const deputy = await app.login('deputy1');
    const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', {
      data: { title: '关于增设村级便民服务点的建议', body: '群众办事路远。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' },
    });
    const taskId = (started.body.openTasks as Array<{ id: string }>)[0]?.id;
    expect(taskId).toBeTruthy();
    const { page } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(page, app.url, 'deputy1');
    await page.goto(`${app.url}/tasks/${taskId}`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('找不到该任务');
  });
});
