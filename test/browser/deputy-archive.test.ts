/**
 * A deputy's 履职档案 in Chromium: 王建国 on a 390×844 phone (touch) opens 我的履职档案 and sees
 * every activity of the year the server knows of — the suggestion he leads, the one he
 * co-signs, the demo station's reception days he is on duty for, his training claim confirmed,
 * the congress session days he attended, his report-back to voters on the term's plan, and the
 * assessment section saying in words why it is still empty — section by section, folds a
 * section and opens it again; then a clerk of the office on a desk
 * opens his archive from the roster, prints it (print media: the A4 width holds it, the tools
 * are hidden, every section open) and downloads the XLSX, which read back equals the page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { goTo, loginThroughForm, SCREENSHOTS, useBrowserApp } from './support.ts';

type Json = any;

/** The page's entries, read as a person reads them: section, date, item, part, state, facts. */
async function pageRows(page: Page): Promise<string[][]> {
  return page.locator('.archive-section').evaluateAll((sections) =>
    sections.flatMap((s) => {
      const title = s.querySelector('summary h2')?.textContent ?? '';
      return Array.from(s.querySelectorAll('.archive-entry')).map((e) => [
        title,
        e.querySelector('.ae-date')?.textContent ?? '',
        e.querySelector('.ae-title')?.textContent ?? '',
        e.querySelector('.ae-part')?.textContent ?? '',
        e.querySelector('.ae-state')?.textContent ?? '',
        Array.from(e.querySelectorAll('.ae-fact')).map((f) => f.textContent ?? '').join('；'),
      ]);
    }),
  );
}

