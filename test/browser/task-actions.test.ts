/**
 * The task page's 更多操作 in Chromium: a 人代工委 clerk hands a unit's 签收 task to another
 * unit by its name (转办, with a reason) and urges the holder of another (催办); the new unit's
 * clerk finds the task in their inbox, and the case's history reads both in words; a comment on
 * the case shows under 评论与附件. A delegate's completion (委托) reads with both names.
 */
import { describe, expect, it } from 'vitest';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const FIRST = '关于规范城区共享单车停放的建议';
const SECOND = '关于增加农村客运班次的建议';
const THIRD = '关于加密城乡公交班次的建议';

describe('task actions in the work portal', () => {
  const app = useBrowserApp();

  it('a clerk transfers a task to a unit by name and urges another; the new unit sees it; the history says so', { timeout: 240_000 }, async () => {
    // Two suggestions assigned to the housing bureau (setup through the API).
    const deputy = await app.login('deputy1');
    const staff = await app.login('staff');
    const assigned: string[] = [];
    for (const title of [FIRST, SECOND]) {
      const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { title, body: '建议内容。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' } });
      expect(started.status).toBe(201);
      const id = started.body.id as string;
      for (const [outcome, data] of [['ACCEPT', { categoryCode: 'OTHER' }], ['PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' }], ['APPROVE_ASSIGNMENT', {}]] as const) {
        const task = ((await app.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>).find((t) => t.instanceId === id && t.outcomes.some((o) => o.event === outcome));
        expect((await app.call(staff, 'POST', `/tasks/${task?.id}/complete`, { outcome, data })).status).toBe(200);
      }
      const unitTask = ((await app.call(await app.login('unit1'), 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; title: string }>).find((t) => t.title.includes(title));
      assigned.push(unitTask?.id as string);
    }

    // 转办: the clerk opens the first unit task, chooses 更多操作 → 转办, picks 县教育局 by name, gives a reason.
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await page.goto(`${app.url}/tasks/${assigned[0]}`);
    await page.getByRole('heading', { level: 1, name: `签收交办建议或申请退办：${FIRST}` }).waitFor();
    await page.getByRole('button', { name: '更多操作' }).click();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['转办', '催办']);
    await page.getByRole('menuitem', { name: '转办' }).click();
    const form = page.getByRole('form', { name: '转办' });
    await form.getByLabel('转给单位').first().check();
    await pick(page, '转给单位', '教育', '县教育局');
    await form.getByLabel('理由').fill('共享单车停放涉及校园周边，由教育局牵头办理');
    await app.screenshot(page, 'task-actions-transfer-form');
    await form.getByRole('button', { name: '确认：转办' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('已办理：转办');

    // 催办 the second: optional note; the task then shows it was urged once.
    await page.goto(`${app.url}/tasks/${assigned[1]}`);
    await page.getByRole('heading', { level: 1, name: `签收交办建议或申请退办：${SECOND}` }).waitFor();
    await page.getByRole('button', { name: '更多操作' }).click();
    await page.getByRole('menuitem', { name: '催办' }).click();
    await page.getByRole('form', { name: '催办' }).getByLabel('说明（可不填）').fill('请于本周内签收');
    await page.getByRole('form', { name: '催办' }).getByRole('button', { name: '确认：催办' }).click();
    await expect.poll(() => page.locator('.badge.urged').textContent(), { timeout: 15_000 }).toBe('已催办1次');
    await app.screenshot(page, 'task-actions-urged');

    // The education bureau's clerk finds the transferred task in their inbox; the housing bureau's no longer does.
    const unit2 = (await app.open()).page;
    await loginThroughForm(unit2, app.url, 'unit2');
    await expect.poll(() => unit2.getByRole('link', { name: `签收交办建议或申请退办：${FIRST}` }).count(), { timeout: 15_000 }).toBe(1);
    await app.screenshot(unit2, 'task-actions-new-unit-inbox');
    const unit1 = (await app.open()).page;
    await loginThroughForm(unit1, app.url, 'unit1');
    await unit1.getByRole('link', { name: `签收交办建议或申请退办：${SECOND}` }).waitFor();
    expect(await unit1.getByRole('link', { name: `签收交办建议或申请退办：${FIRST}` }).count()).toBe(0);

    // The case's history reads the transfer in words; a comment shows under 评论与附件.
    await unit2.getByRole('link', { name: `签收交办建议或申请退办：${FIRST}` }).click();
    await unit2.getByRole('link', { name: FIRST }).first().click();
    await unit2.getByRole('heading', { name: '评论与附件' }).waitFor();
    await unit2.getByLabel('评论内容').fill('已收到转办，正与代表联系。');
    await unit2.getByRole('button', { name: '发表' }).click();
    await expect.poll(() => unit2.locator('.remark-text').allTextContents(), { timeout: 15_000 }).toEqual(['已收到转办，正与代表联系。']);
    const history = await unit2.locator('.timeline li').allTextContents();
    expect(history.some((h) => h.includes('转办') && h.includes('县住房和城乡建设局 → 县教育局 · 理由：共享单车停放涉及校园周边，由教育局牵头办理'))).toBe(true);
    expect(history.some((h) => h.includes('评论') && h.includes('已收到转办，正与代表联系。'))).toBe(true);
    await app.screenshot(unit2, 'task-actions-history');
  });

  it('a delegate’s completion reads with both names in the case’s history: 李秀英（代王建国办理）', { timeout: 240_000 }, async () => {
    // Set up through the API: the office returns a suggestion to 王建国, who lets 李秀英 act for him; she resubmits it.
    const deputy = await app.login('deputy1');
    const staff = await app.login('staff');
    const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', { data: { title: THIRD, body: '建议内容。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' } });
    const id = started.body.id as string;
    const taskWith = async (token: string, outcome: string) =>
      ((await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>).find((t) => t.instanceId === id && t.outcomes.some((o) => o.event === outcome));
    const screening = await taskWith(staff, 'RETURN_TO_DEPUTY');
    expect((await app.call(staff, 'POST', `/tasks/${screening?.id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reasonCode: 'MULTIPLE_ISSUES', reason: '请补充具体站点。' } })).status).toBe(200);
    const returned = await taskWith(deputy, 'RESUBMIT');
    expect((await app.call(deputy, 'POST', `/tasks/${returned?.id}/actions/delegate`, { userId: 'demo-deputy2', reason: '出差在外' })).status).toBe(200);
    const resubmit = { title: THIRD, body: '建议在城关镇至各乡镇线路增加早晚班次。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
    expect((await app.call(await app.login('deputy2'), 'POST', `/tasks/${returned?.id}/complete`, { outcome: 'RESUBMIT', data: resubmit })).status).toBe(200);

    // 王建国 opens his case: the resubmission names 李秀英 acting for him, in words.
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'deputy1');
    await page.getByRole('tab', { name: '我发起的' }).click();
    await page.getByRole('link', { name: THIRD }).click();
    await page.getByRole('heading', { name: '办理记录' }).waitFor();
    await expect
      .poll(async () => (await page.locator('.timeline li .tl-who').allTextContents()).map((w) => w.trim()), { timeout: 15_000 })
      .toContain('李秀英（代王建国办理）');
    const lines = await page.locator('.timeline li').allTextContents();
    expect(lines.filter((l) => l.includes('代王建国办理'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('demo-deputy');
    await app.screenshot(page, 'task-actions-delegate-history');
    // The resubmitted suggestion among the documents: its byline names both as well.
    const bylines = await page.locator('article.document .doc-byline').allTextContents();
    expect(bylines.filter((b) => b.includes('李秀英（代王建国办理）'))).toHaveLength(1);
  });
});
