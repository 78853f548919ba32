/**
 * 并案 in Chromium: a 人代工委 clerk screens deputy 李秀英's suggestion and merges it into 王建国's
 * (registered, not yet assigned) by finding it by its number in the picker — the page shows
 * "十八届一次-0001 关于……" and never an id; the duplicate waits in 已并案办理. After the one unit
 * answer, deputy 李秀英 rates it on a 390×844 phone in her own task, and both suggestions conclude.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const MAIN = '关于增设城关镇至新区公交线路的建议';
const DUP = '关于开通城关镇到新区公交车的建议';

/** The case's own state (a linked case shows its state too, in 关联事项). */
const stateText = (page: Page) => page.locator('.state-current[data-state]').textContent();

async function openTask(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

describe('并案 through the work portal', () => {
  const app = useBrowserApp();
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  it('a clerk merges by picking the main suggestion by its number; the merged deputy rates the answer on a phone', async () => {
    const d = suggestionDriver(app.call, (user) => app.login(user));
    const main = await d.start('deputy1', { origin: 'SESSION', sourceCode: 'RESEARCH', title: MAIN });
    await d.act('staff', main, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
    const dup = await d.start('deputy2', { origin: 'SESSION', sourceCode: 'VISIT', title: DUP });

    // ---- the clerk screens the duplicate and merges it
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await openTask(page, `审查代表建议：${DUP}`);
    await page.getByRole('button', { name: '并案办理', exact: true }).click();
    await pick(page, '并入建议', '0001', `十八届一次-0001 ${MAIN}`);
    await page.getByLabel('建议分类').selectOption({ label: '交通邮电类' });
    await page.getByLabel('并案理由').fill('与十八届一次-0001号建议所提事项相同，并案办理。');
    expect(await page.content()).not.toContain(main);
    await app.screenshot(page, 'merge-form');
    await page.getByRole('button', { name: '提交：并案办理' }).click();
    await expect.poll(() => stateText(page), { timeout: 15000 }).toBe('已并案办理');
    // Linked to the main suggestion, by its title.
    expect(await page.getByRole('region', { name: '关联事项' }).textContent()).toContain(MAIN);
    await app.screenshot(page, 'merged');

    // ---- one handling by the unit, the main's deputy rates (through the API)
    await d.act('staff', main, 'PROPOSE_ASSIGNMENT', { viaGovOffice: false, supervisionLevel: 'GENERAL', mode: 'SINGLE', leadUnitId: 'unit-housing' });
    await d.act('staff', main, 'APPROVE_ASSIGNMENT', {});
    await d.act('unit1', main, 'ACCEPT');
    await d.act('unit1', main, 'LOG_CONSULTATION', consult);
    await d.act('unit1', main, 'START_DRAFT');
    await d.issue('unit1', main, answer('A'));
    await d.act('deputy1', main, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });

    // ---- 李秀英 on a phone rates the one answer in her own task
    const deputy = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(deputy, app.url, 'deputy2');
    await openTask(deputy, `填写征询意见表：${MAIN}`);
    const result = deputy.getByRole('radiogroup', { name: /对办理结果/ });
    await result.waitFor();
    await deputy.getByRole('radiogroup', { name: /是否面商或联系/ }).getByLabel('电话', { exact: true }).check();
    await result.getByLabel('基本满意', { exact: true }).check();
    expect(await deputy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(deputy, 'merged-deputy-phone');
    await deputy.getByRole('button', { name: '提交：评价答复' }).click();
    await expect.poll(() => stateText(deputy), { timeout: 15000 }).toBe('已结束');

    const staff = await app.login('staff');
    const views = await Promise.all([main, dup].map(async (id) => (await app.call(staff, 'GET', `/instances/${id}`)).body));
    expect(views.map((v) => [v.state, v.context.satisfaction])).toEqual([['concluded', 'SATISFIED'], ['concluded', 'BASIC']]);
    await page.reload();
    await expect.poll(() => stateText(page), { timeout: 15000 }).toBe('已办结');
  });
});
