/**
 * The header on a 390×844 phone: one line with the page's title and a 菜单 / Menu button, the
 * entries folded behind it (at 390 px the staff header wrapped over 7 lines, ~330 px, before).
 * The button says whether it is open (aria-expanded), works from the keyboard (Enter, Space),
 * closes on a choice and on Escape (focus back on the button); in English it reads Menu. On a
 * desk the header is as before: every entry shown, no menu button.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loginThroughForm, useBrowserApp } from './support.ts';

const headerHeight = (page: Page) => page.evaluate(() => document.querySelector('header.top')?.getBoundingClientRect().height ?? 0);

describe('the header’s menu on a phone', () => {
  const app = useBrowserApp();

  it('folds the entries behind one button on a phone, opened and closed by touch and keyboard, in Chinese and English', { timeout: 180_000 }, async () => {
    const { page } = await app.open({ width: 390, height: 844 });
    await loginThroughForm(page, app.url, 'staff');
    const banner = page.getByRole('banner');
    const toggle = banner.getByRole('button', { name: '菜单' });
    const nav = page.getByRole('navigation', { name: 'main' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-controls')).toBe('top-menu');
    expect(await nav.isVisible()).toBe(false);
    expect(await banner.getByRole('button', { name: '退出' }).isVisible()).toBe(false);
    expect(await banner.locator('.top-title').textContent()).toBe('我的工作');
    expect(await headerHeight(page)).toBeLessThan(90);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(page, 'nav-menu-phone-zh');

    // A tap opens it: every entry, then the person's links.
    await toggle.tap();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['我的工作', '发起流程', '表决', '台账', '年度概览', '统计', '代表联络站', '履职积分', '代表履职档案', '年度考核', '代表述职', '交办会']);
    expect(await nav.getByRole('link', { name: '我的工作' }).getAttribute('aria-current')).toBe('page');
    await banner.getByRole('button', { name: '退出' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await app.screenshot(page, 'nav-menu-phone-zh-open');

    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await nav.waitFor({ state: 'hidden' });
    expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);

    // From the keyboard: Enter opens, Tab reaches the first entry, Enter follows it and the menu closes.
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Space');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Space');
    await nav.waitFor();
    await nav.getByRole('link', { name: '履职积分' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/points$/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await nav.waitFor({ state: 'hidden' });
    expect(await banner.locator('.top-title').textContent()).toBe('履职积分');

    // The language switch is a choice too: it closes the menu, and the header speaks English.
    await toggle.tap();
    await banner.getByRole('button', { name: 'English' }).tap();
    const menu = banner.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await banner.locator('.top-title').textContent()).toBe('Duty points');
    expect(await headerHeight(page)).toBeLessThan(90);
    await app.screenshot(page, 'nav-menu-phone-en');
    await menu.tap();
    await nav.getByRole('link', { name: 'My work', exact: true }).waitFor();
    expect(await nav.innerText()).not.toMatch(/\p{Script=Han}/u);
    await app.screenshot(page, 'nav-menu-phone-en-open');
    // The header fits the phone (the review tables below it are the page's own width, not the header's).
    expect(await page.evaluate(() => Array.from(document.querySelectorAll('header.top, header.top *')).filter((e) => e.getBoundingClientRect().right > 390).map((e) => e.outerHTML.slice(0, 80)))).toEqual([]);
  });

  it('leaves the desk header as it was: every entry shown, no menu button', async () => {
    const { page } = await app.open();
    await loginThroughForm(page, app.url, 'staff');
    const banner = page.getByRole('banner');
    const nav = page.getByRole('navigation', { name: 'main' });
    await nav.getByRole('link', { name: '代表述职' }).waitFor();
    expect(await banner.locator('button.menu-toggle').isVisible()).toBe(false);
    expect(await banner.locator('.top-title').isVisible()).toBe(false);
    expect(await banner.getByRole('button', { name: '退出' }).isVisible()).toBe(true);
    expect(await nav.getByRole('link').count()).toBe(12);
    for (const link of await nav.getByRole('link').all()) expect(await link.isVisible()).toBe(true);
    await app.screenshot(page, 'nav-menu-desk');
  });
});
