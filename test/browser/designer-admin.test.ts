/**
 * The designer as a county admin uses it, in Chromium: the answer period of 承办单位办理代表建议
 * is read as "答复期限 · 3 个月" and changed to 2 个月 with a number and a unit (no ISO 8601 typed;
 * the saved overlay holds P2M); a period of 0 months and 9 re-handling rounds each get a
 * Chinese message at their input (the latter the checker's error, also in the check panel);
 * publish asks first and shows "答复期限：3 个月 → 2 个月"; cancel publishes nothing, confirm
 * publishes version 1. No event code of the package appears in the page's text.
 *
 * The state editor in titles: selecting a task state with outcomes and a timer, a state with
 * a complex guard, a parallel state and its region, and the deputy's feedback (guards on
 * settings), the page's visible text — select options and input values included — holds no
 * state key, event name, role key, delay or setting key or form id of the package; a new
 * outcome is added by its titles (the key made from the English one). Sub-process boxes say
 * the child's title, and 与上级对比 names a field removed before the latest version from the parent.
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

/** Every identifier of a package a person must not read: state keys, event names, role keys, delay and setting keys, form ids. */
function identifiers(pkg: { events?: Record<string, unknown>; roles: string[]; delays: Record<string, unknown>; settings?: Record<string, unknown>; forms: Record<string, unknown>; machine: unknown }): string[] {
  const out = new Set([...Object.keys(pkg.events ?? {}), ...pkg.roles, ...Object.keys(pkg.delays), ...Object.keys(pkg.settings ?? {}), ...Object.keys(pkg.forms)]);
  type S = { on?: Record<string, unknown>; states?: Record<string, S>; meta?: { task?: { outcomes: Record<string, unknown> } } };
  const walk = (s: S) => {
    for (const k of Object.keys(s.on ?? {})) out.add(k);
    for (const k of Object.keys(s.meta?.task?.outcomes ?? {})) out.add(k);
    for (const [k, c] of Object.entries(s.states ?? {})) {
      out.add(k);
      walk(c);
    }
  };
  walk(pkg.machine as S);
  return [...out];
}

