/**
 * A unit's short name (简称) on 管理 → 承办单位 in Chromium: the county admin finds the unit by its
 * name, sets the short name in its edit form, reads it back under the name after a reload and in
 * the form, is refused in words for a space, and clears it. Then a calendar edit reads in words
 * on 审计日志 (将2026年9月14日设为节假日), no typed day name shown.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAdminTab, useBrowserApp } from './support.ts';

const UNIT = '县卫生健康委员会';

async function auditRows(page: Page): Promise<string[]> {
  return page.locator('.audit-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()).join(' | ')));
}

describe("a unit's short name in Chromium", () => {
  const app = useBrowserApp();

  it('is set, read back, refused with a space, and cleared by the admin on the units page', async () => {
    const { page } = await app.open();
    await openAdminTab(page, app.url, 'admin', '承办单位');
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `编辑：${UNIT}` }) });
    const shown = () => row.locator('.unit-short-name').count().then(async (n) => (n === 0 ? '' : ((await row.locator('.unit-short-name').textContent()) ?? '')));

    // Set it.
    await page.getByRole('button', { name: `编辑：${UNIT}` }).click();
    const form = page.getByRole('form', { name: `编辑：${UNIT}` });
    await form.getByLabel('简称（可选）').fill('县卫健委');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('已保存简称：县卫健委');
    await expect.poll(shown, { timeout: 15_000 }).toBe('简称：县卫健委');
    await app.screenshot(page, 'admin-unit-short-name');

    // Read back after a reload, under the name and in the form.
    await page.reload();
    await page.getByRole('heading', { name: '承办单位', level: 1 }).waitFor();
    await expect.poll(shown, { timeout: 15_000 }).toBe('简称：县卫健委');
    await page.getByRole('button', { name: `编辑：${UNIT}` }).click();
    await expect.poll(() => form.getByLabel('简称（可选）').inputValue(), { timeout: 15_000 }).toBe('县卫健委');
    const token = await app.login('admin');
    const units = (await app.call(token, 'GET', '/units')).body.units as Array<{ name: string; shortName: string | null }>;
    expect(units.find((u) => u.name === UNIT)?.shortName).toBe('县卫健委');

    // A space is refused on the field, in words; nothing changes.
    await form.getByLabel('简称（可选）').fill('县 卫健委');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.getByLabel('简称（可选）').getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await form.locator('.field-error').textContent()).toContain('简称不能含空格、控制字符或〔〕');

    // Cleared: the letter numbers use the full name again.
    await form.getByLabel('简称（可选）').fill('');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('已清除简称，文号用单位全称');
    await expect.poll(shown, { timeout: 15_000 }).toBe('');
  });

  it('shows a calendar edit on the audit page in words', async () => {
    const { page } = await app.open();
    const token = await app.login('admin');
    expect((await app.call(token, 'POST', '/calendar/days', { date: '2026-09-14', kind: 'holiday', name: '县庆日' })).status).toBe(201);
    await openAdminTab(page, app.url, 'admin', '审计日志');
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '添加节假日安排' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect.poll(() => auditRows(page).then((r) => r.map((row) => row.split(' | ').slice(1, 5).join(' | '))), { timeout: 15_000 }).toEqual(['系统管理员 | 添加节假日安排 |  | 将2026年9月14日设为节假日']);
    expect((await auditRows(page)).join('')).not.toContain('县庆日');
  });
});
