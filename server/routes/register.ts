/**
 * The register (台账): GET /api/register (one page), /api/register/export (every page, XLSX or
 * CSV), /api/register/options (what the filters offer) and /api/register/processes. Every query
 * parameter is read by runtime/store/register-query.ts: an unknown, repeated or ill-typed one
 * is 400 INVALID_QUERY and nothing is read.
 */
import type { Context, Hono } from 'hono';
import type { Actor } from '../../runtime/engine/index.ts';
import { AppError } from '../../runtime/errors.ts';
import {
  countyDate,
  currentRegisterPackage,
  drillIds,
  isMonthlyMetric,
  monthlyDrillIds,
  parseRegisterParams,
  readRegister,
  readRegisterOptions,
  readWholeRegister,
  readRegionRegister,
  readRegionRegisterOptions,
  readWholeRegionRegister,
  regionReader,
  REGION_REGISTER_PARAMS,
  recordAudit,
  registerDefinition,
  registerProcesses,
  singleParams,
  type RegisterParams,
  type RegisterView,
} from '../../runtime/store/index.ts';
import type { AppEnv } from '../app.ts';
import { auditBy, definitionTarget } from '../audit-entry.ts';
import { registerPath } from '../openapi.ts';
import { isRegionReader } from '../region-gate.ts';
import { exportFormat, exportResponse } from '../table-export.ts';
import type { LaggingReadDeps } from './lagging-read-deps.ts';

/** A region reader's register (上级人大): the counties under its region, or one (`county=`); register-region.ts. */
function regionOf(c: Context<AppEnv>): { regionId: string; reader: Actor } | undefined {
  const user = c.get('user');
  return isRegionReader(user) ? { regionId: user.countyId, reader: regionReader(user) } : undefined;
}

function who(c: Context<AppEnv>): { countyId: string; actor: Actor } {
  const user = c.get('user');
  return { countyId: user.countyId, actor: { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName } };
}

export function mountRegisterRoutes(api: Hono<AppEnv>, deps: LaggingReadDeps): void {
  const { db, readDb, rt } = deps;

  /** The checked parameters, read against the process's current package in the caller's county. */
  const params = async (c: Context<AppEnv>, extra: readonly string[] = []): Promise<{ raw: Record<string, string>; p: RegisterParams }> => {
    const raw = singleParams(c.req.queries(), extra);
    const pkg = await currentRegisterPackage(readDb, rt, who(c).countyId, registerDefinition(raw));
    const p = parseRegisterParams(raw, pkg);
    // A statistic's drill-down: exactly the instances behind that number (issue 14).
    if (p.drill && isMonthlyMetric(p.drill.metric)) p.filters.ids = await monthlyDrillIds(readDb, who(c).countyId, p.definition, p.drill);
    else if (p.drill) p.filters.ids = await drillIds(readDb, rt, who(c).countyId, p.definition, { ...p.drill, ...(p.filters.unit !== undefined ? { unit: p.filters.unit } : {}) });
    return { raw, p };
  };

  api.get('/register/processes', (c) => c.json({ processes: registerProcesses(rt) }));

  api.get('/register/options', async (c) => {
    const region = regionOf(c);
    const raw = singleParams(c.req.queries(), region ? REGION_REGISTER_PARAMS : []);
    const extra = Object.keys(raw).filter((k) => k !== 'definition' && k !== 'lang' && !(region && k === 'county'));
    if (extra.length > 0) throw new AppError('INVALID_QUERY', `${extra[0]}: the options take only definition and lang`, { parameter: extra[0] });
    const lang = raw.lang ?? 'zh';
    if (lang !== 'zh' && lang !== 'en') throw new AppError('INVALID_QUERY', 'lang: zh or en', { parameter: 'lang' });
    if (region) return c.json(await readRegionRegisterOptions(readDb, rt, region.regionId, registerDefinition(raw), lang, raw.county));
    return c.json(await readRegisterOptions(readDb, rt, who(c).countyId, registerDefinition(raw), lang));
  });

  api.get('/register', async (c) => {
    const region = regionOf(c);
    if (region) return c.json(await readRegionRegister(readDb, rt, region.regionId, region.reader, singleParams(c.req.queries(), REGION_REGISTER_PARAMS)));
    const { countyId, actor } = who(c);
    const { p } = await params(c);
    return c.json(await readRegister(readDb, rt, countyId, actor, p));
  });

  api.get('/register/export', async (c) => {
    const region = regionOf(c);
    const { countyId, actor } = who(c);
    const regionRaw = region ? singleParams(c.req.queries(), [...REGION_REGISTER_PARAMS, 'format']) : undefined;
    const { raw, p } = regionRaw ? { raw: regionRaw, p: { lang: regionRaw.lang === 'en' ? ('en' as const) : ('zh' as const) } } : await params(c, ['format']);
    const format = exportFormat(raw.format);
    // The first page is read before the answer starts, so a refusal is still a clean 4xx.
    const pages: AsyncGenerator<RegisterView> = region && regionRaw ? readWholeRegionRegister(readDb, rt, region.regionId, region.reader, regionRaw) : readWholeRegister(readDb, rt, countyId, actor, { ...(p as RegisterParams), offset: 0 });
    const first = await pages.next();
    if (first.done) throw new AppError('INTERNAL', 'The register gave no page');
    const view = first.value;
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'register.exported', target: definitionTarget(rt, view.definition.id), detail: { format, rows: view.total } });
    const rows = async function* () {
      yield view.rows.map((row) => row.cells);
      for await (const page of pages) yield page.rows.map((row) => row.cells);
    };
    const day = countyDate(rt.clock.now());
    return exportResponse(c, {
      format,
      sheet: format === 'csv' ? 'register' : p.lang === 'en' ? 'Register' : '台账',
      columns: view.columns.map((col) => ({ title: col.title, width: col.kind === 'title' ? 48 : 16 })),
      pages: rows(),
      filename: `${view.title}-${day}`,
      asciiFilename: `register-${day}`,
    });
  });

  registerRegisterOpenApi();
}

function registerRegisterOpenApi(): void {
  const query = '?definition=&term=&session=&year=&category=&unit=&state=&overdue=1|0&key=1|0&q=&sort=<column>&order=asc|desc&limit=1..500&offset=&lang=zh|en&metric=<statistic>|monthly:submitted|monthly:answered|monthly:concluded&part=numerator|denominator&item=<part>&period=year:<yyyy>|session:<term>:<session>|term:<term>; a region reader (上级人大) also county=<code> of a county under its region, rows grouped by county';
  const invalid = { '400': { description: 'INVALID_QUERY: an unknown, repeated or ill-typed parameter (nothing was read)' } };
  registerPath('get', '/api/register', { summary: `The register (台账) of a process: one page of rows as words, and the total (${query})`, tags: ['register'], responses: { '200': { description: '{definition, columns, rows, total, limit, offset}' }, ...invalid } });
  registerPath('get', '/api/register/export', { summary: 'Every row of the register with the same filters, as XLSX or CSV (UTF-8 with BOM) (&format=xlsx|csv)', tags: ['register'], responses: { '200': { description: 'The file' }, ...invalid } });
  registerPath('get', '/api/register/options', { summary: 'What the register’s filters offer, in words (?definition=&lang=)', tags: ['register'], responses: { '200': { description: 'Options' }, ...invalid } });
  registerPath('get', '/api/register/processes', { summary: 'The processes that have a register', tags: ['register'], responses: { '200': { description: '{processes}' } } });
}
