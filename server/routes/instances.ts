/**
 * Definitions, instances and tasks: the work API. Handlers only translate HTTP to the
 * store's functions; every rule lives in runtime/.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../../runtime/engine/index.ts';
import { AppError } from '../../runtime/errors.ts';
import {
  claimTask,
  completeTaskBrief,
  completeTaskWithView,
  startInstanceBrief,
  startInstanceWithView,
  getInstanceView,
  getTask,
  getTaskDetail,
  instanceDocuments,
  listInstances,
  listNotifications,
  attachmentDisposition,
  readFileFor,
  servedType,
  saveFile,
  listTasks,
  type CallerContext,
  type Database,
  type Runtime,
} from '../../runtime/store/index.ts';
import { readJson, type AppEnv } from '../app.ts';
import { booleanQuery, enumQuery, integerQuery, textQuery } from '../request-body.ts';
import { registerPath } from '../openapi.ts';
import { PREFERENCE_APPLIED_MINIMAL, prefersMinimal } from '../prefer.ts';
import { mountBallotRoutes } from './ballots.ts';
import { mountDefinitionRoutes } from './definitions.ts';
import { mountLaggingReadRoutes } from './lagging-reads.ts';
import { mountRosterRoutes } from './roster.ts';
import { mountStationRoutes } from './stations.ts';
import { mountPointRoutes } from './points.ts';
import { mountConstituentRoutes } from './constituent-issues.ts';
import { mountDeputyArchiveRoutes } from './deputy-archive.ts';
import { mountAssessmentRoutes } from './assessments.ts';
import { mountReportBackRoutes } from './report-back.ts';
import { mountAssignmentMeetingRoutes } from './assignment-meetings.ts';
import { mountCalendarRoutes } from './calendar.ts';
import { mountTermCarryOverRoutes } from './term-carry-over.ts';
import { mountTaskActionRoutes } from './task-actions.ts';
import { mountTaskReturnRoutes } from './task-return.ts';
import { mountKeyThemeRoutes } from './key-themes.ts';

function caller(c: Context<AppEnv>): CallerContext {
  const user = c.get('user');
  const actor: Actor = { id: user.id, roles: user.roles, unitId: user.unitId, positions: user.positions, name: user.displayName };
  return { countyId: user.countyId, actor };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `readDb`: the read replica (DATABASE_READ_URL) for the routes lagging-reads.ts names; absent: `db`. */
