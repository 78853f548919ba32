/**
 * Stations in Chromium (issue 15 item 1): a county admin at a desk creates a station with its
 * kind in words, chooses its deputies by name, sets a weekly reception cadence, sees the
 * coming days in the station's calendar and opens the QR poster; a deputy on a 390×844 phone
 * sees their coming duty day; a clerk schedules one day from the stations list, choosing the
 * station and the deputies on duty by name (no id typed or shown).
 */
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, pick, useBrowserApp } from './support.ts';

/** The county's date `days` from today, YYYY-MM-DD. */
function countyDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

describe('stations in Chromium', () => {
  const app = useBrowserApp();

  it('lets the county admin create a station, attach deputies, set a weekly cadence and open the QR poster; the deputy sees the duty day on a phone', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('link', { name: '代表联络站', exact: true }).click();
    await page.getByRole('heading', { name: '代表联络站', level: 1 }).waitFor();
    // The demo county's stations are listed by name and kind, in words.
    await expect.poll(() => page.locator('tr[data-station="城关镇人大代表之家"]').textContent()).toContain('代表之家');

    const form = page.getByRole('form', { name: '新建站点' });
    await form.getByLabel('站点名称').fill('南门街道代表联络站');
    await form.getByLabel('类别').selectOption({ label: '代表联络站' });
    await form.getByLabel('所在镇（街道）').fill('南门街道');
    await form.getByLabel('地址').fill('南门街道府前路9号');
    await form.getByLabel('联系网格').fill('府前网格、南关网格');
    await pick(page, '站长（联络员）', '人代工委', '人代工委工作人员');
    await pick(page, '进站代表', '王建国', '王建国');
    await form.getByRole('button', { name: '创建站点' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('已创建站点：南门街道代表联络站');
    expect(await page.locator('tr[data-station="南门街道代表联络站"]').textContent()).toContain('1 名代表');

    await page.getByRole('link', { name: '南门街道代表联络站' }).click();
    await page.getByRole('heading', { name: '南门街道代表联络站', level: 1 }).waitFor();
    expect(await page.locator('.station-facts').textContent()).toContain('府前网格、南关网格');
    // One more deputy, chosen by name.
    await pick(page, '添加进站代表', '刘芳', '刘芳');
    await page.getByRole('form', { name: '添加进站代表' }).getByRole('button', { name: '添加' }).click();
    await expect.poll(() => page.locator('.station-deputies li').allTextContents()).toEqual(['刘芳 移出', '王建国 移出']);

    // Every Monday 09:00–11:00, one deputy at a time.
    const cadence = page.getByRole('form', { name: '设置接待周期' });
    await cadence.getByLabel('周期').selectOption({ label: '每周' });
    await cadence.getByLabel('星期').selectOption({ label: '周一' });
    await cadence.getByLabel('每次值班代表人数').fill('1');
    await cadence.getByRole('button', { name: '保存并排出接待日' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^已设置接待周期，排出 5 个接待日$/);
    expect(await page.locator('.station-cadences').textContent()).toContain('每周一 09:00–11:00');
    const days = await page.locator('.reception-day').allTextContents();
    expect(days.length).toBeGreaterThanOrEqual(4);
    for (const d of days) expect(d).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（周一）09:00–11:00 已排期/);
    // Words, not codes: no state id, no ISO time, no level code on the page.
    const text = (await page.locator('.station-page').textContent()) ?? '';
    expect(text).not.toMatch(/scheduled|STATION|WEEKLY|T\d{2}:\d{2}:\d{2}/);
    await app.screenshot(page, 'station-page');

    await page.getByRole('link', { name: '二维码海报' }).click();
    const qr = page.locator('img.poster-qr');
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('.poster-name').textContent()).toBe('南门街道代表联络站');
    expect(await page.locator('.poster-lead').textContent()).toBe('扫码反映意见建议');
    await app.screenshot(page, 'station-poster');

    // The deputy on the first duty day (the rotation starts with 刘芳, pinyin order) on a phone.
    const first = days[0]!.slice(0, days[0]!.indexOf('09:00–11:00') + 11);
    const phone = await app.open({ width: 390, height: 844 });
    await loginThroughForm(phone.page, app.url, 'deputy4');
    await goTo(phone.page, '接待值班');
    await phone.page.getByRole('heading', { name: '我的接待值班' }).waitFor();
    const mine = phone.page.locator('.reception-day', { hasText: '南门街道代表联络站' }).first();
    await mine.waitFor();
    expect(await mine.textContent()).toContain(first);
    expect(await mine.textContent()).toContain('值班代表：刘芳');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone.page, 'station-duty-phone');
    expect(app.cspViolations()).toEqual([]);
  });

  it('lets a clerk schedule a reception day from the stations list, the station and the deputies on duty chosen by name', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('link', { name: '代表联络站', exact: true }).click();
    await page.getByRole('heading', { name: '代表联络站', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: '安排接待日' });
    // The station by part of its name; its kind and town tell it apart in the list.
    await form.getByRole('combobox', { name: '接待站点' }).fill('青石');
    const option = page.getByRole('option').filter({ has: page.locator('.combo-label', { hasText: /^青石村代表联系点$/ }) });
    await expect.poll(() => option.textContent(), { timeout: 15_000 }).toContain('代表联系点 · 城关镇');
    await option.click();
    await form.locator('.chip', { hasText: '青石村代表联系点' }).waitFor();
    // Twelve days from now, 14:00–16:00, 刘芳 and 王建国 on duty (neither attached to the point).
    const date = countyDate(12);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    await form.getByLabel('接待日期').fill(date);
    await form.getByLabel('开始时间').fill('14:00');
    await form.getByLabel('结束时间').fill('16:00');
    await pick(page, '值班代表', '刘芳', '刘芳');
    await pick(page, '值班代表', 'wjg', '王建国');
    // Names only: no station or deputy id anywhere in the form, typed or shown.
    expect(await form.textContent()).not.toMatch(/demo-|station-/);
    for (const value of await form.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))) expect(value).not.toMatch(/demo-/);
    await form.getByRole('button', { name: '安排接待日' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('已安排接待日：青石村代表联系点');
    await app.screenshot(page, 'stations-schedule-day');

    // The point's calendar has the day, with its deputies by name.
    await page.getByRole('link', { name: '青石村代表联系点' }).click();
    await page.getByRole('heading', { name: '青石村代表联系点', level: 1 }).waitFor();
    const day = page.locator('.reception-day', { hasText: `${y}年${m}月${d}日` });
    await expect.poll(() => day.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${y}年${m}月${d}日（周.）14:00–16:00 已排期.*值班代表：刘芳、王建国$`));
    expect(app.cspViolations()).toEqual([]);
  });
});
