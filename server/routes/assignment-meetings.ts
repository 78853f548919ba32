/**
 * The lists the chair council approves in one step (交办会 and 年终审查集中办结) over HTTP: the
 * suggestions a list may name, the XLSX template of either list (prefilled with them) and its
 * import, every row error in words (the sheet machinery: runtime/meeting/sheet-reader.ts). The lists themselves are process instances
 * (definitions/assignment-meeting, suggestion-closing): preparing, submitting and approving
 * them go through the ordinary task routes. Rules: runtime/store/meeting-lists.ts.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { SHEET_COLUMNS, SHEETS, type MeetingCandidate } from '../../runtime/meeting/index.ts';
import { listOptions, listQuery, listUnits, meetingCandidates, readMeetingSheet, type Database, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath, type JsonSchemaObject } from '../openapi.ts';
import { readJson, singleQueryValues } from '../request-body.ts';
import { exportResponse, type Cell } from '../table-export.ts';

/** A sheet of 500 rows is ~40 KB as .xlsx; base64 adds a third. */
const MAX_SHEET_BODY_BYTES = 512 * 1024;

export function mountAssignmentMeetingRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;

  api.get('/assignment-meetings/candidates', requireRole('staff', 'leader'), async (c) => {
    const { countyId } = currentUser(c);
    const { kind, listId } = await listQuery(db, countyId, singleQueryValues(c, ['kind', 'list']));
    return c.json({ candidates: await meetingCandidates(db, rt, countyId, kind, listId) });
  });

  api.get('/assignment-meetings/template', requireRole('staff'), async (c) => {
    const { countyId } = currentUser(c);
    const { kind, listId } = await listQuery(db, countyId, singleQueryValues(c, ['kind', 'list']));
    // Every suggestion the list may name on a row of its own, leaving out those on another open list.
    const candidates = (await meetingCandidates(db, rt, countyId, kind, listId)).filter((s) => s.heldBy === null);
    const rows: Cell[][] = kind === 'close' ? candidates.map((s) => [s.serialNo ?? '', s.title, '']) : await assignmentRows(countyId, candidates);
    const spec = SHEETS[kind];
    return exportResponse(c, {
      format: 'xlsx',
      sheet: spec.sheet,
      columns: spec.fields.map((f) => ({ title: SHEET_COLUMNS[f].title, width: SHEET_COLUMNS[f].width })),
      pages: (async function* () {
        yield rows;
      })(),
      filename: spec.filename,
      asciiFilename: spec.asciiFilename,
    });
  });

  /** The assignment list's rows, with the unit its deputy suggested as the lead unit: the office fills in the rest. */
  async function assignmentRows(countyId: string, candidates: readonly MeetingCandidate[]): Promise<Cell[][]> {
    const unitName = new Map((await listUnits(db, countyId, { active: true })).map((u) => [u.id, u.name]));
    const single = (await listOptions(db, rt, countyId, 'mode')).find((o) => o.value === 'SINGLE')?.title ?? '';
    const general = (await listOptions(db, rt, countyId, 'supervisionLevel')).find((o) => o.value === 'GENERAL')?.title ?? '';
    return candidates.map((s) => {
      const lead = s.suggestedUnitIds.map((id) => unitName.get(id)).find((n) => n !== undefined) ?? '';
      return [s.serialNo ?? '', s.title, single, lead, '', '', general, '', ''];
    });
  }

  api.post('/assignment-meetings/import', requireRole('staff'), async (c) => {
    const { countyId } = currentUser(c);
    const { kind, listId } = await listQuery(db, countyId, singleQueryValues(c, ['kind', 'list']));
    const body = await readJson(c, MAX_SHEET_BODY_BYTES);
    const result = await readMeetingSheet(db, rt, countyId, body, kind, listId);
    return c.json({ rows: result.rows });
  });

  registerAssignmentMeetingOpenApi();
}

const json = (schema: JsonSchemaObject) => ({ 'application/json': { schema } });
const LIST_QUERY = [
  { name: 'kind', required: false, schema: { type: 'string', enum: ['assign', 'close'] } },
  { name: 'list', required: false, schema: { type: 'string', maxLength: 200 } },
];

function registerAssignmentMeetingOpenApi(): void {
  const tags = ['assignment-meetings'];
  registerPath('get', '/api/assignment-meetings/candidates', {
    summary: "The running suggestions a list may name (staff, leader): kind=assign (default) those waiting for assignment (交办会), kind=close those a year-end review may close (集中办结); each {instanceId, serialNo, title, suggestedUnitIds, stateTitle}",
    tags,
    query: LIST_QUERY,
    responses: { '200': { description: '{candidates}', content: json({ type: 'object' }) }, '400': errorResponse('INVALID_QUERY'), '404': errorResponse('INSTANCE_NOT_FOUND') },
  });
  registerPath('get', '/api/assignment-meetings/template', {
    summary: 'A list as an .xlsx template (staff): kind=assign (default) 交办清单 — 建议编号, 标题, 办理方式, 主办单位, 协办单位, 分办单位, 督办级别, 答复期限, 经政府办转办, one row per suggestion waiting for assignment; kind=close 集中办结清单 — 建议编号, 标题, 审查意见, one row per suggestion waiting for the year-end review. Suggestions on another open list (other than `list`) are left out',
    tags,
    query: LIST_QUERY,
    responses: { '200': { description: 'The workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } } },
  });
  registerPath('post', '/api/assignment-meetings/import', {
    summary: 'Read a list of `kind` (assign: 交办清单, close: 集中办结清单) from an .xlsx workbook {format: "xlsx", base64} (staff): the rows in the list form\'s shape (units and suggestions by id), for the office\'s table; with any error 400 MEETING_SHEET_INVALID lists every error {line, column, code, message, message_en} (an unknown number, one not waiting for this list, one already on another open list than `list`, a duplicate row…) and returns no row',
    tags,
    query: LIST_QUERY,
    responses: {
      '200': { description: '{rows}', content: json({ type: 'object' }) },
      '400': errorResponse('MEETING_SHEET_INVALID (details.errors) / INVALID_BODY / INVALID_XLSX / INVALID_BASE64 / INVALID_TEXT'),
      '413': errorResponse('BODY_TOO_LARGE'),
    },
  });
}
