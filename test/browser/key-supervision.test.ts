/**
 * 重点督办专题 in Chromium (issue 16 item 1): the leader, at a desk, proposes a theme by picking
 * the leading member by name and a suggestion in handling by its title, approves it (the
 * suggestion is marked key while its unit works on), and records the first visit. The pages
 * show names and titles, never ids.
 */
import { describe, expect, it } from 'vitest';
import { suggestionInHandling } from '../support/suggestion-in-handling.ts';
import { goTo, loginThroughForm, pick, useBrowserApp } from './support.ts';

const TITLE = '关于均衡配置城乡义务教育资源的建议';

describe('key supervision themes in the browser', () => {
  const app = useBrowserApp();

  /** A suggestion in handling by 县教育局, walked over the API. */
  const inHandling = async (title: string): Promise<string> => (await suggestionInHandling(app.call, { staff: await app.login('staff'), deputy: await app.login('deputy1') }, title)).id;

  it('a leader creates and approves a theme by picking a suggestion by title, then records a visit', async () => {
    // Setup over the API: a suggestion in handling by 县教育局.
    const staff = await app.login('staff');
    const id = await inHandling(TITLE);

    const page = (await app.open()).page;
    await loginThroughForm(page, app.url, 'leader');
    await goTo(page, '发起流程');
    await page.getByRole('link', { name: '重点督办专题' }).click();
    await page.getByRole('textbox', { name: /^督办主题/ }).fill('教育资源均衡');
    const leaderName = (await app.call(staff, 'GET', '/directory/names?kind=user&ids=demo-leader')).body.names[0].name as string;
    await pick(page, /牵头领导/, leaderName, leaderName);
    await pick(page, /督办建议/, '义务教育', `${(await app.call(staff, 'GET', `/instances/${id}`)).body.context.serialNo} 《${TITLE}》`);
    await page.getByRole('button', { name: '添加一项' }).first().click();
    await page.getByLabel('视察', { exact: true }).first().check();
    await page.getByLabel(/^日期/).first().fill('2030-04-20');
    await page.getByRole('textbox', { name: /^地点/ }).first().fill('城东小学');
    await page.getByRole('textbox', { name: /^参加人员/ }).first().fill('领衔代表、县教育局');
    await page.getByLabel(/^日期/).nth(1).fill('2030-05-26');
    await page.getByRole('textbox', { name: /^地点/ }).nth(1).fill('常委会会议室');
    await page.getByRole('button', { name: '发起', exact: true }).click();
    await page.locator('.state-current', { hasText: '待主任会议审定' }).first().waitFor();

    // The chair council (the leader) approves it from the inbox.
    await page.goto(app.url);
    await page.getByRole('link', { name: '审定重点督办专题：教育资源均衡' }).first().click();
    await page.getByRole('button', { name: '审定列入重点督办', exact: true }).click();
    await page.getByRole('button', { name: /提交.审定列入重点督办/ }).click();
    await page.locator('.linked-case').first().waitFor();
    await app.screenshot(page, 'key-supervision-approved');
    const linked = (await page.locator('.linked-case').first().innerText()).replace(/\s+/g, ' ');
    expect(linked).toContain(`《${TITLE}》`);
    expect(linked).toContain('办理中');
    expect(linked).toContain('督办建议');

    const marked = (await app.call(staff, 'GET', `/instances/${id}`)).body;
    expect(marked.context.supervisionLevel).toBe('KEY_CHAIR');
    expect(marked.context.keyTheme.title).toBe('教育资源均衡');

    // The leading member records the visit.
    await page.goto(app.url);
    await page.getByRole('link', { name: '记录视察调研（城东小学）：教育资源均衡' }).first().click();
    await page.getByRole('button', { name: '记录视察调研', exact: true }).click();
    await page.getByLabel(/^实际日期/).fill('2030-04-20');
    await page.getByRole('textbox', { name: /^参加人员/ }).fill('领衔代表、县教育局');
    await page.getByRole('textbox', { name: /^视察调研情况/ }).fill('城东小学新校区建设进度滞后，需协调用地。');
    await page.getByRole('button', { name: /提交.记录视察调研/ }).click();
    await expect.poll(async () => (await app.call(staff, 'GET', `/instances/${(await app.call(staff, 'GET', `/instances/${id}`)).body.context.keyTheme.instanceId}`)).body.context.visitRecords?.length, { timeout: 15000 }).toBe(1);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|KEY_CHAIR|RECORD_VISIT/);
    await app.screenshot(page, 'key-supervision-visit');
  });
  it('a leader at a desk adds a suggestion in handling to a running theme from its own page, choosing the theme by name; the theme page lists it and reads its figures in words', async () => {
    const staff = await app.login('staff');
    const leader = await app.login('leader');
    const first = await inHandling('关于新建城北学校的建议');
    const added = '关于增加城区学位供给的建议';
    const id = await inHandling(added);
    const row = async (sid: string) => {
      const c = (await app.call(staff, 'GET', `/instances/${sid}`)).body.context;
      return { instanceId: sid, serialNo: c.serialNo, title: c.title };
    };
    const theme = await app.call(leader, 'POST', '/definitions/key-supervision/instances', {
      data: {
        theme: '学位供给', leadLeaderId: 'demo-leader', level: 'KEY_CHAIR', suggestions: [await row(first)],
        visits: [{ kind: 'RESEARCH', date: '2030-04-22', place: '城北新区', participants: '领衔代表、县教育局' }], meeting: { date: '2030-05-26', place: '常委会会议室' },
      },
    });
    expect(theme.status, JSON.stringify(theme.body)).toBe(201);
    const approve = (theme.body.openTasks as Array<{ id: string }>)[0] as { id: string };
    expect((await app.call(leader, 'POST', `/tasks/${approve.id}/complete`, { outcome: 'APPROVE', data: { opinion: '同意。' } })).status).toBe(200);

    // The leader finds the suggestion in the register by its title and opens its page.
    const page = (await app.open()).page;
    await loginThroughForm(page, app.url, 'leader');
    await goTo(page, '台账');
    await page.getByRole('heading', { level: 1, name: '代表建议台账' }).waitFor();
    await page.getByRole('link', { name: added }).first().click();
    await page.getByRole('heading', { level: 1, name: added }).waitFor();
    await page.getByRole('button', { name: '列入重点督办专题', exact: true }).click();
    // The running themes by their names (never ids); 学位供给 is chosen, with a reason.
    const choices = page.getByRole('radiogroup', { name: /重点督办专题/ }).getByRole('radio');
    await expect.poll(async () => (await page.getByRole('radiogroup', { name: /重点督办专题/ }).innerText()).replace(/\s+/g, ' '), { timeout: 15000 }).toContain('学位供给');
    expect(await choices.count()).toBeGreaterThan(0);
    await page.getByLabel('学位供给', { exact: true }).check();
    await page.getByRole('textbox', { name: /^列入理由/ }).fill('同属城区学位供给问题，一并督办。');
    await app.screenshot(page, 'key-theme-add-from-suggestion');
    await page.getByRole('button', { name: /确认.列入重点督办专题/ }).click();

    // The page now names its theme, and the button is gone (it is key now).
    await expect.poll(async () => (await page.locator('.linked-cases').innerText().catch(() => '')).replace(/\s+/g, ' '), { timeout: 15000 }).toContain('重点督办专题 《学位供给》');
    await expect.poll(async () => page.getByRole('button', { name: '列入重点督办专题', exact: true }).count(), { timeout: 15000 }).toBe(0);
    const marked = (await app.call(staff, 'GET', `/instances/${id}`)).body.context.keyTheme;
    expect(marked).toEqual({ title: '学位供给', leaderId: 'demo-leader', instanceId: theme.body.id });

    // The theme's page lists both suggestions and reads its figures in words.
    await page.locator('.linked-case').getByRole('link', { name: '《学位供给》' }).click();
    await page.getByRole('heading', { level: 1, name: '学位供给' }).waitFor();
    await expect.poll(async () => (await page.locator('.key-theme-figures').innerText().catch(() => '')).replace(/\s+/g, ' '), { timeout: 15000 }).toContain('督办建议2件');
    const linked = (await page.locator('.linked-cases').innerText()).replace(/\s+/g, ' ');
    expect(linked).toContain(`《${added}》`);
    expect(linked).toContain('《关于新建城北学校的建议》');
    const figures = (await page.locator('.key-theme-figures').innerText()).split('\n').map((l) => l.trim()).filter(Boolean);
    expect(figures).toEqual([
      '督办情况',
      '督办建议2件',
      '已答复0件，已办结0件',
      '领衔代表评价：满意0件，基本满意0件，不满意0件',
      '视察调研：计划1次，已完成0次，逾期0次',
      '推进会：尚未召开（安排在2030年5月26日）',
    ]);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|KEY_CHAIR|ADD_SUGGESTIONS|MARK_KEY/);
    await app.screenshot(page, 'key-theme-figures');

    // 年度概览 of the theme's year lists it with the same sentences, its title opening its page.
    const year = (await app.call(staff, 'GET', '/key-themes')).body.year as number;
    await page.goto(`${app.url}/statistics?period=year:${year}`);
    const ofYear = page.locator('.glance-key-themes li.card', { hasText: '学位供给' });
    await expect.poll(async () => (await ofYear.innerText().catch(() => '')).replace(/\s+/g, ' '), { timeout: 15000 }).toContain('督办建议2件');
    expect((await ofYear.innerText()).split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['学位供给', ...figures.slice(1)]);
    await app.screenshot(page, 'key-themes-of-year');
    await ofYear.getByRole('link', { name: '学位供给' }).click();
    await page.getByRole('heading', { level: 1, name: '学位供给' }).waitFor();
  });
});
