/**
 * Statistics (issue 14): GET /api/statistics (the processes with a catalogue),
 * /api/statistics/:process (the county's figures for a period), /api/statistics/:process/units
 * (the per-unit table) and /api/statistics/:process/export (either table as XLSX or CSV), for
 * every process with a definitions/<process>/metrics.json (代表建议 `suggestion`, 民生实事
 * `livelihood-vote`, 监督 `supervision`, 评议 `evaluation`); a process without one is 404
 * STATISTICS_NOT_FOUND. /api/statistics/suggestion/report is 代表建议's yearly report. Staff,
 * leaders and admins of the county only. Every query parameter is checked (unknown, repeated or
 * ill-typed: 400 INVALID_QUERY, nothing read). Figures: runtime/store/statistics.ts.
 */
import type { Context, Hono } from 'hono';
import { AppError } from '../../runtime/errors.ts';
import { parsePeriod, type Period } from '../../runtime/statistics/period.ts';
import { buildReport } from '../../runtime/statistics/report.ts';
import { baseCatalogue, countyDate, drillIds, readPointsList, readRegister, readStatistics, readUnitTable, recordAudit, regionChain, statisticsProcesses, TABLE_CATALOGUES } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { isRegionReader } from '../region-gate.ts';
import { listDrill, mountRegionStatisticsRoutes, regionExport, regionPointsList, regionReportScope, regionSummary, regionUnits } from './statistics-region.ts';
import { auditBy, definitionTarget } from '../audit-entry.ts';
import { registerPath } from '../openapi.ts';
import { enumQuery, singleQueryValues } from '../request-body.ts';
import { reportDocx } from '../statistics-report-docx.ts';
import { exportFormat, exportResponse, type Cell } from '../table-export.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';

const PROCESS = 'suggestion';

/** The `:process` path parameter: a process id with a statistics catalogue, else 404 STATISTICS_NOT_FOUND (400 when it is not an id at all). */
function processParam(c: Context<AppEnv>): string {
  const id = c.req.param('process') ?? '';
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(id)) throw new AppError('INVALID_QUERY', 'process: not a process id', { parameter: 'process' });
  if (!baseCatalogue(id)) throw new AppError('STATISTICS_NOT_FOUND', `"${id}" has no statistics catalogue`, { process: id });
  return id;
}

interface FigureCell {
  kind: string;
  count?: number;
  sum?: number;
  numerator?: number;
  denominator?: number;
  display?: string;
  parts?: Array<{ key: string; title: string; title_en: string; numerator: number; display: string }>;
}

/** A figure as export cells: a count as its number; a rate as numerator, denominator and percentage; a distribution as each part's count and percentage. */
function figureCells(f: FigureCell): Cell[] {
  if (f.kind === 'count') return [f.count ?? 0];
  if (f.kind === 'sum') return [f.sum ?? 0];
  if (f.kind === 'rate' || f.kind === 'avg') return [f.numerator ?? 0, f.denominator ?? 0, f.display ?? ''];
  return (f.parts ?? []).flatMap((p) => [p.numerator, p.display]);
}

