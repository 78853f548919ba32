/**
 * 加签 and a case that moves on without the task: a countersign left open when the state of the
 * task is left — here by a timer on an injected clock, and by 退回 — closes in the same step
 * (cancelled), the signer row with it, and the history reads an entry in words ("会签取消:
 * 审核 村道路灯：主任会议成员的会签随环节结束取消"). Before and after signers alike, the
 * `after` signer also when the holder had not completed yet. Both databases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessPackage } from '../../runtime/engine/index.ts';
import { runDueTimers } from '../../runtime/store/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { taskDriver } from '../support/task-driver.ts';
import { workApp } from '../support/work-app.ts';

/** The mini process with 加签 on its review task, and a time limit that ends the review unanswered after 20 days. */
function signedPackage(): ProcessPackage {
  const pkg = miniPackage();
  const review = pkg.machine.states.review as NonNullable<ProcessPackage['machine']['states']>[string];
  return {
    ...pkg,
    id: 'signed-mini',
    title: '加签小流程',
    delays: { ...pkg.delays, lapse: 'P20D' },
    delaysInfo: { ...pkg.delaysInfo, lapse: { title: '审核时限', title_en: 'Review time limit' } },
    events: { ...pkg.events, SEND_BACK: { title: '退回起草', title_en: 'Back to drafting' } },
    machine: {
      ...pkg.machine,
      states: {
        ...pkg.machine.states,
        review: {
          ...review,
          meta: { ...review.meta, task: { ...review.meta!.task!, actions: { addSigner: { roles: ['staff'], where: ['before', 'after'] }, sendBack: { roles: ['staff'], event: 'SEND_BACK' } } } },
          after: { lapse: { target: 'rejected' } },
          on: { ...review.on, SEND_BACK: { target: 'draft' } },
        },
      },
    },
  } as ProcessPackage;
}

interface Entry {
  type: string;
  title: string;
  detail?: string;
  actorName: string | null;
  to: string | null;
}

describe.each(databases)('加签 tasks close with the state they belong to ($name)', { timeout: 180_000 }, ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('a timer moves the case on: the before-signer’s, the held after-signer’s and the waiting after-signer’s countersigns are cancelled, each in the history', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const d = taskDriver(w);
    expect((await w.call(await w.login('admin'), 'POST', '/definitions', { package: signedPackage() })).status).toBe(201);
    const start = async (title: string) => {
      const r = await w.call(await d.token('deputy1'), 'POST', '/definitions/signed-mini/instances', { data: { title } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const id = r.body.id as string;
      const [task] = await d.inbox('staff', id);
      return { id, task: task! };
    };
    const addSigner = async (taskId: string, where: 'before' | 'after') => {
      const r = await w.call(await d.token('staff'), 'POST', `/tasks/${taskId}/actions/addSigner`, { userId: 'demo-leader', where });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    const signersOf = async (taskId: string) => (await handle!.db.selectFrom('task_signers').select(['status', 'held']).where('task_id', '=', taskId).execute()).map((s) => [s.status, s.held]);

    // before: the leader's countersign is open; after, asked: the staff's 同意 is held and the leader asked; after, not asked yet.
    const before = await start('村道路灯');
    await addSigner(before.task.id, 'before');
    const held = await start('社区食堂');
    await addSigner(held.task.id, 'after');
    expect((await d.act('staff', held.id, 'ACCEPT')).state).toBe('review');
    const waiting = await start('老旧小区加装电梯');
    await addSigner(waiting.task.id, 'after');
    const countersigns = await d.inbox('leader');
    expect(countersigns.map((t) => t.title).sort()).toEqual(['会签：审核 村道路灯', '会签：审核 社区食堂']);

    // 20 days later the time limit ends every review unanswered.
    w.clock.advanceDays(21);
    expect(await runDueTimers(handle.db, w.rt)).toBeGreaterThanOrEqual(3);
    expect(await d.inbox('leader')).toEqual([]);
    for (const c of countersigns) {
      const row = await handle.db.selectFrom('tasks').select(['status', 'closed_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect([row.status, new Date(row.closed_at as unknown as string).toISOString()]).toEqual(['cancelled', w.clock.now().toISOString()]);
    }
    for (const one of [before, held, waiting]) expect(await signersOf(one.task.id)).toEqual([['cancelled', null]]);

    for (const [one, title] of [[before, '村道路灯'], [held, '社区食堂'], [waiting, '老旧小区加装电梯']] as const) {
      const history = (await d.view(one.id)).history as Entry[];
      const [step, cancelled] = history.slice(-2) as [Entry, Entry];
      expect([step.to, cancelled.type, cancelled.title, cancelled.actorName, cancelled.detail]).toEqual(['rejected', 'task.countersignCancelled', '会签取消', null, `审核 ${title}：主任会议成员的会签随环节结束取消`]);
      // Words only: no id of a user, task or event in what the entry reads.
      expect(`${cancelled.title}${cancelled.detail}`).not.toMatch(/demo-|xstate|~sign~/);
    }

    // The leader answering afterwards is told the task is closed; nothing changes.
    const version = Number((await d.view(before.id)).version);
    const late = await w.call(await d.token('leader'), 'POST', `/tasks/${countersigns[0]!.id}/actions/countersign`, { agree: true });
    expect([late.status, late.body.error.code]).toEqual([409, 'TASK_NOT_OPEN']);
    expect(Number((await d.view(before.id)).version)).toBe(version);
  });

  it('退回 follows the same rule: the open countersign closes with the task, in the history', async () => {
    handle = await open();
    const w = await workApp(handle, '2026-03-02T01:00:00Z');
    const d = taskDriver(w);
    expect((await w.call(await w.login('admin'), 'POST', '/definitions', { package: signedPackage() })).status).toBe(201);
    const started = await w.call(await d.token('deputy1'), 'POST', '/definitions/signed-mini/instances', { data: { title: '村道路灯' } });
    const id = started.body.id as string;
    const [task] = await d.inbox('staff', id);
    expect((await w.call(await d.token('staff'), 'POST', `/tasks/${task!.id}/actions/addSigner`, { userId: 'demo-leader', where: 'before' })).status).toBe(200);
    const sent = await w.call(await d.token('staff'), 'POST', `/tasks/${task!.id}/actions/sendBack`, { reason: '请补充地点' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(await d.inbox('leader')).toEqual([]);
    // The answer of the step itself lists no countersign still open.
    expect((sent.body.openTasks as Array<{ title: string }>).map((t) => t.title)).toEqual([]);
    const types = (sent.body.history as Entry[]).slice(-3).map((e) => [e.type, e.title]);
    expect(types).toEqual([['task.sentBack', '退回'], ['SEND_BACK', '退回起草'], ['task.countersignCancelled', '会签取消']]);
  });
});