export function mountWorkRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime; readDb?: Kysely<Database> }): void {
  const { db, rt } = deps;
  mountDefinitionRoutes(api, deps);
  mountBallotRoutes(api, deps);
  mountRosterRoutes(api, deps);
  mountLaggingReadRoutes(api, deps);
  mountStationRoutes(api, { ...deps, publicOrigin: process.env.PUBLIC_ORIGIN || undefined });
  mountPointRoutes(api, deps);
  mountConstituentRoutes(api, deps);
  mountDeputyArchiveRoutes(api, deps);
  mountAssessmentRoutes(api, deps);
  mountReportBackRoutes(api, deps);
  mountAssignmentMeetingRoutes(api, deps);
  mountCalendarRoutes(api, deps);
  mountTermCarryOverRoutes(api, deps);
  mountKeyThemeRoutes(api, deps);

  api.get('/definitions', (c) => {
    const list = rt.registry.listFor(c.get('user').countyId).map((d) => ({
      id: d.id,
      version: d.pkg.version,
      hash: d.hash,
      title: d.pkg.title,
      title_en: d.pkg.title_en,
      description: d.pkg.description ?? null,
      // A process made by scheduling (start.scheduledOnly: reception days) is not in 发起流程.
      startable: Boolean(d.pkg.start) && !d.pkg.child && d.pkg.start?.scheduledOnly !== true,
      start: d.pkg.start ?? null,
    }));
    return c.json({ definitions: list });
  });

  api.post('/definitions/:id/instances', async (c) => {
    const body = await readJson(c);
    if (!isObject(body)) throw new AppError('INVALID_BODY', 'Body must be an object {data}');
    if (prefersMinimal(c.req.header('prefer'))) return c.json(await startInstanceBrief(db, rt, caller(c), c.req.param('id'), body.data), 201, PREFERENCE_APPLIED_MINIMAL);
    return c.json(await startInstanceWithView(db, rt, caller(c), c.req.param('id'), body.data), 201);
  });

  api.get('/instances', async (c) => {
    const q = c.req.query();
    // Ranges: a page of at most 500; an offset PostgreSQL's bigint holds many times over.
    const limit = integerQuery('limit', q.limit, { min: 1, max: 500 });
    const offset = integerQuery('offset', q.offset, { min: 0, max: 1_000_000 });
    const mine = booleanQuery('mine', q.mine);
    const filters = { definition: textQuery('definition', q.definition), state: textQuery('state', q.state), status: textQuery('status', q.status), q: textQuery('q', q.q) };
    const { countyId, actor } = caller(c);
    const items = await listInstances(db, countyId, actor, { ...filters, limit, offset, ...(mine ? { startedBy: actor.id } : {}) });
    return c.json({ instances: items });
  });

  api.post('/files', async (c) => {
    const { countyId, actor } = caller(c);
    return c.json({ file: await saveFile(db, rt, countyId, await readJson(c), actor.id) }, 201);
  });

  api.get('/files/:id', async (c) => {
    const { countyId, actor } = caller(c);
    const file = await readFileFor(db, countyId, actor, c.req.param('id'));
    // Never rendered by the browser: a download (attachment), its type not sniffed, HTML/SVG/XML
    // as octet-stream, and in a sandbox with nothing allowed should it be opened anyway.
    return c.body(new Uint8Array(file.content), 200, {
      'content-type': servedType(file.mime),
      'content-disposition': attachmentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, no-store',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  api.get('/notifications', async (c) => {
    const { countyId, actor } = caller(c);
    return c.json({ notifications: await listNotifications(db, countyId, actor) });
  });

  api.get('/instances/:id', async (c) => {
    const { countyId, actor } = caller(c);
    return c.json(await getInstanceView(db, rt, countyId, actor, c.req.param('id')));
  });

  api.get('/instances/:id/documents', async (c) => {
    const { countyId, actor } = caller(c);
    return c.json(await instanceDocuments(db, rt, countyId, actor, c.req.param('id')));
  });

  api.get('/tasks', async (c) => {
    const q = c.req.query();
    const { countyId, actor } = caller(c);
    const tasks = await listTasks(db, rt, countyId, actor, {
      state: enumQuery('state', q.state, ['open', 'closed', 'all'] as const) ?? 'open',
      mine: booleanQuery('mine', q.mine) ?? true,
      definition: textQuery('definition', q.definition),
      overdue: booleanQuery('overdue', q.overdue),
    });
    return c.json({ tasks });
  });

  api.get('/tasks/:id', async (c) => {
    const { countyId, actor } = caller(c);
    return c.json(await getTaskDetail(db, rt, countyId, actor, c.req.param('id')));
  });

  api.post('/tasks/:id/claim', async (c) => {
    const who = caller(c);
    await claimTask(db, who, c.req.param('id'));
    return c.json(await getTask(db, rt, who.countyId, who.actor, c.req.param('id')));
  });

  api.post('/tasks/:id/complete', async (c) => {
    const timing = c.get('timing');
    timing?.mark('middleware');
    const body = await readJson(c);
    timing?.mark('body');
    if (!isObject(body) || typeof body.outcome !== 'string') {
      throw new AppError('INVALID_BODY', 'Body must be {outcome: string, data?: object}', { errors: [{ pointer: '/outcome', message: '必填', message_en: 'is required' }] });
    }
    const who = timing ? { ...caller(c), timing } : caller(c);
    // `Prefer: return=minimal` (the portal, which navigates afterwards): the brief answer, built
    // without the view's tree, history and forms (instance-brief.ts).
    const minimal = prefersMinimal(c.req.header('prefer'));
    const answer = minimal ? await completeTaskBrief(db, rt, who, c.req.param('id'), body.outcome, body.data) : await completeTaskWithView(db, rt, who, c.req.param('id'), body.outcome, body.data);
    if (timing) c.header('server-timing', timing.header());
    return minimal ? c.json(answer, 200, PREFERENCE_APPLIED_MINIMAL) : c.json(answer);
  });

  mountTaskActionRoutes(api, deps);
  mountTaskReturnRoutes(api, deps);
  registerWorkOpenApi();
}

/** `Prefer: return=minimal` (RFC 7240) on a start or a completion: the brief answer (runtime/store/instance-brief.ts). */
const PREFER_PARAMETER = {
  name: 'Prefer',
  required: false,
  description: '`return=minimal`: answer with the instance id, definition, state (and its title), status, version and open tasks as {id, key, title, title_en} only: no history, children, context or form schemas. Any other value is ignored.',
  schema: { type: 'string', example: 'return=minimal' },
};
const PREFERENCE_APPLIED_HEADER = { 'Preference-Applied': { description: '`return=minimal` when the brief answer was sent', schema: { type: 'string' } } };
const BRIEF_ANSWER_SCHEMA = {
  type: 'object',
  required: ['id', 'definitionId', 'state', 'stateTitle', 'stateTitle_en', 'status', 'version', 'openTasks'],
  properties: {
    id: { type: 'string' },
    definitionId: { type: 'string' },
    state: { type: 'string' },
    stateTitle: { type: 'string' },
    stateTitle_en: { type: 'string' },
    status: { enum: ['active', 'done'] },
    version: { type: 'integer' },
    openTasks: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, key: { type: 'string' }, title: { type: 'string' }, title_en: { type: ['string', 'null'] } } } },
  },
};
const BRIEF_OR_VIEW = { 'application/json': { schema: { oneOf: [{ type: 'object', description: 'The instance view (GET /api/instances/{id} without links)' }, BRIEF_ANSWER_SCHEMA] } } };

