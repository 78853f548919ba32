/**
 * A region reader (上级人大) in Chromium, on a desk (issue 14, region roll-up): suggestions are
 * driven through the API in two districts of 成都市 (锦江区: one answered A and rated 满意, one in
 * handling; 青羊区: one answered B, 基本满意), then `chengdu-region` signs in through the form and
 * lands on the dashboard (it has no inbox: no 待办, 发起, 表决 in the menu). It sees 成都市合计 with
 * the per-county table (each district's row equal to that district's own figures, the total the
 * sum), switches to 锦江区 with the chooser (the figures and the per-unit table become that
 * district's), opens the register from the 办结率 numerator (exactly the district's concluded
 * item, the county named in its first column), and finds nothing to act on: no links to records,
 * no task buttons. An instance address typed by hand is refused in words. No CSP violations.
 */
import { describe, expect, it } from 'vitest';
import { answer, consult, suggestionDriver } from '../support/suggestion-driver.ts';
import { loginThroughForm, useBrowserApp } from './support.ts';

describe('a region reader in Chromium', () => {
  const app = useBrowserApp();

  it('reads 成都市 over its districts, switches to one, drills into the register, and finds no task actions', { timeout: 300_000 }, async () => {
    const year = new Date().getFullYear();
    const district = (code: string) => {
      const d = suggestionDriver(app.call, (user) => app.login(`${code}-${user}`));
      const handled = async (title: string, category: string) => {
        const id = await d.start('deputy1', { title, origin: 'SESSION', sourceCode: 'RESEARCH', leadDeputyId: `${code}-deputy1`, suggestedUnits: ['unit-housing'] });
        await d.act('unit1', id, 'LOG_PRE_CONTACT', { date: `${year}-01-05`, mode: 'PHONE', unitView: '属本单位职责。' });
        await d.act('staff', id, 'ACCEPT', { categoryCode: category });
        await d.act('staff', id, 'PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' });
        await d.act('staff', id, 'APPROVE_ASSIGNMENT', {});
        await d.act('unit1', id, 'ACCEPT');
        await d.act('unit1', id, 'LOG_CONSULTATION', consult);
        await d.act('unit1', id, 'START_DRAFT');
        return id;
      };
      const concluded = async (title: string, category: string, result: string, rating: string) => {
        const id = await handled(title, category);
        await d.issue('unit1', id, answer(result));
        await d.act('deputy1', id, 'FEEDBACK', { consultationHappened: 'FACE', resultSatisfaction: rating });
        return id;
      };
      return { handled, concluded };
    };
    const jj = district('jinjiang');
    const jjDone = await jj.concluded('关于锦江区增设社区食堂的建议', 'EDU_SCI_CULT_HEALTH_SPORT', 'A', 'SATISFIED');
    await jj.handled('关于锦江区优化公交线路的建议', 'TRANSPORT_POST_TELECOM');
    await district('qingyang').concluded('关于青羊区老旧小区加装电梯的建议', 'URBAN_RURAL_CONSTRUCTION', 'B', 'BASIC');
    const period = `year:${year}`;
    const jjOwn = (await app.call(await app.login('jinjiang-staff'), 'GET', `/statistics/suggestion?period=${period}`)).body;
    const jjRate = jjOwn.metrics.find((m: { id: string }) => m.id === 'concludedRate');
    expect([jjRate.numerator, jjRate.denominator]).toEqual([1, 2]);

    const { page } = await app.open();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await loginThroughForm(page, app.url, 'chengdu-region');
    // Its home is the dashboard: no inbox, nothing to start, no ballots in the menu.
    await page.getByRole('heading', { name: '代表建议办理统计', level: 1 }).waitFor();
    const menu = await page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents();
    expect(menu).toEqual(['台账', '统计']);
    expect(await page.locator('header .who').textContent()).toContain('上级人大');

    // 成都市合计 and the per-county table.
    const chooser = page.getByRole('combobox', { name: '县（市、区）' });
    // The chooser comes with the figures (after the period list): wait for it.
    await expect.poll(() => chooser.locator('option').allTextContents()).toEqual(['成都市合计', '成华区', '锦江区', '青羊区', '武侯区']);
    await page.getByTestId('county-table').waitFor();
    const rows = await page.locator('[data-testid=county-table] tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['成华区', '0'], ['锦江区', '2'], ['青羊区', '1'], ['武侯区', '0'], ['合计', '3']]);
    expect(await page.locator('[data-metric=total] .stat-number').textContent()).toBe('3');
    expect(await page.locator('.stat-card[data-metric=concludedRate] .stat-number').textContent()).toBe('66.67%');
    expect(await page.getByTestId('unit-table').count()).toBe(0);
    await app.screenshot(page, 'region-dashboard-city');

    // Switch to 锦江区: its own figures, and its per-unit table.
    await chooser.selectOption({ label: '锦江区' });
    await page.getByTestId('unit-table').waitFor();
    expect(await page.getByTestId('stat-period').textContent()).toContain('锦江区');
    const rate = page.locator('.stat-card[data-metric=concludedRate]');
    expect(await rate.locator('.stat-number').textContent()).toBe(jjRate.display);
    expect((await rate.locator('.stat-ratio').textContent())?.replace(/\s+/g, ' ').trim()).toBe('分子：已办结 1 件 · 分母：建议总数 2 件');
    expect(await page.locator('[data-testid=unit-table] tbody th').allTextContents()).toEqual(['区住房和城乡建设局']);
    await app.screenshot(page, 'region-dashboard-district');

    // The numerator opens the register: exactly 锦江区's concluded item, read-only.
    await rate.locator('.stat-ratio a').first().click();
    await page.getByTestId('register-range').waitFor();
    await expect.poll(() => page.getByTestId('register-drill').textContent(), { timeout: 20_000 }).toContain('办结率 · 分子：已办结 1 件');
    const regRows = page.locator('.register-table tbody tr');
    expect(await regRows.count()).toBe(1);
    expect(await regRows.first().getAttribute('data-instance')).toBe(jjDone);
    expect(await regRows.first().locator('td').first().textContent()).toBe('锦江区');
    expect(await page.locator('.register-table thead th').first().textContent()).toContain('县（市、区）');
    expect(await page.getByTestId('region-note').textContent()).toContain('只读台账');
    // Nothing to act on: no link to a record or a task, no task buttons.
    expect(await page.locator('.register-table a').count()).toBe(0);
    expect(await page.locator('a[href^="/tasks"], a[href^="/instances"]').count()).toBe(0);
    for (const name of ['办理', '提交', '签收', '认领']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    await app.screenshot(page, 'region-register');

    // An instance typed by hand: refused in words, with no record shown.
    await page.goto(`${app.url}/instances/${jjDone}`);
    await expect.poll(() => page.locator('[role=alert]').first().textContent(), { timeout: 20_000 }).toContain('上级人大账号只能查看');
    expect(await page.getByText('关于锦江区增设社区食堂的建议').count()).toBe(0);
    await app.screenshot(page, 'region-instance-refused');

    expect(pageErrors).toEqual([]);
    expect(app.cspViolations()).toEqual([]);
  });
});
