/**
 * The year at a glance's extra statistics of deputies' suggestions (issue 14):
 * GET /api/statistics/suggestion/monthly (submitted, answered and concluded per month of a
 * period, each number with its register drill-down) and GET /api/statistics/suggestion/periods
 * (the periods the pages offer, in the words the figures carry). Staff, leaders and admins of
 * the county only; every query parameter is checked (unknown, repeated or ill-typed: 400
 * INVALID_QUERY, nothing read). Figures: runtime/store/statistics-monthly.ts.
 */
import type { Hono } from 'hono';
import { parsePeriod } from '../../runtime/statistics/period.ts';
import { readMonthly, readPeriodChoices, regionScope } from '../../runtime/store/index.ts';
import { isRegionReader } from '../region-gate.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { registerPath } from '../openapi.ts';
import { singleQueryValues } from '../request-body.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';

const PROCESS = 'suggestion';

export function mountStatisticsMonthlyRoutes(api: Hono<AppEnv>, deps: LaggingReadDeps): void {
  const { readDb, rt } = deps;
  const readers = requireRole('staff', 'leader', 'admin');

  api.get(`/statistics/${PROCESS}/monthly`, readers, async (c) => {
    const q = singleQueryValues(c, ['period']);
    return c.json(await readMonthly(readDb, rt, currentUser(c).countyId, PROCESS, parsePeriod(q.period)));
  });

  // A region reader (上级人大) is offered the periods of every county under its region, each once.
  api.get(`/statistics/${PROCESS}/periods`, requireRole('staff', 'leader', 'admin', 'region'), async (c) => {
    singleQueryValues(c, []);
    const user = currentUser(c);
    if (!isRegionReader(user)) return c.json({ periods: await readPeriodChoices(readDb, rt, user.countyId, PROCESS) });
    const { counties } = await regionScope(readDb, user.countyId, undefined);
    const seen = new Map<string, Awaited<ReturnType<typeof readPeriodChoices>>[number]>();
    for (const county of counties) for (const p of await readPeriodChoices(readDb, rt, county.id, PROCESS)) if (!seen.has(p.param)) seen.set(p.param, p);
    return c.json({ periods: [...seen.values()] });
  });

  const period = 'period=year:<yyyy> (calendar year by submission date, Asia/Shanghai) | session:<term>:<session> (届次年度) | term:<term>';
  const invalid = { '400': { description: 'INVALID_QUERY: an unknown, repeated or ill-typed parameter (nothing was read)' }, '403': { description: 'FORBIDDEN: staff, leaders and admins only' } };
  registerPath('get', `/api/statistics/${PROCESS}/monthly`, {
    summary: `Deputies' suggestions per month of a period (?${period}): submitted, answered (answer letters of the units) and concluded, each month's number with the register query listing its suggestions`,
    tags: ['statistics'],
    responses: { '200': { description: '{process, title, period, asOf, series: [{id, title, total}], months: [{month, title, submitted, answered, concluded: {count, suggestions, drill}}]}' }, ...invalid },
  });
  registerPath('get', `/api/statistics/${PROCESS}/periods`, {
    summary: "The periods the statistics pages offer, in words: calendar years, each term of the county's terms table with each of its sessions, and the whole term",
    tags: ['statistics'],
    responses: { '200': { description: '{periods: [{param, kind, title, title_en}]}' }, ...invalid },
  });
}
