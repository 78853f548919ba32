/**
 * A voter at a deputy's report-back meeting in Chromium (issue 15 items 6 and 8, DOMAIN §7.7):
 * the clerk opens the voters' ballot's slips from the ballot page (one per voter present, each
 * with its QR code and link); a voter opens a slip's link on a 390×844 phone without signing in,
 * reads the deputy and the meeting in words (the place as the clerk typed it, markup and all, as
 * text), rates each item and sees the thanks; the same slip opened again is refused in words, and
 * a pass that is not one too. After the count the result is in 王建国's row of the report-back
 * page, and the 年度概览 dashboard shows the report-back coverage and the voters' satisfaction.
 */
import { describe, expect, it } from 'vitest';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import { osRandom, SealedBallots } from '../support/sealed-ballot.ts';
import type { WorkApp } from '../support/work-app.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

const POLL = { timeout: 15_000 };

describe('a voter rates a report-back on a phone in Chromium', () => {
  const app = useBrowserApp();

  it('slips with QR codes; the voter rates once on a phone, a used or unknown pass is refused in words; the result on the report-back page and the dashboard', { timeout: 300_000 }, async () => {
    await app.db.insertInto('terms').values({ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2026-01-01', ends_on: null }).execute();
    await app.db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', 'in', ['demo-deputy1', 'demo-deputy2']).execute();
    const staff = await app.login('staff');
    const deputy = await app.login('deputy1');
    const done = async (token: string, instanceId: string, outcome: string, data: Record<string, unknown>) => {
      const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
      const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o) => o.event === outcome));
      expect(task, outcome).toBeDefined();
      const r = await app.call(token, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
      expect(r.status, `${outcome} ${JSON.stringify(r.body)}`).toBe(200);
    };

    // 王建国 reports back (through the API up to the meeting): 3 voters present.
    const planned = await app.call(staff, 'POST', '/report-back/plans', { termId: 't18', year: 2026, deputyIds: ['demo-deputy1'] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const instanceId = planned.body.instanceIds[0] as string;
    await done(deputy, instanceId, 'SUBMIT_REPORT', { title: '本人履行代表职责情况的报告', duties: '出席县人代会，领衔提出建议3件。', contact: '进站接待选民6次，帮助解决道路积水问题。' });
    await done(staff, instanceId, 'APPROVE_REPORT', { note: '同意。' });
    // The place as the clerk typed it, markup included: the voter's page shows it as text.
    await done(staff, instanceId, 'SCHEDULE', { date: '2026-12-20', time: '09:00', place: '城关镇代表之家<b>二楼</b>' });
    await done(staff, instanceId, 'HOLD', { votersPresent: 3 });
    const ballotId = ((await app.call(staff, 'GET', `/ballots?instance=${instanceId}`)).body.ballots as Array<{ id: string; status: string }>).find((b) => b.status === 'ready')!.id;
    const tellers = [{ id: 'demo-staff', token: staff }, { id: 'demo-admin', token: await app.login('admin') }];
    const sealed = new SealedBallots({ call: app.call } as unknown as WorkApp, tellers);
    await sealed.prepare(staff, ballotId);
    await sealed.open(staff, ballotId);

    // ---- the clerk opens the slips from the ballot page: 3 passes, each with a QR code and its link
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.goto(`${app.url}/ballots/${ballotId}`);
    await desk.getByRole('link', { name: '打印测评凭证（3 张）' }).click();
    await desk.getByRole('heading', { name: /^测评凭证：/ }).waitFor();
    await expect.poll(() => desk.locator('.vp-slip').count(), POLL).toBe(3);
    await expect.poll(() => desk.locator('.vp-slip img.vp-qr').count(), POLL).toBe(3);
    expect(await desk.locator('.vp-summary').textContent()).toBe('共 3 张凭证，已使用 0 张。');
    const links = await desk.locator('.vp-slip .vp-link a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toHaveLength(3);
    for (const l of links) expect(new URL(l).pathname).toMatch(new RegExp(`^/public/voter-ballots/demo/${ballotId}/[0-9A-Z]{10}$`));
    expect(await desk.locator('.vp-slip img.vp-qr').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await app.screenshot(desk, 'report-back-voter-passes');

    // ---- a voter opens the first slip's link on a phone, signed in nowhere
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await phone.goto(links[0]!);
    await phone.getByRole('heading', { name: '代表述职满意度测评' }).waitFor();
    await expect.poll(() => phone.locator('.vb-deputy').textContent(), POLL).toBe('王建国代表向选民述职');
    expect(await phone.locator('.vb-when').textContent()).toBe('述职会：2026年12月20日 09:00，城关镇代表之家<b>二楼</b>');
    expect(await phone.locator('.vb-when b').count()).toBe(0);
    expect(await phone.locator('fieldset.mark-row legend').allTextContents()).toEqual(['履职情况', '联系群众', '建议办理']);
    for (const dim of ['履职情况', '联系群众', '建议办理']) await phone.getByRole('group', { name: dim }).getByLabel('满意', { exact: true }).check();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone, 'report-back-voter-phone');
    await phone.getByRole('button', { name: '提交测评' }).click();
    await expect.poll(() => phone.getByRole('status').textContent(), POLL).toContain('测评已提交，谢谢您的参与！');
    await app.screenshot(phone, 'report-back-voter-thanks');

    // The same slip again: refused in words; no form. A pass that is not one: refused in words.
    await phone.goto(links[0]!);
    await expect.poll(() => phone.getByRole('alert').textContent(), POLL).toBe('这张测评凭证已经使用过，每张凭证只能测评一次。');
    expect(await phone.getByRole('button', { name: '提交测评' }).count()).toBe(0);
    await phone.goto(`${app.url}/public/voter-ballots/demo/${ballotId}/ZZZZZZZZZZ`);
    await expect.poll(() => phone.getByRole('alert').textContent(), POLL).toBe('测评凭证无效，请核对选票上的凭证码');

    // A second voter through the API; the slips page counts 2 used.
    const second = new URL(links[1]!).pathname;
    const facts = (await app.call(null, 'GET', second)).body.ballot;
    expect((await app.call(null, 'POST', `${second}/votes`, { sealed: sealBallot(facts.spec, facts.jointKey, { 履职情况: 'SATISFIED', 联系群众: 'BASIC', 建议办理: 'UNSATISFIED' }, osRandom, facts.context) })).status).toBe(201);
    await desk.reload();
    await expect.poll(() => desk.locator('.vp-summary').textContent(), POLL).toBe('共 3 张凭证，已使用 2 张。');

    // ---- count and publish (API); the result in words on the report-back page
    expect((await app.call(staff, 'POST', `/ballots/${ballotId}/close`)).status).toBe(200);
    await sealed.decrypt(ballotId);
    expect((await app.call(staff, 'POST', `/ballots/${ballotId}/publish`)).status).toBe(200);
    await desk.getByRole('navigation').getByRole('link', { name: '代表述职' }).click();
    const row = desk.locator('.rb-table tr', { hasText: '王建国' });
    // N = 3: 履职情况 S 2 > 1.5 满意; 联系群众 S+B 2 基本满意; 建议办理 S+B 1 不满意.
    await expect.poll(() => row.textContent(), POLL).toContain('履职情况：满意（满意2票，基本满意0票，不满意0票）；联系群众：基本满意（满意1票，基本满意1票，不满意0票）；建议办理：不满意（满意1票，基本满意0票，不满意1票）');

    // ---- the dashboard: coverage 1 of the roll, satisfaction 4 of 6 marks (66.67%)
    const roll = Number((await app.db.selectFrom('deputies').select((eb) => eb.fn.countAll().as('n')).where('county_id', '=', 'demo').where('active', '=', true).executeTakeFirstOrThrow()).n);
    await desk.getByRole('link', { name: '年度概览', exact: true }).click();
    const panel = desk.locator('[data-panel=deputies]');
    await expect.poll(() => panel.locator('.stat-card[data-metric=reportBackCoverage] .stat-fraction').textContent(), POLL).toBe(`1 / ${roll}`);
    expect(await panel.locator('.stat-card[data-metric=reportBackCoverage] .stat-title').textContent()).toBe('向选民述职覆盖率');
    expect(await panel.locator('.stat-card[data-metric=reportBackSatisfaction] .stat-fraction').textContent()).toBe('4 / 6');
    expect(await panel.locator('.stat-card[data-metric=reportBackSatisfaction] .stat-number').textContent()).toBe('66.67%');
    await panel.scrollIntoViewIfNeeded();
    await app.screenshot(desk, 'report-back-dashboard');
    // The coverage's numerator opens the list naming 王建国.
    await panel.getByRole('link', { name: /^向选民述职覆盖率 本届已向选民述职的代表 1$/ }).click();
    await expect.poll(() => desk.locator('main').textContent(), POLL).toContain('王建国');
    expect(new URL(desk.url()).pathname).toBe('/statistics/deputy-points/list');
    expect(app.cspViolations()).toEqual([]);
  });
});
