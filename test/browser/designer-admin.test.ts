/**
 * The designer as a county admin uses it, in Chromium: the answer period of 承办单位办理代表建议
 * is read as "答复期限 · 3 个月" and changed to 2 个月 with a number and a unit (no ISO 8601 typed;
 * the saved overlay holds P2M); a period of 0 months and 9 re-handling rounds each get a
 * Chinese message at their input (the latter the checker's error, also in the check panel);
 * publish asks first and shows "答复期限：3 个月 → 2 个月"; cancel publishes nothing, confirm
 * publishes version 1. No event code of the package appears in the page's text.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loginThroughForm, useBrowserApp } from './support.ts';

/** Every event name the package knows: its titled events and every `on` key of its machine. */
function eventCodes(pkg: { events?: Record<string, unknown>; machine: unknown }): string[] {
  const out = new Set(Object.keys(pkg.events ?? {}));
  const walk = (s: { on?: Record<string, unknown>; states?: Record<string, unknown> }) => {
    for (const k of Object.keys(s.on ?? {})) if (/^[A-Z][A-Z0-9_]+$/.test(k)) out.add(k);
    for (const c of Object.values(s.states ?? {})) walk(c as typeof s);
  };
  walk(pkg.machine as Parameters<typeof walk>[0]);
  return [...out];
}

async function codesOnPage(page: Page, codes: string[]): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return codes.filter((c) => new RegExp(`(^|[^A-Za-z0-9_])${c}([^A-Za-z0-9_]|$)`).test(text));
}

describe('the designer for a county admin (Chromium)', () => {
  const app = useBrowserApp();

  it('changes the answer period to 2 个月 by its words, refuses bad values in Chinese, and publishes after a confirmation', async () => {
    const admin = await app.login('admin');
    const base = (await app.call(admin, 'GET', '/definitions/suggestion-assignment')).body.definition;
    const codes = eventCodes(base);
    expect(codes).toEqual(expect.arrayContaining(['ACCEPT', 'SUBMIT_ANSWER', 'SUBMIT_OPINION']));

    const { page } = await app.open({ width: 1280, height: 900 });
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('link', { name: '承办单位办理代表建议' }).click();
    const status = page.getByTestId('check-status');
    await expect.poll(() => status.textContent()).toBe('检查通过');
    await page.locator('.dg-edge').first().waitFor();
    // The diagram's edges and boxes say outcome and role titles, no event code.
    expect(await codesOnPage(page, codes)).toEqual([]);
    expect(await page.locator('[data-state="active.main.pendingAcceptance"]').textContent()).toContain('任务 · 承办单位');

    // Delays and settings by their words.
    await page.getByRole('tab', { name: '期限与设置' }).click();
    const period = page.locator('[data-delay="answerPeriod"]');
    expect(await period.textContent()).toContain('答复期限3 个月承办单位自交办之日起答复代表的期限');
    expect(await page.getByLabel('答复期限的长度').inputValue()).toBe('3');
    expect(await page.getByLabel('答复期限的单位').inputValue()).toBe('month');
    expect(await page.locator('[data-delay="returnWindow"]').textContent()).toContain('7 个工作日');
    expect(await page.locator('[data-setting="feedbackChannel"] select option:checked').textContent()).toBe('代表直接报送人大常委会（背靠背）');
    expect(await page.locator('[data-setting="consultationRequired"]').getByRole('switch').isChecked()).toBe(true);
    expect(await page.locator('[data-setting="maxRehandle"]').textContent()).toContain('最多重新办理次数1 次');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/\bP\d+[DMWY]\b|answerPeriod|maxRehandle/);
    expect(await codesOnPage(page, codes)).toEqual([]);

    // A bad length: 0 months is refused at the input, in Chinese, and not applied.
    await page.getByLabel('答复期限的长度').fill('0');
    expect(await period.getByRole('alert').textContent()).toBe('期限须至少为 1 个月（此值未采用）');
    await page.getByLabel('答复期限的长度').fill('30');
    expect(await period.getByRole('alert').textContent()).toBe('期限不能超过 24 个月（此值未采用）');
    expect(await page.getByTestId('delay-words-answerPeriod').textContent()).toBe('3 个月');
    // 2 months: no ISO 8601 typed.
    await page.getByLabel('答复期限的长度').fill('2');
    await expect.poll(() => page.getByTestId('delay-words-answerPeriod').textContent()).toBe('2 个月');
    expect(await period.getByRole('alert').count()).toBe(0);

    // A setting out of its bounds is the checker's error, in Chinese, at the input and in the check panel.
    const rehandle = page.locator('[data-setting="maxRehandle"]');
    await rehandle.getByRole('spinbutton').fill('9');
    await expect.poll(() => status.textContent()).toBe('检查发现问题：1');
    expect(await rehandle.getByRole('alert').textContent()).toBe('设置“最多重新办理次数”：设置值超出允许的范围（不能大于 5 次）');
    expect(await page.getByRole('complementary', { name: '检查' }).getByRole('button').first().textContent()).toBe('设置“最多重新办理次数”：设置值超出允许的范围');
    await app.screenshot(page, 'designer-admin-bad-value');
    await rehandle.getByRole('spinbutton').fill('1');
    await expect.poll(() => status.textContent()).toBe('检查通过');
    await app.screenshot(page, 'designer-admin-settings');

    // Publish asks first: saving the draft, then the change in words.
    await page.getByRole('tab', { name: '差异与发布' }).click();
    await page.getByRole('button', { name: '发布新版本' }).click();
    const dialog = page.getByRole('dialog', { name: /确认发布/ });
    await dialog.waitFor();
    expect(await dialog.getByTestId('publish-changes').locator('li').allTextContents()).toEqual(['答复期限：3 个月 → 2 个月']);
    expect(await codesOnPage(page, codes)).toEqual([]);
    await app.screenshot(page, 'designer-admin-confirm');
    const overlay = await app.call(admin, 'GET', '/definitions/suggestion-assignment/overlay');
    expect(overlay.body.overlay).toEqual({ delays: { answerPeriod: 'P2M' } });

    // Cancel publishes nothing.
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await app.call(admin, 'GET', '/definitions/suggestion-assignment/versions')).body.versions).toEqual([]);
    expect((await app.call(admin, 'GET', '/definitions/suggestion-assignment')).body.definition.delays.answerPeriod).toBe('P3M');

    // Confirm publishes version 1 with the new period.
    await page.getByRole('button', { name: '发布新版本' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '确认发布' }).click();
    await expect.poll(() => page.getByTestId('published-version').textContent()).toContain('已发布版本 1');
    const versions = await app.call(admin, 'GET', '/definitions/suggestion-assignment/versions');
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect((await app.call(admin, 'GET', '/definitions/suggestion-assignment')).body.definition.delays.answerPeriod).toBe('P2M');
    expect(await codesOnPage(page, codes)).toEqual([]);
    await app.screenshot(page, 'designer-admin-published');
  });
});
