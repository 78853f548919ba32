/**
 * A sealed secret ballot from end to end, each person on their own device (its own persistent
 * browser profile): staff name two tellers (监票人) by name; each teller makes a key share in
 * their browser — 李秀英 on a 390×844 phone, the 主任会议成员 at a desk — which keeps it in
 * localStorage and offers it as a file; staff can open only once both keys are in. Deputies seal
 * their votes on 390×844 and 360×740 phones (choose 2 of 4, the remaining count live, a wait
 * state while proving) and get a 核验码; one more votes through the API. Staff close (计票中);
 * each teller's device checks the box and decrypts — the desk one from the key file, its
 * localStorage emptied — and one teller enters the paper ballots counted in the hall (with the
 * form's messages for impossible counts). Staff publish: 电子票 3 张、纸质票 2 张 and the sums.
 * A deputy finds their 核验码 in the box. No request body of any page ever holds a secret share.
 *
 * A real-name ballot keeps the old path: marks, receipt code, result at close.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sealBallot } from '../../runtime/ballot/sealed/index.ts';
import type { BallotSpec } from '../../runtime/ballot/types.ts';
import { goTo, loginThroughForm, openMenu, pick, useBrowserApp } from './support.ts';

const CANDIDATES = [
  { id: 'p1', title: '城区老旧小区加装电梯' },
  { id: 'p2', title: '农村饮用水提质工程' },
  { id: 'p3', title: '中小学校园AED全覆盖' },
  { id: 'p4', title: '县医院急诊中心改扩建' },
];
const TITLE = '2026年度民生实事项目票决';

/** Every request body a page sends, to show no secret share ever leaves a device. */
function recordBodies(page: Page, into: string[]): void {
  page.on('request', (r) => {
    const body = r.postData();
    if (body) into.push(body);
  });
}

