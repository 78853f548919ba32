/**
 * Stations, issue 15's remaining gaps in Chromium: a 人代工委 clerk schedules one reception day
 * at a station (date, times, the deputy on duty ticked by name) and records a citizen's phone
 * call there with the citizen's name, phone and address (kept apart from the issue); the county
 * admin reads both on the audit page in words.
 */
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './support.ts';
import { loginThroughForm } from './support.ts';

const PHONE = '13765432109';

/** The county's date `days` from today, YYYY-MM-DD. */
function countyDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

describe('station intake in Chromium', () => {
  const app = useBrowserApp();

  it('lets a clerk schedule one reception day and record a phone call in words; the audit page tells both', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '代表联络站', exact: true }).click();
    await page.getByRole('link', { name: '城关镇人大代表之家' }).click();
    await page.getByRole('heading', { name: '城关镇人大代表之家', level: 1 }).waitFor();

    // One reception day, ten days from now, 14:30–16:30, with 张伟 on duty.
    const date = countyDate(10);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const one = page.getByRole('form', { name: '安排单次接待日' });
    await one.getByLabel('接待日期').fill(date);
    await one.getByLabel('开始时间').fill('14:30');
    await one.getByLabel('结束时间').fill('16:30');
    await one.getByRole('checkbox', { name: '张伟' }).check();
    await one.getByRole('button', { name: '安排接待日' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('已安排接待日');
    const day = page.locator('.reception-day', { hasText: `${y}年${m}月${d}日` });
    await day.waitFor();
    expect(await day.textContent()).toMatch(new RegExp(`^${y}年${m}月${d}日（周.）14:30–16:30 已排期.*值班代表：张伟$`));
    await app.screenshot(page, 'station-one-day');

    // A phone call: the clerk records it in words.
    await page.getByRole('link', { name: '登记群众意见' }).click();
    await page.getByRole('heading', { name: /登记群众意见：城关镇人大代表之家/ }).waitFor();
    await page.getByLabel('收集方式').selectOption({ label: '电话' });
    await page.getByLabel('类别').selectOption({ label: '城乡建设' });
    await page.getByLabel('事项摘要').fill('东街菜场门口路面塌陷');
    await page.getByLabel('反映事项').fill('东街菜场门口路面塌陷一个大坑，电动车经过很危险。');
    await page.getByLabel('紧急', { exact: true }).check();
    await page.getByLabel('反映人姓名').fill('孙玉梅');
    await page.getByLabel('联系电话').fill(PHONE);
    await page.getByLabel('住址').fill('城关镇东街12号');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const receipt = page.locator('.receipt-code');
    await receipt.waitFor();
    expect((await receipt.textContent())!.trim()).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await app.screenshot(page, 'station-record-issue');

    // The issue's page: the station and the office see the citizen; the issue itself does not hold them.
    await page.getByRole('link', { name: '查看该群众意见' }).click();
    await page.locator('.citizen-panel .citizen-phone', { hasText: PHONE }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('东街菜场门口路面塌陷');
    expect(text).toContain('已登记');
    expect(text).not.toMatch(/recorded|PHONE|URGENT|officeDeciding/);
    const stored = await app.db.selectFrom('instances').select(['snapshot']).where('definition_id', '=', 'constituent-issue').execute();
    const issue = stored.find((r) => JSON.stringify(r.snapshot).includes('东街菜场门口路面塌陷'));
    expect(issue).toBeDefined();
    expect(JSON.stringify(issue!.snapshot)).not.toMatch(new RegExp(`${PHONE}|孙玉梅|东街12号`));
    expect(JSON.stringify(issue!.snapshot)).toContain('"urgency":"URGENT"');
    const contact = await app.db.selectFrom('constituent_contacts').select(['citizen_phone', 'citizen_name']).where('citizen_phone', '=', PHONE).executeTakeFirst();
    expect(contact?.citizen_name).toBe('孙玉梅');

    // The admin reads it on the audit page, in words.
    const admin = (await app.open()).page;
    await loginThroughForm(admin, app.url, 'admin');
    await admin.goto(`${app.url}/admin/audit`);
    const row = admin.locator('.audit-table tbody tr', { hasText: '安排接待日' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('城关镇人大代表之家');
    expect(await row.textContent()).toContain(`${date} 14:30–16:30 · 1 名代表`);
    expect(await row.textContent()).toContain('人代工委工作人员');
    expect(app.cspViolations()).toEqual([]);
  });
});
