/**
 * Deputies' annual assessment (DOMAIN §7.4): the office opens a year, reads its progress and
 * graded list; the chair council (leader) reads the list it approves; a deputy reads their own
 * grade only. Handling-unit clerks and region readers are refused. The steps are tasks of the
 * processes `deputy-assessment` and `deputy-self-evaluation` (POST /api/tasks/:id/complete).
 * Query parameters: unknown, repeated or ill-typed ones are 400 INVALID_QUERY, nothing read.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { assessmentOverview, assessmentTableRows, myAssessment, openAssessment, ASSESSMENT_COLUMNS, type Database, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath, type JsonSchemaObject } from '../openapi.ts';
import { integerQuery, readJson, singleQueryValues } from '../request-body.ts';
import { exportFormat, exportResponse } from '../table-export.ts';

export function mountAssessmentRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const actorOf = (c: Context<AppEnv>) => {
    const u = currentUser(c);
    return { countyId: u.countyId, actor: { id: u.id, roles: u.roles, unitId: u.unitId, name: u.displayName } };
  };
  // The assessment year defaults to last year: it is held after the year ends (Beijing time).
  const year = (q: Record<string, string>) => integerQuery('year', q.year, { min: 2000, max: 2100 }) ?? new Date(rt.clock.now().getTime() + 8 * 3600_000).getUTCFullYear() - 1;

  api.post('/assessments', requireRole('staff'), async (c) => {
    singleQueryValues(c, []);
    const { countyId, actor } = actorOf(c);
    return c.json(await openAssessment(db, rt, countyId, actor, await readJson(c)), 201);
  });

  api.get('/assessments', requireRole('staff', 'leader', 'admin'), async (c) => {
    const q = singleQueryValues(c, ['year']);
    const { countyId, actor } = actorOf(c);
    return c.json(await assessmentOverview(db, rt, countyId, actor, year(q)));
  });

  // The graded list as XLSX or CSV (server/table-export.ts, as the register and the audit log): the page's columns in words.
  api.get('/assessments/export', requireRole('staff', 'leader', 'admin'), async (c) => {
    const q = singleQueryValues(c, ['year', 'format']);
    const format = exportFormat(q.format);
    const { countyId, actor } = actorOf(c);
    const overview = await assessmentOverview(db, rt, countyId, actor, year(q));
    return exportResponse(c, {
      format,
      sheet: `${overview.year}年度代表履职考核`,
      columns: ASSESSMENT_COLUMNS.map((col) => ({ title: col.zh, width: col.width })),
      pages: (async function* () {
        yield assessmentTableRows(overview, 'zh');
      })(),
      filename: `${overview.year}年度代表履职考核等次`,
      asciiFilename: `deputy-assessment-${overview.year}`,
    });
  });

  api.get('/assessments/mine', requireRole('deputy'), async (c) => {
    const q = singleQueryValues(c, ['year']);
    const { countyId, actor } = actorOf(c);
    return c.json(await myAssessment(db, rt, countyId, actor, year(q)));
  });

  registerAssessmentOpenApi();
}

const json = (schema: JsonSchemaObject) => ({ 'application/json': { schema } });

function registerAssessmentOpenApi(): void {
  const tags = ['assessments'];
  const bad = errorResponse('INVALID_INPUT / INVALID_BODY / INVALID_QUERY / VALIDATION_FAILED: nothing written');
  const forbidden = errorResponse('FORBIDDEN');
  const yearQ = { name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } };
  registerPath('post', '/api/assessments', {
    summary: "Open a year's deputies' assessment: the campaign and one self-evaluation per serving deputy, in one transaction (staff)",
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, selfEvaluationBy: { type: 'string', format: 'date' }, notice: { type: 'string', maxLength: 2000 } } }) },
    responses: {
      '201': { description: 'Opened', content: json({ type: 'object', properties: { campaignId: { type: 'string' }, year: { type: 'integer' }, selfEvaluations: { type: 'integer' } } }) },
      '400': bad,
      '403': forbidden,
      '409': errorResponse('ASSESSMENT_EXISTS'),
      '422': errorResponse('NO_DEPUTIES'),
    },
  });
  registerPath('get', '/api/assessments', {
    summary: "A year's assessment for the office and the chair council: progress, every deputy's points, score and grade in words, flags, commendation list, interviews (staff, leader, admin)",
    tags,
    query: [yearQ],
    responses: { '200': { description: 'The year', content: json({ type: 'object' }) }, '400': bad, '403': forbidden },
  });
  registerPath('get', '/api/assessments/export', {
    summary: "A year's graded list as XLSX (or CSV, UTF-8 with BOM): rank, deputy, delegation, points, score, grade, self-evaluation, note — the page's words (staff, leader, admin; &format=xlsx|csv)",
    tags,
    query: [yearQ, { name: 'format', schema: { enum: ['xlsx', 'csv'] } }],
    responses: { '200': { description: 'The file' }, '400': bad, '403': forbidden },
  });
  registerPath('get', '/api/assessments/mine', {
    summary: "The deputy's own self-evaluation state and, once the chair council has approved, their own grade (deputy)",
    tags,
    query: [yearQ],
    responses: { '200': { description: 'The deputy’s own assessment', content: json({ type: 'object' }) }, '400': bad, '403': forbidden },
  });
}
