/**
 * The input edges of the task-action and remark bodies (server/routes/task-actions.ts,
 * runtime/store/task-actions.ts): a NUL or a lone surrogate, a `__proto__` key, a number where
 * text or an id belongs (negative, huge), a body that is no object, a body over the routes'
 * 16 KiB, an unknown action — each a 4xx with its code (and the pointer where a field is at
 * fault), and the case unchanged afterwards.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const SUGGESTION = { title: '关于规范夜市摊点的建议', body: '建议划定夜市经营区域。', origin: 'RECESS', leadDeputyId: 'demo-deputy1', sourceCode: 'VISIT' };

describe.each(databases)('task action input edges ($name)', { timeout: 180_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('refuses bad bodies with a 4xx and a code, and changes nothing', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');
    const id = (await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    const task = ((await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string }>).find((t) => t.instanceId === id) as { id: string };
    const before = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    const raw = async (path: string, text: string) => {
      const res = await w.app.request(`/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` }, body: text });
      const body = (await res.json()) as { error?: { code: string; details?: { errors?: Array<{ pointer: string }> } } };
      return [res.status, body.error?.code ?? 'ok', body.error?.details?.errors?.[0]?.pointer ?? null];
    };
    const transfer = `/tasks/${task.id}/actions/transfer`;
    const comments = `/instances/${id}/comments`;
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: 'demo-admin', reason: 'a\u0000b' }))).toEqual([400, 'INVALID_TEXT', '/reason']);
    expect(await raw(transfer, '{"to":"user","userId":"demo-admin","reason":"\\ud800"}')).toEqual([400, 'INVALID_TEXT', '/reason']);
    expect(await raw(transfer, '{"to":"user","userId":"demo-admin","reason":"ok","__proto__":{"x":1}}')).toEqual([400, 'INVALID_BODY', '/__proto__']);
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: -1, reason: '理由' }))).toEqual([400, 'INVALID_BODY', '/userId']);
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: 'demo-admin', reason: 1e308 }))).toEqual([400, 'INVALID_BODY', '/reason']);
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: 'x'.repeat(5000), reason: '理由' }))).toEqual([400, 'INVALID_BODY', '/userId']);
    expect(await raw(transfer, JSON.stringify({ to: 'county', unitId: 'unit-housing', reason: '理由' }))).toEqual([400, 'INVALID_BODY', '/to']);
    expect(await raw(transfer, '[]')).toEqual([400, 'INVALID_BODY', '']);
    expect(await raw(transfer, '"转办"')).toEqual([400, 'INVALID_BODY', '']);
    expect(await raw(transfer, 'null')).toEqual([400, 'INVALID_BODY', '']);
    expect(await raw(transfer, '')).toEqual([400, 'INVALID_JSON', null]);
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: 'demo-admin', reason: '长'.repeat(501) }))).toEqual([400, 'INVALID_BODY', '/reason']);
    expect(await raw(transfer, JSON.stringify({ to: 'user', userId: 'demo-admin', reason: '长'.repeat(20_000) }))).toEqual([413, 'BODY_TOO_LARGE', null]);
    expect(await raw(`/tasks/${task.id}/actions/forward`, JSON.stringify({ reason: '理由' }))).toEqual([404, 'NOT_FOUND', null]);
    expect(await raw(`/tasks/${task.id}/actions/__proto__`, JSON.stringify({ reason: '理由' }))).toEqual([404, 'NOT_FOUND', null]);
    expect(await raw(`/tasks/-1/actions/urge`, '{}')).toEqual([404, 'TASK_NOT_FOUND', null]);
    expect(await raw(comments, JSON.stringify({ text: '' }))).toEqual([400, 'INVALID_BODY', '/text']);
    expect(await raw(comments, JSON.stringify({ text: '评'.repeat(2001) }))).toEqual([400, 'INVALID_BODY', '/text']);
    expect(await raw(comments, JSON.stringify({ text: ['评论'] }))).toEqual([400, 'INVALID_BODY', '/text']);
    expect(await raw(comments, JSON.stringify({ text: 'a\u0007b' }))).toEqual([400, 'INVALID_TEXT', '/text']);
    expect(await raw(`/instances/${id}/attachments`, JSON.stringify({ fileId: 42 }))).toEqual([400, 'INVALID_BODY', '/fileId']);
    expect(await raw(`/instances/${id}/attachments`, JSON.stringify({ fileId: 'nowhere' }))).toEqual([404, 'FILE_NOT_FOUND', null]);
    const after = (await w.call(staff, 'GET', `/instances/${id}`)).body;
    expect([after.version, after.history.length]).toEqual([before.version, before.history.length]);
    expect((await w.handle.db.selectFrom('tasks').select(['assignee_id', 'urge_count']).where('id', '=', task.id).executeTakeFirstOrThrow())).toEqual({ assignee_id: null, urge_count: 0 });
  });
});
