/**
 * Report-back to voters (代表向选民述职, DOMAIN §7.7) over HTTP: the office puts a term's
 * deputies on the plan and reads the term's coverage (每届至少一次) with the voters'
 * satisfaction; staff read the one-time passes of a voters' ballot for the slips; a voter's
 * phone reads and casts a sealed ballot with a pass, without login, under /api/public/. The
 * process steps themselves go through the ordinary task routes. Rules: store/report-back.ts,
 * store/voter-ballot.ts. Unknown, repeated or ill-typed query parameters: 400 INVALID_QUERY.
 */
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { AppError } from '../../runtime/errors.ts';
import { castBodyLimit, castWithPass, listVoterPasses, planReportBacks, reportBackCoverage, voterBallotFacts, type Database, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, requireRole, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath, type JsonSchemaObject } from '../openapi.ts';
import { isObject, readJson, singleQueryValues, textQuery } from '../request-body.ts';

/** The largest sealed cast a voter's phone sends (the ballots route's bound). */
const MAX_CAST_BYTES = 1024 * 1024;

export function mountReportBackRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const staff = requireRole('staff');

  api.post('/report-back/plans', staff, async (c) => {
    singleQueryValues(c, []);
    const u = currentUser(c);
    const body = await readJson(c);
    return c.json(await planReportBacks(db, rt, { countyId: u.countyId, actor: { id: u.id, roles: u.roles, unitId: u.unitId, name: u.displayName } }, body), 201);
  });

  api.get('/report-back/coverage', requireRole('staff', 'leader'), async (c) => {
    const q = singleQueryValues(c, ['term']);
    const term = textQuery('term', q.term, 64);
    if (!term) throw new AppError('INVALID_QUERY', 'term: 请指定届次 / required', { parameter: 'term' });
    return c.json(await reportBackCoverage(db, rt, currentUser(c).countyId, term));
  });

  api.get('/ballots/:id/voter-passes', staff, async (c) => {
    singleQueryValues(c, []);
    const { countyId } = currentUser(c);
    const ballotId = c.req.param('id');
    // The slip's link (and QR code): the voter's page of the pass, on the public origin when the
    // server is given one (behind a proxy, as the stations' QR codes), else the request's own.
    const origin = process.env.PUBLIC_ORIGIN || new URL(c.req.url).origin;
    const passes = await listVoterPasses(db, countyId, ballotId);
    return c.json({ passes: passes.map((p) => ({ ...p, url: voterPassUrl(origin, countyId, ballotId, p.pass) })) });
  });

  api.get('/public/voter-ballots/:county/:ballot/:pass', async (c) => {
    singleQueryValues(c, []);
    return c.json({ ballot: await voterBallotFacts(db, c.req.param('county'), c.req.param('ballot'), c.req.param('pass')) });
  });

  api.post('/public/voter-ballots/:county/:ballot/:pass/votes', async (c) => {
    singleQueryValues(c, []);
    const county = c.req.param('county');
    const ballot = c.req.param('ballot');
    const pass = c.req.param('pass');
    // The pass first (404 for anything else), then a body no larger than the ballot's layout needs.
    await voterBallotFacts(db, county, ballot, pass);
    const body = await readJson(c, await castBodyLimit(db, county, ballot, MAX_CAST_BYTES));
    if (!isObject(body) || Object.keys(body).length !== 1 || !('sealed' in body)) throw new AppError('INVALID_BODY', '请求内容须为 {sealed} / Body must be {sealed: SealedBallot}');
    return c.json(await castWithPass(db, county, ballot, pass, body.sealed, rt.clock.now()), 201);
  });

  registerReportBackOpenApi();
}

/** The voter's page of a pass (designer/src/public/voter-ballot-page.tsx). */
export function voterPassUrl(origin: string, countyId: string, ballotId: string, pass: string): string {
  return `${origin.replace(/\/+$/, '')}/public/voter-ballots/${encodeURIComponent(countyId)}/${encodeURIComponent(ballotId)}/${encodeURIComponent(pass)}`;
}

const json = (schema: JsonSchemaObject) => ({ 'application/json': { schema } });

function registerReportBackOpenApi(): void {
  const tags = ['report-back'];
  const bad = errorResponse('VALIDATION_FAILED / INVALID_BODY / INVALID_QUERY: nothing written');
  registerPath('post', '/api/report-back/plans', {
    summary: "Put a term's deputies on the report-back plan {termId, year, deputyIds}: one 代表向选民述职 process each (staff); 409 REPORT_BACK_ALREADY_PLANNED when one is still running",
    tags,
    responses: { '201': { description: '{instanceIds}', content: json({ type: 'object' }) }, '400': bad, '409': errorResponse('REPORT_BACK_ALREADY_PLANNED') },
  });
  registerPath('get', '/api/report-back/coverage', {
    summary: "A term's report-back coverage (每届至少一次): the term's serving deputies, who reported back and who has not, coverage {numerator, denominator, value}, satisfaction of the voters (staff, leader)",
    tags,
    query: [{ name: 'term', required: true, schema: { type: 'string', maxLength: 64 } }],
    responses: { '200': { description: 'Coverage', content: json({ type: 'object' }) }, '400': bad, '404': errorResponse('TERM_NOT_FOUND') },
  });
  registerPath('get', '/api/ballots/{id}/voter-passes', {
    summary: "The one-time voter passes of an opened ballot of the voters present (VOTERS), for the slips, with whether each was used (staff)",
    tags,
    responses: { '200': { description: '{passes: [{pass, voted, url}]}: url is the voter\'s page of the pass (PUBLIC_ORIGIN or the request\'s origin), for the slip\'s link and QR code', content: json({ type: 'object' }) }, '400': errorResponse('NOT_A_VOTERS_BALLOT') },
  });
  registerPath('get', '/api/public/voter-ballots/{county}/{ballot}/{pass}', {
    summary: "What a voter's phone needs to seal a ballot of the voters present, by the pass on the slip (no login): title, items, spec, joint key, context, whether the pass was used, the report-back meeting in words {deputyName, termName, date, time, place}",
    tags,
    auth: false,
    responses: { '200': { description: '{ballot}', content: json({ type: 'object' }) }, '404': errorResponse('VOTER_PASS_NOT_FOUND') },
  });
  registerPath('post', '/api/public/voter-ballots/{county}/{ballot}/{pass}/votes', {
    summary: "A voter's sealed cast with a pass {sealed} (no login): once per pass, proofs checked as for a deputy's phone",
    tags,
    auth: false,
    responses: { '201': { description: '{ballotId, tracker}', content: json({ type: 'object' }) }, '404': errorResponse('VOTER_PASS_NOT_FOUND'), '409': errorResponse('ALREADY_VOTED'), '422': errorResponse('INVALID_SEALED_BALLOT') },
  });
}