describe('a deputy’s performance archive in Chromium', () => {
  const app = useBrowserApp();

  it('the deputy on a phone sees the year; the office prints it and exports the same rows', { timeout: 240_000 }, async () => {
    // The year's work, through the API as the people would do it.
    const [d1, d2, staff, admin] = [await app.login('deputy1'), await app.login('deputy2'), await app.login('staff'), await app.login('admin')];
    const complete = async (token: string, instanceId: string, outcome: string, data: unknown) => {
      const tasks = (await app.call(token, 'GET', '/tasks?mine=1&limit=500')).body.tasks as Json[];
      const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o: Json) => o.event === outcome));
      expect(task, outcome).toBeDefined();
      const r = await app.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const suggest = async (token: string, data: Json) => {
      const r = await app.call(token, 'POST', '/definitions/suggestion/instances', { data: { body: '建议内容。', origin: 'RECESS', ...data } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await complete(staff, r.body.id, 'ACCEPT', { categoryCode: 'TRANSPORT_POST_TELECOM' });
      return r.body.id as string;
    };
    await suggest(d1, { title: '关于增设城关镇公交线路的建议', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH', coSignerIds: ['demo-deputy2'] });
    await suggest(d2, { title: '关于改善乡村学校供暖的建议', leadDeputyId: 'demo-deputy2', sourceCode: 'CONSTITUENT', coSignerIds: ['demo-deputy1'] });
    await suggest(d2, { title: '关于李秀英独自提出的建议', leadDeputyId: 'demo-deputy2', sourceCode: 'OTHER' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const claim = await app.call(d1, 'POST', '/points/claims', { ruleCode: 'TRAINING', date: today, description: '参加全县代表履职培训班。' });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect((await app.call(staff, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
    expect((await app.call(admin, 'POST', `/points/entries/${claim.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    // The session days he attended (claimed, reviewed twice) and his report-back to voters on the term's plan.
    const session = await app.call(d1, 'POST', '/points/claims', { ruleCode: 'SESSION_ATTEND_DAY', date: today, quantity: 2, description: '出席县人民代表大会会议。' });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect((await app.call(staff, 'POST', `/points/entries/${session.body.id}/actions`, { action: 'APPROVE' })).status).toBe(200);
    expect((await app.call(admin, 'POST', `/points/entries/${session.body.id}/actions`, { action: 'CONFIRM' })).status).toBe(200);
    await app.db.insertInto('terms').values({ county_id: 'demo', id: 't18', name: '第十八届', starts_on: '2022-01-01', ends_on: null }).execute();
    await app.db.updateTable('deputies').set({ term_id: 't18' }).where('county_id', '=', 'demo').where('user_id', '=', 'demo-deputy1').execute();
    const plan = await app.call(staff, 'POST', '/report-back/plans', { termId: 't18', year: Number(today.slice(0, 4)), deputyIds: ['demo-deputy1'] });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    // What the server holds for his year: the page must show every entry of it.
    const archive: Json = (await app.call(d1, 'GET', '/deputies/demo-deputy1/archive')).body;
    const all = archive.sections.flatMap((s: Json) => s.entries.map((e: Json) => ({ section: s.title.zh, title: e.title, date: e.dateText.zh })));
    expect(all.map((e: Json) => e.title)).toEqual(expect.arrayContaining(['关于增设城关镇公交线路的建议', '关于改善乡村学校供暖的建议', '参加学习培训', '出席人代会(每天)', `王建国向选民述职（${today.slice(0, 4)}年）`]));
    expect(archive.sections.find((s: Json) => s.key === 'receptions').count).toBeGreaterThan(0); // the demo station's Mondays

    // —— 王建国 on his phone.
    const phone = (await app.open({ width: 390, height: 844 })).page;
    await loginThroughForm(phone, app.url, 'deputy1');
    await goTo(phone, '我的履职档案');
    await phone.getByRole('heading', { name: `王建国 ${archive.year}年度履职档案` }).waitFor();
    // The counts at the top, one per section, in words.
    const counts = await phone.locator('.archive-counts li').allTextContents();
    expect(counts).toEqual(archive.sections.map((s: Json) => `${s.title.zh} ${s.count} 项`));
    for (const e of all) {
      const section = phone.locator('.archive-section', { has: phone.locator('summary h2', { hasText: e.section }) });
      expect(await section.locator('.archive-entry', { hasText: e.title }).filter({ hasText: e.date }).count(), `${e.section} ${e.date} ${e.title}`).toBeGreaterThan(0);
    }
    expect(await phone.locator('.archive-entry').count()).toBe(all.length);
    expect(await phone.locator('.archive-section[data-section="suggestions"]').textContent()).toContain('联名附议');
    // The new sections, in words: the session days with their number, the report-back's stage, the assessment not yet approved.
    await expect.poll(() => phone.locator('.archive-section[data-section="session"] .archive-entry').textContent(), { timeout: 15_000 }).toContain('数量：2天');
    expect(await phone.locator('.archive-section[data-section="session"] .archive-entry').textContent()).toContain('分值：+4分');
    await expect.poll(() => phone.locator('.archive-section[data-section="reportBacks"] .archive-entry').textContent(), { timeout: 15_000 }).toContain('已列入述职计划');
    expect(await phone.locator('.archive-section[data-section="reportBacks"] .ae-part').textContent()).toBe('述职代表');
    await expect.poll(() => phone.locator('.archive-section[data-section="commendations"] .archive-empty').textContent(), { timeout: 15_000 }).toContain('尚未经主任会议审定');
    await phone.locator('.archive-section[data-section="session"]').scrollIntoViewIfNeeded();
    await app.screenshot(phone, 'archive-deputy-phone-duty');
    expect(await phone.locator('main').textContent()).not.toContain('关于李秀英独自提出的建议');
    // A section folds and opens again with a tap.
    const folded = phone.locator('.archive-section[data-section="suggestions"]');
    await folded.locator('summary').tap();
    await expect.poll(() => folded.locator('.archive-entry').first().isVisible()).toBe(false);
    await folded.locator('summary').tap();
    await expect.poll(() => folded.locator('.archive-entry').first().isVisible()).toBe(true);
    await app.screenshot(phone, 'archive-deputy-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const text = (await phone.locator('main').textContent()) ?? '';
    for (const code of ['registered', 'confirmed', 'TRAINING', 'SATISFIED', 'scheduled', 'announced', 'demo-']) expect(text).not.toContain(code);
    // His item opens from the archive.
    await phone.locator('.archive-section[data-section="suggestions"]').getByRole('link', { name: '关于增设城关镇公交线路的建议' }).tap();
    await phone.getByRole('heading', { name: /关于增设城关镇公交线路的建议/ }).first().waitFor();

    // —— The office on a desk: roster → 王建国 → print → XLSX.
    const desk = (await app.open()).page;
    await loginThroughForm(desk, app.url, 'staff');
    await desk.getByRole('link', { name: '代表履职档案' }).click();
    await desk.getByLabel('查找代表').fill('王建国');
    await desk.getByRole('link', { name: '王建国' }).click();
    await desk.getByRole('heading', { name: `王建国 ${archive.year}年度履职档案` }).waitFor();
    await expect.poll(() => desk.locator('.archive-entry').count()).toBe(all.length);
    const shown = await pageRows(desk);

    // Print: A4 portrait less the page margins (210 mm − 2 × 18 mm ≈ 658 CSS px) holds the page.
    await desk.setViewportSize({ width: 658, height: 900 });
    await desk.emulateMedia({ media: 'print' });
    expect(await desk.locator('header.top').isVisible()).toBe(false);
    expect(await desk.locator('.archive-tools').isVisible()).toBe(false);
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(658);
    expect(await desk.locator('.archive-section:not([open])').count()).toBe(0);
    expect(await desk.locator('.archive-entry').evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().right > 658).length)).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await desk.screenshot({ path: join(SCREENSHOTS, 'archive-office-print.png'), fullPage: true });
    await desk.pdf({ path: join(SCREENSHOTS, 'archive-office-print.pdf'), format: 'A4', margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' } });
    await desk.emulateMedia({ media: 'screen' });
    await desk.setViewportSize({ width: 1280, height: 800 });

    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe(`王建国${archive.year}年度履职档案.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const read: string[][] = [];
    book.worksheets[0]!.eachRow((row) => read.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    expect(read[0]).toEqual(['类别', '日期', '事项', '身份', '状态', '情况']);
    expect(read.slice(1).map((r) => [...r, ...Array(6 - r.length).fill('')])).toEqual(shown);
    await app.screenshot(desk, 'archive-office');
    expect(app.cspViolations()).toEqual([]);
  });
});
