/**
 * 退回, 加签 and 撤回 on a task (issue 16 item 3), and the countersign answer of an added
 * signer: POST /api/tasks/:id/actions/sendBack | addSigner | withdraw | countersign, each
 * answering with the instance view after it, and GET /api/tasks/:id/actions/return (what the
 * task page offers the caller, the signers in words). Every rule is runtime/store/task-return.ts.
 */
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { addTaskSigner, answerCountersign, getInstanceView, sendBackTask, taskReturnInfo, withdrawTask, type Database, type ReturnCaller, type Runtime } from '../../runtime/store/index.ts';
import { currentUser, type AppEnv } from '../auth.ts';
import { errorResponse, registerPath } from '../openapi.ts';
import { readJson } from '../request-body.ts';

/** A reason and a user id fit well under this; anything larger is no such request. */
const BODY_MAX = 16 * 1024;

function caller(c: Context<AppEnv>): ReturnCaller {
  const user = currentUser(c);
  return { countyId: user.countyId, actor: { id: user.id, roles: user.roles, unitId: user.unitId, name: user.displayName } };
}

export function mountTaskReturnRoutes(api: Hono<AppEnv>, deps: { db: Kysely<Database>; rt: Runtime }): void {
  const { db, rt } = deps;
  const actions = { sendBack: sendBackTask, addSigner: addTaskSigner, withdraw: withdrawTask, countersign: answerCountersign } as const;
  for (const [name, run] of Object.entries(actions)) {
    api.post(`/tasks/:id/actions/${name}`, async (c) => {
      const who = caller(c);
      const body = await readJson(c, BODY_MAX);
      const instanceId = await run(db, rt, who, c.req.param('id'), body);
      return c.json(await getInstanceView(db, rt, who.countyId, who.actor, instanceId));
    });
  }
  api.get('/tasks/:id/actions/return', async (c) => c.json(await taskReturnInfo(db, rt, caller(c), c.req.param('id'))));
  registerTaskReturnOpenApi();
}

function registerTaskReturnOpenApi(): void {
  const tags = ['tasks'];
  const body = (required: string[], properties: Record<string, unknown>) => ({ required: true, content: { 'application/json': { schema: { type: 'object', required, additionalProperties: false, properties } } } });
  const answers = (conflict: string) => ({
    '200': { description: 'The instance view after the action (its history has the entry in words)' },
    '400': errorResponse('INVALID_INPUT / INVALID_BODY: a reason missing, an unknown key, not an object'),
    '403': errorResponse('FORBIDDEN: the task does not declare this action for the caller, or it is not theirs'),
    '404': errorResponse('TASK_NOT_FOUND'),
    '409': errorResponse(conflict),
  });
  registerPath('post', '/api/tasks/{id}/actions/sendBack', { summary: '退回: send the instance back through the event the task declares (meta.task.actions.sendBack), with a reason', tags, requestBody: body(['reason'], { reason: { type: 'string', maxLength: 500 } }), responses: answers('TASK_NOT_OPEN, CONFLICT') });
  registerPath('post', '/api/tasks/{id}/actions/addSigner', { summary: '加签: a user of the county countersigns before the holder completes (before) or before the completion takes effect (after)', tags, requestBody: body(['userId', 'where'], { userId: { type: 'string' }, where: { enum: ['before', 'after'] }, reason: { type: 'string', maxLength: 500 } }), responses: answers('SIGNER_OPINION_PENDING: a signer has not answered yet') });
  registerPath('post', '/api/tasks/{id}/actions/withdraw', { summary: '撤回: the one who completed the task takes the completion back while the next step is untouched', tags, requestBody: body([], { reason: { type: 'string', maxLength: 500 } }), responses: answers('NEXT_TASK_STARTED (下一环节已开始办理，不能撤回), NOT_WITHDRAWABLE') });
  registerPath('post', '/api/tasks/{id}/actions/countersign', { summary: '会签意见: the added signer agrees, or disagrees with a reason; an agreement after the holder applies the held completion', tags, requestBody: body(['agree'], { agree: { type: 'boolean' }, opinion: { type: 'string', maxLength: 500 } }), responses: answers('TASK_NOT_OPEN') });
  registerPath('get', '/api/tasks/{id}/actions/return', { summary: 'What the task page offers the caller of 退回, 加签 and 撤回, whether it is a countersign task, and its signers in words', tags, responses: { '200': { description: 'TaskReturnInfo' }, '404': errorResponse('TASK_NOT_FOUND') } });
}