export function mountStatisticsRoutes(api: Hono<AppEnv>, deps: LaggingReadDeps): void {
  const { db, readDb, rt } = deps;
  const readers = requireRole('staff', 'leader', 'admin');
  // Region readers (上级人大) read the suggestions' figures of the counties under their region: statistics-region.ts.
  const suggestionReaders = requireRole('staff', 'leader', 'admin', 'region');
  const region = (c: Context<AppEnv>): boolean => isRegionReader(currentUser(c));

  api.get('/statistics', readers, (c) => {
    singleQueryValues(c, []);
    return c.json({ processes: statisticsProcesses(rt) });
  });

  const summary = async (c: Context<AppEnv>, process: string) => {
    const q = singleQueryValues(c, ['period']);
    return c.json(await readStatistics(readDb, rt, currentUser(c).countyId, process, parsePeriod(q.period)));
  };

  const unitTable = async (c: Context<AppEnv>, process: string) => {
    const q = singleQueryValues(c, ['period']);
    return c.json(await readUnitTable(readDb, rt, currentUser(c).countyId, process, parsePeriod(q.period)));
  };

  const exportTable = async (c: Context<AppEnv>, PROCESS: string) => {
    const q = singleQueryValues(c, ['period', 'table', 'format', 'lang']);
    const period: Period = parsePeriod(q.period);
    const table = enumQuery('table', q.table, ['summary', 'units'] as const) ?? 'summary';
    const format = exportFormat(q.format);
    const lang = enumQuery('lang', q.lang, ['zh', 'en'] as const) ?? 'zh';
    const en = lang === 'en';
    const t = (o: { title: string; title_en: string }) => (en ? o.title_en : o.title);
    const countyId = currentUser(c).countyId;
    let columns: Array<{ title: string; width: number }>;
    let rows: Cell[][];
    let name: string;
    if (table === 'summary') {
      const view = await readStatistics(readDb, rt, countyId, PROCESS, period);
      name = `${t(view)}-${t(view.period)}`;
      columns = [en ? 'Metric' : '指标', en ? 'Part' : '分项', en ? 'Number' : '数量', en ? 'Denominator' : '分母', en ? 'Percentage' : '比例'].map((title, i) => ({ title, width: i < 2 ? 36 : 12 }));
      rows = view.metrics.flatMap((m): Cell[][] => {
        const f = m as unknown as FigureCell & { title: string; title_en: string; denominator: number };
        if (f.kind === 'count') return [[t(f), '', f.count ?? 0, null, null]];
        if (f.kind === 'sum') return [[t(f), '', f.sum ?? 0, null, null]];
        if (f.kind === 'rate' || f.kind === 'avg') return [[t(f), '', f.numerator ?? 0, f.denominator, f.display ?? '']];
        return (f.parts ?? []).map((p) => [t(f), t(p), p.numerator, f.denominator, p.display]);
      });
    } else {
      const view = await readUnitTable(readDb, rt, countyId, PROCESS, period);
      name = `${t(view)}-${t(view.period)}`;
      const heads: string[] = [en ? 'Unit' : PROCESS === 'suggestion' ? '承办单位' : '单位'];
      for (const col of view.columns) {
        if (col.kind === 'count' || col.kind === 'sum') heads.push(t(col));
        else if (col.kind === 'rate' || col.kind === 'avg') heads.push(`${t(col)}${en ? ' (number)' : '（数）'}`, `${t(col)}${en ? ' (of)' : '（分母）'}`, t(col));
        else for (const p of col.parts ?? []) heads.push(`${t(col)}：${t(p)}`, `${t(col)}：${t(p)}${en ? ' %' : '（%）'}`);
      }
      columns = heads.map((title, i) => ({ title, width: i === 0 ? 32 : 14 }));
      rows = view.rows.map((r) => [en ? r.unit.name_en ?? r.unit.name : r.unit.name, ...r.cells.flatMap((cell) => figureCells(cell as unknown as FigureCell))]);
    }
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'register.exported', target: definitionTarget(rt, PROCESS), detail: { format, rows: rows.length, statistics: table } });
    const day = countyDate(rt.clock.now());
    return exportResponse(c, {
      format,
      sheet: format === 'csv' ? 'statistics' : (en ? (table === 'summary' ? 'Statistics' : 'Units') : table === 'summary' ? '统计' : PROCESS === 'suggestion' ? '承办单位' : '单位'),
      columns,
      pages: (async function* () {
        yield rows;
      })(),
      filename: `${name}-${day}`,
      asciiFilename: PROCESS === 'suggestion' ? `statistics-${table}-${day}` : `statistics-${PROCESS}-${table}-${day}`,
    });
  };

  // One literal path per process with a catalogue (so the OpenAPI document lists each with its roles),
  // then for any other id: 404 STATISTICS_NOT_FOUND (400 when it is not an id at all).
  api.get(`/statistics/${PROCESS}`, suggestionReaders, (c) => (region(c) ? regionSummary(c, deps, PROCESS) : summary(c, PROCESS)));
  api.get(`/statistics/${PROCESS}/units`, suggestionReaders, (c) => (region(c) ? regionUnits(c, deps, PROCESS) : unitTable(c, PROCESS)));
  api.get(`/statistics/${PROCESS}/export`, suggestionReaders, (c) => (region(c) ? regionExport(c, deps, PROCESS) : exportTable(c, PROCESS)));
  // Region readers read every catalogue's figures of the counties under their region (the sum, one county's, the per-county table).
  for (const { id } of statisticsProcesses(rt).filter((x) => x.id !== PROCESS)) {
    api.get(`/statistics/${id}`, suggestionReaders, (c) => (region(c) ? regionSummary(c, deps, id) : summary(c, id)));
    api.get(`/statistics/${id}/units`, suggestionReaders, (c) => (region(c) ? regionUnits(c, deps, id) : unitTable(c, id)));
    api.get(`/statistics/${id}/export`, suggestionReaders, (c) => (region(c) ? regionExport(c, deps, id) : exportTable(c, id)));
  }
  // The lists behind the numbers of catalogues over tables (deputies' points): deputies or point entries.
  for (const id of TABLE_CATALOGUES.filter((x) => statisticsProcesses(rt).some((p) => p.id === x))) {
    api.get(`/statistics/${id}/list`, suggestionReaders, async (c) => {
      if (region(c)) return regionPointsList(c, deps, id);
      const q = singleQueryValues(c, ['period', 'metric', 'part', 'item']);
      return c.json(await readPointsList(readDb, rt, currentUser(c).countyId, id, listDrill(q)));
    });
    registerPath('get', `/api/statistics/${id}/list`, {
      summary: 'The deputies or the point entries behind one number of the deputies’ duty statistics (?period=year:<yyyy>|session:<term>:<session>|term:<term> (by the dates of the county’s sessions table)&metric=<id>|population:<id>&part=numerator|denominator&item=<part>): these figures are rows of the points table, not instances, so they open this list instead of the register; region readers add county=<code> (absent: every county under the region)',
      tags: ['statistics'],
      responses: { '200': { description: '{title, period, metric, kind: deputies|entries, total, deputies | entries}' }, '400': { description: 'INVALID_QUERY' }, '403': { description: 'FORBIDDEN: staff, leaders, admins and region readers only' } },
    });
  }
  // Only refusals here (an `all` route, so the route × county matrix, which lists served GET/POST…
  // routes, sees none): any process with a catalogue was answered above.
  const unknownProcess = (c: Context<AppEnv>) => {
    if (c.req.method === 'GET') processParam(c);
    return c.notFound();
  };
  api.all('/statistics/:process', readers, unknownProcess);
  api.all('/statistics/:process/units', readers, unknownProcess);
  api.all('/statistics/:process/export', readers, unknownProcess);
  api.all('/statistics/:process/list', readers, unknownProcess);

  // The year's 代表建议办理情况报告 (runtime/statistics/report.ts): as JSON for the print page, or as a Word document the office edits.
  api.get(`/statistics/${PROCESS}/report`, suggestionReaders, async (c) => {
    // A region reader reads a county's report (county= required); everyone else their own county's.
    const scope = region(c) ? await regionReportScope(c, readDb) : undefined;
    const q = scope?.query ?? singleQueryValues(c, ['period', 'format']);
    const period: Period = parsePeriod(q.period);
    const format = enumQuery('format', q.format, ['json', 'docx'] as const) ?? 'json';
    const countyId = scope?.countyId ?? currentUser(c).countyId;
    const [view, units, chain] = await Promise.all([readStatistics(readDb, rt, countyId, PROCESS, period), readUnitTable(readDb, rt, countyId, PROCESS, period), regionChain(readDb, countyId)]);
    const county = chain.find((r) => r.id === countyId)?.name ?? '';
    const day = countyDate(rt.clock.now());
    // The key-supervised items as the register lists them (编号、标题、领衔代表、承办单位、督办级别、状态).
    const user = currentUser(c);
    const keyIds = await drillIds(readDb, rt, countyId, PROCESS, { metric: 'population:keySupervised', part: 'numerator', period });
    const register = keyIds.length === 0 ? null : await readRegister(readDb, rt, countyId, scope?.actor ?? { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName }, { definition: PROCESS, filters: { ids: keyIds }, order: 'asc', limit: 500, offset: 0, lang: 'zh' });
    const wanted = ['serialNo', 'title', 'leadDeputy', 'units', 'supervision', 'state'];
    const at = register ? wanted.map((k) => register.columns.findIndex((col) => col.key === k)).filter((i) => i >= 0) : [];
    const keyItems = register ? { columns: at.map((i) => register.columns[i]?.title ?? ''), rows: register.rows.map((r) => at.map((i) => r.cells[i] ?? '')) } : undefined;
    const report = buildReport({ county, asOfDate: day, view, units, ...(keyItems ? { keyItems } : {}) });
    if (format === 'json') return c.json(report);
    const body = await reportDocx(report);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'register.exported', target: definitionTarget(rt, PROCESS), detail: { format, rows: units.rows.length, statistics: 'report' } });
    const name = `${county}${view.period.title}代表建议办理情况报告-${day}.docx`;
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="suggestion-report-${day}.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
  });

  for (const { id } of statisticsProcesses(rt)) mountRegionStatisticsRoutes(api, deps, id);

  const period = 'period=year:<yyyy> (calendar year by submission date, Asia/Shanghai) | session:<term>:<session> (届次年度) | term:<term>';
  const invalid = { '400': { description: 'INVALID_QUERY: an unknown, repeated or ill-typed parameter (nothing was read)' }, '403': { description: 'FORBIDDEN: staff, leaders and admins only (for suggestions also region readers, who add county=<code> of a county under their region)' } };
  registerPath('get', '/api/statistics', { summary: 'The processes that have a statistics catalogue: {processes: [{id, title, title_en}]}', tags: ['statistics'], responses: { '200': { description: '{processes}' }, '403': invalid['403'] } });
  // Each process with a catalogue is listed under its own path (the same handlers, /api/statistics/:process).
  for (const p of statisticsProcesses(rt).filter((x) => x.id !== PROCESS)) {
    registerPath('get', `/api/statistics/${p.id}`, { summary: `The county's figures of ${p.title_en} (${p.title}) for a period (?period=year:<yyyy>): every population and metric (count, sum, rate, distribution) with numerator, denominator, value and the register query behind each number`, tags: ['statistics'], responses: { '200': { description: '{process, title, combine: null, period, asOf, populations, metrics}' }, ...invalid } });
    registerPath('get', `/api/statistics/${p.id}/units`, { summary: `The per-unit table of ${p.title_en} (${p.title}) for a period (?period=year:<yyyy>); 404 STATISTICS_NOT_FOUND when the catalogue has none`, tags: ['statistics'], responses: { '200': { description: '{title, period, columns, rows: [{unit, cells}]}' }, ...invalid } });
    registerPath('get', `/api/statistics/${p.id}/export`, { summary: `The metric table or the per-unit table of ${p.title_en} as XLSX or CSV (?period=year:<yyyy>&table=summary|units&format=xlsx|csv&lang=zh|en)`, tags: ['statistics'], responses: { '200': { description: 'The file' }, ...invalid } });
  }
  registerPath('get', `/api/statistics/${PROCESS}`, { summary: `The county's figures of deputies' suggestions for a period (?${period}): every population and metric with numerator, denominator, value and the register query behind each number`, tags: ['statistics'], responses: { '200': { description: '{process, title, combine, period, asOf, populations, metrics}' }, ...invalid } });
  registerPath('get', `/api/statistics/${PROCESS}/units`, { summary: `The per-unit table of suggestions (承办单位统计) for a period (?${period})`, tags: ['statistics'], responses: { '200': { description: '{title, period, columns, rows: [{unit, cells}]}' }, ...invalid } });
  registerPath('get', `/api/statistics/${PROCESS}/export`, { summary: `The metric table or the per-unit table as XLSX or CSV (?${period}&table=summary|units&format=xlsx|csv&lang=zh|en)`, tags: ['statistics'], responses: { '200': { description: 'The file' }, ...invalid } });
  registerPath('get', `/api/statistics/${PROCESS}/report`, { summary: `The period's 代表建议办理情况报告 (?${period}&format=json|docx): title, sections 一…五 and the 附表 of handling units, every number as the statistics display it; docx is a Word document to edit`, tags: ['statistics'], responses: { '200': { description: '{title, county, period, asOfDate, sections} or the .docx' }, ...invalid } });
}
