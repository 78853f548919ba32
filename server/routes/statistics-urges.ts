/**
 * GET /api/statistics/urges?period=… — 催办 in a period: the tasks urged and the urges, per
 * handling unit and per process, of the caller's county (runtime/store/urge-statistics.ts).
 * Staff and leaders of the county only. The period is checked as every statistics route checks
 * it (runtime/statistics/period.ts); an unknown, repeated or ill-typed parameter is 400
 * INVALID_QUERY with nothing read. Mounted before the statistics routes, whose
 * /statistics/:process would take `urges` for a process without a catalogue.
 */
import type { Hono } from 'hono';
import { parsePeriod } from '../../runtime/statistics/period.ts';
import { readUrgeStatistics } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { registerPath } from '../openapi.ts';
import { singleQueryValues } from '../request-body.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';

export function mountStatisticsUrgesRoutes(api: Hono<AppEnv>, deps: LaggingReadDeps): void {
  const { readDb, rt } = deps;
  api.get('/statistics/urges', requireRole('staff', 'leader'), async (c) => {
    const q = singleQueryValues(c, ['period']);
    return c.json(await readUrgeStatistics(readDb, rt, currentUser(c).countyId, parsePeriod(q.period)));
  });
  registerPath('get', '/api/statistics/urges', {
    summary:
      '催办 in a period (?period=year:<yyyy> (tasks opened in the calendar year, Asia/Shanghai) | session:<term>:<session> | term:<term> (by the dates of the county’s terms and sessions tables)): the tasks urged and the urges in all, per handling unit and per process, in words',
    tags: ['statistics'],
    responses: {
      '200': { description: '{title, period, total: {tasks, urges}, units: [{unitId, name, name_en, tasks, urges}], processes: [{process, title, title_en, tasks, urges}]}' },
      '400': { description: 'INVALID_QUERY: an unknown, repeated or ill-typed parameter, or a period the county’s tables cannot date (nothing was read)' },
      '403': { description: 'FORBIDDEN: staff and leaders only' },
    },
  });
}
