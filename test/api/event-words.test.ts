/**
 * A person reads words, not event names: a task's outcomes and every history entry carry the
 * titles of the definition (its `events`), in Chinese and English.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';

const SUGGESTION = { title: '关于增设社区食堂的建议', body: '老年人就餐难。建议在各社区增设食堂。', origin: 'SESSION', leadDeputyId: 'demo-deputy1', sourceCode: 'RESEARCH' };

describe.each(databases)('outcomes and history in words ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('titles the screening task’s buttons and the history rows from the suggestion definition', async () => {
    handle = await open();
    const w = await workApp(handle);
    const deputy = await w.login('deputy1');
    const staff = await w.login('staff');
    const started = await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    expect(started.status).toBe(201);
    const [task] = (await w.call(staff, 'GET', `/tasks?mine=1`)).body.tasks as Array<{ id: string; outcomes: Array<{ event: string; title: string; title_en: string }> }>;
    const buttons = Object.fromEntries(task!.outcomes.map((o) => [o.event, [o.title, o.title_en]]));
    expect(buttons).toEqual({ ACCEPT: ['受理', 'Accept'], MERGE: ['并案办理', 'Merge into another suggestion'], REDIRECT: ['转其他渠道', 'Redirect'], RETURN_TO_DEPUTY: ['退回代表修改', 'Return to the deputy'] });

    const done = await w.call(staff, 'POST', `/tasks/${task!.id}/complete`, { outcome: 'RETURN_TO_DEPUTY', data: { reason: '请补充具体地点和资金来源。' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const view = await w.call(deputy, 'GET', `/instances/${started.body.id}`);
    const rows: string[][] = (view.body.history as Array<{ type: string; title: string; title_en: string }>).map((e) => [e.type, e.title, e.title_en]);
    expect(rows).toEqual([
      ['started', '发起', 'Started'],
      ['RETURN_TO_DEPUTY', '退回代表修改', 'Return to the deputy'],
    ]);
    for (const [type, title] of rows) expect(title).not.toBe(type);
  });
});
