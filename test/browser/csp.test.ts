/**
 * The app under its Content-Security-Policy (issue 13, deliverable 6), in Chromium: the pages
 * the documents and register tests walk (start form with client-side validation and an
 * upload, the case page with its attachment downloaded, the print view, the register and its
 * print view) and the designer (flow chart, form preview with its field errors, the live
 * package check), with no CSP violation in the console and no page error. The policy has no
 * 'unsafe-eval': forms validate in the browser with the interpreted validator
 * (runtime/engine/form-validator-interpreted.ts), and the flow chart's elkjs needs no eval. A control at the end shows the collector does catch one: an
 * inline script and an inline style injected into the page are refused and reported.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from '../../server/security-headers.ts';
import { SUGGESTION } from '../fixtures/suggestion-data.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

const CSP_TEXT = /Content Security Policy|Refused to (execute|apply|load|connect|create|evaluate|frame)/i;

/** Console messages that report a CSP violation, and uncaught page errors, from `page` on. */
function watch(page: Page): { csp: string[]; errors: string[] } {
  const seen = { csp: [] as string[], errors: [] as string[] };
  page.on('console', (m: ConsoleMessage) => {
    if (CSP_TEXT.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  return seen;
}

describe('the app under its Content-Security-Policy', () => {
  const app = useBrowserApp();

  it('works with no CSP violation: start form, upload, attachment, print views, register, designer', { timeout: 240_000 }, async () => {
    const [staff, deputy1] = [await app.login('staff'), await app.login('deputy1')];
    const file = await app.call(deputy1, 'POST', '/files', { name: '调研报告.txt', mime: 'text/plain', base64: Buffer.from('AED 调研').toString('base64') });
    const started = await app.call(deputy1, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, attachments: [{ fileId: file.body.file.fileId, name: '调研报告.txt' }] } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(staff).toBeTruthy();

    const { page } = await app.open();
    const seen = watch(page);
    const first = await page.goto(app.url);
    expect(first?.headers()['content-security-policy']).toBe(APP_CSP);
    await loginThroughForm(page, app.url, 'staff');

    // The start form: submitting it empty shows the client-side errors under their fields (the
    // interpreted validator: no eval under this policy), then an upload and a start.
    await page.getByRole('navigation').getByRole('link', { name: '发起流程' }).click();
    await page.getByRole('link', { name: '代表建议、批评和意见办理' }).click();
    await page.getByRole('heading', { name: '发起流程：代表建议、批评和意见办理' }).waitFor();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/instances$/.test(new URL(r.url()).pathname)) sent.push(r.url());
    });
    await page.getByRole('button', { name: '发起' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    expect((await page.locator('.field-error').allTextContents()).join(' ')).toContain('请填写「标题」');
    // The errors are the browser's own: the empty form was not sent to the server.
    expect(sent).toEqual([]);
    await page.getByLabel(/上传附件/).setInputFiles({ name: '附件.txt', mimeType: 'text/plain', buffer: Buffer.from('附件') });
    await page.locator('.file-name', { hasText: '附件.txt' }).waitFor();

    // The case page: the attachment downloads; the print view shows the documents.
    await page.goto(`${app.url}/instances/${started.body.id}`);
    await page.getByRole('heading', { level: 1, name: SUGGESTION.title }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '调研报告.txt' }).first().click()]);
    expect(download.suggestedFilename()).toBe('调研报告.txt');
    await page.getByRole('link', { name: '打印' }).click();
    await page.locator('.print-sheet').waitFor();

    // The register and its print view.
    await page.goto(app.url);
    await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
    await page.getByRole('heading', { level: 1, name: '代表建议台账' }).waitFor();
    await page.getByRole('link', { name: '打印视图' }).click();
    await page.getByTestId('register-print-table').waitFor();

    // The designer (admin): the flow chart and the form preview.
    const designer = await app.open();
    const seenDesigner = watch(designer.page);
    await loginThroughForm(designer.page, app.url, 'admin');
    await designer.page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '流程设计' }).click();
    await designer.page.getByRole('link', { name: '承办单位办理代表建议' }).click();
    await designer.page.getByRole('heading', { name: /承办单位办理代表建议/ }).waitFor();
    await designer.page.getByRole('tab', { name: '表单设计' }).click();
    const preview = designer.page.getByRole('region', { name: '实时预览' });
    await preview.waitFor();
    // The preview validates as the server does: the empty form's required fields are said under them.
    await preview.locator('.field-error').first().waitFor();
    expect((await preview.locator('.field-error').allTextContents()).join(' ')).toMatch(/请填写「[^」]+」|请选择「[^」]+」/);
    await designer.page.getByRole('tab', { name: '流程图' }).click();
    await designer.page.locator('svg').first().waitFor();

    expect({ csp: seen.csp, errors: seen.errors }).toEqual({ csp: [], errors: [] });
    expect({ csp: seenDesigner.csp, errors: seenDesigner.errors }).toEqual({ csp: [], errors: [] });

    // The control: what the policy forbids is refused, and reported where the checks above look.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.title = "injected"';
      document.body.append(s);
      document.body.setAttribute('style', 'background: red');
    });
    await expect.poll(() => seen.csp.length).toBeGreaterThanOrEqual(2);
    expect(await page.title()).not.toBe('injected');
    expect(seen.csp.join('\n')).toMatch(/inline script/);
    expect(seen.csp.join('\n')).toMatch(/inline style/);
  });
});
