/**
 * Constituents' issues (process `constituent-issue`): the citizen's data for the station and the
 * office, recording an issue with that data, and the public QR form (no login) under
 * /api/public/. Handlers only translate HTTP; the rules are in runtime/store/constituent-intake.ts.
 *
 * The public routes read and write nothing but what they name: a station by its public code (its
 * name and the categories), a new issue of that station, and one issue by receipt code + phone.
 * Their bodies are capped at 16 KiB (the longest form, 2,000 + 1,000 characters of Chinese in
 * UTF-8, is ~9 KiB) and every refusal is in Chinese.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { ERROR_CODES } from '../../runtime/error-codes.ts';
import { AppError } from '../../runtime/errors.ts';
import { citizenOfIssue, lookupIssue, publicFeedback, publicStation, recordIssue, submitPublicIssue, type Database, type Runtime } from '../../runtime/store/index.ts';
import type { AppEnv } from '../app.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';

export const PUBLIC_BODY_BYTES = 16 * 1024;

/** The body of a public call, with the body's own refusals in Chinese. */
async function readPublicJson(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await readJson(c, PUBLIC_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const zh = e.code === 'BODY_TOO_LARGE' ? '内容过长：请精简后再提交（全部内容不超过 16 KB）' : e.code === 'INVALID_TEXT' ? '内容含有不允许的控制字符，请删除后再提交' : ERROR_CODES[e.code].zh;
    throw new AppError(e.code, zh, e.details);
  }
}

function caller(c: Context<AppEnv>) {
  const user = c.get('user');
  return { countyId: user.countyId, actor: { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName } };
}

export function mountConstituentRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const address = (c: Context<AppEnv>) => c.get('clientAddress');

  api.get('/constituent-issues/:id/citizen', async (c) => c.json({ citizen: await citizenOfIssue(db, caller(c), c.req.param('id')) }));
  api.post('/constituent-issues', async (c) => c.json(await recordIssue(db, rt, caller(c), await readJson(c)), 201));

  api.get('/public/stations/:code', async (c) => c.json({ station: await publicStation(db, rt, c.req.param('code')) }));
  // The limits count before the body is read: the store reads it (readPublicJson) only once they pass.
  api.post('/public/stations/:code/issues', async (c) => c.json(await submitPublicIssue(db, rt, c.req.param('code'), address(c), () => readPublicJson(c)), 201));
  api.post('/public/issues/lookup', async (c) => c.json({ issue: await lookupIssue(db, rt, address(c), () => readPublicJson(c)) }));
  api.post('/public/issues/feedback', async (c) => c.json({ issue: await publicFeedback(db, rt, address(c), () => readPublicJson(c)) }));

  const tags = ['constituent issues'];
  registerPath('get', '/api/constituent-issues/{id}/citizen', {
    summary: "The citizen who raised an issue (name, phone, address): the station's manager and deputies and the office (staff, admin) only; anyone else 404",
    tags,
    responses: { '200': { description: '{citizen}' }, '404': errorResponse('INSTANCE_NOT_FOUND') },
  });
  registerPath('post', '/api/constituent-issues', {
    summary: 'Record an issue with the citizen kept apart: {issue: record form, citizen: {name, phone, address, anonymous}} (staff, deputy); answers {instanceId, receiptCode}',
    tags,
    responses: { '201': { description: '{instanceId, receiptCode}' }, '400': errorResponse('VALIDATION_FAILED'), '403': errorResponse('FORBIDDEN') },
  });
  registerPath('get', '/api/public/stations/{code}', {
    summary: "Public (no login): the station a QR code names — its name and the categories, nothing else",
    tags,
    auth: false,
    responses: { '200': { description: '{station: {name, name_en, categories}}' }, '404': errorResponse('STATION_NOT_FOUND') },
  });
  registerPath('post', '/api/public/stations/{code}/issues', {
    summary: 'Public (no login): a citizen submits an issue {category, content, request, name, phone, address, anonymous}; answers {receiptCode, stationName}. 5 per hour per address, 60 per hour per station, 16 KiB',
    tags,
    auth: false,
    responses: { '201': { description: '{receiptCode, stationName}' }, '400': errorResponse('VALIDATION_FAILED, PUBLIC_FORM_REFUSED, INVALID_TEXT'), '404': errorResponse('STATION_NOT_FOUND'), '413': errorResponse('BODY_TOO_LARGE'), '429': errorResponse('PUBLIC_RATE_LIMITED; Retry-After gives the seconds') },
  });
  registerPath('post', '/api/public/issues/lookup', {
    summary: 'Public (no login): progress of an issue in words by {receiptCode, phone}; 20 per 10 min per address',
    tags,
    auth: false,
    responses: { '200': { description: '{issue}' }, '404': errorResponse('RECEIPT_NOT_FOUND'), '429': errorResponse('PUBLIC_RATE_LIMITED') },
  });
  registerPath('post', '/api/public/issues/feedback', {
    summary: "Public (no login): the citizen's feedback {receiptCode, phone, satisfaction, comment} on a replied issue",
    tags,
    auth: false,
    responses: { '200': { description: '{issue}' }, '404': errorResponse('RECEIPT_NOT_FOUND'), '409': errorResponse('TASK_NOT_OPEN'), '429': errorResponse('PUBLIC_RATE_LIMITED') },
  });
}
