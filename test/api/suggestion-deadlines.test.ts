import { afterEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../../runtime/store/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';
import { workApp, type WorkApp } from '../support/work-app.ts';

const SUGGESTION = {
  title: '关于加快农村道路亮化设施建设的建议',
  body: '部分村道夜间无照明，建议分批安装太阳能路灯。',
  origin: 'RECESS',
  leadDeputyId: 'demo-deputy1',
  sourceCode: 'VISIT',
};

describe.each(databases)('suggestion deadlines on the simulated clock ($name)', ({ open }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  /** Start a suggestion and approve its assignment to unit1 (主办) at the clock's time. */
  async function assigned(start: string): Promise<{ w: WorkApp; staff: string; unit1: string; id: string }> {
    handle = await open();
    const w = await workApp(handle, start);
    const [deputy, staff, unit1] = [await w.login('deputy1'), await w.login('staff'), await w.login('unit1')];
    const started = await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION });
    const id = started.body.id as string;
    const steps: Array<[string, unknown]> = [
      ['ACCEPT', { categoryCode: 'URBAN_RURAL_CONSTRUCTION' }],
      ['PROPOSE_ASSIGNMENT', { mode: 'SINGLE', leadUnitId: 'unit-housing', viaGovOffice: false, supervisionLevel: 'GENERAL' }],
      ['APPROVE_ASSIGNMENT', {}],
    ];
    for (const [outcome, data] of steps) {
      const task = (await w.call(staff, 'GET', '/tasks?mine=1')).body.tasks[0];
      const r = await w.call(staff, 'POST', `/tasks/${task.id}/complete`, { outcome, data });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    return { w, staff, unit1, id };
  }

  const notifications = async (w: WorkApp) =>
    (await w.handle.db.selectFrom('outbox').select(['payload']).where('kind', '=', 'notify').orderBy('id').execute()).map(
      (r) => (r.payload as { message: string }).message,
    );

  it('auto-accepts when the 7-working-day return window closes, counted across the National Day holiday', async () => {
    const { w, unit1 } = await assigned('2026-09-29T02:00:00Z'); // Tuesday 10:00 in Beijing
    const [task] = (await w.call(unit1, 'GET', '/tasks?mine=1')).body.tasks;
    expect(task.outcomes.map((o: { event: string }) => o.event).sort()).toEqual(['ACCEPT', 'REQUEST_RETURN']);
    const timers = await w.handle.db.selectFrom('timers').select(['key', 'fire_at']).where('key', 'like', '%returnWindow%').execute();
    // 30 Sep (1), 1–7 Oct holiday, 8 (2), 9 (3), Sat 10 Oct 调休 (4), 12 (5), 13 (6), 14 (7): ends with 14 Oct, Beijing time.
    expect(timers.map((t) => new Date(t.fire_at).toISOString())).toEqual(['2026-10-14T16:00:00.000Z']);

    w.clock.set('2026-10-14T15:59:00Z');
    await runDueTimers(w.handle.db, w.rt);
    let u1 = await w.login('unit1'); // tokens live 12 hours on the same (simulated) clock
    expect((await w.call(u1, 'GET', '/tasks?mine=1')).body.tasks[0].id).toBe(task.id);

    w.clock.set('2026-10-14T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    u1 = await w.login('unit1');
    const [next] = (await w.call(u1, 'GET', '/tasks?mine=1')).body.tasks;
    expect(next.id).not.toBe(task.id);
    expect(next.outcomes.map((o: { event: string }) => o.event).sort()).toEqual(['LOG_CONSULTATION', 'SKIP_CONSULTATION']);
    const child = await w.handle.db.selectFrom('instances').select(['snapshot']).where('id', '=', next.instanceId).executeTakeFirstOrThrow();
    expect((child.snapshot as { machine: { context: { autoAccepted: boolean } } }).machine.context.autoAccepted).toBe(true);
  });

  it('reminds before the 3-month answer deadline, then flags the answer overdue and notifies', async () => {
    const { w, unit1, id } = await assigned('2026-03-02T02:00:00Z');
    const accept = (await w.call(unit1, 'GET', '/tasks?mine=1')).body.tasks[0];
    expect((await w.call(unit1, 'POST', `/tasks/${accept.id}/complete`, { outcome: 'ACCEPT' })).status).toBe(200);
    const [planning] = (await w.call(unit1, 'GET', '/tasks?mine=1')).body.tasks;
    expect(planning.dueAt).toBe('2026-06-02T16:00:00.000Z'); // 2 Mar + 3 months, end of day in Beijing

    w.clock.set('2026-05-27T00:00:00Z'); // past "7 days before due"
    await runDueTimers(w.handle.db, w.rt);
    expect((await notifications(w)).filter((m) => m.startsWith('即将到期'))).toHaveLength(1);
    let u1 = await w.login('unit1'); // tokens live 12 hours on the same (simulated) clock
    expect((await w.call(u1, 'GET', '/tasks?mine=1&overdue=1')).body.tasks).toEqual([]);

    w.clock.set('2026-06-02T16:00:00Z');
    await runDueTimers(w.handle.db, w.rt);
    u1 = await w.login('unit1');
    const overdue = (await w.call(u1, 'GET', '/tasks?mine=1&overdue=1')).body.tasks;
    expect(overdue.map((t: { id: string; overdue: boolean }) => [t.id, t.overdue])).toEqual([[planning.id, true]]);
    expect((await notifications(w)).filter((m) => m.startsWith('已逾期'))).toHaveLength(1);
    const view = (await w.call(await w.login('staff'), 'GET', `/instances/${id}`)).body;
    expect(view.children[0].context.overdue).toBe(true);
    // Firing again changes nothing: each timer fired once.
    w.clock.set('2026-07-01T00:00:00Z');
    expect(await runDueTimers(w.handle.db, w.rt)).toBe(0);
  });
});
