/**
 * Browser tests: the real server (startServer, embedded PGlite in a temporary folder, demo
 * data) and Debian's Chromium driven by playwright-core. Screenshots go to
 * test-output/screenshots/ (git-ignored) on every run.
 *
 * The empty database is seeded as a fresh server seeds it: the demo county and the example
 * regions of definitions/regions.json (常熟, 雁江区, 成都市's districts…) with their overlays
 * published, each county's users named `<code>-staff`, `<code>-unit1`… (password demo). A walk
 * that needs a county running an overlay signs in as that county's users, e.g.
 * `suggestionDriver(app.call, (u) => app.login(`changshu-${u}`))` (closing-list.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../runtime/store/index.ts';
import { startServer } from '../../server/main.ts';

export const CHROMIUM = '/usr/lib/chromium/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserApp {
  url: string;
  /** A fresh browser profile with this viewport (desk 1280×800 by default, phone 390×844; a viewport under 600 px wide is a touch screen). */
  open(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** Calls the API directly (setup steps a test does not drive through the UI). */
  call(token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  login(username: string): Promise<string>;
  screenshot(page: Page, name: string): Promise<void>;
  /** Console messages of every page opened so far that report a Content-Security-Policy violation. */
  cspViolations(): string[];
  close(): Promise<void>;
  /** The server's database, for setup rows no API makes (a station for the public form). */
  db: Kysely<Database>;
}

/** How Chromium words a CSP refusal in the console. */
export const CSP_TEXT = /Content Security Policy|Refused to (execute|apply|load|connect|create|evaluate|frame)/i;

/** `clock`: the server's clock (default the wall clock), for a screen that depends on the date. */
export async function startBrowserApp(opts: { clock?: { now(): Date } } = {}): Promise<BrowserApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-browser-data-'));
  const server = await startServer({ port: 0, dataDir, eventLog: false, log: () => {}, ...(opts.clock ? { clock: opts.clock } : {}) });
  const contexts: BrowserContext[] = [];
  const profiles: string[] = [];
  const violations: string[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  const call: BrowserApp['call'] = async (token, method, path, body) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    url: server.url,
    async open(viewport = { width: 1280, height: 800 }) {
      const profile = mkdtempSync(join(tmpdir(), 'cf-browser-profile-'));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, locale: 'zh-CN', hasTouch: viewport.width < 600 });
      contexts.push(context);
      const watch = (p: Page) => p.on('console', (m) => {
        if (CSP_TEXT.test(m.text())) violations.push(`${p.url()}: ${m.text()}`);
      });
      context.pages().forEach(watch);
      context.on('page', watch);
      const page = context.pages()[0] ?? (await context.newPage());
      return { context, page };
    },
    call,
    async login(username) {
      const r = await call(null, 'POST', '/auth/login', { username, password: 'demo' });
      if (r.status !== 200) throw new Error(`login ${username}: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    cspViolations: () => [...violations],
    db: server.database.db,
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await server.close();
      for (const dir of [dataDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login form. */
export async function loginThroughForm(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('demo');
  await page.getByRole('button', { name: '登录' }).click();
  // Signed in: the header (banner) is shown. On a phone 退出 is folded in its menu, so it is not waited for.
  await page.getByRole('banner').waitFor();
}

/** Signs in as `username` through the form and opens 管理 → `tab` (the admin tab's link name), waiting for its heading. */
export async function openAdminTab(page: Page, url: string, username: string, tab: string): Promise<void> {
  await loginThroughForm(page, url, username);
  await page.getByRole('link', { name: '管理', exact: true }).click();
  await page.getByRole('heading', { name: '用户与角色' }).waitFor();
  await page.getByRole('link', { name: tab }).click();
  await page.getByRole('heading', { name: tab, level: 1 }).waitFor();
}

/** Whether the page is on a touch screen (a viewport under 600 px wide, see `open`): taps there, clicks on a desk. */
async function isTouch(page: Page): Promise<boolean> {
  return (await page.evaluate(() => navigator.maxTouchPoints)) > 0;
}

/**
 * Opens the header's menu (菜单 / Menu) when the page shows one — on a phone, where the entries,
 * 修改密码, the language switch and 退出 are folded behind it — and waits for its entries. On a
 * desk the header shows them all and nothing is done. The one home of "open the menu first".
 */
export async function openMenu(page: Page): Promise<void> {
  const banner = page.getByRole('banner');
  await banner.waitFor();
  const toggle = banner.locator('button.menu-toggle');
  if (!(await toggle.isVisible()) || (await toggle.getAttribute('aria-expanded')) === 'true') return;
  await ((await isTouch(page)) ? toggle.tap() : toggle.click());
  await page.getByRole('navigation', { name: 'main' }).waitFor();
}

/** Follows the header's link named `name` (an entry such as 履职积分, or 修改密码), opening the phone menu first. */
export async function goTo(page: Page, name: string): Promise<void> {
  await openMenu(page);
  const link = page.getByRole('banner').getByRole('link', { name, exact: true });
  await ((await isTouch(page)) ? link.tap() : link.click());
}

/**
 * Chooses `name` in the picker (a combobox) labelled `label` by typing `typed` (part of the
 * name or its pinyin initials) and tapping (on a touch screen) or clicking the option, then
 * waits for its chip.
 */
export async function pick(page: Page, label: string | RegExp, typed: string, name: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  await box.fill(typed);
  const option = page.getByRole('option').filter({ has: page.locator('.combo-label', { hasText: new RegExp(`^${name}$`) }) });
  await option.waitFor();
  const touch = (await page.evaluate(() => navigator.maxTouchPoints)) > 0;
  await (touch ? option.tap() : option.click());
  await page.locator('.chip', { hasText: name }).first().waitFor();
}

/** One app for the enclosing describe: started before its tests, closed after them. */
export function useBrowserApp(opts: { clock?: { now(): Date } } = {}): BrowserApp {
  let app: BrowserApp | undefined;
  beforeAll(async () => {
    app = await startBrowserApp(opts);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });
  const started = (): BrowserApp => {
    if (!app) throw new Error('The browser app has not started');
    return app;
  };
  return {
    get url() {
      return started().url;
    },
    open: (viewport) => started().open(viewport),
    call: (token, method, path, body) => started().call(token, method, path, body),
    get db() {
      return started().db;
    },
    login: (username) => started().login(username),
    screenshot: (page, name) => started().screenshot(page, name),
    cspViolations: () => started().cspViolations(),
    close: () => started().close(),
  };
}

/** Completes `token`'s task of the instance that offers `outcome` through the API (a walk's set-up); the answer's body. */
export async function actThroughApi(app: BrowserApp, token: string, instanceId: string, outcome: string, data?: unknown): Promise<any> {
  const tasks = (await app.call(token, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
  const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o) => o.event === outcome));
  if (!task) throw new Error(`no open task offering ${outcome} on ${instanceId}`);
  const r = await app.call(token, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
  if (r.status !== 200) throw new Error(`${outcome}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
