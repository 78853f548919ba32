/**
 * A history state in the process designer, in Chromium: the admin (who holds the integrator
 * role in the demo county) adds a small 建议办理 process whose `handling` state has a deep
 * history `h`; the designer draws it as H* with its Chinese words and the "尚无历史时" edge,
 * the state editor shows only its kind and default target (both editable), and the simulation
 * suspended in 审核答复 resumes in 审核答复, not at the initial 起草答复.
 */
import { describe, expect, it } from 'vitest';
import { historyPackage } from '../fixtures/history-package.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('history states in the process designer (Chromium)', () => {
  const app = useBrowserApp();

  it('draws, edits and simulates a deep history state', async () => {
    const admin = await app.login('admin');
    const added = await app.call(admin, 'POST', '/definitions', { package: historyPackage() });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const { page } = await app.open({ width: 1280, height: 800 });
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('link', { name: '建议办理（可暂停）' }).click();
    await page.getByRole('heading', { name: /建议办理（可暂停）/ }).waitFor();
    const status = page.getByTestId('check-status');
    await expect.poll(() => status.textContent()).toBe('检查通过');

    // The diagram: the history node reads H* with its Chinese subtitle, inside 办理中; its
    // default is an edge of its own; the transitions say the events' titles.
    const history = page.locator('[data-state="handling.h"]');
    await history.waitFor();
    expect(await history.textContent()).toBe('H*深历史：回到上次所在的最内层');
    expect(await page.locator('.dg-compound[data-state="handling"]').textContent()).toContain('办理中');
    const edgeTexts = await page.locator('.dg-edge').allTextContents();
    expect(edgeTexts).toEqual(expect.arrayContaining(['尚无历史时', '暂停办理', '恢复办理', '提交审核', '退回修改', '审核通过']));
    expect(edgeTexts.join(' ')).not.toMatch(/PAUSE|RESUME|SUBMIT_DRAFT/);
    await app.screenshot(page, 'designer-history-diagram');

    // The state editor of a history state: its kind and default target, nothing else.
    await history.click();
    await page.getByRole('heading', { name: '状态：办理中 › 深历史 H*' }).waitFor();
    const editor = page.getByRole('region', { name: '状态编辑' });
    const kind = editor.getByLabel('历史类型');
    const fallback = editor.getByLabel('尚无历史时进入');
    expect(await kind.inputValue()).toBe('deep');
    expect(await fallback.inputValue()).toBe('handling.drafting');
    expect(await fallback.locator('option').allTextContents()).toEqual(['父状态的初始状态（起草答复）', '起草答复', '审核答复']);
    expect(await editor.getByLabel('此状态有待办任务').count()).toBe(0);
    expect(await editor.getByLabel('中文名称').count()).toBe(0);
    expect(await editor.getByRole('button', { name: '添加流转' }).count()).toBe(0);
    expect(await editor.getByLabel('状态类型').count()).toBe(0);
    await app.screenshot(page, 'designer-history-editor');

    // Editable: shallow redraws the node as H; no default removes the edge; both check.
    await kind.selectOption('shallow');
    await expect.poll(() => history.textContent()).toBe('H历史：回到上次所在');
    await fallback.selectOption('');
    await expect.poll(() => page.locator('.dg-edge', { hasText: '尚无历史时' }).count()).toBe(0);
    await expect.poll(() => status.textContent()).toBe('检查通过');
    // The transition into it names it by what it is, not by its key.
    await page.getByLabel('选择状态').selectOption('suspended');
    expect(await page.getByLabel('目标状态 恢复办理').locator('option:checked').textContent()).toBe('办理中 › 浅历史 H');
    // Back to the package as registered.
    await page.getByRole('button', { name: '撤销' }).click();
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => history.textContent()).toBe('H*深历史：回到上次所在的最内层');
    await page.locator('.dg-edge', { hasText: '尚无历史时' }).waitFor();

    // Simulate: drafting → reviewing, suspend, resume: back in reviewing.
    await page.getByRole('tab', { name: '模拟运行' }).click();
    await page.getByRole('region', { name: '模拟运行' }).getByLabel('建议标题').fill('关于增设公交站点的建议');
    await page.getByRole('button', { name: '开始模拟' }).click();
    const where = page.getByTestId('sim-state-title');
    await expect.poll(() => where.textContent()).toBe('办理中 › 起草答复');
    const card = (title: string) => page.locator('.dg-sim-task', { hasText: title });
    await card('起草答复：关于增设公交站点的建议').getByRole('button', { name: /^提交审核/ }).click();
    await expect.poll(() => where.textContent()).toBe('办理中 › 审核答复');
    await card('审核答复：关于增设公交站点的建议').getByRole('button', { name: /^暂停办理/ }).click();
    await expect.poll(() => where.textContent()).toBe('已暂停');
    await card('恢复办理：关于增设公交站点的建议').getByRole('button', { name: /^恢复办理/ }).click();
    await expect.poll(() => where.textContent()).toBe('办理中 › 审核答复');
    // Titles only: the state path is not on the simulation tab.
    expect(await page.getByRole('region', { name: '模拟运行' }).textContent()).not.toContain('handling.reviewing');
    expect(await card('审核答复：关于增设公交站点的建议').count()).toBe(1);
    expect(await card('起草答复').count()).toBe(0);
    // The active states are marked in the simulation's diagram.
    expect(await page.locator('.dg-sim [data-state="handling.reviewing"]').getAttribute('class')).toContain('dg-active');
    const log = page.getByTestId('sim-log');
    const lines = await log.locator('li').allTextContents();
    expect(lines.some((l) => l.includes('办理中 › 审核答复 → 已暂停：暂停办理'))).toBe(true);
    expect(lines.some((l) => l.includes('已暂停 → 办理中 › 审核答复：恢复办理'))).toBe(true);
    expect(lines.some((l) => l.includes('办结：审核答复：关于增设公交站点的建议（完成：暂停办理）'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/PAUSE|RESUME|SUBMIT_DRAFT/);
    await app.screenshot(page, 'designer-history-simulation');
  });
});
