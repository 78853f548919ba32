/**
 * A deputy's 履职档案 (DOMAIN §7.6; runtime/store/deputy-archive.ts): the year's page and its
 * XLSX. A deputy reads their own (another deputy of the county: 403); staff and admins any
 * deputy of their county; another county's deputy is 404 DEPUTY_NOT_FOUND for everyone, like
 * one that exists nowhere (test/api/route-county-matrix.test.ts); other roles are refused by
 * the role gate, region readers by server/region-gate.ts. Query parameters: unknown, repeated or
 * ill-typed ones are 400 INVALID_QUERY, nothing read.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { findBadCharacter } from '../../runtime/engine/text-input.ts';
import { AppError } from '../../runtime/errors.ts';
import { archiveRows, readDeputyArchive, ARCHIVE_COLUMNS, type Database, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { integerQuery, singleQueryValues } from '../request-body.ts';
import { exportFormat, exportResponse } from '../table-export.ts';

export function mountDeputyArchiveRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const readers = requireRole('staff', 'admin', 'deputy');
  const thisYear = () => new Date(rt.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();

  const read = async (c: Context<AppEnv>, allowed: readonly string[]) => {
    const q = singleQueryValues(c, allowed);
    const year = integerQuery('year', q.year, { min: 2000, max: 2100 }) ?? thisYear();
    const user = currentUser(c);
    const id = c.req.param('id') ?? '';
    if (id.length > 100 || findBadCharacter(id)) throw new AppError('DEPUTY_NOT_FOUND');
    const archive = await readDeputyArchive(db, rt, user.countyId, { id: user.id, roles: user.roles, unitId: user.unitId }, id, year);
    return { q, archive };
  };

  api.get('/deputies/:id/archive', readers, async (c) => c.json((await read(c, ['year'])).archive));

  api.get('/deputies/:id/archive/export', readers, async (c) => {
    const { q, archive } = await read(c, ['year', 'format']);
    return exportResponse(c, {
      format: exportFormat(q.format),
      sheet: `${archive.year}年度履职档案`,
      columns: ARCHIVE_COLUMNS.map((col) => ({ title: col.zh, width: col.width })),
      pages: (async function* () {
        yield archiveRows(archive, 'zh');
      })(),
      filename: `${archive.deputy.name}${archive.year}年度履职档案`,
      asciiFilename: `deputy-archive-${archive.year}`,
    });
  });

  const tags = ['points'];
  const yearQ = { name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } };
  const refused = { '400': errorResponse('INVALID_QUERY: nothing read'), '403': errorResponse('FORBIDDEN: another deputy’s archive'), '404': errorResponse('DEPUTY_NOT_FOUND') };
  registerPath('get', '/api/deputies/{id}/archive', {
    summary: "A deputy's 履职档案 of a year in words: congress session attendance, suggestions with results and ratings, reception days on duty, issues, inspections, ballots attended (never how they voted), training, report-backs to voters with the voters' result, the approved annual grade with its commendation or 约谈, points and the quarter's rank (the deputy their own; staff, admin)",
    tags,
    query: [yearQ],
    responses: { '200': { description: 'The archive', content: { 'application/json': { schema: { type: 'object' } } } }, ...refused },
  });
  registerPath('get', '/api/deputies/{id}/archive/export', {
    summary: "The year's archive as XLSX (or CSV, UTF-8 with BOM): one row per entry, the page's words (&format=xlsx|csv)",
    tags,
    query: [yearQ, { name: 'format', schema: { enum: ['xlsx', 'csv'] } }],
    responses: { '200': { description: 'The file' }, ...refused },
  });
}
