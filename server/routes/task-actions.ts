/**
 * The task actions a definition declares (转办, 委托 and taking it back, 催办; runtime/engine/
 * task-actions.ts) and the remarks on a case (comments, attachments): handlers only translate
 * HTTP to runtime/store/task-actions.ts, which checks the body, the caller and the declaration.
 * GET /api/tasks/:id tells which actions the caller may take (`allowedActions`).
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../../runtime/engine/index.ts';
import {
  addAttachment,
  addComment,
  delegateTask,
  revokeDelegation,
  transferTask,
  urgeTask,
  type CallerContext,
  type Database,
  type Runtime,
  type TaskActionDone,
} from '../../runtime/store/index.ts';
import { readJson, type AppEnv } from '../app.ts';
import { registerPath } from '../openapi.ts';

/** The bodies are small (a reason, an id or a comment of at most 2,000 characters). */
const MAX_ACTION_BYTES = 16 * 1024;

type TaskAction = (db: Kysely<Database>, rt: Runtime, caller: CallerContext, id: string, body: unknown) => Promise<TaskActionDone>;

/** One route per action name; any other name is the router's 404 (退回, 加签, 撤回 are mounted beside these by their own module). */
const TASK_ACTIONS: ReadonlyArray<[string, TaskAction]> = [['transfer', transferTask], ['delegate', delegateTask], ['revokeDelegation', revokeDelegation], ['urge', urgeTask]];

function caller(c: Context<AppEnv>): CallerContext {
  const user = c.get('user');
  const actor: Actor = { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName };
  return { countyId: user.countyId, actor };
}

export function mountTaskActionRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  for (const [name, run] of TASK_ACTIONS) {
    api.post(`/tasks/:id/actions/${name}`, async (c) => c.json(await run(db, rt, caller(c), c.req.param('id'), await readJson(c, MAX_ACTION_BYTES))));
  }
  api.post('/instances/:id/comments', async (c) => c.json(await addComment(db, rt, caller(c), c.req.param('id'), await readJson(c, MAX_ACTION_BYTES)), 201));
  api.post('/instances/:id/attachments', async (c) => c.json(await addAttachment(db, rt, caller(c), c.req.param('id'), await readJson(c, MAX_ACTION_BYTES)), 201));

  const refusals = {
    '400': { description: 'INVALID_BODY (a field at its pointer: an empty reason, an unknown key), TASK_ACTION_TARGET_UNSUITABLE (the user or unit cannot hold the task)' },
    '403': { description: 'TASK_ACTION_FORBIDDEN: the definition does not allow the caller this action on this task' },
    '404': { description: 'TASK_NOT_FOUND, USER_NOT_FOUND, UNIT_NOT_FOUND (also another county\'s user or unit)' },
    '409': { description: 'TASK_NOT_OPEN: the task is closed' },
  };
  const bodies: Record<string, [string, Record<string, unknown>]> = {
    transfer: ['转办: hand the task to another user (holding its role) or unit of the county, with a reason', { to: { enum: ['user', 'unit'] }, userId: { type: 'string' }, unitId: { type: 'string' }, reason: { type: 'string', maxLength: 500 } }],
    delegate: ['委托: let a user (holding the task\'s role) act for the holder on this task until revoked, with a reason', { userId: { type: 'string' }, reason: { type: 'string', maxLength: 500 } }],
    revokeDelegation: ['收回委托: end the delegation of this task (the holder or the office)', { reason: { type: 'string', maxLength: 500 } }],
    urge: ['催办: urge the holder (a message to them and a counted event)', { reason: { type: 'string', maxLength: 500 } }],
  };
  for (const [name] of TASK_ACTIONS) {
    const [summary, properties] = bodies[name] as [string, Record<string, unknown>];
    registerPath('post', `/api/tasks/{id}/actions/${name}`, {
      summary: `${summary}; allowed when GET /api/tasks/:id lists it in allowedActions; appends a history event with actor and reason`,
      tags: ['tasks'],
      requestBody: { content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties } } } },
      responses: { '200': { description: '{instanceId, version}' }, ...refusals },
    });
  }
  registerPath('post', '/api/instances/{id}/comments', {
    summary: 'Comment on a case (whoever may see it): {text} (at most 2,000 characters); a history event 评论',
    tags: ['instances'],
    requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 2000 } } } } } },
    responses: { '201': { description: '{instanceId, version}' }, '400': refusals['400'], '404': { description: 'INSTANCE_NOT_FOUND' } },
  });
  registerPath('post', '/api/instances/{id}/attachments', {
    summary: 'Add an uploaded file (POST /api/files) to a case: {fileId, note?}; whoever may see the case may then download it; a history event 添加附件',
    tags: ['instances'],
    requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['fileId'], properties: { fileId: { type: 'string' }, note: { type: 'string', maxLength: 500 } } } } } },
    responses: { '201': { description: '{instanceId, version}' }, '400': refusals['400'], '404': { description: 'INSTANCE_NOT_FOUND, FILE_NOT_FOUND' } },
  });
}
