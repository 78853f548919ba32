/**
 * A suggestion through the work portal in Chromium, every step through the generated forms:
 * staff register a deputy's suggestion (start form with the deputy picker), screen it
 * (ACCEPT with the registration form), propose and approve the assignment; unit1 accepts,
 * logs a consultation, starts drafting and sends the answer letter for review (a field error
 * first), approves and signs it (拟稿 → 审核 → 签发);
 * deputy1 rates the answer on a 390×844 phone.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, pick, useBrowserApp } from './support.ts';

const TITLE = '关于在城区老旧小区加装电梯的建议';

/** The current state the instance page shows (its own, not that of a linked case such as the 跟踪办理 it started). */
const stateText = (page: Page) => page.locator('.state-current[data-state]').textContent();

async function openTask(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

describe('a suggestion through the work portal', () => {
  const app = useBrowserApp();
  // Under the app's policy (script-src 'self', no eval: forms validate with the interpreted validator) nothing is refused.
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  it('staff register and assign, the unit answers using the county’s new field, the deputy rates it on a phone', async () => {
    // ---- the county has added 办理成效评估 to the answer letter (as the designer test does through the UI)
    const admin = await app.login('admin');
    const field = { type: 'string', title: '办理成效评估', 'x-ui': { label_en: 'Self-assessment', order: 12 } };
    expect((await app.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: { forms: { answer: { properties: { selfAssessment: field } } } } })).status).toBe(200);
    expect((await app.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);

    // ---- staff: start the suggestion for deputy1 through the start form
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    await page.getByRole('navigation').getByRole('link', { name: '发起流程' }).click();
    await page.getByRole('link', { name: '代表建议、批评和意见办理' }).click();
    await page.getByRole('heading', { name: '发起流程：代表建议、批评和意见办理' }).waitFor();
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('内容').fill('城区多个老旧小区无电梯，老年居民上下楼困难，建议出台加装电梯补助办法。');
    await page.getByLabel('大会建议').check();
    // The deputy picker searches the county's deputies by name (GET /api/directory).
    await pick(page, '领衔代表', '建国', '王建国');
    await page.getByLabel('形成来源').selectOption({ label: '专题调研' });
    // A conditional field: 代表团 shows for 大会建议 only.
    expect(await page.getByLabel('代表团').count()).toBe(1);
    await page.getByLabel('闭会建议').check();
    expect(await page.getByLabel('代表团').count()).toBe(0);
    await page.getByLabel('大会建议').check();
    // An attachment, uploaded as it is chosen.
    await page.getByLabel(/上传附件/).setInputFiles({ name: '调研报告.txt', mimeType: 'text/plain', buffer: Buffer.from('老旧小区调研：32个小区无电梯。') });
    await page.locator('.file-name', { hasText: '调研报告.txt' }).waitFor();
    await page.getByRole('button', { name: '发起' }).click();

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expect.poll(() => stateText(page)).toBe('审查');
    expect(await page.locator('.state-box.current .state-name').allTextContents()).toEqual(['审查']);
    await page.getByRole('heading', { name: '办理记录' }).waitFor();
    expect(await page.locator('ol.timeline li').first().textContent()).toContain('人代工委工作人员');

    // ---- screening: ACCEPT with the registration form
    await openTask(page, `审查代表建议：${TITLE}`);
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.getByLabel('建议分类').selectOption({ label: '城乡建设与管理类' });
    await page.getByRole('button', { name: '提交：受理' }).click();
    await expect.poll(() => stateText(page)).toBe('已登记');
    expect(await page.locator('.serial-no').textContent()).toContain('十八届一次-0001');

    // ---- PROPOSE_ASSIGNMENT: 单独办理 by unit-housing
    await openTask(page, `拟定交办意见：${TITLE}`);
    await page.getByRole('button', { name: '拟办交办', exact: true }).click();
    await page.getByLabel('单独办理').check();
    await pick(page, '主办单位', 'zf', '县住房和城乡建设局');
    expect(await page.getByText('协办/会办单位').count()).toBe(0);
    await page.getByRole('radiogroup', { name: /督办级别/ }).getByLabel('一般建议（常态督办）').check();
    await page.getByRole('button', { name: '提交：拟办交办' }).click();
    await expect.poll(() => stateText(page)).toBe('拟办待审定');

    // ---- APPROVE_ASSIGNMENT
    await openTask(page, `审定交办方案：${TITLE}`);
    await page.getByRole('button', { name: '审定交办', exact: true }).click();
    await page.getByRole('textbox', { name: '意见' }).fill('同意交办。');
    await page.getByRole('button', { name: '提交：审定交办' }).click();
    await expect.poll(() => stateText(page)).toBe('办理中');
    await page.getByRole('heading', { name: '子流程' }).waitFor();
    // The child and back to its parent, in the same page (the router keeps the page, the id changes).
    // The child is named by the unit that handles it, not by its title or key.
    await page.locator('h2:text-is("子流程") + ul').getByRole('link', { name: '县住房和城乡建设局' }).click();
    await expect.poll(() => stateText(page)).toContain('待签收');
    await page.getByRole('link', { name: '上级事项' }).click();
    await expect.poll(() => stateText(page)).toBe('办理中');

    // ---- unit1: accept, consult, draft, answer
    const unit = (await app.open()).page;
    await loginThroughForm(unit, app.url, 'unit1');
    await openTask(unit, `签收交办建议或申请退办：${TITLE}`);
    await unit.getByRole('button', { name: '签收', exact: true }).click();
    await unit.getByRole('button', { name: '确认：签收' }).click();
    await expect.poll(() => stateText(unit)).toContain('制定办理方案');

    await openTask(unit, `制定办理方案并与代表面商：${TITLE}`);
    await unit.getByRole('button', { name: '登记面商沟通', exact: true }).click();
    await unit.getByLabel('沟通日期').fill('2026-03-05');
    await unit.getByLabel('当面').check();
    await unit.getByLabel('沟通情况').fill('与王建国代表当面沟通加装电梯补助方案。');
    await unit.getByLabel('承办单位参加人员').fill('张科长，李干事');
    await unit.getByRole('button', { name: '提交：登记面商沟通' }).click();
    await expect.poll(() => stateText(unit)).toContain('面商沟通');

    await openTask(unit, `面商沟通，完成后起草答复：${TITLE}`);
    await unit.getByRole('button', { name: '开始起草答复', exact: true }).click();
    await unit.getByRole('button', { name: '确认：开始起草答复' }).click();
    await expect.poll(() => stateText(unit)).toContain('起草答复');

    await openTask(unit, `起草答复函（拟稿），送本单位审核：${TITLE}`);
    await unit.getByRole('button', { name: '提交答复函送审核', exact: true }).click();
    await unit.getByLabel('已列入计划逐步解决').check();
    // A repeating group that shows for B/C only, with rows added and removed.
    const commitments = unit.locator('[data-pointer="/commitments"]');
    await commitments.getByRole('button', { name: '添加一项' }).click();
    await commitments.getByRole('button', { name: '添加一项' }).click();
    expect(await unit.locator('fieldset.repeat-row').count()).toBe(2);
    await commitments.locator('fieldset.repeat-row').nth(1).getByRole('button', { name: '删除' }).click();
    expect(await unit.locator('fieldset.repeat-row').count()).toBe(1);
    await unit.getByLabel(/^事项/).fill('2026年内完成首批20部电梯加装');
    await unit.getByLabel('完成时限').fill('2026-12-31');
    await unit.getByLabel('答复正文').fill('我局已会同财政局起草老旧小区加装电梯补助办法，年内试点。');
    await unit.getByLabel('联系人').fill('张科长');
    // Neither 文号 nor 签发人 is in the draft: the number is given and the signer recorded at 签发.
    expect(await unit.getByLabel('文号').count()).toBe(0);
    expect(await unit.getByRole('combobox', { name: /签发人/ }).count()).toBe(0);
    await unit.getByLabel('办理成效评估').fill('首批试点小区已开工，居民满意度调查92%。');
    await unit.getByLabel('已加盖公章').check();
    await pick(unit, /抄送/, 'rsdb', '县人大常委会人事代表工作委员会');
    await app.screenshot(unit, 'form');
    // 联系电话 left empty: the error is pinned to its field, in Chinese, and nothing is sent.
    await unit.getByRole('button', { name: '提交：提交答复函送审核' }).click();
    const phoneError = unit.locator('[data-pointer="/contactPhone"] .field-error');
    await expect.poll(() => phoneError.textContent(), { timeout: 15000 }).toContain('请填写「联系电话」');
    expect(await unit.getByLabel('联系电话').getAttribute('aria-invalid')).toBe('true');
    expect(await unit.getByRole('alert').textContent()).toContain('表单有错误');
    await unit.getByLabel('联系电话').fill('0838-1234567');
    await expect.poll(() => phoneError.count(), { timeout: 15000 }).toBe(0);
    await unit.getByRole('button', { name: '提交：提交答复函送审核' }).click();
    await expect.poll(() => stateText(unit), { timeout: 15000 }).toContain('审核答复函');

    // 审核 and 签发 in the unit (the demo clerk holds every position); the signer is the signing user.
    await openTask(unit, `审核答复函：${TITLE}`);
    await unit.getByRole('button', { name: '审核同意，送签发', exact: true }).click();
    await unit.getByRole('button', { name: '确认：审核同意，送签发' }).click();
    await expect.poll(() => stateText(unit), { timeout: 15000 }).toContain('签发答复函');
    await openTask(unit, `签发答复函：${TITLE}`);
    await unit.getByRole('button', { name: '签发答复函', exact: true }).click();
    await unit.getByRole('button', { name: '确认：签发答复函' }).click();
    await expect.poll(() => stateText(unit)).toContain('征询代表意见');
    const instances = (await app.call(admin, 'GET', '/instances?definition=suggestion')).body.instances as Array<{ id: string }>;
    const suggestion = (await app.call(admin, 'GET', `/instances/${instances[0]?.id}`)).body;
    const [attachment] = suggestion.context.attachments as Array<{ fileId: string; name: string }>;
    expect(attachment?.name).toBe('调研报告.txt');
    const file = await fetch(`${app.url}/api/files/${attachment?.fileId}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(await file.text()).toBe('老旧小区调研：32个小区无电梯。');
    const children = suggestion.children as Array<{ context: { answer?: { selfAssessment?: string } } }>;
    expect(children.map((c) => c.context.answer?.selfAssessment)).toEqual(['首批试点小区已开工，居民满意度调查92%。']);

    // ---- deputy1 on a phone: rate the answer
    const deputy = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(deputy, app.url, 'deputy1');
    await openTask(deputy, `填写征询意见表：${TITLE}`);
    // One outcome: its form is open straight away.
    const result = deputy.getByRole('radiogroup', { name: /对办理结果/ });
    await result.waitFor();
    await deputy.getByRole('radiogroup', { name: /是否面商或联系/ }).getByLabel('当面', { exact: true }).check();
    await result.getByLabel('满意', { exact: true }).check();
    expect(await deputy.getByLabel('要求重新办理').count()).toBe(0);
    // Nothing is wider than the phone, and every input has a label.
    expect(await deputy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const unlabelled = await deputy.$$eval('input, select, textarea', (els) =>
      els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')).map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await app.screenshot(deputy, 'deputy-phone');
    await deputy.getByRole('button', { name: '提交：评价答复' }).click();
    await expect.poll(() => stateText(deputy)).toBe('已结束');
    // 抄送我: what the process told the deputy, linked to the suggestion.
    await goTo(deputy, '我的工作');
    await deputy.getByRole('tab', { name: '抄送我' }).click();
    await deputy.getByRole('link', { name: new RegExp(`承办单位已答复您领衔的建议《${TITLE}》`) }).waitFor();

    // ---- staff: the suggestion is concluded, its history names who did what
    await page.reload();
    await expect.poll(() => stateText(page)).toBe('已办结');
    const history = await page.locator('ol.timeline').textContent();
    for (const who of ['人代工委工作人员', '住建局办理员', '王建国']) expect(history).toContain(who);
    expect(await page.locator('.state-box.current .state-name').allTextContents()).toEqual(['已办结']);
    await app.screenshot(page, 'instance');
  });
});
