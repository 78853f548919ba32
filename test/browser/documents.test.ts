/**
 * Documents, not fields (issue 12's must-show), in Chromium. Setup through the API: a deputy's
 * suggestion registered, assigned to 县住房和城乡建设局, consulted and answered with an attached
 * file. Then, through the pages: the deputy on a 390×844 phone reads the answer letter (text,
 * 文号, the attachment, which downloads) on the feedback task before rating, and rates 不满意
 * with reasons; the unit's clerk opens the re-handling task and finds the deputy's reasons, the
 * first answer, and the answer form filled in from it. Last, the concluded suggestion's print
 * view saved as an A4 PDF holds the answer text and the rating (text read back with pdf.js).
 */
import { readFileSync } from 'node:fs';
import { pdfText } from './pdf-text.ts';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ANSWER, REGISTRATION, SUGGESTION } from '../fixtures/suggestion-data.ts';
import { loginThroughForm, useBrowserApp, type BrowserApp, actThroughApi } from './support.ts';

const TITLE = '关于在老旧小区增设电动自行车充电设施的建议';
const FIRST = '我局已在城区12个老旧小区试点建设充电棚。\n下一步将把充电设施纳入老旧小区改造内容，年内再建30处。';
const REASONS = '答复只讲了城区，乡镇的老旧小区没有安排，请补充乡镇的计划。';
const SECOND = '我局已将乡镇老旧小区纳入计划，2026年在5个乡镇各建2处充电棚。';

const act = (app: BrowserApp, token: string, instanceId: string, outcome: string, data?: unknown) => actThroughApi(app, token, instanceId, outcome, data);

