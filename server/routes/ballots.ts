/**
 * Ballots over HTTP: staff create, name tellers, open, close and publish; tellers post their
 * key share, their partial decryption and the paper counts; deputies see their ballots and cast
 * in one request (a sealed ballot made by the phone, or marks for a real-name ballot); turnout
 * (never choices) while open; the sealed box to anyone of the county once voting has started;
 * results after publish/close only.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { FieldError } from '../../runtime/errors.ts';
import { AppError } from '../../runtime/errors.ts';
import {
  ballotList,
  ballotResult,
  ballotsForDeputy,
  ballotBox,
  castBodyLimit,
  castSealedVote,
  castVote,
  closeBallot,
  createBallot,
  inTransaction,
  publishBallot,
  setTellers,
  submitDecryption,
  submitPaper,
  submitTellerKey,
  getBallot,
  listBallots,
  namedVotes,
  recordAudit,
  openBallot,
  type Database,
  type DraftBallotSpec,
  type Runtime,
} from '../../runtime/store/index.ts';
import { readJson, requireRole, type AppEnv } from '../app.ts';
import { auditBy } from '../audit-entry.ts';
import { registerPath } from '../openapi.ts';
import { isObject } from '../request-body.ts';

const staff = requireRole('staff', 'admin');

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_TELLERS = 20;
/** The server's own limit (server/app.ts MAX_BODY_BYTES); a sealed cast's is smaller, from its layout. */
const MAX_CAST_BYTES = 1024 * 1024;

/** A list of user ids (tellers): non-empty strings, at most MAX_TELLERS, no repeats. */
function checkUserIds(value: unknown, pointer: string, errors: FieldError[]): string[] {
  if (!Array.isArray(value) || value.length > MAX_TELLERS) {
    errors.push({ pointer, message: `须为用户编号列表，最多${MAX_TELLERS}人`, message_en: `must be a list of user ids, at most ${MAX_TELLERS}` });
    return [];
  }
  value.forEach((v, i) => {
    if (typeof v !== 'string' || v === '' || v.length > 100) errors.push({ pointer: `${pointer}/${i}`, message: '须为用户编号', message_en: 'must be a user id' });
    else if (value.indexOf(v) !== i) errors.push({ pointer: `${pointer}/${i}`, message: '重复的监票人', message_en: 'appears twice' });
  });
  return value as string[];
}

function checkNewBallot(body: unknown): { title: string; spec: DraftBallotSpec; electorate: 'DEPUTIES' | 'STANDING_COMMITTEE'; batchSize?: number; termId?: string; secret?: boolean; tellers?: string[] } {
  const errors: FieldError[] = [];
  if (!isObject(body)) throw new AppError('INVALID_BODY', 'Body must be {title, spec, electorate, tellers?, termId?, secret?}');
  const tellers = body.tellers === undefined ? undefined : checkUserIds(body.tellers, '/tellers', errors);
  if (tellers && tellers.length > 0 && body.secret === false) errors.push({ pointer: '/tellers', message: '记名表决不设监票人', message_en: 'a real-name ballot has no tellers' });
  for (const key of Object.keys(body)) {
    if (!['title', 'spec', 'electorate', 'batchSize', 'termId', 'secret', 'tellers'].includes(key)) errors.push({ pointer: `/${key}`, message: '不支持的字段', message_en: 'is not a known field' });
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
    ...(tellers ? { tellers } : {}),
  };
}

const isHex = (v: unknown): v is string => typeof v === 'string' && HEX64.test(v);

function checkTellerKey(body: unknown): { publicKey: string; proof: { c: string; s: string } } {
  if (!isObject(body) || !isHex(body.publicKey) || !isObject(body.proof) || !isHex(body.proof.c) || !isHex(body.proof.s) || Object.keys(body).length !== 2 || Object.keys(body.proof).length !== 2) {
    throw new AppError('INVALID_BODY', 'Body must be {publicKey: hex, proof: {c: hex, s: hex}} (64 lowercase hex digits each)');
  }
  return { publicKey: body.publicKey, proof: { c: body.proof.c, s: body.proof.s } };
}

function checkDecryption(body: unknown): { shares: string[]; proofs: Array<{ c: string; s: string }> } {
  const ok =
    isObject(body) &&
    Object.keys(body).length === 2 &&
    Array.isArray(body.shares) &&
    Array.isArray(body.proofs) &&
    body.shares.length <= 10_000 &&
    body.shares.every(isHex) &&
    body.proofs.every((p) => isObject(p) && Object.keys(p).length === 2 && isHex(p.c) && isHex(p.s));
  if (!ok) throw new AppError('INVALID_BODY', 'Body must be {shares: hex[], proofs: [{c, s}]} (64 lowercase hex digits each)');
  return { shares: body.shares as string[], proofs: (body.proofs as Array<{ c: string; s: string }>).map((p) => ({ c: p.c, s: p.s })) };
}

