/**
 * A unit's approved 退办 re-assigned at once, in Chromium (issue 16 item 1): the 人代工委 clerk
 * (staff) finds 重新交办退办部分 in 待办, picks the new unit by its NAME in the unit picker
 * (拟办重新交办), approves it (审定重新交办), and the case page lists the new unit's child
 * beside the unit still at work; that unit's task never moved.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const TITLE = '关于校园周边道路交通安全整治的建议';
const stateText = (page: Page) => page.locator('.state-current').textContent();

describe('a returned part re-assigned by unit name', () => {
  const app = useBrowserApp();

  it('staff re-assign unit A’s returned part to 县卫生健康委员会 while 县教育局 keeps working', async () => {
    // ---- set up through the API: two units answer separately; unit A (住建局) has its return approved
    const deputy = await app.login('deputy1');
    const staff = await app.login('staff');
    const unit1 = await app.login('unit1');
    const unit2 = await app.login('unit2');
    const complete = async (token: string, outcome: string, data?: unknown) => {
      const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; outcomes: Array<{ event: string }> }>;
      const task = tasks.find((t) => t.outcomes.some((o) => o.event === outcome));
      expect(task, outcome).toBeDefined();
      const r = await app.call(token, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', {
      data: { title: TITLE, body: '建议在中小学周边增设护学岗、减速带和过街设施。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    await complete(staff, 'ACCEPT', { categoryCode: 'OTHER' });
    await complete(staff, 'PROPOSE_ASSIGNMENT', { mode: 'SEPARATE', separateUnitIds: ['unit-housing', 'unit-education'], viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await complete(staff, 'APPROVE_ASSIGNMENT', {});
    await complete(unit2, 'ACCEPT');
    const bTasks = (await app.call(unit2, 'GET', '/tasks?mine=1')).body.tasks;
    await complete(unit1, 'REQUEST_RETURN', { reason: '校园周边道路交通属公安交警部门职责。', suggestedUnitId: 'unit-health' });
    await complete(staff, 'APPROVE_RETURN', { comment: '同意退办' });

    // ---- the clerk: 待办 shows the re-assignment at once
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    const task = page.getByRole('link', { name: `重新交办退办部分：${TITLE}` });
    await task.waitFor();
    await task.click();
    await page.getByRole('heading', { level: 1, name: `重新交办退办部分：${TITLE}` }).waitFor();
    // The unit's request to return is on the page, its reason in words.
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15000 }).toContain('校园周边道路交通属公安交警部门职责。');
    await page.getByRole('button', { name: '拟办重新交办', exact: true }).click();
    // The new unit is chosen by name (typed 卫生), never by an id.
    await pick(page, '新承办单位', '卫生', '县卫生健康委员会');
    await page.getByLabel('说明').fill('改由县卫生健康委员会会同交警部门办理。');
    await app.screenshot(page, 'suggestion-reassignment-propose');
    await page.getByRole('button', { name: '提交：拟办重新交办' }).click();
    await expect.poll(() => stateText(page), { timeout: 15000 }).toBe('重新交办待审定');

    // ---- 审定 on the case page's task
    const approve = page.getByRole('link', { name: `审定重新交办方案：${TITLE}` });
    await approve.click();
    await page.getByRole('heading', { level: 1, name: `审定重新交办方案：${TITLE}` }).waitFor();
    await page.getByRole('button', { name: '审定重新交办', exact: true }).click();
    await page.getByRole('textbox', { name: '意见' }).fill('同意重新交办。');
    await page.getByRole('button', { name: '提交：审定重新交办' }).click();
    await expect.poll(() => stateText(page), { timeout: 15000 }).toBe('办理中');

    // The case lists the three units' children by name; the history reads in words.
    const children = page.locator('h2:text-is("子流程") + ul');
    await expect.poll(() => children.textContent(), { timeout: 15000 }).toContain('县卫生健康委员会');
    const listed = (await children.textContent()) ?? '';
    for (const name of ['县住房和城乡建设局', '县教育局', '县卫生健康委员会']) expect(listed).toContain(name);
    const history = (await page.locator('ol.timeline').textContent()) ?? '';
    for (const words of ['申请退办', '同意退办', '拟办重新交办', '审定重新交办']) expect(history).toContain(words);
    for (const code of ['unit-health', 'unit-housing', 'APPROVE_REASSIGNMENT', 'reassignment']) expect(await page.locator('main').textContent()).not.toContain(code);
    await app.screenshot(page, 'suggestion-reassignment-approved');

    // Unit B's task never moved; unit C has its own to accept.
    expect((await app.call(unit2, 'GET', '/tasks?mine=1')).body.tasks).toEqual(bTasks);
    const unit3 = await app.login('unit3');
    expect(((await app.call(unit3, 'GET', '/tasks?mine=1')).body.tasks as Array<{ title: string }>).map((t) => t.title)).toEqual([`签收交办建议或申请退办：${TITLE}`]);
    expect((await app.call(staff, 'GET', `/instances/${id}`)).body.state).toBe('inHandling.reassignment.none');
  });
});