/**
 * What a person sees on the page: its rendered text (closed <details> are not rendered), and
 * of every visible control the options it offers, its value and its placeholder — but for the
 * English titles (`lang="en"` inputs), whose words may be spelled like a key ("answer").
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('select, input, textarea'))) {
      if (!(el as HTMLElement).checkVisibility() || el.closest('[lang="en"]')) continue;
      if (el instanceof HTMLSelectElement) parts.push(...Array.from(el.options, (o) => o.text));
      else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value, el.placeholder);
    }
    return parts.join('\n');
  });
}

/** The identifiers found as whole words in the page's visible text, each with the text around it. */
async function idsOnPage(page: Page, ids: string[]): Promise<string[]> {
  const text = await visibleText(page);
  return ids.flatMap((c) => {
    const m = new RegExp(`(^|[^A-Za-z0-9_])${c.replace(/\./g, '\\.')}([^A-Za-z0-9_]|$)`).exec(text);
    return m ? [`${c} in “${text.slice(Math.max(0, m.index - 30), m.index + c.length + 30)}”`] : [];
  });
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

  it('shows the selected states by titles: no state, event, role, delay, setting or form identifier on the page', async () => {
    const admin = await app.login('admin');
    const pkg = (await app.call(admin, 'GET', '/definitions/suggestion-assignment')).body.definition;
    const ids = identifiers(pkg);
    expect(ids).toEqual(expect.arrayContaining(['pendingAcceptance', 'ACCEPT', 'unit', 'returnWindow', 'maxRehandle', 'answer', 'assist', 'tasks.done']));

    const { page } = await app.open({ width: 1440, height: 900 });
    await loginThroughForm(page, app.url, 'admin');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '流程设计' }).click();
    await page.getByRole('link', { name: '承办单位办理代表建议' }).click();
    await expect.poll(() => page.getByTestId('check-status').textContent()).toBe('检查通过');
    const editor = page.getByRole('region', { name: '状态编辑' });
    const heading = editor.getByRole('heading', { level: 3 });
    /** Selects a state by clicking its box in the diagram (near its top-left corner, on its title, for a box with boxes inside). */
    const select = async (path: string, title: string) => {
      await page.locator(`.dg-diagram [data-state="${path}"]`).click({ position: { x: 12, y: 12 } });
      await expect.poll(() => heading.textContent()).toBe(`状态：${title}`);
      expect(await idsOnPage(page, ids), path).toEqual([]);
    };

    // A task state with outcomes and a timer: outcomes, forms, role, transitions and targets by their titles.
    await select('active.main.pendingAcceptance', '办理中 › 主办 › 待签收');
    expect(await editor.getByTestId('outcomes').locator('tbody td:first-child').allTextContents()).toEqual(['签收', '申请退办']);
    expect(await editor.getByLabel('表单 申请退办').locator('option:checked').textContent()).toBe('退办申请');
    expect(await editor.getByLabel('办理角色', { exact: true }).locator('option:checked').textContent()).toBe('承办单位');
    expect(await editor.getByLabel('指定办理单位', { exact: true }).locator('option:checked').textContent()).toBe('答复单位');
    expect(await editor.locator('.dg-tname').allTextContents()).toEqual(['签收', '申请退办', '退办期限届满']);
    expect(await editor.getByLabel('目标状态 退办期限届满').locator('option:checked').textContent()).toBe('办理中 › 主办 › 办理');
    await app.screenshot(page, 'designer-state-task');

    // A new outcome by its titles: the key is made from the English title, and the title is the package's.
    await editor.getByLabel('办理结果名称').fill('暂缓签收');
    await editor.getByLabel('办理结果英文名称').fill('Defer acceptance');
    await editor.getByLabel('新增办理结果 表单').selectOption({ label: '退办申请' });
    await editor.getByRole('button', { name: '添加办理结果' }).click();
    await expect.poll(() => editor.getByTestId('outcomes').locator('tbody td:first-child').allTextContents()).toEqual(['签收', '申请退办', '暂缓签收']);
    expect(await editor.locator('tr[data-outcome="DEFER_ACCEPTANCE"]').count()).toBe(1);
    // No transition takes it yet: the checker says so in words, pinned to the state.
    expect(await editor.locator('.dg-errors-inline li').allTextContents()).toEqual(['状态“待签收”：办理结果没有对应的转移']);
    expect(await idsOnPage(page, ids)).toEqual([]);
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => page.getByTestId('check-status').textContent()).toBe('检查通过');

    // A task with due and reminder delays; a compound state with a complex guard (closed under 高级) and a targetless timer.
    await select('active.main.handling.drafting', '办理中 › 主办 › 办理 › 起草答复');
    expect(await editor.getByLabel('办理期限', { exact: true }).locator('option:checked').textContent()).toBe('答复截止时间');
    expect(await editor.getByLabel('到期前提醒', { exact: true }).locator('option:checked').textContent()).toBe('答复期限提醒提前量');
    expect(await editor.getByTestId('outcomes').locator('tbody td:first-child').allTextContents()).toEqual(['提交答复函送审核', '申请延期']);
    await select('active.main.handling', '办理中 › 主办 › 办理');
    expect(await editor.locator('.dg-tname').allTextContents()).toEqual(['同意延期', '答复截止时间届满']);
    await app.screenshot(page, 'designer-state-compound');

    // The deputy's feedback: guards on the form's fields and the settings, by their titles.
    await select('active.main.awaitingFeedback', '办理中 › 主办 › 征询代表意见');
    await app.screenshot(page, 'designer-state-feedback');

    // A parallel state and one of its regions, whose task waits for the engine's tasks.done.
    await select('active', '办理中');
    await select('active.assist', '办理中 › 协办意见');
    await select('active.assist.collecting', '办理中 › 协办意见 › 征集协办意见');
    await app.screenshot(page, 'designer-state-parallel');
    // The whole process, from the select above the diagram.
    await page.getByLabel('选择状态').selectOption('.');
    await expect.poll(() => heading.textContent()).toBe('状态：承办单位办理代表建议');
    expect(await idsOnPage(page, ids)).toEqual([]);

    // 与上级对比 names a field removed before the latest version from the parent: 承诺事项, not its key.
    const removed = await app.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { forms: { answer: { properties: { commitments: null } } } } });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((await app.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
    await page.reload();
    await page.getByRole('tab', { name: '差异与发布' }).click();
    await page.getByRole('button', { name: '与上级对比' }).click();
    await expect.poll(() => page.getByTestId('diff').locator('li').allTextContents()).toEqual(['删除表单“答复函”的字段“承诺事项”']);

    // The parent process: its sub-process box says the child's title, not its id.
    const suggestion = (await app.call(admin, 'GET', '/definitions/suggestion')).body.definition;
    const parentIds = identifiers(suggestion);
    await page.goto(`${app.url}/designer/suggestion`);
    await expect.poll(() => page.getByTestId('check-status').textContent()).toBe('检查通过');
    const spawn = page.locator('.dg-diagram [data-state="inHandling"]');
    await spawn.waitFor();
    expect(await spawn.locator('.dg-sub').first().textContent()).toBe('子流程 · 承办单位办理代表建议');
    await spawn.click({ position: { x: 12, y: 12 } });
    await expect.poll(() => heading.textContent()).toBe('状态：办理中');
    expect(await idsOnPage(page, [...parentIds, 'suggestion-assignment'])).toEqual([]);
    await app.screenshot(page, 'designer-state-spawn');
  });
});
