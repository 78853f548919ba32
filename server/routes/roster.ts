/**
 * The deputy roster, terms and sessions. Admins preview and import a roster (CSV or XLSX) and
 * create terms and sessions; staff (and admins) read them. Every lookup is by the caller's
 * county, so another county's deputy is a 404 and its term is as unknown as a missing one.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../../runtime/errors.ts';
import { checkNewSession, checkNewTerm, checkRosterBody } from '../../runtime/roster/index.ts';
import { createSession, createTerm, getDeputy, importRoster, inTransaction, listDeputies, listSessions, listTerms, previewRoster, recordAudit } from '../../runtime/store/index.ts';
import type { Database, Runtime } from '../../runtime/store/index.ts';
import { auditBy } from '../audit-entry.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { booleanQuery, readJson, textQuery } from '../request-body.ts';

export interface RosterRouteDeps {
  db: Kysely<Database>;
  /** Accepted like mountWorkRoutes' deps; the roster needs no clock or id source. */
  rt?: Runtime;
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('INVALID_INPUT', 'Some fields are invalid', { errors });
}

export function mountRosterRoutes(api: Hono<AppEnv>, deps: RosterRouteDeps): void {
  const { db } = deps;
  const admin = requireRole('admin');
  const reader = requireRole('admin', 'staff');
  // The clock of the audit entries: the runtime's, or the wall clock when mounted without one.
  const clock = deps.rt?.clock ?? { now: () => new Date() };

  api.post('/roster/preview', admin, async (c) => {
    const checked = checkRosterBody(await readJson(c), { import: false });
    if (!checked.ok) throw invalid(checked.errors);
    const preview = await previewRoster(db, currentUser(c).countyId, checked.value.input);
    return c.json({ rows: preview.rows, errors: preview.errors, conflicts: preview.conflicts, columns: preview.columns, summary: preview.summary });
  });

  api.post('/roster/import', admin, async (c) => {
    const user = currentUser(c);
    const checked = checkRosterBody(await readJson(c), { import: true });
    if (!checked.ok) throw invalid(checked.errors);
    // The audit entry is written in the import's transaction (store/roster.ts).
    const audit = { ...auditBy(c, clock), target: { kind: 'county' as const, id: user.countyId, name: null } };
    const result = await importRoster(db, user.countyId, checked.value.input, { termId: checked.value.termId, actorId: user.id, audit });
    return c.json(result, 201);
  });

  api.get('/deputies', reader, async (c) => {
    const standingCommittee = booleanQuery('standingCommittee', c.req.query('standingCommittee'));
    const active = booleanQuery('active', c.req.query('active'));
    const termId = textQuery('termId', c.req.query('termId'));
    const deputies = await listDeputies(db, currentUser(c).countyId, { standingCommittee, active, termId });
    return c.json({ deputies });
  });

  api.get('/deputies/:id', reader, async (c) => {
    const deputy = await getDeputy(db, currentUser(c).countyId, c.req.param('id'));
    if (!deputy) throw new AppError('DEPUTY_NOT_FOUND', 'No such deputy');
    return c.json(deputy);
  });

  api.get('/terms', reader, async (c) => {
    return c.json({ terms: await listTerms(db, currentUser(c).countyId) });
  });

  // A term or session and its audit entry commit together (a taken id is refused by ON CONFLICT before any entry).
  api.post('/terms', admin, async (c) => {
    const checked = checkNewTerm(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const term = await inTransaction(db, async (trx) => {
      const created = await createTerm(trx, currentUser(c).countyId, checked.value);
      await recordAudit(trx, { ...auditBy(c, clock), action: 'term.created', target: { kind: 'term', id: created.id, name: created.name }, detail: { startsOn: created.startsOn, endsOn: created.endsOn } });
      return created;
    });
    return c.json(term, 201);
  });

  api.post('/terms/:id/sessions', admin, async (c) => {
    const checked = checkNewSession(await readJson(c));
    if (!checked.ok) throw invalid(checked.errors);
    const session = await inTransaction(db, async (trx) => {
      const created = await createSession(trx, currentUser(c).countyId, c.req.param('id'), checked.value);
      await recordAudit(trx, { ...auditBy(c, clock), action: 'session.created', target: { kind: 'session', id: created.id, name: created.name }, detail: { termId: created.termId, heldOn: created.heldOn } });
      return created;
    });
    return c.json(session, 201);
  });

  api.get('/sessions', reader, async (c) => {
    return c.json({ sessions: await listSessions(db, currentUser(c).countyId, { termId: textQuery('termId', c.req.query('termId')) }) });
  });

  registerRosterOpenApi();
}

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
const nullableString = { type: ['string', 'null'] };
const date = { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

const DEPUTY_SCHEMA = {
  type: 'object',
  properties: {
    userId: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    delegation: nullableString,
    group: nullableString,
    phone: nullableString,
    standingCommittee: { type: 'boolean' },
    termId: nullableString,
    active: { type: 'boolean' },
  },
};

const ROSTER_ERROR_SCHEMA = {
  type: 'object',
  required: ['line', 'column', 'code', 'message', 'message_en'],
  properties: {
    line: { type: 'integer', description: '1-based line of the file (CSV line or sheet row); the header is line 1' },
    column: { type: 'string', description: 'The header cell as written; empty for the whole file' },
    code: { type: 'string', description: 'e.g. NAME_REQUIRED, PHONE_INVALID, DUPLICATE_PHONE, UNKNOWN_COLUMN, USERNAME_TAKEN' },
    message: { type: 'string' },
    message_en: { type: 'string' },
  },
};

const ROSTER_BODY = {
  type: 'object',
  required: ['format'],
  additionalProperties: false,
  description: 'CSV as text, or CSV / XLSX bytes as base64 (a data: URL prefix is allowed). CSV bytes may be UTF-8, GB18030 or UTF-16 with a BOM.',
  properties: {
    format: { enum: ['csv', 'xlsx'] },
    text: { type: 'string' },
    base64: { type: 'string', contentEncoding: 'base64' },
  },
};

const TERM_SCHEMA = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, startsOn: date, endsOn: date } };
const SESSION_SCHEMA = { type: 'object', properties: { id: { type: 'string' }, termId: { type: 'string' }, name: { type: 'string' }, heldOn: date } };