async function openTask(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

describe('documents of a suggestion in the portal', () => {
  const app = useBrowserApp();

  it('the deputy reads the answer letter before rating on a phone; the unit re-handles with the reasons and the first answer; the print view holds answer and rating', async () => {
    // ---- setup through the API: submitted, registered, assigned, consulted, answered with an attachment
    const [staff, deputy1, unit1] = [await app.login('staff'), await app.login('deputy1'), await app.login('unit1')];
    const started = await app.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, title: TITLE } });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    await act(app, staff, id, 'ACCEPT', REGISTRATION);
    await act(app, staff, id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
    const handling = await act(app, staff, id, 'APPROVE_ASSIGNMENT', { comment: '同意交办。' });
    const childId = handling.children[0].id as string;
    await act(app, unit1, childId, 'ACCEPT');
    await act(app, unit1, childId, 'LOG_CONSULTATION', { date: '2026-03-05', mode: 'FACE_TO_FACE', summary: '与王建国代表当面沟通充电设施选点。', deputyIds: ['demo-deputy1'] });
    await act(app, unit1, childId, 'START_DRAFT');
    const plan = '充电设施布点：城区12处，已开工8处。';
    const upload = await app.call(unit1, 'POST', '/files', { name: '充电设施布点图.txt', mime: 'text/plain', base64: Buffer.from(plan).toString('base64') });
    const attachment = { fileId: upload.body.file.fileId as string, name: '充电设施布点图.txt' };
    await act(app, unit1, childId, 'SUBMIT_DRAFT', { ...ANSWER, body: FIRST, attachments: [attachment] });
    await act(app, unit1, childId, 'APPROVE_DRAFT');
    await act(app, unit1, childId, 'SUBMIT_ANSWER');

    // ---- the deputy on a phone: the answer letter is on the feedback task, above the rating form
    const { page: phone } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(phone, app.url, 'deputy1');
    await openTask(phone, `填写征询意见表：${TITLE}`);
    const letter = phone.locator('.work-item article[data-form="answer"]');
    await letter.waitFor();
    expect(await letter.getByRole('heading').textContent()).toBe('答复函');
    const letterText = (await letter.textContent()) ?? '';
    for (const words of ['答复正文', '我局已在城区12个老旧小区试点建设充电棚。', '已经解决或基本解决', '县住房和城乡建设局', '住建局办理员', '附件', '充电设施布点图.txt']) {
      expect(letterText).toContain(words);
    }
    // The answer's two paragraphs stay two paragraphs; no identifier anywhere in what the deputy reads.
    expect(await letter.locator('dd > p').allTextContents()).toEqual(expect.arrayContaining(FIRST.split('\n')));
    const workItem = (await phone.locator('.work-item').textContent()) ?? '';
    for (const id of ['demo-', 'unit-housing', 'office-deputy-affairs', 'SUBMIT_ANSWER', 'FACE_TO_FACE', 'true']) expect(workItem).not.toContain(id);
    expect(workItem).toContain('王建国'); // the suggestion's lead deputy and the consultation's deputy by name
    expect(workItem).toContain('2026年3月5日'); // the consultation's date as a letter writes it, not 2026-03-05
    expect(workItem).not.toContain('2026-03-05');
    // Read before rating: the letter comes before the rating form on the page.
    const letterBox = await letter.boundingBox();
    const formBox = await phone.getByRole('radiogroup', { name: /对办理结果/ }).boundingBox();
    expect((letterBox?.y ?? 0) + (letterBox?.height ?? 0)).toBeLessThanOrEqual(formBox?.y ?? 0);
    // The attachment link downloads the file.
    const [download] = await Promise.all([phone.waitForEvent('download'), letter.getByRole('link', { name: '充电设施布点图.txt' }).click()]);
    expect(download.suggestedFilename()).toBe('充电设施布点图.txt');
    expect(readFileSync((await download.path()) as string, 'utf8')).toBe(plan);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(phone, 'documents-feedback-phone');

    // ---- rated 不满意 with reasons, through the page
    await phone.getByRole('radiogroup', { name: /是否面商或联系/ }).getByLabel('当面', { exact: true }).check();
    await phone.getByRole('radiogroup', { name: /对办理结果/ }).getByLabel('不满意', { exact: true }).check();
    await phone.getByLabel('具体意见').fill(REASONS);
    expect(await phone.getByLabel('要求重新办理').isChecked()).toBe(true);
    await phone.getByRole('button', { name: '提交：评价答复' }).click();
    await expect.poll(() => phone.locator('.state-current').textContent()).toContain('重新起草答复函');

    // ---- the unit's clerk: the re-handling task shows the reasons and the first answer, and the answer form starts from it
    const { page: desk } = await app.open();
    await loginThroughForm(desk, app.url, 'unit1');
    await openTask(desk, `重新办理，起草答复函送审核：${TITLE}`);
    const feedback = desk.locator('.work-item article[data-form="feedback"]');
    await feedback.waitFor();
    expect(await feedback.textContent()).toContain(REASONS);
    expect(await feedback.textContent()).toContain('不满意');
    expect(await desk.locator('.work-item article[data-form="answer"]').textContent()).toContain('我局已在城区12个老旧小区试点建设充电棚。');
    await desk.getByText('已按上次答复预先填写').waitFor();
    expect(await desk.getByLabel('答复正文').inputValue()).toBe(FIRST);
    expect(await desk.locator('.file-name', { hasText: '充电设施布点图.txt' }).count()).toBe(1);
    await app.screenshot(desk, 'documents-rehandling');

    // ---- the second answer and a 满意 rating (API), then the concluded suggestion's print view as a PDF
    await act(app, unit1, childId, 'SUBMIT_DRAFT', { ...ANSWER, body: SECOND });
    await act(app, unit1, childId, 'APPROVE_DRAFT');
    await act(app, unit1, childId, 'SUBMIT_ANSWER');
    await act(app, deputy1, childId, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: 'SATISFIED' });
    expect((await app.call(staff, 'GET', `/instances/${id}`)).body.state).toBe('concluded');
    const { page: office } = await app.open();
    await loginThroughForm(office, app.url, 'staff');
    await office.goto(`${app.url}/instances/${id}`);
    await office.getByRole('link', { name: '打印' }).click();
    await office.locator('.print-sheet article[data-form="feedback"]').nth(1).waitFor();
    // Each unit's answer with the 文号 of the letter it was issued under, both rounds.
    expect(await office.locator('.print-sheet article[data-form="answer"] .doc-letter-no').allTextContents()).toEqual(['答复函文号：县住房和城乡建设局函〔2026〕1号', '答复函文号：县住房和城乡建设局函〔2026〕2号']);
    await app.screenshot(office, 'documents-print');
    const pdf = await office.pdf({ format: 'A4', printBackground: false });
    const text = (await pdfText(new Uint8Array(pdf))).replace(/\s+/g, '');
    for (const words of [TITLE, '十八届一次-0001', SECOND, '县住房和城乡建设局函〔2026〕2号', '对办理结果', '满意', '不满意', REASONS]) expect(text).toContain(words.replace(/\s+/g, ''));
    // No navigation chrome in print.
    for (const chrome of ['我的工作', '发起流程', '退出', '返回事项']) expect(text).not.toContain(chrome);
  });
});
