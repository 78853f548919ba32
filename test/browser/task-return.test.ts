/**
 * 加签 and 撤回 from the task page in Chromium (issue 16 item 3): the office clerk proposes a
 * suggestion's assignment and takes it back (撤回) from the completed task's page, the case
 * history reading 撤回 with the reason; then on 审定交办方案 adds 主任会议成员 as a signer
 * before completing (加签, chosen by name), cannot complete until the leader answers, and the
 * leader finds 会签：审定交办方案：… in their work and agrees with an opinion; the history reads
 * 加签 with both names and the opinion.
 */
import { describe, expect, it } from 'vitest';
import { loginThroughForm, pick, useBrowserApp } from './support.ts';

const TITLE = '关于改善城关镇老旧小区供水管网的建议';
const PROPOSE = { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' };

describe('task actions 加签 and 撤回 in the browser', () => {
  const app = useBrowserApp();

  it('the clerk withdraws a proposal and adds the leader as a signer; the leader countersigns', { timeout: 240_000 }, async () => {
    const [deputy, staff] = [await app.login('deputy1'), await app.login('staff')];
    const started = await app.call(deputy, 'POST', '/definitions/suggestion/instances', {
      data: { title: TITLE, body: '老旧小区供水管网锈蚀，经常停水。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' },
    });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const taskOf = async (outcome: string) =>
      ((await app.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>).find((t) => t.instanceId === id && t.outcomes.some((o) => o.event === outcome));
    const complete = async (outcome: string, data: unknown) => {
      const task = await taskOf(outcome);
      expect((await app.call(staff, 'POST', `/tasks/${task!.id}/complete`, { outcome, data })).status).toBe(200);
      return task!.id;
    };
    await complete('ACCEPT', { categoryCode: 'URBAN_RURAL_CONSTRUCTION' });
    const proposeId = await complete('PROPOSE_ASSIGNMENT', PROPOSE);

    // 撤回 from the completed task's page.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.goto(`${app.url}/tasks/${proposeId}`);
    await desk.getByRole('heading', { name: '其他办理操作' }).waitFor();
    await desk.getByRole('button', { name: '撤回', exact: true }).click();
    await desk.getByRole('textbox', { name: /撤回原因/ }).fill('主办单位需再核实');
    await app.screenshot(desk, 'task-return-withdraw-form');
    await desk.getByRole('button', { name: /确认.撤回/ }).click();
    await desk.locator('.timeline li', { hasText: '撤回' }).waitFor();
    const withdrawn = (await desk.locator('.timeline li', { hasText: '撤回' }).last().innerText()).replace(/\s+/g, ' ');
    expect(withdrawn).toContain('人代工委工作人员');
    expect(withdrawn).toContain('理由：主办单位需再核实');
    expect(withdrawn.split('主办单位需再核实')).toHaveLength(2); // the reason once, not twice
    // The withdrawn 交办方案 stays among the case's documents, marked with when and why.
    const marked = desk.locator('article.document.withdrawn');
    await marked.waitFor();
    expect(await marked.count()).toBe(1);
    expect(await marked.locator('.doc-withdrawn').innerText()).toMatch(/^已于\d{4}-\d{2}-\d{2} \d{2}:\d{2}撤回，理由：主办单位需再核实$/);
    await expect.poll(async () => (await app.call(staff, 'GET', `/instances/${id}`)).body.state, { timeout: 15000 }).toBe('registered');

    // Proposed again; 加签 before on 审定交办方案, the signer chosen by name.
    await complete('PROPOSE_ASSIGNMENT', PROPOSE);
    const reviewId = (await taskOf('APPROVE_ASSIGNMENT'))!.id;
    await desk.goto(`${app.url}/tasks/${reviewId}`);
    await desk.getByRole('button', { name: '加签', exact: true }).click();
    await pick(desk, /加签人/, '主任', '主任会议成员');
    await desk.getByLabel('办理前会签').check();
    await desk.getByRole('textbox', { name: /加签说明/ }).fill('请主任把关交办单位');
    await app.screenshot(desk, 'task-return-add-signer');
    await desk.getByRole('button', { name: /确认.加签/ }).click();
    await desk.locator('.timeline li', { hasText: '加签人：主任会议成员' }).waitFor();

    // The clerk cannot complete yet: the refusal is in words.
    await desk.goto(`${app.url}/tasks/${reviewId}`);
    await desk.getByText('加签：主任会议成员（办理前会签），待签署意见').waitFor();
    await desk.getByRole('button', { name: '审定交办', exact: true }).click();
    await desk.getByRole('button', { name: /提交.审定交办/ }).click();
    await desk.getByText(/加签人主任会议成员尚未签署意见，暂不能办理/).waitFor();
    await app.screenshot(desk, 'task-return-waiting-for-signer');

    // The leader: 会签 in their work, agreed with an opinion.
    const leader = (await app.open()).page;
    await loginThroughForm(leader, app.url, 'leader');
    await leader.getByRole('link', { name: `会签：审定交办方案：${TITLE}` }).first().click();
    await leader.getByText('人代工委工作人员请您在其办理“审定交办方案：').waitFor();
    await leader.getByRole('button', { name: '同意', exact: true }).click();
    await leader.getByRole('textbox', { name: /会签意见/ }).fill('同意交办县住房和城乡建设局');
    await app.screenshot(leader, 'task-return-countersign');
    await leader.getByRole('button', { name: /确认.同意/ }).click();
    const opinion = leader.locator('.timeline li', { hasText: '会签意见' }).last();
    await opinion.waitFor();
    const opinionText = (await opinion.innerText()).replace(/\s+/g, ' ');
    expect(opinionText).toContain('主任会议成员');
    expect(opinionText).toContain('为人代工委工作人员会签：同意');
    expect(opinionText).toContain('同意交办县住房和城乡建设局');
    const added = (await leader.locator('.timeline li', { hasText: '加签人：' }).last().innerText()).replace(/\s+/g, ' ');
    expect(added).toContain('人代工委工作人员');
    expect(added).toContain('加签人：主任会议成员（办理前会签）');
    expect(await leader.locator('.timeline').innerText()).not.toMatch(/task\.|SEND_BACK|signerAdded|demo-/);
    await app.screenshot(leader, 'task-return-history');

    // Now the clerk completes.
    await expect.poll(async () => (await app.call(staff, 'POST', `/tasks/${reviewId}/complete`, { outcome: 'APPROVE_ASSIGNMENT', data: {} })).status, { timeout: 15000 }).toBe(200);
  });
});
