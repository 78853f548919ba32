/**
 * The admin screens in Chromium, as a county admin at a desk (1280×800) uses them: units,
 * users and roles, the roster import, terms and sessions; and a staff member, who sees no 管理
 * and is refused in words at the admin address.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loginThroughForm, openAdminTab, useBrowserApp } from './support.ts';

const files = mkdtempSync(join(tmpdir(), 'cf-admin-files-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

/** Text of every row of the table the locator is in, cells joined by " | ". */
async function rows(page: Page, selector: string): Promise<string[]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()).join(' | ')));
}

describe('admin screens in Chromium', () => {
  const app = useBrowserApp();

  it('lets the county admin add, rename and deactivate a unit and give it a user; a deactivated unit is offered no more', async () => {
    const { page } = await app.open();
    await openAdminTab(page, app.url, 'admin', '承办单位');

    // Add, then a name the county has: the refusal is pinned to the name input, in words.
    const addForm = page.getByRole('form', { name: '添加单位' });
    await addForm.getByLabel('单位名称').fill('县数据局');
    await addForm.getByRole('button', { name: '添加单位' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已添加单位：县数据局');
    await addForm.getByLabel('单位名称').fill('县住房和城乡建设局');
    await addForm.getByRole('button', { name: '添加单位' }).click();
    const nameInput = addForm.getByLabel('单位名称');
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    expect(await addForm.locator('.field-error').textContent()).toContain('已有同名的承办单位“县住房和城乡建设局”');

    // Rename in its row.
    await page.getByRole('button', { name: '编辑：县数据局' }).click();
    const renameForm = page.getByRole('form', { name: '编辑：县数据局' });
    await renameForm.getByLabel('单位名称').fill('县数据资源局');
    await renameForm.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已重命名为“县数据资源局”');
    expect(await rows(page, '.admin-table')).toContain('县数据资源局 | 0 人 | 在用 | 编辑停用');

    // A unit user for it: first without a unit (refused on the unit select), then with it.
    await page.getByRole('link', { name: '用户与角色' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const newUser = page.getByRole('form', { name: '新建用户' });
    await newUser.getByLabel('用户名（登录用）').fill('data1');
    await newUser.getByLabel('姓名').fill('数据局办理员');
    await newUser.getByLabel('初始密码').fill('data-pass-1');
    await newUser.getByLabel('承办单位经办人').check();
    await newUser.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => newUser.locator('#new-unit').getAttribute('aria-invalid')).toBe('true');
    expect(await newUser.locator('#new-unit-err').textContent()).toContain('承办单位用户须指定单位');
    await newUser.locator('#new-unit').selectOption({ label: '县数据资源局' });
    await app.screenshot(page, 'admin-new-user');
    await newUser.getByRole('button', { name: '创建用户' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已创建用户：数据局办理员（data1）');
    await page.getByLabel('搜索姓名、用户名或单位').fill('数据资源');
    await expect.poll(() => rows(page, '.admin-table')).toEqual(['数据局办理员 | data1 | 承办单位经办人 | 县数据资源局 | 在用 | 编辑']);
    const login = await app.call(null, 'POST', '/auth/login', { username: 'data1', password: 'data-pass-1' });
    expect(login.status).toBe(200);

    // The admin cannot lock themself out: the refusal reads as words.
    await page.getByLabel('搜索姓名、用户名或单位').fill('admin');
    await page.getByRole('button', { name: /^编辑：/ }).first().click();
    await page.getByRole('button', { name: '停用账号' }).click();
    await expect.poll(() => page.locator('.admin-subpanel [role="alert"]').textContent()).toBe('不能停用自己或取消自己的管理员角色');
    await app.screenshot(page, 'admin-users');

    // Deactivate the unit: marked in the list, no longer offered for a new user, still named on its user.
    await page.getByRole('link', { name: '承办单位' }).click();
    await page.getByRole('button', { name: '停用：县数据资源局' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已停用单位：县数据资源局');
    await expect.poll(() => rows(page, '.admin-table'), { timeout: 15_000 }).toContain('县数据资源局 | 1 人 | 已停用 | 编辑重新启用');
    await app.screenshot(page, 'admin-units');
    await page.getByRole('link', { name: '用户与角色' }).click();
    await page.getByLabel('搜索姓名、用户名或单位').fill('data1');
    await expect.poll(() => rows(page, '.admin-table')).toEqual(['数据局办理员 | data1 | 承办单位经办人 | 县数据资源局（已停用） | 在用 | 编辑']);
    await page.getByRole('button', { name: '新建用户' }).click();
    const offered = await page.getByRole('form', { name: '新建用户' }).locator('#new-unit option').allTextContents();
    expect(offered).toContain('县住房和城乡建设局');
    expect(offered.join('')).not.toContain('县数据资源局');
    const token = await app.login('admin');
    const active = await app.call(token, 'GET', '/units?active=1');
    expect(active.body.units.map((u: { name: string }) => u.name)).not.toContain('县数据资源局');

    // The same screen in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Handling units' }).click();
    await page.getByRole('heading', { name: 'Handling units', level: 1 }).waitFor();
    // The table is fetched after the heading shows: wait for its rows (CI read it half-loaded once).
    await expect.poll(() => rows(page, '.admin-table'), { timeout: 15_000 }).toContain('县数据资源局 | 1 user | Deactivated | EditReactivate');
    await app.screenshot(page, 'admin-units-en');
  });

  it('previews a roster with a bad row in words, and imports the corrected file after a confirmation', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.goto(`${app.url}/admin/roster`);
    await page.getByRole('heading', { name: '代表名册导入' }).waitFor();
    const header = '姓名,代表团,代表小组,手机,常委会组成人员';
    const bad = join(files, '名册.csv');
    writeFileSync(bad, `\uFEFF${[header, '赵立新,城关镇代表团,第一小组,13611112222,是', '钱丽华,城关镇代表团,第二小组,1361111333,否', '孙志强,河西代表团,,13611114444,否'].join('\r\n')}\r\n`);
    await page.getByLabel('选择名册文件（.xlsx 或 .csv）').setInputFiles(bad);
    await page.getByRole('heading', { name: '预览：名册.csv' }).waitFor();
    expect(await page.locator('.admin-summary').textContent()).toBe('共 3 行：2 行无误，1 行有问题，常委会组成人员 1 名');
    expect(await rows(page, '.roster-errors')).toEqual(['第 3 行 | 手机 | “1361111333”不是11位手机号码']);
    expect(await page.locator('tr.admin-bad-row').count()).toBe(1);
    expect(await page.getByRole('button', { name: '导入' }).count()).toBe(0);
    await app.screenshot(page, 'admin-roster-errors');

    const good = join(files, '名册.csv');
    writeFileSync(good, `\uFEFF${[header, '赵立新,城关镇代表团,第一小组,13611112222,是', '钱丽华,城关镇代表团,第二小组,13611113333,否', '孙志强,河西代表团,,13611114444,否'].join('\r\n')}\r\n`);
    await page.getByLabel('选择名册文件（.xlsx 或 .csv）').setInputFiles(good);
    await page.getByText('没有发现问题，可以导入。').waitFor();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: '导入' });
    expect(await confirm.textContent()).toContain('将导入 3 名代表，并为每人建立代表账号。确定导入吗？');
    await app.screenshot(page, 'admin-roster-confirm');
    await confirm.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入 3 名代表。').waitFor();
    await app.screenshot(page, 'admin-roster-imported');
    const token = await app.login('admin');
    const deputies = await app.call(token, 'GET', '/deputies');
    expect(deputies.body.deputies.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['赵立新', '钱丽华', '孙志强']));
  });

  it('adds a term and a session with date inputs; a date outside the term and a term twice are refused on their inputs', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.goto(`${app.url}/admin/terms`);
    await page.getByRole('heading', { name: '届次与会次' }).waitFor();
    const termForm = page.getByRole('form', { name: '添加届次' });
    await termForm.getByLabel('第几届').fill('18');
    expect(await termForm.getByLabel('届次名称').inputValue()).toBe('第十八届');
    await termForm.getByLabel('任期开始日期').fill('2021-10-01');
    await termForm.getByLabel('任期结束日期').fill('2026-09-30');
    await termForm.getByRole('button', { name: '添加届次' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已添加届次：第十八届');
    const card = page.locator('[data-term="第十八届"]');
    expect(await card.locator('p.muted').textContent()).toBe('任期：2021年10月1日 — 2026年9月30日');

    await card.getByRole('button', { name: '添加会次：第十八届' }).click();
    const sessionForm = page.getByRole('form', { name: '添加会次：第十八届' });
    expect(await sessionForm.getByLabel('会次名称').inputValue()).toBe('第一次会议');
    await sessionForm.getByLabel('会议日期').fill('2027-01-10');
    await sessionForm.getByRole('button', { name: '添加会次' }).click();
    const held = sessionForm.getByLabel('会议日期');
    await expect.poll(() => held.getAttribute('aria-invalid')).toBe('true');
    expect(await sessionForm.locator('.field-error').textContent()).toContain('会议日期不在本届任期内');
    await held.fill('2022-01-10');
    await sessionForm.getByRole('button', { name: '添加会次' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已添加会次：第十八届第一次会议');
    expect(await rows(page, '[data-term="第十八届"] .admin-table')).toEqual(['第一次会议 | 2022年1月10日']);

    await termForm.getByLabel('第几届').fill('18');
    await termForm.getByRole('button', { name: '添加届次' }).click();
    await expect.poll(() => termForm.getByLabel('第几届').getAttribute('aria-invalid')).toBe('true');
    expect(await termForm.locator('.field-error').textContent()).toContain('第十八届已存在');
    await app.screenshot(page, 'admin-terms');
    const token = await app.login('admin');
    const sessions = await app.call(token, 'GET', '/sessions');
    expect(sessions.body.sessions).toEqual([{ id: '18-1', termId: '18', name: '第一次会议', heldOn: '2022-01-10' }]);
  });

  it('shows staff no 管理 and refuses the admin address in words', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    expect(await page.getByRole('link', { name: '管理', exact: true }).count()).toBe(0);
    await page.goto(`${app.url}/admin/users`);
    const refusal = page.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('此页面仅供系统管理员使用');
    expect(await page.locator('.admin-table').count()).toBe(0);
    await app.screenshot(page, 'admin-refused-staff');
  });
});