export function mountBallotRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;

  api.get('/ballots', async (c) => {
    const user = c.get('user');
    const mine = c.req.query('mine') === '1' || !user.roles.some((r) => r === 'staff' || r === 'admin');
    const instanceId = c.req.query('instance');
    return c.json({ ballots: mine ? await ballotsForDeputy(db, user.countyId, user.id) : await listBallots(db, user.countyId, instanceId ? { instanceId } : {}, user.id) });
  });

  api.post('/ballots', staff, async (c) => {
    const input = checkNewBallot(await readJson(c));
    const user = c.get('user');
    const id = await inTransaction(db, (trx) => createBallot(trx, rt, user.countyId, input));
    return c.json({ ballot: await getBallot(db, user.countyId, id, undefined, user.id) }, 201);
  });

  api.get('/ballots/:id', async (c) => {
    const user = c.get('user');
    return c.json({ ballot: await getBallot(db, user.countyId, c.req.param('id'), user.roles.includes('deputy') ? user.id : undefined, user.id) });
  });

  api.put('/ballots/:id/tellers', staff, async (c) => {
    const body = await readJson(c);
    if (!isObject(body) || Object.keys(body).some((k) => k !== 'tellers')) throw new AppError('INVALID_BODY', 'Body must be {tellers: string[]}');
    const errors: FieldError[] = [];
    const tellers = checkUserIds(body.tellers, '/tellers', errors);
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
    const user = c.get('user');
    await setTellers(db, user.countyId, c.req.param('id'), tellers);
    return c.json({ ballot: await getBallot(db, user.countyId, c.req.param('id'), undefined, user.id) });
  });

  api.post('/ballots/:id/teller-key', async (c) => {
    const key = checkTellerKey(await readJson(c));
    const user = c.get('user');
    await submitTellerKey(db, user.countyId, c.req.param('id'), user.id, key);
    return c.json({ ballot: await getBallot(db, user.countyId, c.req.param('id'), undefined, user.id) });
  });

  api.get('/ballots/:id/box', async (c) => c.json(await ballotBox(db, c.get('user').countyId, c.req.param('id'))));

  api.post('/ballots/:id/decryption', async (c) => {
    const decryption = checkDecryption(await readJson(c));
    const user = c.get('user');
    await submitDecryption(db, user.countyId, c.req.param('id'), user.id, decryption);
    return c.json({ ballot: await getBallot(db, user.countyId, c.req.param('id'), undefined, user.id) });
  });

  api.post('/ballots/:id/paper', async (c) => {
    const body = await readJson(c);
    const user = c.get('user');
    const paper = await submitPaper(db, user.countyId, c.req.param('id'), user.id, body);
    return c.json({ paper });
  });

  api.post('/ballots/:id/publish', staff, async (c) => {
    const user = c.get('user');
    const actor = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
    const result = await publishBallot(db, rt, user.countyId, c.req.param('id'), actor);
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'ballot.published', target: { kind: 'ballot', id: result.ballotId, name: result.title }, detail: { returned: result.tally.returned } });
    return c.json({ result });
  });

  api.post('/ballots/:id/open', staff, async (c) => {
    const user = c.get('user');
    const ballot = await openBallot(db, rt, user.countyId, c.req.param('id'));
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'ballot.opened', target: { kind: 'ballot', id: ballot.id, name: ballot.title }, detail: { issued: ballot.issued ?? 0 } });
    return c.json({ ballot });
  });

  api.post('/ballots/:id/votes', requireRole('deputy'), async (c) => {
    const user = c.get('user');
    // The ballot first (404 for another county's), then a body no larger than its layout needs.
    const body = await readJson(c, await castBodyLimit(db, user.countyId, c.req.param('id'), MAX_CAST_BYTES));
    if (isObject(body) && Object.keys(body).length === 1 && 'sealed' in body) return c.json(await castSealedVote(db, user.countyId, c.req.param('id'), user.id, body.sealed, rt.clock.now()), 201);
    if (!isObject(body) || !('marks' in body)) throw new AppError('INVALID_BODY', 'Body must be {sealed: SealedBallot} (a secret ballot) or {marks: {candidateId: mark}} (a real-name ballot)');
    return c.json(await castVote(db, user.countyId, c.req.param('id'), user.id, body.marks), 201);
  });

  api.post('/ballots/:id/close', staff, async (c) => {
    const user = c.get('user');
    const actor = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
    const { roll, ...closed } = await closeBallot(db, rt, user.countyId, c.req.param('id'), actor);
    const target = closed.result ? { id: closed.result.ballotId, name: closed.result.title } : { id: closed.ballot.id, name: closed.ballot.title };
    await recordAudit(db, { ...auditBy(c, rt.clock), action: 'ballot.closed', target: { kind: 'ballot', ...target }, detail: { issued: roll.issued, returned: roll.returned } });
    return c.json(closed);
  });

  api.get('/ballots/:id/result', async (c) => c.json({ result: await ballotResult(db, c.get('user').countyId, c.req.param('id')) }));
  api.get('/ballots/:id/list', async (c) => c.json(await ballotList(db, c.get('user').countyId, c.req.param('id'))));
  api.get('/ballots/:id/named', staff, async (c) => c.json({ votes: await namedVotes(db, c.get('user').countyId, c.req.param('id')) }));

  const ok = (description: string) => ({ '200': { description } });
  registerPath('get', '/api/ballots', { summary: 'Ballots of the county (staff; ?instance= for those a process opened) or the caller’s own (deputies, ?mine=1)', tags: ['ballots'], responses: ok('Ballots with turnout') });
  registerPath('post', '/api/ballots', { summary: 'Create a ballot (staff): {title, spec, electorate: DEPUTIES|STANDING_COMMITTEE, tellers? (user ids), termId?, secret? (false: real-name); batchSize? is accepted and ignored}', tags: ['ballots'], responses: { '201': { description: 'The ready ballot' }, '400': { description: 'Field errors' } } });
  registerPath('get', '/api/ballots/{id}', { summary: 'A ballot: candidates, status, turnout (no choices)', tags: ['ballots'], responses: ok('Ballot') });
  registerPath('post', '/api/ballots/{id}/open', { summary: 'Open voting; the roll is frozen from the roster', tags: ['ballots'], responses: ok('Ballot') });
  registerPath('post', '/api/ballots/{id}/votes', { summary: 'Cast one vote: {sealed} on a secret ballot (answers {ballotId, tracker}), {marks} on a real-name ballot (answers a receipt code)', tags: ['ballots'], responses: { '201': { description: 'Tracker or receipt' }, '409': { description: 'Already voted' }, '413': { description: 'The body is larger than a sealed ballot of this layout can be' }, '422': { description: 'A proof of the sealed ballot does not hold (pointer in details)' }, '429': { description: 'TOO_MANY_INVALID_CASTS: 5 failed sealed ballots of this deputy on this ballot within 10 min; Retry-After gives the seconds' } } });
  registerPath('post', '/api/ballots/{id}/close', { summary: 'Close: a sealed ballot goes to counting ({ballot}); a real-name ballot is tallied and published ({result}); a process ballot sends BALLOT_CLOSED to its instance', tags: ['ballots'], responses: ok('Ballot (counting) or result') });
  registerPath('put', '/api/ballots/{id}/tellers', { summary: 'Name the tellers (监票人) of a ready sealed ballot {tellers: user ids} (staff); a removed teller’s key goes', tags: ['ballots'], responses: ok('Ballot') });
  registerPath('post', '/api/ballots/{id}/teller-key', { summary: 'A teller’s key share {publicKey, proof} (Schnorr, bound to tellerContext), ready only; replaces an earlier one', tags: ['ballots'], responses: { '200': { description: 'Ballot' }, '422': { description: 'The proof does not hold' } } });
  registerPath('get', '/api/ballots/{id}/box', { summary: 'The sealed box, any status after open: spec, contexts, teller keys, joint key, every sealed ballot by tracker, aggregate, decryptions, paper counts, sums and result — what tools/verify-ballot.mjs checks', tags: ['ballots'], responses: ok('Sealed box') });
  registerPath('post', '/api/ballots/{id}/decryption', { summary: 'A teller’s partial decryption of the aggregate {shares, proofs}, counting only; checked against the aggregate fixed at close', tags: ['ballots'], responses: { '200': { description: 'Ballot' }, '422': { description: 'A proof does not hold' } } });
  registerPath('post', '/api/ballots/{id}/paper', { summary: 'Paper ballots counted in the hall {returned, invalid, blank?, counts: {candidateId: {MARK: n}}} (a teller, counting, replaceable until publish)', tags: ['ballots'], responses: { '200': { description: 'The paper counts as stored' }, '400': { description: 'Field errors' } } });
  registerPath('post', '/api/ballots/{id}/publish', { summary: 'Publish a counted sealed ballot (staff): decrypt the sums, add paper, tally, publish, send BALLOT_CLOSED; 409 DECRYPTIONS_MISSING naming who', tags: ['ballots'], responses: ok('Result') });
  registerPath('get', '/api/ballots/{id}/result', { summary: 'Result after close: counts, elected, issued/returned/valid/invalid, sources {electronic, paper}', tags: ['ballots'], responses: ok('Result') });
  registerPath('get', '/api/ballots/{id}/named', { summary: 'Real-name ballots only, after close (staff): who voted how; 409 for a secret ballot', tags: ['ballots'], responses: ok('Named votes') });
  registerPath('get', '/api/ballots/{id}/list', { summary: 'Published ballot list (receipt, marks) with its hash, after close; a sealed ballot answers 409 (see /box)', tags: ['ballots'], responses: ok('Ballot list') });
}
