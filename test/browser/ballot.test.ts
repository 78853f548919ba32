/**
 * A deputy casts a secret ballot on a 360×740 phone: choose 2 of 4 (the remaining count
 * shown live, the other boxes disabled at 2), confirm, receipt code; staff see the turnout,
 * close the ballot and read the result.
 */
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

const CANDIDATES = [
  { id: 'p1', title: '城区老旧小区加装电梯' },
  { id: 'p2', title: '农村饮用水提质工程' },
  { id: 'p3', title: '中小学校园AED全覆盖' },
  { id: 'p4', title: '县医院急诊中心改扩建' },
];

describe('secret ballot on a phone', () => {
  const app = useBrowserApp();

  it('a deputy chooses 2 of 4, confirms and gets a receipt; staff see the turnout and the result', async () => {
    const staffToken = await app.login('staff');
    const created = await app.call(staffToken, 'POST', '/ballots', {
      title: '2026年度民生实事项目票决',
      spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2 },
      electorate: 'DEPUTIES',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    const opened = await app.call(staffToken, 'POST', `/ballots/${id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);

    // ---- staff watch the ballot page (it polls the turnout while open)
    const staff = (await app.open()).page;
    await loginThroughForm(staff, app.url, 'staff');
    await staff.getByRole('navigation').getByRole('link', { name: '表决' }).click();
    await staff.getByRole('link', { name: '2026年度民生实事项目票决' }).click();
    const turnout = staff.locator('.staff-ballot .turnout');
    await expect.poll(() => turnout.getAttribute('data-turnout')).toBe('0');

    // ---- deputy1 on a phone
    const { page } = await app.open({ width: 360, height: 740 });
    await loginThroughForm(page, app.url, 'deputy1');
    await page.getByRole('navigation').getByRole('link', { name: '表决' }).click();
    await page.getByRole('link', { name: '2026年度民生实事项目票决' }).click();
    await page.getByRole('heading', { level: 1, name: '2026年度民生实事项目票决' }).waitFor();
    const remaining = page.locator('.remaining');
    await expect.poll(() => remaining.textContent()).toBe('还可选 2 项');
    const box = (i: number) => page.getByLabel(CANDIDATES[i]!.title);
    await box(0).check();
    await expect.poll(() => remaining.textContent()).toBe('还可选 1 项');
    await box(1).check();
    await expect.poll(() => remaining.textContent()).toBe('还可选 0 项');
    expect(await box(2).isDisabled()).toBe(true);
    expect(await box(3).isDisabled()).toBe(true);
    expect(await box(0).isDisabled()).toBe(false);
    // Unchecking frees a choice again.
    await box(1).uncheck();
    expect(await box(2).isDisabled()).toBe(false);
    await box(1).check();
    expect(await box(2).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await app.screenshot(page, 'ballot');

    await page.getByRole('button', { name: '下一步：核对选票' }).click();
    const summary = page.locator('.confirm-list');
    await summary.waitFor();
    expect(await summary.textContent()).toBe(`${CANDIDATES[0]!.title}选择${CANDIDATES[1]!.title}选择${CANDIDATES[2]!.title}未选${CANDIDATES[3]!.title}未选`);
    await page.getByRole('button', { name: '确认投票' }).click();
    const receipt = page.locator('.receipt-code');
    await receipt.waitFor();
    expect((await receipt.textContent())?.trim()).toMatch(/^[A-Z0-9-]{6,}$/);
    await app.screenshot(page, 'ballot-receipt');

    // Back on the page later: already voted, no second sheet.
    await page.reload();
    await page.getByText('您已投票').waitFor();
    expect(await page.locator('.ballot-sheet').count()).toBe(0);

    // ---- staff: the polled turnout reaches 1 without a reload; close; the result
    await expect.poll(() => turnout.getAttribute('data-turnout'), { timeout: 15_000 }).toBe('1');
    expect(await turnout.textContent()).toContain('已投票：1 / 5');
    await staff.getByRole('button', { name: '结束投票' }).click();
    await staff.getByRole('button', { name: '确认结束投票并计票' }).click();
    const result = staff.locator('.ballot-result');
    await result.waitFor();
    expect(await result.locator('[data-k="issued"]').textContent()).toBe('5');
    expect(await result.locator('[data-k="returned"]').textContent()).toBe('1');
    expect(await result.locator('[data-k="valid"]').textContent()).toBe('1');
    expect(await result.locator('[data-k="invalid"]').textContent()).toBe('0');
    const rows = await result.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain(CANDIDATES[0]!.title);
    expect(rows[0]).toMatch(/^城区老旧小区加装电梯1/);
  });
});