function registerRosterOpenApi(): void {
  const tags = ['roster'];
  const forbidden = errorResponse('FORBIDDEN');
  const badFile = errorResponse('INVALID_INPUT (details.errors), INVALID_JSON, INVALID_BASE64, INVALID_FILE or INVALID_XLSX');
  registerPath('post', '/api/roster/preview', {
    summary: 'Read a roster file and report every row error and conflict; writes nothing (admin)',
    tags,
    requestBody: { required: true, content: json(ROSTER_BODY) },
    responses: {
      '200': {
        description: 'Parsed rows, errors, conflicts with existing users and deputies, and counts',
        content: json({
          type: 'object',
          properties: {
            rows: { type: 'array', items: { type: 'object' } },
            errors: { type: 'array', items: ROSTER_ERROR_SCHEMA },
            conflicts: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, code: { enum: ['USERNAME_TAKEN', 'PHONE_TAKEN'] }, userId: { type: 'string' }, name: { type: 'string' } } } },
            columns: { type: 'object', additionalProperties: { type: 'string' } },
            summary: { type: 'object', properties: { rows: { type: 'integer' }, valid: { type: 'integer' }, invalid: { type: 'integer' }, standingCommittee: { type: 'integer' }, errors: { type: 'integer' } } },
          },
        }),
      },
      '400': badFile,
      '403': forbidden,
    },
  });
  registerPath('post', '/api/roster/import', {
    summary: 'Import a roster: one deputy user (no password yet) and roster row per line, all or nothing (admin)',
    tags,
    requestBody: { required: true, content: json({ ...ROSTER_BODY, properties: { ...ROSTER_BODY.properties, termId: nullableString } }) },
    responses: {
      '201': { description: 'Everything imported', content: json({ type: 'object', properties: { imported: { type: 'integer' }, deputies: { type: 'array', items: DEPUTY_SCHEMA } } }) },
      '400': errorResponse('ROSTER_INVALID with details.errors listing every row error (nothing written); or as for preview; INVALID_INPUT /termId for an unknown term'),
      '403': forbidden,
      '409': errorResponse('CONFLICT: a user was created at the same time; retry'),
    },
  });
  registerPath('get', '/api/deputies', {
    summary: "The county's deputies (staff, admin)",
    tags,
    query: [
      { name: 'standingCommittee', description: '1/true: members of the standing committee only; 0/false: the others', schema: { enum: ['1', '0', 'true', 'false'] } },
      { name: 'active', schema: { enum: ['1', '0', 'true', 'false'] } },
      { name: 'termId' },
    ],
    responses: { '200': { description: 'Deputies', content: json({ type: 'object', properties: { deputies: { type: 'array', items: DEPUTY_SCHEMA } } }) }, '400': errorResponse('INVALID_QUERY'), '403': forbidden },
  });
  registerPath('get', '/api/deputies/{id}', {
    summary: 'One deputy by user id (staff, admin)',
    tags,
    responses: { '200': { description: 'The deputy', content: json(DEPUTY_SCHEMA) }, '403': forbidden, '404': errorResponse("DEPUTY_NOT_FOUND (also for another county's deputy)") },
  });
  registerPath('get', '/api/terms', {
    summary: 'Terms (届) of the county, oldest first (staff, admin)',
    tags,
    responses: { '200': { description: 'Terms', content: json({ type: 'object', properties: { terms: { type: 'array', items: TERM_SCHEMA } } }) }, '403': forbidden },
  });
  registerPath('post', '/api/terms', {
    summary: 'Create a term (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({ type: 'object', required: ['id', 'name'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' }, name: { type: 'string' }, startsOn: date, endsOn: date } }),
    },
    responses: { '201': { description: 'The term', content: json(TERM_SCHEMA) }, '400': errorResponse('INVALID_INPUT'), '403': forbidden, '409': errorResponse('TERM_EXISTS') },
  });
  registerPath('post', '/api/terms/{id}/sessions', {
    summary: 'Create a session (次会议) of a term (admin)',
    tags,
    requestBody: {
      required: true,
      content: json({ type: 'object', required: ['id', 'name'], additionalProperties: false, properties: { id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$' }, name: { type: 'string' }, heldOn: date } }),
    },
    responses: {
      '201': { description: 'The session', content: json(SESSION_SCHEMA) },
      '400': errorResponse('INVALID_INPUT: /termId when the term is not one of this county, /heldOn outside the term'),
      '403': forbidden,
      '409': errorResponse('SESSION_EXISTS'),
    },
  });
  registerPath('get', '/api/sessions', {
    summary: 'Sessions of the county by date (staff, admin)',
    tags,
    query: [{ name: 'termId' }],
    responses: { '200': { description: 'Sessions', content: json({ type: 'object', properties: { sessions: { type: 'array', items: SESSION_SCHEMA } } }) }, '403': forbidden },
  });
}