function registerWorkOpenApi(): void {
  const ok = (description: string) => ({ '200': { description } });
  registerPath('get', '/api/definitions', { summary: 'List process definitions', tags: ['definitions'], responses: ok('Definitions') });
  registerPath('post', '/api/definitions/{id}/instances', {
    summary: 'Start an instance with the start form data',
    tags: ['instances'],
    headers: [PREFER_PARAMETER],
    requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object' } } } } } },
    responses: {
      '201': { description: 'The new instance view; with `Prefer: return=minimal`, the brief answer and `Preference-Applied: return=minimal`', headers: PREFERENCE_APPLIED_HEADER, content: BRIEF_OR_VIEW },
      '400': { description: 'Field errors' },
    },
  });
  registerPath('get', '/api/instances', { summary: 'List instances (?definition=&state=&status=&q=&mine=1 for those I started)', tags: ['instances'], responses: ok('Instances') });
  registerPath('post', '/api/files', { summary: 'Upload an attachment {name, mime, base64} (≤ 3 MiB decoded); forms keep {fileId, name}', tags: ['instances'], responses: { '201': { description: 'The stored file' }, '400': { description: 'Field errors (a file over 3 MiB: /base64)' }, '413': { description: 'BODY_TOO_LARGE' } } });
  registerPath('get', '/api/files/{id}', { summary: 'Download an attachment: its uploader, or whoever may see an instance whose documents list it; as an attachment in a sandbox', tags: ['instances'], responses: { '200': { description: 'The file' }, '404': { description: 'FILE_NOT_FOUND (also when the caller may not read it)' } } });
  registerPath('get', '/api/notifications', { summary: 'Notifications addressed to me, my unit or my roles (抄送我), newest first', tags: ['instances'], responses: ok('Notifications') });
  registerPath('get', '/api/instances/{id}', { summary: 'Get an instance with history, children, open tasks and its links to cases of other processes (links: the other case\'s process, title and state in words)', tags: ['instances'], responses: ok('Instance view') });
  registerPath('get', '/api/tasks', { summary: 'Task inbox (?mine=1&state=open|closed|all&definition=&overdue=)', tags: ['tasks'], responses: ok('Tasks with outcomes and form schemas') });
  registerPath('get', '/api/tasks/{id}', { summary: 'Get one task with its outcomes and form schemas, the documents of its case it shows (meta.task.documents) and pre-filled outcome data (meta.task.prefill, preparedDrafts), and one unit\'s statistics in words (meta.task.statistics)', tags: ['tasks'], responses: ok('Task') });
  registerPath('get', '/api/instances/{id}/documents', { summary: 'Every form submitted in the case (the instance, its ancestors and descendants) as a document, oldest first, with its schema, who, when, names and attachments', tags: ['instances'], responses: ok('Documents') });
  registerPath('post', '/api/tasks/{id}/claim', { summary: 'Claim a task', tags: ['tasks'], responses: ok('Task') });
  registerPath('post', '/api/tasks/{id}/complete', {
    summary: 'Complete a task with an outcome and its form data',
    tags: ['tasks'],
    headers: [PREFER_PARAMETER],
    requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['outcome'], properties: { outcome: { type: 'string' }, data: { type: 'object' } } } } } },
    responses: {
      '200': { description: 'The instance view after the step; with `Prefer: return=minimal`, the brief answer and `Preference-Applied: return=minimal`', headers: PREFERENCE_APPLIED_HEADER, content: BRIEF_OR_VIEW }, '400': { description: 'Field errors' }, '409': { description: 'Already completed or conflicting change' } },
  });
}
