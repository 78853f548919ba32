/**
 * The audit log (管理 → 审计日志) in Chromium: a county admin changes a user's roles, opens the
 * log and reads the change in words (who by name, what as a title, the user's name, the roles
 * titled), filters by action, and exports the log as CSV.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

async function rows(page: Page): Promise<string[]> {
  return page.locator('.audit-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()).join(' | ')));
}

describe('audit log in Chromium', () => {
  const app = useBrowserApp();

  it('shows the county admin a role change in words, filters it, and exports the log as CSV', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('heading', { name: '用户与角色' }).waitFor();
    await page.getByLabel('搜索姓名、用户名或单位').fill('人代工委');
    await page.getByRole('button', { name: '编辑：人代工委工作人员' }).click();
    const panel = page.getByRole('region', { name: '编辑用户：人代工委工作人员' });
    await panel.getByLabel('主任会议成员').check();
    await panel.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已保存：人代工委工作人员');

    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
    // Time (county time) | who | what | target | detail | address: names and titles, no ids.
    await expect.poll(() => rows(page).then((r) => r[0] ?? '')).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \| 系统管理员 \| 修改角色 \| 人代工委工作人员 \| 人代工委工作人员 → 主任会议成员、人代工委工作人员 \| (::1|127\.0\.0\.1|::ffff:127\.0\.0\.1)$/,
    );
    // The admin's own sign-in is there too, in words.
    await expect.poll(() => rows(page).then((r) => r.some((row) => /\| 系统管理员 \| 登录成功 \| 系统管理员 \|/.test(row)))).toBe(true);
    await app.screenshot(page, 'admin-audit');

    // Filter by action: only the role change remains.
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '新建用户' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => rows(page)).toEqual(['没有符合条件的记录']);
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '修改角色' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => rows(page).then((r) => r.map((row) => row.split(' | ').slice(1, 4).join(' | ')))).toEqual(['系统管理员 | 修改角色 | 人代工委工作人员']);

    // Export as CSV: the file is named in words and reads in words.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(csv[0]).toBe('时间,操作人,操作,对象,地址,详情');
    expect(csv.slice(1).map((line) => line.split(',').slice(1, 4).join(','))).toEqual(['系统管理员,修改角色,人代工委工作人员']);

    // The export is itself in the log.
    const token = await app.login('admin');
    const log = await app.call(token, 'GET', '/audit?action=audit.exported');
    expect(log.body.entries.map((e: { actorName: string; detail: unknown }) => [e.actorName, e.detail])).toEqual([['系统管理员', { format: 'csv', filter: 'user.roles_changed' }]]);
  });
});
