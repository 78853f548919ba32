/**
 * Names, not ids, in Chromium: a deputy on a 390×844 phone adds co-signers (联名代表) by typing
 * part of a name and by pinyin initials, sees them as chips by name and submits; the stored
 * suggestion holds their ids. A unit clerk drafts an answer picking 抄送 by name; its 签发人 is
 * the user who signs it (no picker). The inbox names who started an item and the unit handling it.
 */
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, pick, useBrowserApp } from './support.ts';

const TITLE = '关于在农村集市增设公厕的建议';

describe('pickers search the directory by name', () => {
  const app = useBrowserApp();

  it('a deputy on a phone adds co-signers by name and by pinyin initials', async () => {
    const { page } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(page, app.url, 'deputy1');
    await goTo(page, '发起流程');
    await page.getByRole('link', { name: '代表建议、批评和意见办理' }).click();
    await page.getByRole('heading', { name: '发起流程：代表建议、批评和意见办理' }).waitFor();

    // The lead deputy starts as the deputy themself, shown by name.
    const lead = page.locator('[data-pointer="/leadDeputyId"]');
    await expect.poll(() => lead.locator('.chip > span:first-child').allTextContents()).toEqual(['王建国']);
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('内容').fill('集市人流量大，周边无公厕，群众如厕难。');
    await page.getByLabel('闭会建议').check();
    await page.getByLabel('形成来源').selectOption({ label: '专题调研' });

    // 联名代表: part of a name…
    const co = page.getByRole('combobox', { name: '联名代表' });
    const list = page.getByRole('listbox', { name: '联名代表' });
    expect(await co.getAttribute('aria-expanded')).toBe('false');
    await co.fill('秀英');
    const option = list.getByRole('option', { name: /李秀英/ });
    await expect.poll(() => list.getByRole('option').allTextContents()).toEqual(['李秀英']);
    expect(await co.getAttribute('aria-expanded')).toBe('true');
    expect(await co.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await app.screenshot(page, 'pickers-deputy-list');
    await option.tap();
    const chips = page.locator('[data-pointer="/coSignerIds"] .chip > span:first-child');
    await expect.poll(() => chips.allTextContents()).toEqual(['李秀英']);
    // …and pinyin initials, chosen with the keyboard (the list offers only who is not chosen yet).
    await co.fill('zw');
    await list.getByRole('option', { name: /张伟/, selected: true }).waitFor();
    expect(await list.getByRole('option').count()).toBe(1);
    await co.press('Enter');
    await expect.poll(() => chips.allTextContents()).toEqual(['李秀英', '张伟']);
    // A third one by tapping, then removed again with its chip's × button.
    await pick(page, '联名代表', 'lf', '刘芳');
    await page.getByRole('button', { name: '移除 刘芳' }).tap();
    await expect.poll(() => chips.allTextContents()).toEqual(['李秀英', '张伟']);
    // Escape closes the list.
    await co.fill('czq');
    await list.getByRole('option', { name: /陈志强/ }).waitFor();
    await co.press('Escape');
    expect(await co.getAttribute('aria-expanded')).toBe('false');
    expect(await list.isHidden()).toBe(true);
    await co.press('Escape');
    expect(await co.inputValue()).toBe('');

    // The page shows names, never ids, and fits the phone.
    const text = await page.locator('main, body').first().innerText();
    expect(text).not.toMatch(/demo-|deputy\d|请填写编号/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(page, 'pickers-deputy-chips');
    await page.getByRole('button', { name: '发起' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();

    // Stored: ids, in the order chosen.
    const token = await app.login('deputy1');
    const [started] = (await app.call(token, 'GET', '/instances?mine=1&definition=suggestion')).body.instances as Array<{ id: string }>;
    const view = (await app.call(token, 'GET', `/instances/${started?.id}`)).body;
    expect(view.context.leadDeputyId).toBe('demo-deputy1');
    expect(view.context.coSignerIds).toEqual(['demo-deputy2', 'demo-deputy3']);
  });

  it('a unit clerk drafts the answer picking 抄送 by name; the 签发人 is the user who signs', async () => {
    const admin = await app.login('admin');
    // The unit's head holds the position 签发人 (migration 034): the letter is signed by them, not picked in the form.
    const head = await app.call(admin, 'POST', '/users', { username: 'housinghead', displayName: '周建华', password: 'longenough1', roles: ['unit'], unitId: 'unit-housing', positions: ['signer'] });
    expect(head.status, JSON.stringify(head.body)).toBe(201);
    // The suggestion up to the unit's drafting task, by API.
    const deputy = await app.login('deputy1');
    const data = { title: '关于整治城区占道经营的建议', body: '占道经营影响通行。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };
    expect((await app.call(deputy, 'POST', '/definitions/suggestion/instances', { data })).status).toBe(201);
    const act = async (user: string | { token: string }, outcome: string, body?: unknown) => {
      const token = typeof user === 'string' ? await app.login(user) : user.token;
      const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceTitle: string; outcomes: Array<{ event: string }> }>;
      const task = tasks.find((x) => x.instanceTitle === data.title && x.outcomes.some((o) => o.event === outcome));
      const r = await app.call(token, 'POST', `/tasks/${task?.id}/complete`, { outcome, data: body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await act('staff', 'ACCEPT', { categoryCode: 'OTHER' });
    await act('staff', 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    await act('staff', 'APPROVE_ASSIGNMENT', {});
    await act('unit1', 'ACCEPT');
    await act('unit1', 'LOG_CONSULTATION', { date: '2026-04-02', mode: 'PHONE', summary: '电话沟通。' });
    await act('unit1', 'START_DRAFT');

    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'unit1');
    // The inbox row names the lead deputy, not their id.
    const row = page.locator('.card', { hasText: `起草答复函（拟稿），送本单位审核：${data.title}` });
    await expect.poll(() => row.locator('.names').textContent(), { timeout: 15000 }).toBe('领衔代表 王建国');
    await app.screenshot(page, 'pickers-unit-inbox');
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: `起草答复函（拟稿），送本单位审核：${data.title}` }).waitFor();
    await page.getByRole('button', { name: '提交答复函送审核', exact: true }).click();
    await page.getByLabel('已经解决或基本解决').check();
    await page.getByLabel('答复正文').fill('已开展专项整治，设置临时摊区。');
    await page.getByLabel('联系人').fill('周建华');
    await page.getByLabel('联系电话').fill('0838-7654321');
    await page.getByLabel('已加盖公章').check();
    // Neither 文号 nor 签发人 is typed or picked: both come at signing.
    expect(await page.getByLabel('文号').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: /签发人/ }).count()).toBe(0);
    // 抄送: offices by name.
    await pick(page, /抄送/, '人事代表', '县人大常委会人事代表工作委员会');
    expect(await page.locator('form').innerText()).not.toMatch(/demo-|unit-housing|office-|请填写编号/);
    await app.screenshot(page, 'pickers-unit-draft');
    await page.getByRole('button', { name: '提交：提交答复函送审核' }).click();
    await expect.poll(() => page.locator('.state-current').textContent(), { timeout: 15000 }).toContain('审核答复函');

    // 审核 by the clerk's unit (the demo clerk holds every position), 签发 by the head.
    await act('unit1', 'APPROVE_DRAFT');
    const headToken = (await app.call(null, 'POST', '/auth/login', { username: 'housinghead', password: 'longenough1' })).body.token as string;
    await act({ token: headToken }, 'SUBMIT_ANSWER');

    const staff = await app.login('staff');
    const list = (await app.call(staff, 'GET', '/instances?definition=suggestion')).body.instances as Array<{ id: string; title: string }>;
    const suggestion = (await app.call(staff, 'GET', `/instances/${list.find((i) => i.title === data.title)?.id}`)).body;
    const [answer] = (suggestion.children as Array<{ context: { answer?: { signerId: string; signerName: string; ccOffices: string[] } } }>).map((c) => c.context.answer);
    expect(answer?.signerId).toBe(head.body.id);
    expect(answer?.signerName).toBe('周建华');
    expect(answer?.ccOffices).toEqual(['office-deputy-affairs']);
  });
});
