/**
 * 办理结果分类 on a desk: once the county chooses the four-level taxonomy (the overlay sets the
 * setting only), the unit clerk's answer form offers the four categories by their titles — and
 * the designer's settings page names the choice and lists its categories.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { loginThroughForm, useBrowserApp, type BrowserApp, actThroughApi } from './support.ts';

const TITLE = '关于增设社区公共充电桩的建议';
const FOUR = ['已经解决或基本解决', '正在解决或有关工作已启动', '已列入规划计划逐步解决', '因条件限制暂时难以解决，留作参考'];
const FOUR_LEVEL = JSON.parse(readFileSync(new URL('../../definitions/suggestion-assignment/overlays/four-level-results.json', import.meta.url), 'utf8'));

const act = (app: BrowserApp, token: string, instanceId: string, outcome: string, data?: unknown) => actThroughApi(app, token, instanceId, outcome, data);

describe('the result taxonomy a county chooses, on a desk', () => {
  const app = useBrowserApp();

  it('the clerk of a four-level county is offered A–D by title on the answer task', async () => {
    const admin = await app.login('admin');
    expect((await app.call(admin, 'PUT', '/definitions/suggestion-assignment/overlay', { patch: FOUR_LEVEL })).status).toBe(200);
    expect((await app.call(admin, 'POST', '/definitions/suggestion-assignment/publish')).status).toBe(201);
    const [staff, deputy1, unit3] = [await app.login('staff'), await app.login('deputy1'), await app.login('unit3')];
    const id = (await app.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: TITLE } })).body.id as string;
    await act(app, staff, id, 'ACCEPT', REGISTRATION);
    await act(app, staff, id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-health', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    const childId = (await act(app, staff, id, 'APPROVE_ASSIGNMENT', { comment: '同意交办。' })).children[0].id as string;
    await act(app, unit3, childId, 'ACCEPT');
    await act(app, unit3, childId, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'PHONE', summary: '电话沟通。' });
    await act(app, unit3, childId, 'START_DRAFT');

    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'unit3');
    const taskTitle = `起草答复函（拟稿），送本单位审核：${TITLE}`;
    await page.getByRole('link', { name: taskTitle }).click();
    await page.getByRole('heading', { level: 1, name: taskTitle }).waitFor();
    await page.getByRole('button', { name: '提交答复函送审核', exact: true }).click();
    const group = page.getByRole('radiogroup', { name: '办理结果分类' }).or(page.getByRole('group', { name: '办理结果分类' }));
    await expect.poll(async () => (await group.getByRole('radio').count()), { timeout: 15000 }).toBe(4);
    for (const title of FOUR) await expect.poll(async () => page.getByLabel(title, { exact: true }).count(), { timeout: 15000 }).toBe(1);
    await app.screenshot(page, 'result-taxonomy-four-level-answer');
    // The clerk picks D by its title (the richer walk of the form is walk-words.test.ts's).
    await page.getByLabel(FOUR[3] as string, { exact: true }).check();
    expect(await page.getByLabel(FOUR[3] as string, { exact: true }).isChecked()).toBe(true);
  });
});
