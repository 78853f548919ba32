/**
 * A ranked sealed ballot (排序票决, CHOOSE_K counted by RANKED) on 390×844 phones: the teller
 * 李秀英 makes her key share on her phone; a deputy taps candidates into an order, moves one up,
 * takes one out, adds another, reviews the order in words, goes back and forth, and seals and
 * casts it (核验码); another deputy ranks none (弃权); a third votes through the API. The teller's
 * phone checks the ranked box and decrypts; staff publish; the deputy's phone shows the ranking
 * tally in words (a card per candidate, highest points first: 得 7 分 · 第1位 1 人 · 排序 2 人, 当选 / 未当选) and finds the 核验码.
 * Screenshots: test-output/screenshots/ballot-ranked-*.png.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import type { BallotSpec } from '../../runtime/ballot/types.ts';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const CANDIDATES = [
  { id: 'p1', title: '城区老旧小区加装电梯' },
  { id: 'p2', title: '农村饮用水提质工程' },
  { id: 'p3', title: '中小学校园AED全覆盖' },
  { id: 'p4', title: '县医院急诊中心改扩建' },
];
const TITLE = '2026年度民生实事项目排序票决';
const name = (i: number) => CANDIDATES[i]!.title;

async function openBallot(page: Page): Promise<void> {
  await goTo(page, '表决');
  await page.getByRole('link', { name: TITLE }).click();
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
}

const order = (page: Page) => page.locator('.rank-row .rank-name').allTextContents();
const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
/** Taps (a touch screen) the button named `label`. */
const tap = (page: Page, label: string) => page.getByRole('button', { name: label, exact: true }).tap();

