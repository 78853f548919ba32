/**
 * The process designer in Chromium: an admin opens the suggestion-assignment process, gives
 * the feedback window 20 working days, adds a field to the answer form, sees the check pass
 * (and an error pinned to its state when a transition target is broken, then undone),
 * simulates on the fake clock until the auto-accept timer fires, publishes version 1, and
 * the API then serves the county's new definition and overlay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('process designer in Chromium', () => {
  const app = useBrowserApp();
  // Under the app's policy (script-src 'self', no eval: forms validate with the interpreted validator) nothing is refused.
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  it('edits a delay and a form as a county overlay, checks, simulates on a fake clock and publishes', async () => {
    const { page } = await app.open({ width: 1440, height: 900 });
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('link', { name: '承办单位办理代表建议' }).click();
    await page.getByRole('heading', { name: /承办单位办理代表建议/ }).waitFor();
    const status = page.getByTestId('check-status');
    await expect.poll(() => status.textContent()).toBe('检查通过');
    // The diagram: nested boxes from elkjs, task states with their role's name.
    const acceptance = page.locator('[data-state="active.main.pendingAcceptance"]');
    await acceptance.waitFor();
    expect(await acceptance.textContent()).toContain('任务 · 承办单位');
    expect(await page.locator('.dg-compound').count()).toBeGreaterThan(2);
    expect(await page.locator('.dg-edge').count()).toBeGreaterThan(10);

    // Delay: the feedback window becomes 20 working days (a unit and a number, by its title).
    await page.getByRole('tab', { name: '期限与设置' }).click();
    await page.getByLabel('代表反馈期限的单位').selectOption('workday');
    await page.getByLabel('代表反馈期限的长度').fill('20');
    await expect.poll(() => page.getByTestId('delay-words-feedbackWindow').textContent()).toBe('20 个工作日');

    // Form designer: a new text field on the answer form, visible in the live preview.
    await page.getByRole('tab', { name: '表单设计' }).click();
    // Forms and fields go by their titles; the only key on the tab is the one the admin names for a new field.
    const formPicker = page.getByLabel('表单', { exact: true });
    expect(await formPicker.locator('option').allTextContents()).toContain('答复函');
    expect((await formPicker.locator('option').allTextContents()).join(' ')).not.toMatch(/answer|（/);
    await formPicker.selectOption({ label: '答复函' });
    await page.getByLabel('新字段中文名称（答复函）').fill('办理成效评估');
    await page.getByLabel('新字段英文名称（答复函）').fill('Self-assessment');
    await page.getByLabel('字段标识（答复函）').fill('selfAssessment');
    await page.getByRole('button', { name: '添加字段' }).click();
    const preview = page.getByRole('region', { name: '实时预览' });
    await preview.getByLabel('办理成效评估').fill('按期办结，群众满意');
    const added = page.locator('[data-field="selfAssessment"]');
    await added.waitFor();
    expect(await added.textContent()).toContain('办理成效评估');
    expect(await added.textContent()).not.toContain('selfAssessment');
    await expect.poll(() => status.textContent()).toBe('检查通过');

    // A broken transition target is pinned to its state; undo puts it back.
    await page.getByRole('tab', { name: '流程图' }).click();
    await page.getByLabel('选择状态').selectOption('active.main.pendingAcceptance');
    // The task title is a template the admin edits; its hole is said in words beside it.
    expect(await page.getByTestId('task-title-holes').textContent()).toBe('标题中花括号处在任务生成时填入：{context.title} 填入“建议标题”');
    // The target as the JSON writes it is under 高级, closed until opened.
    const accept = page.locator('[data-transition="on|ACCEPT|0"]');
    await accept.getByText('高级：按原文编辑目标').click();
    const target = page.getByLabel('目标（原文） 签收');
    expect(await target.inputValue()).toBe('handling');
    await target.fill('nowhere');
    await expect.poll(() => status.textContent()).toBe('检查发现问题：1');
    // In words, from the code catalogue; the code and pointer only in the tooltip.
    const pinned = page.getByRole('button', { name: '状态“待签收”：转移目标不存在' });
    expect(await pinned.getAttribute('title')).toBe('UNKNOWN_TARGET /machine/states/active/states/main/states/pendingAcceptance/on/ACCEPT/target');
    await page.getByLabel('选择状态').selectOption('');
    await pinned.click();
    await expect.poll(() => page.getByLabel('选择状态').inputValue()).toBe('active.main.pendingAcceptance');
    await expect.poll(() => acceptance.getAttribute('class')).toContain('dg-error');
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => status.textContent()).toBe('检查通过');
    expect(await page.getByLabel('目标（原文） 签收').inputValue()).toBe('handling');
    expect(await page.getByLabel('目标状态 签收').locator('option:checked').textContent()).toBe('办理中 › 主办 › 办理');

    // Simulate: the item's title and units picked by name (no JSON); one assisting unit answers
    // through the outcome's generated form, then 8 working days pass and the return window closes.
    await page.getByRole('tab', { name: '模拟运行' }).click();
    await page.getByLabel('事项标题').fill('关于改善农村道路的建议');
    await page.getByLabel('主办单位').selectOption({ label: '县住房和城乡建设局' });
    await page.getByLabel('协办单位').selectOption('unit-education');
    await page.getByRole('button', { name: '开始模拟' }).click();
    // The current states by their titles (one chain per parallel region), never their paths.
    const state = page.getByTestId('sim-state-title');
    await expect.poll(() => state.textContent()).toContain('办理中 › 主办 › 待签收');
    expect(await page.locator('.dg-sim').textContent()).not.toMatch(/active\.|pendingAcceptance/);
    const assist = page.locator('.dg-sim-task', { hasText: '提出协办意见：关于改善农村道路的建议' });
    await assist.getByRole('button', { name: '提交协办意见' }).click();
    await assist.getByRole('button', { name: '提交：提交协办意见' }).click();
    await expect.poll(() => assist.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await assist.getByRole('textbox', { name: '协办意见' }).fill('同意主办单位的办理方案');
    await assist.getByRole('textbox', { name: '签署人' }).fill('教育局 李局长');
    await assist.getByRole('button', { name: '提交：提交协办意见' }).click();
    await assist.waitFor({ state: 'detached' });
    await expect.poll(() => state.textContent()).toContain('办理中 › 协办意见 › 协办意见已齐');
    const log = page.getByTestId('sim-log');
    expect(await log.textContent()).toContain('办结：提出协办意见：关于改善农村道路的建议（完成：提交协办意见）');
    expect(await log.textContent()).not.toMatch(/SUBMIT_OPINION|ACCEPT/);
    await page.getByRole('button', { name: '+7 天' }).click();
    expect(await state.textContent()).toContain('办理中 › 主办 › 待签收');
    await page.getByRole('button', { name: '+7 天' }).click();
    await expect.poll(() => state.textContent()).toContain('办理中 › 主办 › 办理 › 制定办理方案');
    expect(await log.textContent()).toContain('退办期限已过，视为已签收：关于改善农村道路的建议');
    expect(await page.locator('.dg-sim-task', { hasText: '制定办理方案并与代表面商' }).count()).toBe(1);

    // Publish (saving the overlay first), then the diff against the parent.
    await page.getByRole('tab', { name: '差异与发布' }).click();
    const patch = JSON.parse((await page.getByTestId('patch').textContent()) ?? '{}');
    expect(Object.keys(patch).sort()).toEqual(['delays', 'forms']);
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认发布' }).click();
    await expect.poll(() => page.getByTestId('published-version').textContent()).toContain('已发布版本 1');
    await page.locator('tr[data-version="1"]').waitFor();
    await page.getByRole('button', { name: '与上级对比' }).click();
    const diff = page.getByTestId('diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('代表反馈期限：10 天 → 20 个工作日');
    expect(await diff.textContent()).toContain('办理成效评估');

    await page.getByRole('tab', { name: '流程图' }).click();
    await page.getByLabel('选择状态').selectOption('active.main.pendingAcceptance');
    await page.getByRole('heading', { name: '状态：办理中 › 主办 › 待签收' }).waitFor();
    await app.screenshot(page, 'designer');

    // The API serves the county's new version; the base is untouched.
    const admin = await app.login('admin');
    const def = await app.call(admin, 'GET', '/definitions/suggestion-assignment');
    expect(def.status).toBe(200);
    expect(def.body.definition.delays.feedbackWindow).toEqual({ workingDays: 20 });
    expect(def.body.definition.forms.answer.properties.selfAssessment).toMatchObject({ type: 'string', title: '办理成效评估', 'x-ui': { label_en: 'Self-assessment' } });
    expect(def.body.definition.forms.answer.properties.body.title).toBe('答复正文');
    const overlay = await app.call(admin, 'GET', '/definitions/suggestion-assignment/overlay');
    expect(overlay.body.overlay).toEqual({
      delays: { feedbackWindow: { workingDays: 20 } },
      forms: { answer: { properties: { selfAssessment: { type: 'string', title: '办理成效评估', 'x-ui': { label_en: 'Self-assessment', order: 11 } } } } },
    });
    const versions = await app.call(admin, 'GET', '/definitions/suggestion-assignment/versions');
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });
});
