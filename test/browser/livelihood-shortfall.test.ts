/**
 * 由常委会决定 in Chromium (issue 16 item 6): the county's 当选不足时 is 由常委会决定; a 民生实事 vote
 * for 2 seats closes with 1 project chosen (set up over the API, deputies casting sealed
 * ballots). The standing committee's clerk (主任会议, the leader role) finds the task in 我的工作,
 * reads the candidates not chosen by name with their votes, is refused in words when ticking
 * more than the empty seat, decides one with the date and document number; the vote's page then
 * lists both projects, one 票决当选 and one 常委会决定, the decision, and the history entry.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { SealedBallots } from '../support/sealed-ballot.ts';
import type { WorkApp } from '../support/work-app.ts';
import { loginThroughForm, useBrowserApp, type BrowserApp } from './support.ts';

const candidate = (id: string, name: string) => ({
  id,
  name,
  domain: 'HOUSING',
  content: `${name}：建设内容详见可行性研究报告。`,
  totalInvestment: 1200,
  fundingSource: 'COUNTY_BUDGET',
  responsibleUnitId: 'unit-housing',
  completionDate: '2027-11-30',
});
const IDEA = { domain: 'HEALTH', need: '群众反映看病难。', proposerType: 'CITIZEN', proposerName: '赵敏', contact: '13800000000', channel: 'STATION', title: '乡镇卫生院设备更新' };
const TASK = '决定2027年度民生实事项目的1个空缺名额';

/** Completes `user`'s task of the vote that offers `outcome`, over the API. */
async function act(app: BrowserApp, user: string, vote: string, outcome: string, data?: unknown): Promise<void> {
  const token = await app.login(user);
  const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
  const task = tasks.find((t) => t.instanceId === vote && t.outcomes.some((o) => o.event === outcome));
  expect(task, `${user} has ${outcome}`).toBeDefined();
  const r = await app.call(token, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
  expect(r.status, `${user} ${outcome}: ${JSON.stringify(r.body)}`).toBe(200);
}

/** The 2027 vote to a ballot that closes with 老旧小区改造 chosen and 1 of 2 seats empty. */
async function shortVote(app: BrowserApp): Promise<string> {
  const staff = await app.login('staff');
  const started = await app.call(staff, 'POST', '/definitions/livelihood-vote/instances', { data: { year: 2027, seats: 2, collectionEnd: '2027-01-31' } });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const vote = started.body.id as string;
  await act(app, 'staff', vote, 'RECORD_IDEA', IDEA);
  await act(app, 'staff', vote, 'CLOSE_COLLECTION');
  await act(app, 'staff', vote, 'SHORTLIST', {});
  await act(app, 'staff', vote, 'PROPOSE_CANDIDATES', { candidates: [candidate('01', '老旧小区改造'), candidate('02', '公共场所AED配置'), candidate('03', '小学课后托管服务')] });
  await act(app, 'leader', vote, 'APPROVE_LIST', { opinion: '同意提请大会票决。' });
  await act(app, 'staff', vote, 'ADOPT_VOTING_RULES', { adoptedOn: '2026-12-01', reportDelivered: true });
  const ballots = (await app.call(staff, 'GET', `/ballots?instance=${vote}`)).body.ballots as Array<{ id: string; status: string }>;
  const id = ballots.find((b) => b.status === 'ready')!.id;
  // The office's tellers post their keys as their browsers would (test/support/sealed-ballot.ts speaks only HTTP).
  const tellers = [{ id: 'demo-staff', token: staff }, { id: 'demo-admin', token: await app.login('admin') }];
  const sealed = new SealedBallots({ call: app.call } as unknown as WorkApp, tellers);
  await sealed.prepare(staff, id);
  await sealed.open(staff, id);
  const marks = [{ '01': 'APPROVE', '02': 'APPROVE' }, { '01': 'APPROVE' }, { '01': 'APPROVE' }];
  for (const [i, deputy] of ['deputy1', 'deputy2', 'deputy3'].entries()) {
    expect((await sealed.cast(await app.login(deputy), id, marks[i]!)).status).toBe(201);
  }
  await sealed.closeAndPublish(staff, id);
  return vote;
}

const stateText = (page: Page) => page.locator('.state-current').textContent();

describe('the standing committee decides the empty seats of a livelihood vote, in Chromium', () => {
  const app = useBrowserApp();
  afterEach(() => expect(app.cspViolations()).toEqual([]));

  it('the SC clerk picks among the candidates not chosen, and the vote lists both kinds', { timeout: 300_000 }, async () => {
    const admin = await app.login('admin');
    expect((await app.call(admin, 'PUT', '/definitions/livelihood-vote/overlay', { patch: { settings: { shortfallAction: 'SC_DECIDES' } } })).status).toBe(200);
    expect((await app.call(admin, 'POST', '/definitions/livelihood-vote/publish')).status).toBe(201);
    const vote = await shortVote(app);

    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'leader');
    await page.getByRole('link', { name: TASK }).click();
    await page.getByRole('heading', { level: 1, name: TASK }).waitFor();
    await page.getByRole('button', { name: '常委会决定空缺名额', exact: true }).click();
    // The candidates not chosen, by name with their votes; never their ids.
    const aed = page.getByLabel('公共场所AED配置（得票1）');
    const care = page.getByLabel('小学课后托管服务（得票0）');
    await aed.waitFor();
    await care.waitFor();
    expect(await page.getByLabel(/老旧小区改造/).count()).toBe(0);
    expect(await page.locator('.outcome-form').textContent()).not.toMatch(/\b0[123]\b/);
    await page.getByLabel('决定日期').fill('2026-12-05');
    await page.getByLabel('决定文号').fill('县人常〔2026〕12号');

    // Two for one empty seat: refused in words, nothing sent.
    await aed.check();
    await care.check();
    await page.getByRole('button', { name: '提交：常委会决定空缺名额' }).click();
    await expect.poll(() => page.locator('.outcome-form').textContent(), { timeout: 15_000 }).toMatch(/最多|不能多于|至多/);
    expect((await app.call(admin, 'GET', `/instances/${vote}`)).body.state).toBe('scDeciding');

    await aed.uncheck();
    await app.screenshot(page, 'livelihood-sc-decision');
    await page.getByRole('button', { name: '提交：常委会决定空缺名额' }).click();
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe('项目实施');

    // The vote's page: both projects, each marked by how it was chosen, the decision, the history.
    const chosen = page.locator('.livelihood-result .lv-chosen li');
    await expect.poll(() => chosen.allTextContents(), { timeout: 15_000 }).toEqual(['老旧小区改造 票决当选', '小学课后托管服务 常委会决定']);
    expect(await page.locator('.lv-sc-decision').textContent()).toBe('常委会决定：2026-12-05，县人常〔2026〕12号');
    // The history: the decision, by the clerk who made it (the step into the committee's state is another entry).
    const decisionEntry = page.locator('ol.timeline li').filter({ hasText: '常委会决定空缺名额' }).filter({ hasText: '主任会议成员' });
    await expect.poll(() => decisionEntry.count(), { timeout: 15_000 }).toBe(1);
    await app.screenshot(page, 'livelihood-sc-decided');
  });
});