describe('ranked sealed ballot on phones', () => {
  const app = useBrowserApp();

  it('a deputy ranks by tapping, changes the order, reviews, seals and casts; another abstains; tellers count; the result reads as words', async () => {
    const staffToken = await app.login('staff');
    const created = await app.call(staffToken, 'POST', '/ballots', {
      title: TITLE,
      spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2, countRule: 'RANKED' },
      electorate: 'DEPUTIES',
      tellers: ['demo-deputy2'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    expect(created.body.ballot.countRule).toBe('RANKED');

    // ---- the teller 李秀英 makes her key share on her phone; staff open
    const teller = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(teller, app.url, 'deputy2');
    await openBallot(teller);
    await teller.getByRole('button', { name: '生成监票密钥' }).click();
    await teller.getByText('监票密钥已生成，保存在本设备上。请再下载密钥文件妥善保存。').waitFor();
    const opened = await app.call(staffToken, 'POST', `/ballots/${id}/open`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);

    // ---- deputy 王建国 ranks on a 390×844 phone
    const d1 = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(d1, app.url, 'deputy1');
    await openBallot(d1);
    expect(await d1.locator('.ballot-page > p.muted').textContent()).toBe('排序票决 · 投票中');
    await d1.getByRole('heading', { name: '请按您的意愿排出先后' }).waitFor();
    await d1.getByText('尚未排序。请点按下面的项目。').waitFor();
    expect(await d1.getByRole('button', { name: '不排序（弃权），下一步：核对选票' }).count()).toBe(1);
    await fits(d1);
    await app.screenshot(d1, 'ballot-ranked-empty');

    // Tap 3rd, 1st, 4th: they take places 1, 2, 3 in that order.
    await tap(d1, `把“${name(2)}”排在第1位`);
    await tap(d1, `把“${name(0)}”排在第2位`);
    await tap(d1, `把“${name(3)}”排在第3位`);
    expect(await order(d1)).toEqual([`第1位${name(2)}`, `第2位${name(0)}`, `第3位${name(3)}`]);
    expect(await d1.locator('#rank-mine-h').textContent()).toBe('您的排序（已排 3 项，共 4 项）');
    // The first cannot move up, the last cannot move down.
    expect(await d1.getByRole('button', { name: `上移“${name(2)}”` }).isDisabled()).toBe(true);
    expect(await d1.getByRole('button', { name: `下移“${name(3)}”` }).isDisabled()).toBe(true);
    // Change it: 城区老旧小区 up to first; 县医院 out; 农村饮用水 in as third.
    await tap(d1, `上移“${name(0)}”`);
    await tap(d1, `移出“${name(3)}”（不排序）`);
    await tap(d1, `把“${name(1)}”排在第3位`);
    expect(await order(d1)).toEqual([`第1位${name(0)}`, `第2位${name(2)}`, `第3位${name(1)}`]);
    expect(await d1.locator('.rank-add-name').allTextContents()).toEqual([name(3)]);
    await fits(d1);
    await app.screenshot(d1, 'ballot-ranked-sheet');

    // Review in words; back to change nothing; review again.
    await tap(d1, '下一步：核对选票');
    const review = d1.locator('.rank-review li');
    expect(await review.allTextContents()).toEqual([`第1位${name(0)}`, `第2位${name(2)}`, `第3位${name(1)}`]);
    expect(await d1.locator('.rank-unranked').textContent()).toBe(`未排序（不得分）：${name(3)}`);
    await fits(d1);
    await app.screenshot(d1, 'ballot-ranked-review');
    await tap(d1, '返回修改');
    expect(await order(d1)).toEqual([`第1位${name(0)}`, `第2位${name(2)}`, `第3位${name(1)}`]);
    await tap(d1, '下一步：核对选票');
    await tap(d1, '确认投票');
    const code = d1.locator('.tracker-code');
    await code.waitFor({ timeout: 60_000 });
    const tracker = (await code.getAttribute('data-tracker')) ?? '';
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    await fits(d1);
    await app.screenshot(d1, 'ballot-ranked-tracker');

    // ---- deputy3 ranks none: 弃权
    const d3 = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(d3, app.url, 'deputy3');
    await openBallot(d3);
    await tap(d3, '不排序（弃权），下一步：核对选票');
    await d3.getByText('您没有对任何项目排序：本票为弃权票。').waitFor();
    await app.screenshot(d3, 'ballot-ranked-abstain');
    await tap(d3, '确认投票');
    await d3.locator('.tracker-code').waitFor({ timeout: 60_000 });

    // ---- deputy4 through the API, sealed with the same module: 农村饮用水 first, 城区老旧小区 second
    const deputy4 = await app.login('deputy4');
    const view = (await app.call(deputy4, 'GET', `/ballots/${id}`)).body.ballot;
    const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2, countRule: 'RANKED', electorate: view.issued };
    const sealed = sealBallot(spec, view.jointKey, { p2: 1, p1: 2 }, (n) => new Uint8Array(randomBytes(n)), view.context);
    expect((await app.call(deputy4, 'POST', `/ballots/${id}/votes`, { sealed })).status).toBe(201);

    // ---- close; the teller's phone checks the ranked box and decrypts; staff publish
    expect((await app.call(staffToken, 'POST', `/ballots/${id}/close`)).status).toBe(200);
    await teller.reload();
    const decrypt = teller.getByRole('button', { name: '解密' });
    await decrypt.waitFor({ timeout: 15_000 });
    await decrypt.click();
    await teller.getByText('您已完成解密。').waitFor({ timeout: 120_000 });
    const published = await app.call(staffToken, 'POST', `/ballots/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    // ---- the deputy's phone: the ranking tally in words, highest first. With 4 candidates rank r
    // earns 5 − r: 城区老旧小区 4 + 3 = 7, 农村饮用水 2 + 4 = 6, 中小学 3, 县医院 0.
    await d1.reload();
    const result = d1.locator('.ballot-result');
    await result.waitFor();
    expect(await result.locator('.rank-scoring').textContent()).toBe('排序计分：共 4 项，排第1位得 4 分，第2位得 3 分，依次递减 1 分；未排序不得分。按总分由高到低排列。');
    expect(await result.locator('.rank-tally li').evaluateAll((rows) => rows.map((r) => [r.querySelector('.rank-badge')?.textContent, r.querySelector('.rt-head')?.textContent, r.querySelector('.rt-line')?.textContent]))).toEqual([
      ['1', `${name(0)}当选`, '得 7 分 · 第1位 1 人 · 排序 2 人'],
      ['2', `${name(1)}当选`, '得 6 分 · 第1位 1 人 · 排序 2 人'],
      ['3', `${name(2)}未当选`, '得 3 分 · 第1位 0 人 · 排序 1 人'],
      ['4', `${name(3)}未当选`, '得 0 分 · 第1位 0 人 · 排序 0 人'],
    ]);
    expect(await result.locator('.elected-line').textContent()).toBe(`当选：${name(0)}、${name(1)}`);
    expect(await result.locator('[data-k="returned"]').textContent()).toBe('3');
    expect(await d1.evaluate(() => /[0-9a-f]{16}/.test(document.querySelector('.ballot-result')?.textContent ?? ''))).toBe(false);
    await d1.getByRole('button', { name: '核验我的选票' }).click();
    await d1.getByText('您的选票在票箱中').waitFor();
    await d1.locator('.check-sums.ok-line').waitFor({ timeout: 60_000 });
    await fits(d1);
    await app.screenshot(d1, 'ballot-ranked-result');
  }, 400_000);
});
