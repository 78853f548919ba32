/**
 * The lists the chair council approves in one step (交办会 and 年终审查集中办结) over HTTP: the
 * suggestions a list may name, the XLSX template of an assignment list (prefilled with them)
 * and its import, every row error in words. The lists themselves are process instances
 * (definitions/assignment-meeting, suggestion-closing): preparing, submitting and approving
 * them go through the ordinary task routes. Rules: runtime/store/meeting-lists.ts.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../runtime/errors.ts';
import { SHEET_COLUMNS, SHEET_FIELDS } from '../../runtime/meeting/index.ts';
import { listOptions, listUnits, meetingCandidates, MEETING_KINDS, readMeetingSheet, type Database, type MeetingKind, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath, type JsonSchemaObject } from '../openapi.ts';
import { readJson, singleQueryValues } from '../request-body.ts';
import { exportResponse, type Cell } from '../table-export.ts';

/** A sheet of 500 rows is ~40 KB as .xlsx; base64 adds a third. */
const MAX_SHEET_BODY_BYTES = 512 * 1024;

export function mountAssignmentMeetingRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;

  api.get('/assignment-meetings/candidates', requireRole('staff', 'leader'), async (c) => {
    const q = singleQueryValues(c, ['kind']);
    const kind = q.kind ?? 'assign';
    if (!Object.hasOwn(MEETING_KINDS, kind)) throw new AppError('INVALID_QUERY', 'kind: assign 或 close / assign or close', { parameter: 'kind' });
    return c.json({ candidates: await meetingCandidates(db, rt, currentUser(c).countyId, kind as MeetingKind) });
  });

  api.get('/assignment-meetings/template', requireRole('staff'), async (c) => {
    singleQueryValues(c, []);
    const { countyId } = currentUser(c);
    const candidates = await meetingCandidates(db, rt, countyId, 'assign');
    const unitName = new Map((await listUnits(db, countyId, { active: true })).map((u) => [u.id, u.name]));
    const single = (await listOptions(db, rt, countyId, 'mode')).find((o) => o.value === 'SINGLE')?.title ?? '';
    const general = (await listOptions(db, rt, countyId, 'supervisionLevel')).find((o) => o.value === 'GENERAL')?.title ?? '';
    // Every registered suggestion on a row of its own, with the unit its deputy suggested as the lead unit: the office fills in the rest.
    const rows: Cell[][] = candidates.map((s) => {
      const lead = s.suggestedUnitIds.map((id) => unitName.get(id)).find((n) => n !== undefined) ?? '';
      return [s.serialNo ?? '', s.title, single, lead, '', '', general, '', ''];
    });
    return exportResponse(c, {
      format: 'xlsx',
      sheet: '交办清单',
      columns: SHEET_FIELDS.map((f) => ({ title: SHEET_COLUMNS[f].title, width: SHEET_COLUMNS[f].width })),
      pages: (async function* () {
        yield rows;
      })(),
      filename: '交办清单',
      asciiFilename: 'assignment-list',
    });
  });

  api.post('/assignment-meetings/import', requireRole('staff'), async (c) => {
    singleQueryValues(c, []);
    const body = await readJson(c, MAX_SHEET_BODY_BYTES);
    const result = await readMeetingSheet(db, rt, currentUser(c).countyId, body);
    return c.json({ rows: result.rows });
  });

  registerAssignmentMeetingOpenApi();
}

const json = (schema: JsonSchemaObject) => ({ 'application/json': { schema } });

function registerAssignmentMeetingOpenApi(): void {
  const tags = ['assignment-meetings'];
  registerPath('get', '/api/assignment-meetings/candidates', {
    summary: "The running suggestions a list may name (staff, leader): kind=assign (default) those waiting for assignment (交办会), kind=close those a year-end review may close (集中办结); each {instanceId, serialNo, title, suggestedUnitIds, stateTitle}",
    tags,
    query: [{ name: 'kind', required: false, schema: { type: 'string', enum: ['assign', 'close'] } }],
    responses: { '200': { description: '{candidates}', content: json({ type: 'object' }) }, '400': errorResponse('INVALID_QUERY') },
  });
  registerPath('get', '/api/assignment-meetings/template', {
    summary: 'The assignment list as an .xlsx template (staff): 建议编号, 标题, 办理方式, 主办单位, 协办单位, 分办单位, 督办级别, 答复期限, 经政府办转办; one row per suggestion waiting for assignment',
    tags,
    responses: { '200': { description: 'The workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } } },
  });
  registerPath('post', '/api/assignment-meetings/import', {
    summary: 'Read an assignment list from an .xlsx workbook {format: "xlsx", base64} (staff): the rows in the list form\'s shape (units and suggestions by id), for the office\'s table; with any error 400 MEETING_SHEET_INVALID lists every error {line, column, code, message, message_en} and returns no row',
    tags,
    responses: {
      '200': { description: '{rows}', content: json({ type: 'object' }) },
      '400': errorResponse('MEETING_SHEET_INVALID (details.errors) / INVALID_BODY / INVALID_XLSX / INVALID_BASE64 / INVALID_TEXT'),
      '413': errorResponse('BODY_TOO_LARGE'),
    },
  });
}
