import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../runtime/engine/index.ts';
import { AppError } from '../../runtime/errors.ts';
import { httpStatus } from '../../server/errors.ts';
import {
  completeTask,
  createRuntime,
  runDueTimers,
  SimulatedClock,
  startScheduler,
  startInstance,
  type DatabaseHandle,
  type Runtime,
} from '../../runtime/store/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { databases } from '../support/databases.ts';

const deputy: Actor = { id: 'd1', roles: ['deputy'] };
const staff: Actor = { id: 's1', roles: ['staff'] };
const unit1: Actor = { id: 'u1-user', roles: ['unit'], unitId: 'u1' };

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe.each(databases)('instance store on $name', ({ open }) => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(): Promise<{ h: DatabaseHandle; rt: Runtime; clock: SimulatedClock }> {
    const h = await open();
    handle = h;
    const clock = new SimulatedClock('2026-09-29T02:00:00Z');
    const rt = createRuntime({ clock });
    await rt.registry.register(h.db, [miniPackage()]);
    for (const id of ['c1', 'c2']) {
      await sql`insert into regions (id, level, code, name) values (${id}, 'county', ${id}, ${id})`.execute(h.db);
    }
    return { h, rt, clock };
  }

  const tasksOf = (h: DatabaseHandle, instanceId: string) =>
    h.db.selectFrom('tasks').selectAll().where('county_id', '=', 'c1').where('instance_id', '=', instanceId).orderBy('created_at').orderBy('key').execute();
  const eventsOf = (h: DatabaseHandle, instanceId: string) =>
    h.db.selectFrom('instance_events').selectAll().where('county_id', '=', 'c1').where('instance_id', '=', instanceId).orderBy('seq').execute();

  it('starts an instance and writes its task, timers and first event in one go', async () => {
    const { h, rt } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const tasks = await tasksOf(h, id);
    expect(tasks.map((t) => [t.role, t.status, t.title])).toEqual([['staff', 'open', '审核 路灯']]);
    const timers = await h.db.selectFrom('timers').select(['key']).where('instance_id', '=', id).orderBy('key').execute();
    expect(timers.map((t) => t.key)).toEqual(['task:review-1:due', 'task:review-1:remind']);
    expect((await eventsOf(h, id)).map((e) => e.seq)).toEqual([1]);
  });

  it('rejects invalid form data with every field error and changes nothing', async () => {
    const { h, rt } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    await completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {});
    const opinion = (await tasksOf(h, id)).find((t) => t.unit_id === 'u1')!;
    const before = await h.db.selectFrom('instances').select(['version', 'snapshot']).where('id', '=', id).executeTakeFirstOrThrow();
    const err = await errorOf(completeTask(h.db, rt, { countyId: 'c1', actor: unit1 }, opinion.id, 'OPINION', { text: 5, extra: true }));
    expect(httpStatus(err)).toBe(400);
    expect(err.code).toBe('VALIDATION_FAILED');
    const pointers = (err.details as { errors: Array<{ pointer: string }> }).errors.map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/extra', '/text']);
    const after = await h.db.selectFrom('instances').select(['version', 'snapshot']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await eventsOf(h, id)).length).toBe(2);
  });

  it('lets exactly one of 20 concurrent completions win; the rest get 409 and one event is written', async () => {
    const { h, rt } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {})),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const statuses = results.flatMap((r) => (r.status === 'rejected' ? [httpStatus(r.reason as AppError)] : []));
    expect(ok).toHaveLength(1);
    expect(statuses).toEqual(Array(19).fill(409));
    const events = await eventsOf(h, id);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'started'],
      [2, 'ACCEPT'],
    ]);
  });

  /** The mini process whose ACCEPT takes a serial number (width 1, so 10 shows it is never cut), optionally shown in the title. */
  function serialPackage(id: string, titleShowsNumber: boolean) {
    const pkg = miniPackage();
    pkg.id = id;
    pkg.machine.id = id;
    if (titleShowsNumber) pkg.instanceTitle = '{context.title} {context.reg.serialNo}';
    const review = pkg.machine.states!.review as { on: { ACCEPT: { actions: unknown[] } } };
    review.on.ACCEPT.actions.push({ type: 'allocateSerial', params: { scope: '十八届一次', width: 1, to: 'context.reg.serialNo' } });
    return pkg;
  }

  it.each([
    ['in the write statement', false],
    ['in a transaction, when the instance title shows it', true],
  ])('numbers concurrent registrations without gaps or duplicates (%s), and a lost race takes no number', async (_how, titleShowsNumber) => {
    const { h, rt } = await setup();
    const id = titleShowsNumber ? 'serial-title' : 'serial';
    await rt.registry.register(h.db, [serialPackage(id, titleShowsNumber)]);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, id, { title: `建议${i}` }));
    const reviews = await Promise.all(ids.map(async (i) => (await tasksOf(h, i))[0]!.id));
    // Every task completed by 3 staff members at once: one wins each, the others get 409.
    const results = await Promise.allSettled(reviews.flatMap((task) => [1, 2, 3].map(() => completeTask(h.db, rt, { countyId: 'c1', actor: staff }, task, 'ACCEPT', {}))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(12);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [httpStatus(r.reason as AppError)] : []))).toEqual(Array(24).fill(409));
    const rows = await h.db.selectFrom('instances').select(['id', 'snapshot', 'title']).where('county_id', '=', 'c1').where('definition_id', '=', id).execute();
    const numbers = rows.map((r) => (r.snapshot as { machine: { context: { reg: { serialNo: string } } } }).machine.context.reg.serialNo);
    expect([...numbers].sort((a, b) => a.length - b.length || a.localeCompare(b))).toEqual(Array.from({ length: 12 }, (_, i) => `十八届一次-${i + 1}`));
    if (titleShowsNumber) for (const [k, r] of rows.entries()) expect(r.title).toMatch(new RegExp(`^建议\\d+ ${numbers[k]}$`));
    const counter = await h.db.selectFrom('counters').select('value').where('county_id', '=', 'c1').where('scope', '=', '十八届一次').executeTakeFirstOrThrow();
    expect(Number(counter.value)).toBe(12);
  });

  it('answers 404 for a task of another county and 403 for a task meant for someone else', async () => {
    const { h, rt } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    expect(httpStatus(await errorOf(completeTask(h.db, rt, { countyId: 'c2', actor: staff }, review!.id, 'ACCEPT', {})))).toBe(404);
    expect(httpStatus(await errorOf(completeTask(h.db, rt, { countyId: 'c1', actor: deputy }, review!.id, 'ACCEPT', {})))).toBe(403);
  });

  it('keeps in the history what the engine was given: the entry number of a fired delay', async () => {
    const { h, rt, clock } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    await completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {});
    clock.set('2026-10-14T16:00:00Z');
    expect(await runDueTimers(h.db, rt)).toBe(1);
    const rows = await h.db.selectFrom('instance_events').select(['type', 'data']).where('instance_id', '=', id).orderBy('seq').execute();
    const fired = rows.find((r) => r.type.startsWith('xstate.after.'));
    expect(fired?.data).toEqual({ data: null, taskKey: null, output: null, timerEntry: 1 });
    expect(rows.find((r) => r.type === 'ACCEPT')?.data).toEqual({ data: {}, taskKey: 'review-1', output: null });
  });

  it('drains a backlog of due timers without waiting between full batches', async () => {
    const { h, rt, clock } = await setup();
    for (let i = 0; i < 7; i++) {
      const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: `路灯${i}` });
      const [review] = await tasksOf(h, id);
      await completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {});
    }
    clock.set('2026-10-14T16:00:00Z');
    const due = async () => Number((await h.db.selectFrom('timers').select((eb) => eb.fn.countAll().as('n')).where('county_id', '=', 'c1').executeTakeFirstOrThrow()).n);
    expect(await due()).toBe(7);
    // Batches of 3 and an hour between ticks: 3 + 3 + 1 fire now, in three ticks back to back.
    const scheduler = startScheduler(h.db, rt, { intervalMs: 3_600_000, batch: 3, deliver: () => {} });
    try {
      await expect.poll(due, { timeout: 15_000 }).toBe(0);
    } finally {
      await scheduler.stop();
    }
  });

  it('fires due timers once on the simulated clock', async () => {
    const { h, rt, clock } = await setup();
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    await completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {});
    expect(await runDueTimers(h.db, rt)).toBe(0);
    clock.set('2026-10-14T15:59:59Z'); // one second before the 7th working day ends
    expect(await runDueTimers(h.db, rt)).toBe(0);
    clock.set('2026-10-14T16:00:00Z');
    expect(await runDueTimers(h.db, rt)).toBe(1);
    expect(await runDueTimers(h.db, rt)).toBe(0);
    const row = await h.db.selectFrom('instances').select(['state', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'done', status: 'done' });
    expect((await tasksOf(h, id)).map((t) => [t.key, t.status]).sort()).toEqual([
      ['opinions-2', 'cancelled'],
      ['opinions-3', 'cancelled'],
      ['review-1', 'completed'],
    ]);
    expect(await h.db.selectFrom('timers').select('key').where('instance_id', '=', id).execute()).toEqual([]);
  });

  it('emits typed events after commit, and none for a refused completion', async () => {
    const { h, rt, clock } = await setup();
    const seen: string[] = [];
    rt.events.on('instance:transitioned', (e) => seen.push(`transitioned ${e.event} ${e.from || '-'}→${e.to}`));
    rt.events.on('task:completed', (e) => seen.push(`completed ${e.outcome} by ${e.actorId}`));
    rt.events.on('timer:fired', (e) => seen.push(`fired ${e.key}`));
    const id = await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: '路灯' });
    const [review] = await tasksOf(h, id);
    await completeTask(h.db, rt, { countyId: 'c1', actor: staff }, review!.id, 'ACCEPT', {});
    const opinion = (await tasksOf(h, id)).find((t) => t.unit_id === 'u1')!;
    await errorOf(completeTask(h.db, rt, { countyId: 'c1', actor: unit1 }, opinion.id, 'OPINION', {}));
    clock.set('2026-10-14T16:00:00Z');
    await runDueTimers(h.db, rt);
    expect(seen).toEqual([
      'transitioned started -→review',
      'transitioned ACCEPT review→opinions',
      'completed ACCEPT by s1',
      'transitioned xstate.after.opinionPeriod.mini.opinions opinions→done',
      'fired xstate.after.opinionPeriod.mini.opinions',
    ]);
  });

  it('fires each timer exactly once when two schedulers race', async () => {
    const { h, rt, clock } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await startInstance(h.db, rt, { countyId: 'c1', actor: deputy }, 'mini', { title: `t${i}` }));
    clock.set('2026-12-31T00:00:00Z'); // past every review due date and reminder
    const counts = await Promise.all([runDueTimers(h.db, rt), runDueTimers(h.db, rt), runDueTimers(h.db, rt)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(24); // one due + one reminder timer per instance
    const overdue = await h.db.selectFrom('instance_events').select(['instance_id']).where('type', '=', 'task.overdue').execute();
    expect(overdue.map((e) => e.instance_id).sort()).toEqual([...ids].sort());
    const flagged = await h.db.selectFrom('tasks').select('overdue').where('overdue', '=', true).execute();
    expect(flagged).toHaveLength(12);
  });
});
