/**
 * Who sees which instance over HTTP: GET /api/instances lists exactly the top-level instances
 * that GET /api/instances/:id opens for the caller (one rule, runtime/store/task-access.ts).
 * Before, a unit clerk could open a suggestion handled by their unit that the list never showed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT, REGISTRATION, SUGGESTION as AED } from '../fixtures/suggestion-data.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = { ...AED, title: '关于增设社区养老服务站的建议', body: '老城区老年人口占比高，社区养老服务站数量不足。建议：一、每个社区设一处服务站；二、引入专业机构运营。' };

describe.each(databases)('instance visibility over HTTP on $name', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function complete(w: WorkApp, tok: string, instanceId: string, outcome: string, data?: unknown): Promise<void> {
    const tasks = (await w.call(tok, 'GET', '/tasks?mine=1')).body.tasks as Array<{ id: string; instanceId: string; outcomes: Array<{ event: string }> }>;
    const task = tasks.find((t) => t.instanceId === instanceId && t.outcomes.some((o) => o.event === outcome));
    expect(task, `a task with outcome ${outcome}`).toBeDefined();
    const r = await w.call(tok, 'POST', `/tasks/${task!.id}/complete`, { outcome, data });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }

  it('lists for each user exactly the top-level instances they can open', async () => {
    handle = await open();
    const w = await workApp(handle);
    const token: Record<string, string> = {};
    for (const u of ['staff', 'unit1', 'unit2', 'unit3', 'deputy1', 'deputy2', 'deputy3']) token[u] = await w.login(u);

    const assigned = (await w.call(token.deputy1!, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).body.id as string;
    const waiting = (await w.call(token.deputy2!, 'POST', '/definitions/suggestion/instances', { data: { ...SUGGESTION, leadDeputyId: 'demo-deputy2', coSignerIds: [] } })).body.id as string;
    await complete(w, token.staff!, assigned, 'ACCEPT', REGISTRATION);
    await complete(w, token.staff!, assigned, 'PROPOSE_ASSIGNMENT', ASSIGNMENT);
    await complete(w, token.staff!, assigned, 'APPROVE_ASSIGNMENT', { comment: '同意交办' });

    const all = ((await w.call(token.staff!, 'GET', '/instances')).body.instances as Array<{ id: string }>).map((i) => i.id).sort();
    expect(all).toEqual([assigned, waiting].sort());
    const seen: Record<string, string[]> = {};
    for (const [user, tok] of Object.entries(token)) {
      const listed = ((await w.call(tok, 'GET', '/instances')).body.instances as Array<{ id: string }>).map((i) => i.id).sort();
      const opened: string[] = [];
      for (const id of all) {
        const r = await w.call(tok, 'GET', `/instances/${id}`);
        expect([200, 404], `${user} GET /instances/${id}`).toContain(r.status);
        if (r.status === 200) opened.push(id);
      }
      expect(listed, `${user}: listed = opened`).toEqual(opened.sort());
      seen[user] = listed;
    }
    // The lead and the assisting unit see the suggestion their child process works on; the third unit does not.
    expect(seen).toEqual({
      staff: all,
      unit1: [assigned],
      unit2: [assigned],
      unit3: [],
      deputy1: [assigned],
      deputy2: [waiting],
      deputy3: [],
    });
  });
});
