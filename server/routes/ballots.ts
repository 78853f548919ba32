/**
 * Secret ballots over HTTP: staff create, open and close; deputies see their ballots and cast
 * in one request; turnout (never choices) while open; results and the published ballot list
 * after close only.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { FieldError } from '../../runtime/errors.ts';
import { AppError } from '../../runtime/errors.ts';
import {
  ballotList,
  ballotResult,
  ballotsForDeputy,
  castVote,
  closeBallot,
  createBallot,
  getBallot,
  listBallots,
  namedVotes,
  openBallot,
  type Database,
  type DraftBallotSpec,
  type Runtime,
} from '../../runtime/store/index.ts';
import { readJson, requireRole, type AppEnv } from '../app.ts';
import { registerPath } from '../openapi.ts';
import { isObject } from '../request-body.ts';

const staff = requireRole('staff', 'admin');

function checkNewBallot(body: unknown): { title: string; spec: DraftBallotSpec; electorate: 'DEPUTIES' | 'STANDING_COMMITTEE'; batchSize?: number; termId?: string; secret?: boolean } {
  const errors: FieldError[] = [];
  if (!isObject(body)) throw new AppError('INVALID_BODY', 'Body must be {title, spec, electorate, batchSize?, termId?, secret?}');
  for (const key of Object.keys(body)) {
    if (!['title', 'spec', 'electorate', 'batchSize', 'termId', 'secret'].includes(key)) errors.push({ pointer: `/${key}`, message: '不支持的字段', message_en: 'is not a known field' });
  }
  if (typeof body.title !== 'string' || body.title.trim() === '' || body.title.length > 100) {
    errors.push({ pointer: '/title', message: '标题必填，不超过100字', message_en: 'is required, at most 100 characters' });
  }
  if (!isObject(body.spec)) errors.push({ pointer: '/spec', message: '选票设置必填', message_en: 'is required (an object)' });
  if (body.electorate !== 'DEPUTIES' && body.electorate !== 'STANDING_COMMITTEE') {
    errors.push({ pointer: '/electorate', message: '投票人范围须为全体代表或常委会组成人员', message_en: 'must be DEPUTIES or STANDING_COMMITTEE' });
  }
  if (body.batchSize !== undefined && !(Number.isInteger(body.batchSize) && (body.batchSize as number) >= 1 && (body.batchSize as number) <= 1000)) {
    errors.push({ pointer: '/batchSize', message: '批量须为1至1000的整数', message_en: 'must be an integer from 1 to 1000' });
  }
  if (body.termId !== undefined && (typeof body.termId !== 'string' || body.termId === '')) {
    errors.push({ pointer: '/termId', message: '届次须为届次编号', message_en: 'must be a term id' });
  }
  if (body.secret !== undefined && typeof body.secret !== 'boolean') errors.push({ pointer: '/secret', message: '须为是或否', message_en: 'must be true or false' });
  if (isObject(body.spec) && 'electorate' in body.spec) {
    errors.push({ pointer: '/spec/electorate', message: '投票人数在开始投票时按名册确定', message_en: 'is set from the roll when the ballot opens' });
  }
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  return {
    title: (body.title as string).trim(),
    spec: body.spec as unknown as DraftBallotSpec,
    electorate: body.electorate as 'DEPUTIES' | 'STANDING_COMMITTEE',
    ...(body.batchSize === undefined ? {} : { batchSize: body.batchSize as number }),
    ...(typeof body.termId === 'string' ? { termId: body.termId } : {}),
    ...(typeof body.secret === 'boolean' ? { secret: body.secret } : {}),
  };
}

export function mountBallotRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;

  api.get('/ballots', async (c) => {
    const user = c.get('user');
    const mine = c.req.query('mine') === '1' || !user.roles.some((r) => r === 'staff' || r === 'admin');
    const instanceId = c.req.query('instance');
    return c.json({ ballots: mine ? await ballotsForDeputy(db, user.countyId, user.id) : await listBallots(db, user.countyId, instanceId ? { instanceId } : {}) });
  });

  api.post('/ballots', staff, async (c) => {
    const input = checkNewBallot(await readJson(c));
    const user = c.get('user');
    const id = await createBallot(db, rt, user.countyId, input);
    return c.json({ ballot: await getBallot(db, user.countyId, id) }, 201);
  });

  api.get('/ballots/:id', async (c) => {
    const user = c.get('user');
    return c.json({ ballot: await getBallot(db, user.countyId, c.req.param('id'), user.roles.includes('deputy') ? user.id : undefined) });
  });

  api.post('/ballots/:id/open', staff, async (c) => {
    const user = c.get('user');
    return c.json({ ballot: await openBallot(db, rt, user.countyId, c.req.param('id')) });
  });

  api.post('/ballots/:id/votes', requireRole('deputy'), async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || !('marks' in body)) throw new AppError('INVALID_BODY', 'Body must be {marks: {candidateId: mark}}');
    const user = c.get('user');
    return c.json(await castVote(db, user.countyId, c.req.param('id'), user.id, body.marks), 201);
  });

  api.post('/ballots/:id/close', staff, async (c) => {
    const user = c.get('user');
    const actor = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
    return c.json({ result: await closeBallot(db, rt, user.countyId, c.req.param('id'), actor) });
  });

  api.get('/ballots/:id/result', async (c) => c.json({ result: await ballotResult(db, c.get('user').countyId, c.req.param('id')) }));
  api.get('/ballots/:id/list', async (c) => c.json(await ballotList(db, c.get('user').countyId, c.req.param('id'))));
  api.get('/ballots/:id/named', staff, async (c) => c.json({ votes: await namedVotes(db, c.get('user').countyId, c.req.param('id')) }));

  const ok = (description: string) => ({ '200': { description } });
  registerPath('get', '/api/ballots', { summary: 'Ballots of the county (staff; ?instance= for those a process opened) or the caller’s own (deputies, ?mine=1)', tags: ['ballots'], responses: ok('Ballots with turnout') });
  registerPath('post', '/api/ballots', { summary: 'Create a ballot (staff): {title, spec, electorate: DEPUTIES|STANDING_COMMITTEE, batchSize?, termId?, secret? (false: real-name)}', tags: ['ballots'], responses: { '201': { description: 'The ready ballot' }, '400': { description: 'Field errors' } } });
  registerPath('get', '/api/ballots/{id}', { summary: 'A ballot: candidates, status, turnout (no choices)', tags: ['ballots'], responses: ok('Ballot') });
  registerPath('post', '/api/ballots/{id}/open', { summary: 'Open voting; the roll is frozen from the roster', tags: ['ballots'], responses: ok('Ballot') });
  registerPath('post', '/api/ballots/{id}/votes', { summary: 'Cast one vote {marks}; answers a receipt code', tags: ['ballots'], responses: { '201': { description: 'Receipt' }, '409': { description: 'Already voted' } } });
  registerPath('post', '/api/ballots/{id}/close', { summary: 'Close, tally and publish; a process ballot sends BALLOT_CLOSED to its instance', tags: ['ballots'], responses: ok('Result') });
  registerPath('get', '/api/ballots/{id}/result', { summary: 'Result after close: counts, elected, issued/returned/valid/invalid', tags: ['ballots'], responses: ok('Result') });
  registerPath('get', '/api/ballots/{id}/named', { summary: 'Real-name ballots only, after close (staff): who voted how; 409 for a secret ballot', tags: ['ballots'], responses: ok('Named votes') });
  registerPath('get', '/api/ballots/{id}/list', { summary: 'Published ballot list (receipt, marks) with its hash, after close', tags: ['ballots'], responses: ok('Ballot list') });
}
