/**
 * Deputies' performance points (DOMAIN §7.3–7.5): the county's rules, a deputy's claims and own
 * points, the office's two-step review, the quarter's ranking and its publication (亮分).
 * Everything is read and written in the caller's county; store/points.ts checks the bodies.
 * Query parameters: unknown, repeated or ill-typed ones are 400 INVALID_QUERY, nothing read.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../runtime/errors.ts';
import { orderedRules } from '../../runtime/points/index.ts';
import type { PointRulesView } from '../../runtime/store/point-views.ts';
import {
  actOnEntry,
  attachmentDisposition,
  countyRules,
  createClaim,
  deputyPoints,
  getEntry,
  publications,
  publishQuarter,
  quarterRanking,
  readClaimEvidence,
  reviewQueue,
  saveCountyRuleOverlay,
  servedType,
  type Database,
  type Runtime,
} from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath, type JsonSchemaObject } from '../openapi.ts';
import { enumQuery, integerQuery, isObject, readJson, singleQueryValues } from '../request-body.ts';

const actorOf = (c: Context<AppEnv>) => {
  const u = currentUser(c);
  return { countyId: u.countyId, actor: { id: u.id, roles: u.roles } };
};

export function mountPointRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const staff = requireRole('staff');
  const year = (q: Record<string, string>, fallback: number) => integerQuery('year', q.year, { min: 2000, max: 2100 }) ?? fallback;
  const thisYear = () => new Date(rt.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();

  api.get('/points/rules', async (c) => {
    singleQueryValues(c, []);
    const { rules, version } = await countyRules(db, currentUser(c).countyId);
    const view: PointRulesView = { version, title: rules.title, title_en: rules.title_en, units: rules.units, states: rules.states, actions: rules.actions, rules: orderedRules(rules) };
    return c.json(view);
  });

  api.put('/points/rules/overlay', requireRole('admin'), async (c) => {
    singleQueryValues(c, []);
    const body = await readJson(c);
    if (!isObject(body) || !Object.prototype.hasOwnProperty.call(body, 'overlay')) throw new AppError('INVALID_BODY', 'The body is {overlay}');
    const u = currentUser(c);
    const version = await saveCountyRuleOverlay(db, u.countyId, body.overlay, u.id, rt.clock.now());
    return c.json({ version });
  });

  api.post('/points/claims', requireRole('deputy'), async (c) => {
    singleQueryValues(c, []);
    const { countyId, actor } = actorOf(c);
    return c.json(await createClaim(db, rt, countyId, actor, await readJson(c)), 201);
  });

  api.get('/points/entries/:id', async (c) => {
    singleQueryValues(c, []);
    const { countyId, actor } = actorOf(c);
    return c.json(await getEntry(db, countyId, actor, c.req.param('id')));
  });

  // A claim's evidence (photo or PDF) for whoever may see the entry: a download, as GET /api/files/:id serves one.
  api.get('/points/entries/:id/evidence/:fileId', async (c) => {
    singleQueryValues(c, []);
    const { countyId, actor } = actorOf(c);
    const file = await readClaimEvidence(db, countyId, actor, c.req.param('id'), c.req.param('fileId'));
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': servedType(file.mime),
      'content-disposition': attachmentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, no-store',
    });
  });

  api.post('/points/entries/:id/actions', requireRole('staff', 'deputy'), async (c) => {
    singleQueryValues(c, []);
    const { countyId, actor } = actorOf(c);
    return c.json(await actOnEntry(db, rt, countyId, actor, c.req.param('id'), await readJson(c)));
  });

  api.get('/points/mine', requireRole('deputy'), async (c) => {
    const q = singleQueryValues(c, ['year']);
    const { countyId, actor } = actorOf(c);
    return c.json(await deputyPoints(db, countyId, actor, actor.id, year(q, thisYear())));
  });

  api.get('/points/deputies/:deputyId', staff, async (c) => {
    const q = singleQueryValues(c, ['year']);
    const { countyId, actor } = actorOf(c);
    return c.json(await deputyPoints(db, countyId, actor, c.req.param('deputyId'), year(q, thisYear())));
  });

  api.get('/points/review', staff, async (c) => {
    const q = singleQueryValues(c, ['state']);
    const { countyId, actor } = actorOf(c);
    const state = enumQuery('state', q.state, ['pendingReview', 'pendingConfirm'] as const) ?? 'pendingReview';
    return c.json({ entries: await reviewQueue(db, countyId, actor, state) });
  });

  api.get('/points/ranking', staff, async (c) => {
    const q = singleQueryValues(c, ['year', 'quarter']);
    const y = year(q, thisYear());
    const quarter = integerQuery('quarter', q.quarter, { min: 1, max: 4 });
    if (quarter === undefined) throw new AppError('INVALID_QUERY', 'quarter: required (1–4)', { parameter: 'quarter' });
    return c.json({ year: y, quarter, rows: await quarterRanking(db, currentUser(c).countyId, y, quarter) });
  });

  api.post('/points/publications', staff, async (c) => {
    singleQueryValues(c, []);
    const body = await readJson(c);
    if (!isObject(body)) throw new AppError('INVALID_BODY', 'The body is {year, quarter}');
    for (const k of Object.keys(body)) if (k !== 'year' && k !== 'quarter') throw new AppError('INVALID_INPUT', `${k}: unknown field`);
    const y = body.year;
    const quarter = body.quarter;
    if (typeof y !== 'number' || !Number.isInteger(y) || y < 2000 || y > 2100) throw new AppError('INVALID_INPUT', 'year: a year from 2000 to 2100');
    if (typeof quarter !== 'number' || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new AppError('INVALID_INPUT', 'quarter: 1 to 4');
    const { countyId, actor } = actorOf(c);
    return c.json(await publishQuarter(db, rt, countyId, actor, y, quarter), 201);
  });

  api.get('/points/publications', async (c) => {
    const q = singleQueryValues(c, ['year', 'quarter']);
    const y = integerQuery('year', q.year, { min: 2000, max: 2100 });
    const quarter = integerQuery('quarter', q.quarter, { min: 1, max: 4 });
    return c.json({ publications: await publications(db, currentUser(c).countyId, y, quarter) });
  });

  registerPointsOpenApi();
}

const json = (schema: JsonSchemaObject) => ({ 'application/json': { schema } });
const ENTRY: JsonSchemaObject = { type: 'object', description: 'A point entry with its rule, state and cause in words (zh + en)' };

function registerPointsOpenApi(): void {
  const tags = ['points'];
  const bad = errorResponse('INVALID_INPUT / INVALID_BODY / INVALID_QUERY: nothing written');
  const forbidden = errorResponse('FORBIDDEN');
  const yearQ = { name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } };
  const quarterQ = { name: 'quarter', schema: { type: 'integer', minimum: 1, maximum: 4 } };
  registerPath('get', '/api/points/rules', { summary: "The county's point rules (default table + overlay) with words for every code", tags, responses: { '200': { description: 'Rules', content: json({ type: 'object' }) } } });
  registerPath('put', '/api/points/rules/overlay', {
    summary: "Save the county's overlay (JSON Merge Patch) over the point rules; new entries take the new values (admin)",
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['overlay'], properties: { overlay: { type: 'object' } } }) },
    responses: { '200': { description: 'The new rule version', content: json({ type: 'object', properties: { version: { type: 'integer' } } }) }, '400': errorResponse('INVALID_OVERLAY with the problems'), '403': forbidden },
  });
  registerPath('post', '/api/points/claims', {
    summary: "A deputy's own claim (F6.1 ActivityClaim): rule, date, quantity, description, evidence files, linked instance; submitted to 初审 unless submit=false (deputy)",
    tags,
    requestBody: {
      required: true,
      content: json({
        type: 'object',
        required: ['ruleCode', 'date', 'description'],
        properties: {
          ruleCode: { type: 'string' },
          date: { type: 'string', format: 'date' },
          quantity: { type: 'integer', minimum: 1, maximum: 1000 },
          description: { type: 'string', maxLength: 2000 },
          evidence: { type: 'array', maxItems: 10, items: { type: 'object', properties: { fileId: { type: 'string' } } } },
          linkedEntity: { type: ['object', 'null'], properties: { instanceId: { type: 'string' } } },
          submit: { type: 'boolean' },
        },
      }),
    },
    responses: { '201': { description: 'The entry', content: json(ENTRY) }, '400': bad, '403': forbidden },
  });
  registerPath('get', '/api/points/entries/{id}', { summary: 'One entry with its history (its deputy or staff)', tags, responses: { '200': { description: 'The entry', content: json(ENTRY) }, '404': errorResponse('POINT_ENTRY_NOT_FOUND') } });
  registerPath('get', '/api/points/entries/{id}/evidence/{fileId}', {
    summary: "A claim's evidence file (a photo or a PDF), as a download: for whoever may see the entry (its deputy, the office)",
    tags,
    responses: { '200': { description: 'The file (Content-Disposition: attachment)' }, '404': errorResponse('POINT_ENTRY_NOT_FOUND, FILE_NOT_FOUND') },
  });
  registerPath('post', '/api/points/entries/{id}/actions', {
    summary: 'SUBMIT (the deputy), APPROVE 初审, CONFIRM 复核 (another person), REJECT with reason, CORRECT quantity with reason (staff)',
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['action'], properties: { action: { enum: ['SUBMIT', 'APPROVE', 'CONFIRM', 'REJECT', 'CORRECT'] }, reason: { type: 'string' }, quantity: { type: 'integer' } } }) },
    responses: { '200': { description: 'The entry after the action', content: json(ENTRY) }, '400': bad, '403': forbidden, '404': errorResponse('POINT_ENTRY_NOT_FOUND'), '422': errorResponse('POINT_ACTION_REJECTED') },
  });
  registerPath('get', '/api/points/mine', { summary: "The deputy's own entries of a year, total confirmed and in review (deputy)", tags, query: [yearQ], responses: { '200': { description: 'Points', content: json({ type: 'object' }) }, '400': bad } });
  registerPath('get', '/api/points/deputies/{deputyId}', { summary: "A deputy's entries of a year (staff)", tags, query: [yearQ], responses: { '200': { description: 'Points', content: json({ type: 'object' }) }, '404': errorResponse('DEPUTY_NOT_FOUND') } });
  registerPath('get', '/api/points/review', { summary: 'Entries waiting for 初审 (pendingReview) or 复核 (pendingConfirm) (staff)', tags, query: [{ name: 'state', schema: { enum: ['pendingReview', 'pendingConfirm'] } }], responses: { '200': { description: 'Entries', content: json({ type: 'object' }) }, '400': bad } });
  registerPath('get', '/api/points/ranking', { summary: "The quarter's ranking computed now from confirmed entries (staff)", tags, query: [yearQ, { ...quarterQ, required: true }], responses: { '200': { description: 'Ranked rows', content: json({ type: 'object' }) }, '400': bad } });
  registerPath('post', '/api/points/publications', {
    summary: "Publish the quarter's ranking (亮分): frozen as published (staff)",
    tags,
    requestBody: { required: true, content: json({ type: 'object', required: ['year', 'quarter'], properties: { year: { type: 'integer' }, quarter: { type: 'integer' } } }) },
    responses: { '201': { description: 'The publication', content: json({ type: 'object' }) }, '400': bad, '409': errorResponse('ALREADY_PUBLISHED') },
  });
  registerPath('get', '/api/points/publications', { summary: 'Published quarterly rankings (everyone in the county)', tags, query: [yearQ, quarterQ], responses: { '200': { description: 'Publications', content: json({ type: 'object' }) }, '400': bad } });
}
