/**
 * The admin's holidays screen in Chromium at a desk (1280×800), on 7 December 2026 (the
 * server's clock) when the shipped calendar ends with 2026: every admin page warns that 2027
 * is missing; the admin adds a county holiday to 2026, is refused a date listed already,
 * imports the 2027 notice from a file, and the warning goes away. Then a new term takes the
 * previous term's deputies from its card on the terms screen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../runtime/store/index.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

const files = mkdtempSync(join(tmpdir(), 'cf-calendar-files-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

async function rows(page: Page): Promise<string[]> {
  return page.locator('.calendar-days tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim()).join(' | ')));
}

const POLL = { timeout: 15_000 };

describe('admin holidays screen in Chromium', () => {
  const app = useBrowserApp({ clock: new SimulatedClock('2026-12-07T02:00:00Z') });

  it('warns of the missing next year on every admin page, adds a county holiday, imports the notice file, and the warning goes', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('heading', { name: '用户与角色' }).waitFor();
    const warning = page.getByTestId('calendar-warning');
    await expect.poll(() => warning.textContent(), POLL).toContain('尚未导入2027年的节假日安排');
    expect(await warning.textContent()).toContain('只按周一至周五计算');

    await page.getByRole('link', { name: '节假日' }).first().click();
    await page.getByRole('heading', { name: '节假日', level: 1 }).waitFor();
    // The missing year is shown first, in words.
    await expect.poll(() => page.getByTestId('calendar-source').textContent(), POLL).toBe('2027年的节假日安排尚未导入');
    await page.getByLabel('年份').selectOption({ label: '2026年' });
    await expect.poll(() => page.getByTestId('calendar-source').textContent(), POLL).toBe('2026年：国务院通知（全国统一）');
    await expect.poll(() => rows(page), POLL).toContain('2026年2月17日 | 星期二 | 放假 | 春节 Spring Festival | 删除');

    // A county holiday on a Monday: the year becomes the county's own and keeps the notice's days.
    const add = page.getByRole('form', { name: '添加日期' });
    await add.getByLabel('日期').fill('2026-12-28');
    await add.getByLabel('类别').selectOption({ label: '放假' });
    await add.getByLabel('名称').fill('县庆日');
    await add.getByRole('button', { name: '添加日期' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe('已添加：2026年12月28日 县庆日');
    await expect.poll(() => rows(page), POLL).toContain('2026年12月28日 | 星期一 | 放假 | 县庆日 | 删除');
    expect(await rows(page)).toContain('2026年2月17日 | 星期二 | 放假 | 春节 Spring Festival | 删除');
    expect(await page.getByTestId('calendar-source').textContent()).toBe('2026年：本县日历');

    // The same date again: refused on the date input, in words.
    await add.getByLabel('日期').fill('2026-12-28');
    await add.getByLabel('名称').fill('县庆日');
    await add.getByRole('button', { name: '添加日期' }).click();
    await expect.poll(() => add.locator('#calendar-date').getAttribute('aria-invalid'), POLL).toBe('true');
    expect(await add.locator('#calendar-date-err').textContent()).toContain('2026年12月28日已是放假日（县庆日）');

    // A file that is not JSON is refused in words; the notice for 2027 imports.
    const bad = join(files, 'notice.txt.json');
    writeFileSync(bad, '国务院办公厅关于2027年部分节假日安排的通知');
    await page.locator('#calendar-file').setInputFiles(bad);
    await expect.poll(() => page.locator('[aria-label="导入节假日文件"] [role="alert"]').textContent(), POLL).toBe('文件“notice.txt.json”不是有效的 JSON 文件');
    const good = join(files, 'calendar-2027.json');
    writeFileSync(good, JSON.stringify({ years: { '2027': { holidays: { '元旦': ['2027-01-01'], '春节': ['2027-02-06', '2027-02-07', '2027-02-08'] }, workdays: ['2027-02-14'] } } }));
    await page.locator('#calendar-file').setInputFiles(good);
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe('已导入：2027年');
    await expect.poll(() => page.getByTestId('calendar-source').textContent(), POLL).toBe('2027年：本县日历');
    await expect.poll(() => rows(page), POLL).toEqual([
      '2027年1月1日 | 星期五 | 放假 | 元旦 | 删除',
      '2027年2月6日 | 星期六 | 放假 | 春节 | 删除',
      '2027年2月7日 | 星期日 | 放假 | 春节 | 删除',
      '2027年2月8日 | 星期一 | 放假 | 春节 | 删除',
      '2027年2月14日 | 星期日 | 调休上班 | 调休上班 Adjusted working day | 删除',
    ]);
    await expect.poll(() => warning.count(), POLL).toBe(0);
    await app.screenshot(page, 'admin-calendar');

    // Removing a day is in words too.
    await page.getByRole('button', { name: '删除：2027年1月1日' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe('已删除：2027年1月1日 元旦');
    // Health answers for every county: complete only when no other county still lacks 2027.
    const counties = await app.db.selectFrom('regions').select('id').where('level', '=', 'county').execute();
    const health = await app.call(null, 'GET', '/health');
    expect(health.body.status).toBe('ok');
    expect(health.body.calendar.missingYears).toEqual(counties.length > 1 ? [2027] : []);
    expect(app.cspViolations()).toEqual([]);
  });

  it("carries the previous term's deputies over from the new term's card", async () => {
    const admin = await app.login('admin');
    expect((await app.call(admin, 'POST', '/terms', { id: '18', name: '十八届', startsOn: '2022-01-01', endsOn: '2026-12-31' })).status).toBe(201);
    expect((await app.call(admin, 'POST', '/terms', { id: '19', name: '十九届', startsOn: '2027-01-01' })).status).toBe(201);
    // Setup: the demo roster serves term 18.
    await app.db.updateTable('deputies').set({ term_id: '18' }).where('county_id', '=', 'demo').where('active', '=', true).execute();
    const serving = (await app.call(admin, 'GET', '/deputies?termId=18&active=1')).body.deputies.length as number;
    expect(serving).toBeGreaterThan(0);
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.goto(`${app.url}/admin/terms`);
    await page.getByRole('button', { name: '接续十八届的代表：十九届' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toBe(`已将十八届的 ${serving} 名在任代表转入十九届`);
    expect((await app.call(admin, 'GET', '/deputies?termId=19')).body.deputies.length).toBe(serving);
  });
});
