/**
 * A deputy's points claim with evidence on a 390×844 touch phone (issue 15): a program
 * disguised as a photo is refused in words before anything is sent; a photo is attached,
 * the claim submitted; the office's 初审 queue on a desk shows the photo by name and opens it
 * as a download.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, useBrowserApp } from './support.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64');

describe('points claim evidence in Chromium', () => {
  const app = useBrowserApp();

  it('attaches a photo to a claim on a phone and shows it to the 初审 reviewer', { timeout: 240_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-evidence-'));
    const photo = join(dir, '培训现场.png');
    writeFileSync(photo, PNG);
    const program = join(dir, 'setup.exe');
    writeFileSync(program, Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode'));

    const phone = (await app.open({ width: 390, height: 844 })).page;
    expect(await phone.evaluate(() => navigator.maxTouchPoints)).toBeGreaterThan(0);
    await loginThroughForm(phone, app.url, 'deputy2');
    await goTo(phone, '履职积分');
    await phone.getByRole('heading', { name: '我的履职积分' }).waitFor();
    await phone.getByLabel('积分项目').selectOption({ index: 1 });
    await phone.getByLabel('活动情况').fill('参加县人大代表履职学习培训一天。');

    // A program is refused on the phone, in words; nothing is listed.
    await phone.getByLabel('添加照片或 PDF').setInputFiles(program);
    await expect.poll(() => phone.getByRole('alert').textContent()).toContain('“setup.exe”不是照片或 PDF 文件');
    expect(await phone.locator('.points-evidence .file-name').count()).toBe(0);

    await phone.getByLabel('添加照片或 PDF').setInputFiles(photo);
    await expect.poll(() => phone.locator('.points-evidence .file-name').allTextContents()).toEqual(['培训现场.png']);
    await app.screenshot(phone, 'points-evidence-phone');
    await phone.getByRole('button', { name: '提交审核' }).tap();
    await expect.poll(() => phone.getByRole('status').textContent()).toContain('已提交，等待初审');
    expect(await phone.locator('.points-evidence .file-name').count()).toBe(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The 初审 reviewer sees the photo by name and opens it.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('link', { name: '履职积分' }).click();
    const card = desk.locator('[data-queue="pendingReview"] .point-entry', { hasText: '参加县人大代表履职学习培训一天' });
    await card.waitFor();
    expect(await card.locator('.pe-evidence').textContent()).toBe('佐证材料：培训现场.png');
    const [download] = await Promise.all([desk.waitForEvent('download'), card.getByRole('button', { name: '培训现场.png' }).click()]);
    expect(download.suggestedFilename()).toBe('培训现场.png');
    const saved = join(dir, 'downloaded.png');
    await download.saveAs(saved);
    expect((await import('node:fs')).readFileSync(saved).equals(PNG)).toBe(true);
    await app.screenshot(desk, 'points-evidence-review');
    expect(app.cspViolations()).toEqual([]);
  });
});
