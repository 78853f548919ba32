/**
 * 跟踪办理 in Chromium. The unit answers 王建国's suggestion with category B and two commitments
 * (through the API, suggestion-driver.ts); the unit's clerk finds the two follow-up tasks in the
 * inbox by the commitment's text, each with its due date in words (期限：2026年4月30日 — the last
 * day, not the midnight after it), and reports the street lights done through the form, filled by
 * its labels. The server's clock (and the browser's, kept beside it) then passes the second
 * commitment's date: the scheduler flags it, and the 人代工委 clerk reads 已逾期 beside it on the
 * follow-up's page, reached from the message in 抄送我. The clerk then revises the category,
 * choosing 已经解决或基本解决 by its title; the answered B is kept beside it. No sleeps: the clock
 * is moved, the page is read with expect.poll.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../runtime/store/index.ts';
import { answer, suggestionDriver } from '../support/suggestion-driver.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const TITLE = '关于改善城东片区夜间照明的建议';
const LIGHTS = '四月底前修复城东路段损坏路灯';
const PAVEMENT = '六月底前完成人行道改造';
const POLL = { timeout: 15_000 };

/** The inbox row (or case page row) of the task whose title holds `words`, as the person reads it. */
const rowText = (page: Page, words: string) => page.locator('li.card', { hasText: words }).first().textContent();

describe('跟踪办理 through the work portal', () => {
  const clock = new SimulatedClock('2026-03-02T01:00:00Z');
  const app = useBrowserApp({ clock });
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  /** A fresh browser on the server's simulated date (the due badges read the browser's clock), signed in as `user`. */
  const signIn = async (user: string): Promise<{ context: BrowserContext; page: Page }> => {
    const opened = await app.open();
    await opened.context.clock.setFixedTime(clock.now());
    await loginThroughForm(opened.page, app.url, user);
    return opened;
  };

  it('the unit reports one commitment done, the other passes its date and shows 已逾期 to the office, which revises the category', { timeout: 240_000 }, async () => {
    // ---- to the unit's B answer with two commitments, and the deputy's rating (API)
    const d = suggestionDriver(app.call, (user) => app.login(user));
    const id = await d.start('deputy1', { origin: 'RECESS', sourceCode: 'VISIT', title: TITLE });
    await d.act('staff', id, 'ACCEPT', { categoryCode: 'OTHER' });
    await d.answerBy(id, { ...answer('B'), commitments: [{ text: LIGHTS, dueDate: '2026-04-30' }, { text: PAVEMENT, dueDate: '2026-06-30' }] });
    await d.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'PHONE', resultSatisfaction: 'SATISFIED' });

    // ---- the unit's clerk: both commitments in the inbox, by their text, due dates in words
    const unit = (await signIn('unit1')).page;
    await expect.poll(() => rowText(unit, LIGHTS), POLL).toContain(`报告承诺事项落实情况：${LIGHTS}（建议《${TITLE}》）`);
    expect(await rowText(unit, LIGHTS)).toContain('正常 · 期限：2026年4月30日');
    expect(await rowText(unit, PAVEMENT)).toContain('正常 · 期限：2026年6月30日');
    for (const code of ['2026-04-30', '2026-05-01', 'REPORT_DONE', 'suggestion-follow-up']) expect(await unit.locator('main').textContent()).not.toContain(code);
    await app.screenshot(unit, 'follow-up-unit-inbox');

    // ---- 20 April: the street lights are reported done, through the form by its labels
    clock.set('2026-04-20T02:00:00Z');
    const reporting = (await signIn('unit1')).page;
    await reporting.getByRole('link', { name: `报告承诺事项落实情况：${LIGHTS}（建议《${TITLE}》）` }).click();
    await reporting.getByRole('heading', { level: 1, name: `报告承诺事项落实情况：${LIGHTS}（建议《${TITLE}》）` }).waitFor();
    await reporting.getByLabel('落实完成日期').fill('2026-04-18');
    await reporting.getByRole('textbox', { name: /^落实情况/ }).fill('已更换损坏路灯36盏并恢复照明。');
    await app.screenshot(reporting, 'follow-up-report');
    await reporting.getByRole('button', { name: '提交：报告已落实' }).click();
    // The follow-up's page: the street lights are no longer open, the pavement is.
    await expect.poll(() => reporting.getByRole('heading', { level: 2, name: '当前待办' }).count(), POLL).toBe(1);
    await expect.poll(() => reporting.locator('li.card', { hasText: PAVEMENT }).count(), POLL).toBe(1);
    expect(await reporting.locator('li.card', { hasText: LIGHTS }).count()).toBe(0);

    // ---- 1 July: the pavement's date has passed unreported; the scheduler flags it
    clock.set('2026-07-01T01:00:00Z');
    const office = (await signIn('staff')).page;
    await office.getByRole('tab', { name: '抄送我' }).click();
    const late = `承诺事项逾期：“${PAVEMENT}”完成时限为2026年6月30日，承办单位尚未报告落实（建议《${TITLE}》）。`;
    // The scheduler runs every second in the server: the page is read again until its message is there.
    await expect.poll(async () => {
      await office.reload();
      await office.getByRole('tab', { name: '抄送我' }).click();
      return office.getByRole('link', { name: late }).count();
    }, POLL).toBe(1);
    await office.getByRole('link', { name: late }).click();
    await expect.poll(() => rowText(office, PAVEMENT), POLL).toContain('已逾期 · 期限：2026年6月30日');
    await app.screenshot(office, 'follow-up-overdue');

    // ---- the 人代工委 clerk revises the category, chosen by its title
    await goTo(office, '我的工作');
    await office.getByRole('link', { name: `跟踪督办承诺事项：${TITLE}` }).click();
    await office.getByRole('heading', { level: 1, name: `跟踪督办承诺事项：${TITLE}` }).waitFor();
    await office.getByRole('button', { name: '修正办理结果分类', exact: true }).click();
    await office.getByRole('radiogroup', { name: /修正后的办理结果分类/ }).getByLabel('A类：已经解决或基本解决', { exact: true }).check();
    await office.getByLabel('修正理由').fill('经跟踪，路灯已修复，人行道改造已完成大部分。');
    await app.screenshot(office, 'follow-up-revision');
    await office.getByRole('button', { name: '提交：修正办理结果分类' }).click();
    await expect.poll(() => office.getByRole('heading', { level: 1 }).textContent(), POLL).toBe(`${TITLE}（答复时B类，跟踪后修正为A类）`);
    await app.screenshot(office, 'follow-up-revised');

    const staff = await app.login('staff');
    const assignmentId = (await app.call(staff, 'GET', `/instances/${id}`)).body.children[0].id as string;
    const followUpId = (await app.call(staff, 'GET', `/instances/${assignmentId}`)).body.links[0].id as string;
    const context = (await app.call(staff, 'GET', `/instances/${followUpId}`)).body.context;
    expect([context.answeredResultCode, context.revisedResultCode, context.onTimeCount, context.lateCount]).toEqual(['B', 'A', 1, 1]);
  });
});
