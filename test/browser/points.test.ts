/**
 * Deputies' points in Chromium: a deputy on a 390×844 phone records a station reception (F6.1),
 * the office passes the 初审 on a desktop, the same person is refused the 复核 in words, another
 * confirms it and publishes the quarter (亮分); the deputy then sees the confirmed total, the
 * entry with its state in words and their rank in the published table.
 */
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

describe('deputies’ points in Chromium', () => {
  const app = useBrowserApp();

  it('claim on a phone, two-step review by two people, total and ranking seen by the deputy', { timeout: 240_000 }, async () => {
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(phone, app.url, 'deputy1');
    await goTo(phone, '履职积分');
    await phone.getByRole('heading', { name: '我的履职积分' }).waitFor();
    await phone.getByLabel('积分项目').selectOption({ label: '进站接待选民（每次 5 分）' });
    await phone.getByLabel('数量').fill('2');
    await phone.getByLabel('活动情况').fill('在城关代表联络站接待选民两次，收集意见4条。');
    await phone.getByRole('button', { name: '提交审核' }).click();
    await expect.poll(() => phone.getByRole('status').textContent()).toContain('已提交，等待初审');
    const entry = phone.locator('.point-entry').first();
    await expect.poll(() => entry.textContent()).toContain('待初审');
    expect(await entry.textContent()).toContain('本人申报：在城关代表联络站接待选民两次');

    // 初审 by staff on a desk.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('link', { name: '履职积分' }).click();
    const first = desk.locator('[data-queue="pendingReview"]');
    const card = (queue: typeof first) => queue.locator('.point-entry', { hasText: '王建国 · 进站接待选民' });
    await card(first).getByRole('button', { name: /^初审通过/ }).click();
    const second = desk.locator('[data-queue="pendingConfirm"]');
    await card(second).getByRole('button', { name: /^复核确认/ }).click();
    await expect.poll(() => second.getByRole('alert').textContent()).toContain('复核须由初审以外的另一人进行');

    // 复核 by another member of the office, who then publishes the quarter.
    const desk2 = (await app.open()).page;
    await loginThroughForm(desk2, app.url, 'admin');
    await desk2.getByRole('link', { name: '履职积分' }).click();
    await card(desk2.locator('[data-queue="pendingConfirm"]')).getByRole('button', { name: /^复核确认/ }).click();
    await expect.poll(() => desk2.locator('[data-queue="pendingConfirm"]').textContent()).toContain('没有待审核的记录');
    await expect.poll(() => desk2.locator('.points-ranking tbody tr').first().textContent()).toContain('王建国');
    await desk2.getByRole('button', { name: '公布本季度亮分' }).click();
    await desk2.getByText('已公布', { exact: true }).waitFor();
    await app.screenshot(desk2, 'points-office');

    // The deputy sees the total, the entry confirmed and the rank.
    await phone.reload();
    await expect.poll(() => phone.locator('[data-total]').getAttribute('data-total')).toBe('10');
    expect(await phone.locator('.points-total').textContent()).toContain('10 分');
    await expect.poll(() => phone.locator('.point-entry').first().textContent()).toContain('已确认');
    await expect.poll(() => phone.locator('.my-rank').textContent()).toContain('全县第 1 名');
    expect(await phone.locator('.points-ranking tr.mine').textContent()).toContain('王建国');
    await app.screenshot(phone, 'points-deputy-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // No code a person would read: the page shows words, not rule or state ids.
    const text = (await phone.locator('main').textContent()) ?? '';
    for (const code of ['STATION_RECEPTION', 'pendingReview', 'confirmed', 'CLAIM']) expect(text).not.toContain(code);
    expect(app.cspViolations()).toEqual([]);
  });
});
