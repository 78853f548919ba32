/**
 * Report-back to voters in Chromium (issue 15 item 6): the office clerk puts the term's three
 * deputies on the plan from the report-back page; 王建国 writes his report on a 390×844 phone
 * from his inbox; the clerk schedules the meeting with the task form; after the meeting the
 * voters' ballot runs (tellers' keys, two voters' phones with their passes, decryption — through
 * the API, as ballot.test.ts drives them in full) and the clerk, a teller, enters the paper
 * counts on the ballot page; the coverage page then says in words who has reported back, the
 * coverage and the satisfaction, with 王建国's result — no codes.
 */
import { describe, expect, it } from 'vitest';
import type { BallotMarks } from '../../runtime/ballot/index.ts';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import { osRandom, SealedBallots } from '../support/sealed-ballot.ts';
import type { WorkApp } from '../support/work-app.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('report-back to voters in Chromium', () => {
  const app = useBrowserApp();

  it('plan on the page, the deputy drafts on a phone, the clerk schedules and enters paper counts, coverage in words', { timeout: 300_000 }, async () => {
    await app.db.insertInto('terms').values({ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2026-01-01', ends_on: null }).execute();
    await app.db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', 'in', ['demo-deputy1', 'demo-deputy2', 'demo-deputy3']).execute();
    const staffToken = await app.login('staff');
    const taskOf = async (token: string, outcome: string) => {
      const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
      return tasks.find((t) => t.outcomes.some((o) => o.event === outcome))!;
    };

    // ---- the clerk plans the term on the report-back page
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('navigation').getByRole('link', { name: '代表述职' }).click();
    await desk.getByRole('heading', { name: '代表向选民述职' }).waitFor();
    await expect.poll(() => desk.locator('.rb-coverage').textContent()).toContain('第十八届：本届在任代表 3 人，已向选民述职 0 人，尚未述职 3 人');
    for (const name of ['王建国', '李秀英', '张伟']) await desk.getByLabel(`列入述职计划：${name}`).check();
    await desk.getByRole('button', { name: '列入述职计划' }).click();
    await expect.poll(() => desk.getByRole('status').textContent()).toContain('已列入计划：3 名代表。');
    await expect.poll(() => desk.locator('.rb-table').textContent()).toContain('已列入述职计划');

    // ---- 王建国 writes his report on his phone, from his inbox
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(phone, app.url, 'deputy1');
    await phone.getByRole('link', { name: '撰写述职报告（第十八届）' }).click();
    await phone.getByRole('button', { name: '提交述职报告', exact: true }).click();
    await phone.getByLabel('报告标题').fill('本人履行代表职责情况的报告');
    await phone.getByLabel('出席会议、提出建议和闭会期间履职情况').fill('出席县人代会，领衔提出建议3件，参加常委会组织的视察2次。');
    await phone.getByLabel('联系选民和为群众办实事情况').fill('进站接待选民6次，推动解决东街道路积水问题。');
    await phone.getByLabel('存在不足和改进措施').fill('今后每季度进站接待一次。');
    await app.screenshot(phone, 'report-back-deputy-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole('button', { name: '提交：提交述职报告' }).click();
    await expect.poll(() => phone.locator('main').textContent()).toContain('述职报告审核中');

    // ---- the office approves (API) and the clerk schedules the meeting with the task form
    const review = await taskOf(staffToken, 'APPROVE_REPORT');
    const instanceId = review.instanceId;
    expect((await app.call(staffToken, 'POST', `/tasks/${review.id}/complete`, { outcome: 'APPROVE_REPORT', data: { note: '同意。' } })).status).toBe(200);
    await desk.getByRole('navigation').getByRole('link', { name: '我的工作' }).click();
    await desk.getByRole('link', { name: '安排述职会：王建国' }).click();
    await desk.getByRole('button', { name: '安排述职会', exact: true }).click();
    await desk.getByLabel('述职会日期').fill('2026-12-20');
    await desk.getByLabel('开始时间').fill('09:00');
    await desk.getByLabel('述职地点').fill('城关镇代表之家');
    await desk.getByRole('button', { name: '提交：安排述职会' }).click();
    await expect.poll(() => desk.locator('main').textContent()).toContain('已安排述职会');

    // ---- the meeting is held (API); the voters' ballot: tellers' keys, 2 phones, close
    const hold = await taskOf(staffToken, 'HOLD');
    expect((await app.call(staffToken, 'POST', `/tasks/${hold.id}/complete`, { outcome: 'HOLD', data: { votersPresent: 40 } })).status).toBe(200);
    const ballotId = ((await app.call(staffToken, 'GET', `/ballots?instance=${instanceId}`)).body.ballots as Array<{ id: string; status: string }>).find((b) => b.status === 'ready')!.id;
    const tellers = [{ id: 'demo-staff', token: staffToken }, { id: 'demo-admin', token: await app.login('admin') }];
    const sealed = new SealedBallots({ call: app.call } as unknown as WorkApp, tellers);
    await sealed.prepare(staffToken, ballotId);
    await sealed.open(staffToken, ballotId);
    const passes = (await app.call(staffToken, 'GET', `/ballots/${ballotId}/voter-passes`)).body.passes as Array<{ pass: string }>;
    const votes: BallotMarks[] = [{ 履职情况: 'SATISFIED', 联系群众: 'SATISFIED', 建议办理: 'SATISFIED' }, { 履职情况: 'SATISFIED', 联系群众: 'BASIC', 建议办理: 'UNSATISFIED' }];
    for (const [i, marks] of votes.entries()) {
      const path = `/public/voter-ballots/demo/${ballotId}/${passes[i]!.pass}`;
      const f = (await app.call(null, 'GET', path)).body.ballot;
      expect((await app.call(null, 'POST', `${path}/votes`, { sealed: sealBallot(f.spec, f.jointKey, marks, osRandom, f.context) })).status).toBe(201);
    }
    expect((await app.call(staffToken, 'POST', `/ballots/${ballotId}/close`)).status).toBe(200);

    // ---- the clerk, a teller, enters the paper counts on the ballot page
    await desk.goto(`${app.url}/ballots/${ballotId}`);
    const paper = desk.locator('.paper-form');
    await paper.waitFor();
    await paper.getByLabel('收回', { exact: true }).fill('30');
    await paper.getByLabel('其中无效', { exact: true }).fill('0');
    const counts: Record<string, [string, string, string]> = { 履职情况: ['25', '4', '1'], 联系群众: ['12', '10', '8'], 建议办理: ['8', '10', '12'] };
    for (const [dim, [s, b, u]] of Object.entries(counts)) {
      const group = paper.getByRole('group', { name: dim });
      await group.getByLabel('满意', { exact: true }).fill(s);
      await group.getByLabel('基本满意', { exact: true }).fill(b);
      await group.getByLabel('不满意', { exact: true }).fill(u);
    }
    await paper.getByRole('button', { name: '保存纸质票数' }).click();
    await paper.getByText('纸质票已录入：收回 30 张，其中无效 0 张。').waitFor();
    await app.screenshot(desk, 'report-back-paper-counts');
    await sealed.decrypt(ballotId);
    expect((await app.call(staffToken, 'POST', `/ballots/${ballotId}/publish`)).status).toBe(200);
    const send = await taskOf(staffToken, 'SEND_RESULT');
    expect((await app.call(staffToken, 'POST', `/tasks/${send.id}/complete`, { outcome: 'SEND_RESULT', data: { opinions: '选民希望继续跟踪道路积水整改。' } })).status).toBe(200);

    // ---- the coverage page in words. N = 40: 履职情况 S 27 > 20 满意; 联系群众 S 13, S+B 24 > 20 基本满意; 建议办理 S 9, S+B 19 不满意.
    await desk.getByRole('navigation').getByRole('link', { name: '代表述职' }).click();
    await expect.poll(() => desk.locator('.rb-coverage').textContent()).toBe('第十八届：本届在任代表 3 人，已向选民述职 1 人，尚未述职 2 人；述职覆盖率 33.33%（1/3）（每届至少述职 1 次）。');
    await expect.poll(() => desk.locator('.rb-summary').textContent()).toMatch(/尚未述职：(李秀英、张伟|张伟、李秀英)。/);
    const row = desk.locator('.rb-table tr', { hasText: '王建国' });
    await expect.poll(() => row.textContent()).toContain('结果已送达代表');
    expect(await row.textContent()).toContain('履职情况：满意（满意27票，基本满意4票，不满意1票）；联系群众：基本满意（满意13票，基本满意11票，不满意8票）；建议办理：不满意（满意9票，基本满意10票，不满意13票）');
    expect(await desk.locator('.rb-satisfaction').textContent()).toContain('选民满意度测评：满意票占');
    await app.screenshot(desk, 'report-back-coverage');
    const text = (await desk.locator('main').textContent()) ?? '';
    for (const code of ['SATISFIED', 'UNSATISFIED', 'feedbackSent', 'resultReady', 't18', 'demo-deputy']) expect(text).not.toContain(code);
    expect(app.cspViolations()).toEqual([]);
  });
});