async function openBallot(page: Page, title: string): Promise<void> {
  await goTo(page, '表决');
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

const secretOf = (page: Page, ballotId: string, userId: string) =>
  page.evaluate((key) => localStorage.getItem(key), `congress-flow:teller:${ballotId}:${userId}`);

/** A deputy on a phone chooses `chosen` (indexes of CANDIDATES), confirms, and reads the 核验码. */
async function voteOnPhone(app: ReturnType<typeof useBrowserApp>, page: Page, chosen: number[], width: number, shot?: string): Promise<string> {
  const box = (i: number) => page.getByLabel(CANDIDATES[i]!.title);
  for (const i of chosen) await box(i).check();
  expect(await page.locator('.remaining').textContent()).toBe(`还可选 ${2 - chosen.length} 项`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  if (shot) await app.screenshot(page, shot);
  await page.getByRole('button', { name: '下一步：核对选票' }).click();
  await page.getByRole('button', { name: '确认投票' }).click();
  const code = page.locator('.tracker-code');
  await code.waitFor({ timeout: 20_000 });
  const full = (await code.getAttribute('data-tracker')) ?? '';
  expect(full).toMatch(/^[0-9a-f]{64}$/);
  // The person reads the first 16 digits in groups of four.
  expect((await code.textContent())?.trim()).toBe(full.slice(0, 16).match(/.{4}/g)!.join(' '));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  return full;
}

describe('sealed secret ballot: tellers on their own devices, phones seal, the box checks out', () => {
  const app = useBrowserApp();

  it('staff name tellers, tellers make keys, deputies seal on phones, tellers decrypt and enter paper, staff publish, a deputy finds the 核验码', async () => {
    const bodies: string[] = [];
    const staffToken = await app.login('staff');
    const created = await app.call(staffToken, 'POST', '/ballots', {
      title: TITLE,
      spec: { kind: 'CHOOSE_K', candidates: CANDIDATES, seats: 2 },
      electorate: 'DEPUTIES',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    expect(created.body.ballot.sealed).toBe(true);

    // ---- staff at a desk: Open is disabled and says why; the tellers are chosen by name
    const staff = (await app.open()).page;
    recordBodies(staff, bodies);
    await loginThroughForm(staff, app.url, 'staff');
    await openBallot(staff, TITLE);
    const open = staff.getByRole('button', { name: '开始投票' });
    expect(await open.isDisabled()).toBe(true);
    await staff.getByText('请先指定监票人，才能开始投票。').waitFor();
    await pick(staff, '指定监票人', '李秀', '李秀英');
    await pick(staff, '指定监票人', '主任', '主任会议成员');
    const states = staff.locator('.teller-states li');
    await expect.poll(async () => (await states.allTextContents()).sort()).toEqual(['主任会议成员密钥未生成', '李秀英密钥未生成']);
    expect(await staff.locator('#why-not-open').textContent()).toMatch(/^尚待以下监票人生成密钥，才能开始投票：(李秀英、主任会议成员|主任会议成员、李秀英)$/);
    expect(await open.isDisabled()).toBe(true);
    await app.screenshot(staff, 'ballot-staff-tellers');

    // ---- teller 1: 李秀英 (a deputy) on her own phone
    const dir = mkdtempSync(join(tmpdir(), 'cf-teller-keys-'));
    const t1 = (await app.open({ width: 390, height: 844 })).page;
    recordBodies(t1, bodies);
    await loginThroughForm(t1, app.url, 'deputy2');
    await goTo(t1, '表决');
    await t1.locator('.ballot-card', { hasText: TITLE }).getByText('监票人：请生成密钥').waitFor();
    await t1.getByRole('link', { name: TITLE }).click();
    await t1.getByRole('heading', { name: '监票人' }).waitFor();
    await t1.getByRole('button', { name: '生成监票密钥' }).click();
    await t1.getByText('监票密钥已生成，保存在本设备上。请再下载密钥文件妥善保存。').waitFor();
    const [download1] = await Promise.all([t1.waitForEvent('download'), t1.getByRole('link', { name: '下载监票密钥文件' }).click()]);
    expect(download1.suggestedFilename()).toBe(`监票密钥-${TITLE}.json`);
    const file1 = join(dir, 'teller1.json');
    await download1.saveAs(file1);
    const stored1 = JSON.parse((await secretOf(t1, id, 'demo-deputy2')) ?? 'null');
    expect(stored1.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(readFileSync(file1, 'utf8')).secret).toBe(stored1.secret);
    expect(await t1.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(t1, 'ballot-teller-key-phone');

    // ---- teller 2: the 主任会议成员 at their desk
    const t2 = (await app.open()).page;
    recordBodies(t2, bodies);
    await loginThroughForm(t2, app.url, 'leader');
    await openBallot(t2, TITLE);
    await t2.getByRole('button', { name: '生成监票密钥' }).click();
    await t2.getByText('监票密钥已生成，保存在本设备上。请再下载密钥文件妥善保存。').waitFor();
    const [download2] = await Promise.all([t2.waitForEvent('download'), t2.getByRole('link', { name: '下载监票密钥文件' }).click()]);
    const file2 = join(dir, 'teller2.json');
    await download2.saveAs(file2);
    const stored2 = JSON.parse((await secretOf(t2, id, 'demo-leader')) ?? 'null');
    expect(stored2.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(stored2.secret).not.toBe(stored1.secret);

    // ---- staff: the page follows the keys in; Open now works
    await expect.poll(async () => (await states.allTextContents()).sort(), { timeout: 15_000 }).toEqual(['主任会议成员密钥已生成', '李秀英密钥已生成']);
    await expect.poll(() => open.isDisabled()).toBe(false);
    expect(await staff.locator('#why-not-open').count()).toBe(0);
    await open.click();
    await staff.locator('.bs-open').waitFor();
    const turnout = staff.locator('.staff-ballot .turnout');
    await expect.poll(() => turnout.getAttribute('data-turnout')).toBe('0');

    // ---- deputies seal their votes on phones
    const d1 = (await app.open({ width: 390, height: 844 })).page;
    recordBodies(d1, bodies);
    await loginThroughForm(d1, app.url, 'deputy1');
    await openBallot(d1, TITLE);
    const remaining = d1.locator('.remaining');
    await expect.poll(() => remaining.textContent()).toBe('还可选 2 项');
    await d1.getByLabel(CANDIDATES[0]!.title).check();
    await d1.getByLabel(CANDIDATES[2]!.title).check();
    expect(await d1.getByLabel(CANDIDATES[3]!.title).isDisabled()).toBe(true);
    await d1.getByLabel(CANDIDATES[2]!.title).uncheck();
    expect(await d1.getByLabel(CANDIDATES[3]!.title).isDisabled()).toBe(false);
    await d1.getByLabel(CANDIDATES[1]!.title).check();
    await app.screenshot(d1, 'ballot');
    await d1.getByRole('button', { name: '下一步：核对选票' }).click();
    expect(await d1.locator('.confirm-list').textContent()).toBe(`${CANDIDATES[0]!.title}选择${CANDIDATES[1]!.title}选择${CANDIDATES[2]!.title}未选${CANDIDATES[3]!.title}未选`);
    await d1.getByRole('button', { name: '确认投票' }).click();
    const code1 = d1.locator('.tracker-code');
    await code1.waitFor({ timeout: 20_000 });
    const tracker1 = (await code1.getAttribute('data-tracker')) ?? '';
    expect(tracker1).toMatch(/^[0-9a-f]{64}$/);
    expect((await code1.textContent())?.trim()).toBe(tracker1.slice(0, 16).match(/.{4}/g)!.join(' '));
    expect(await d1.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(d1, 'ballot-receipt');
    await d1.reload();
    await d1.getByText('您已投票').waitFor();
    expect(await d1.locator('.ballot-sheet').count()).toBe(0);

    // The teller 李秀英 votes too, on her phone, above her teller section.
    await t1.reload();
    await t1.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await voteOnPhone(app, t1, [0, 2], 390);

    // A third deputy on a narrow 360 px phone.
    const d3 = (await app.open({ width: 360, height: 740 })).page;
    recordBodies(d3, bodies);
    await loginThroughForm(d3, app.url, 'deputy3');
    await openBallot(d3, TITLE);
    await voteOnPhone(app, d3, [3], 360, 'ballot-360');
    await app.screenshot(d3, 'ballot-tracker-360');

    // ---- staff: turnout 3 of 5 (polled); close → 计票中; Publish waits for both tellers
    await expect.poll(() => turnout.getAttribute('data-turnout'), { timeout: 15_000 }).toBe('3');
    await staff.getByRole('button', { name: '结束投票' }).click();
    await staff.getByRole('button', { name: '确认结束投票，交监票人解密' }).click();
    await staff.locator('.bs-counting').waitFor();
    const publish = staff.getByRole('button', { name: '计票并公布结果' });
    expect(await publish.isDisabled()).toBe(true);
    expect(await staff.locator('#why-not-publish').textContent()).toMatch(/^尚待以下监票人解密，才能公布结果：/);
    await app.screenshot(staff, 'ballot-staff-counting');

    // ---- teller 1 decrypts on her phone (the key is in its localStorage; the page follows to 计票中)
    const decrypt1 = t1.getByRole('button', { name: '解密' });
    await decrypt1.waitFor({ timeout: 15_000 });
    await decrypt1.click();
    await t1.getByText('您已完成解密。').waitFor({ timeout: 30_000 });

    // ---- teller 2's browser lost its key: the key file is chosen, then it decrypts
    await t2.evaluate((key) => localStorage.removeItem(key), `congress-flow:teller:${id}:demo-leader`);
    await t2.reload();
    await t2.getByText('本设备上没有您的监票密钥。').waitFor();
    await t2.getByLabel('选择监票密钥文件').setInputFiles(file2);
    await t2.getByRole('button', { name: '解密' }).click();
    await t2.getByText('您已完成解密。').waitFor({ timeout: 30_000 });

    // ---- teller 2 enters the paper ballots: 2 returned, 1 invalid; the one valid paper ballot
    // approves p2 and p3 and opposes p1. Impossible counts get a message first.
    const paper = t2.locator('.paper-form');
    const count = (candidate: number, mark: string) => paper.getByRole('group', { name: CANDIDATES[candidate]!.title }).getByLabel(mark, { exact: true });
    await paper.getByLabel('收回', { exact: true }).fill('2');
    await paper.getByLabel('其中无效', { exact: true }).fill('3');
    await paper.getByRole('button', { name: '保存纸质票数' }).click();
    await paper.getByText('无效票不能多于收回的选票').waitFor();
    await paper.getByText('请填写“城区老旧小区加装电梯：赞成”（没有则填 0）').waitFor();
    await app.screenshot(t2, 'ballot-paper-errors');
    await paper.getByLabel('其中无效', { exact: true }).fill('1');
    const entered: Array<[number, string, string]> = [[0, '赞成', '0'], [0, '反对', '1'], [1, '赞成', '1'], [1, '反对', '0'], [2, '赞成', '1'], [2, '反对', '0'], [3, '赞成', '2'], [3, '反对', '0']];
    for (const [c, m, n] of entered) await count(c, m).fill(n);
    await paper.getByRole('button', { name: '保存纸质票数' }).click();
    await paper.getByText('“县医院急诊中心改扩建”各项合计 2 张，超过有效票 1 张').waitFor();
    await count(3, '赞成').fill('0');
    await paper.getByRole('button', { name: '保存纸质票数' }).click();
    await paper.getByText('纸质票已录入：收回 2 张，其中无效 1 张。').waitFor();
    await app.screenshot(t2, 'ballot-teller-desk');

    // ---- staff publish; the result says where the ballots came from
    await expect.poll(async () => (await states.allTextContents()).sort(), { timeout: 15_000 }).toEqual(['主任会议成员已解密', '李秀英已解密']);
    await staff.getByText('纸质选票：收回 2 张，其中无效 1 张').waitFor({ timeout: 15_000 });
    await expect.poll(() => publish.isDisabled()).toBe(false);
    await publish.click();
    const result = staff.locator('.ballot-result');
    await result.waitFor();
    expect(await result.locator('.sources-line').textContent()).toBe('电子票 3 张、纸质票 2 张');
    expect(await result.locator('[data-k="issued"]').textContent()).toBe('5');
    expect(await result.locator('[data-k="returned"]').textContent()).toBe('5');
    expect(await result.locator('[data-k="valid"]').textContent()).toBe('4');
    expect(await result.locator('[data-k="invalid"]').textContent()).toBe('1');
    // p1: 赞成 2 (phones) + 0 (paper), 反对 1 (paper), 弃权 1; p2: 1 + 1; p3: 1 + 1; p4: 1 + 0.
    const rows = await result.locator('tbody tr').allTextContents();
    const row = (i: number) => rows.find((r) => r.startsWith(CANDIDATES[i]!.title)) ?? '';
    expect(row(0)).toMatch(new RegExp(`^${CANDIDATES[0]!.title}211`));
    expect(row(1)).toMatch(new RegExp(`^${CANDIDATES[1]!.title}202`));
    expect(row(2)).toMatch(new RegExp(`^${CANDIDATES[2]!.title}202`));
    expect(row(3)).toMatch(new RegExp(`^${CANDIDATES[3]!.title}103`));
    // Words only: no hex on the staff's result page.
    expect(await staff.evaluate(() => /[0-9a-f]{16}/.test(document.body.innerText))).toBe(false);
    await app.screenshot(staff, 'ballot-result');

    // ---- deputy1 checks the 核验码 on the phone: it is in the box, and the sums recompute
    await d1.reload();
    await d1.getByRole('heading', { name: '核验' }).waitFor();
    expect(await d1.getByLabel('您的核验码').inputValue()).toBe(tracker1.slice(0, 16).match(/.{4}/g)!.join(' '));
    await d1.getByRole('button', { name: '核验我的选票' }).click();
    await d1.getByText('您的选票在票箱中').waitFor();
    await d1.locator('.check-sums.ok-line').waitFor();
    await d1.locator('.sources-line').waitFor();
    expect(await d1.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(d1, 'ballot-check');
    // A code that is not in the box is said to be missing.
    await d1.getByLabel('您的核验码').fill('0000 0000 0000 0000');
    await d1.getByRole('button', { name: '核验我的选票' }).click();
    await d1.getByText('票箱中没有这个核验码。请核对后再试，或告知监票人。').waitFor();

    // ---- the same pages in English: words, no Chinese but the names and titles people gave
    const allowed = [TITLE, ...CANDIDATES.map((c) => c.title), '示范县', '王建国', '人代工委工作人员', '李秀英', '主任会议成员', '中文'];
    const hanLeft = async (page: Page) => {
      let text = await page.evaluate(() => document.body.innerText);
      for (const a of allowed.sort((x, y) => y.length - x.length)) text = text.split(a).join(' ');
      return text.split('\n').filter((l) => /[\p{Script=Han}（），：；。、]/u.test(l));
    };
    for (const page of [d1, staff]) {
      await openMenu(page);
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('.sources-line', { hasText: '3 electronic ballots, 2 paper ballots' }).waitFor();
    }
    await d1.getByLabel('Your check code').fill(tracker1.slice(0, 16));
    await d1.getByRole('button', { name: 'Check my ballot' }).click();
    await d1.getByText('Your ballot is in the box').waitFor();
    expect(await hanLeft(d1)).toEqual([]);
    expect(await hanLeft(staff)).toEqual([]);
    await app.screenshot(d1, 'ballot-check-en');

    // ---- the shares never left the devices; the teller pages' keys are gone after publish
    expect(bodies.some((b) => b.includes(stored1.publicKey))).toBe(true);
    expect(bodies.some((b) => b.includes(stored2.publicKey))).toBe(true);
    expect(bodies.filter((b) => b.includes(stored1.secret) || b.includes(stored2.secret))).toEqual([]);
    await t1.reload();
    await t1.getByText('计票已完成，本设备上的监票密钥已删除。').waitFor();
    expect(await secretOf(t1, id, 'demo-deputy2')).toBeNull();
  }, 300_000);

  it('a vote sealed through the API counts like one from a phone; a tampered one is refused', async () => {
    // Setup through the API only (the UI path is the test above): one teller, its key made here.
    const staffToken = await app.login('staff');
    const created = await app.call(staffToken, 'POST', '/ballots', {
      title: '县城公交线路优化方案表决',
      spec: { kind: 'FOR_AGAINST', candidates: [{ id: 'a', title: '方案一' }] },
      electorate: 'DEPUTIES',
      tellers: ['demo-deputy5'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    const { makeTellerKey } = await import('../../runtime/ballot/sealed/index.ts');
    const teller = await app.login('deputy5');
    const view = (await app.call(teller, 'GET', `/ballots/${id}`)).body.ballot;
    const key = makeTellerKey((n) => new Uint8Array(randomBytes(n)), view.tellerContext);
    expect((await app.call(teller, 'POST', `/ballots/${id}/teller-key`, key.key)).status).toBe(200);
    expect((await app.call(staffToken, 'POST', `/ballots/${id}/open`)).status).toBe(200);
    const opened = (await app.call(teller, 'GET', `/ballots/${id}`)).body.ballot;
    const spec: BallotSpec = { kind: 'FOR_AGAINST', candidates: [{ id: 'a', title: '方案一' }], electorate: opened.issued };
    const deputy = await app.login('deputy4');
    const sealed = sealBallot(spec, opened.jointKey, { a: 'APPROVE' }, (n) => new Uint8Array(randomBytes(n)), opened.context);
    const tampered = { ...sealed, ciphertexts: [sealed.ciphertexts[1], sealed.ciphertexts[0], ...sealed.ciphertexts.slice(2)] };
    const refused = await app.call(deputy, 'POST', `/ballots/${id}/votes`, { sealed: tampered });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    const cast = await app.call(deputy, 'POST', `/ballots/${id}/votes`, { sealed });
    expect(cast.status, JSON.stringify(cast.body)).toBe(201);

    // The deputy's phone shows they voted and nothing of what.
    const { page } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(page, app.url, 'deputy4');
    await openBallot(page, '县城公交线路优化方案表决');
    await page.getByText('您已投票').waitFor();
  }, 120_000);

  it('a real-name ballot keeps its path: marks, receipt code, result at close', async () => {
    const staffToken = await app.login('staff');
    const created = await app.call(staffToken, 'POST', '/ballots', {
      title: '县人大常委会会议议程表决',
      spec: { kind: 'FOR_AGAINST', candidates: [{ id: 'x', title: '会议议程' }] },
      electorate: 'DEPUTIES',
      secret: false,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.ballot.id as string;
    expect((await app.call(staffToken, 'POST', `/ballots/${id}/open`)).status).toBe(200);
    const { page } = await app.open({ width: 360, height: 740 });
    await loginThroughForm(page, app.url, 'deputy1');
    await openBallot(page, '县人大常委会会议议程表决');
    await page.getByRole('radio', { name: '赞成' }).check();
    await page.getByRole('button', { name: '下一步：核对选票' }).click();
    await page.getByRole('button', { name: '确认投票' }).click();
    const receipt = page.locator('.receipt-code');
    await receipt.waitFor();
    expect((await receipt.textContent())?.trim()).toMatch(/^[A-Z0-9-]{6,}$/);
    expect(await page.locator('.teller-panel').count()).toBe(0);
    const closed = await app.call(staffToken, 'POST', `/ballots/${id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await page.reload();
    await page.locator('.ballot-result').waitFor();
    expect(await page.locator('.sources-line').count()).toBe(0);
  }, 120_000);
});
