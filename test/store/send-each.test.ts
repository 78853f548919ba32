/**
 * The `sendEach` action: one completion sends an event to each listed running instance of
 * another process, each with its own row's data, in the same transaction (a 交办会 list, a
 * 重点督办 theme's suggestions). One target that cannot take it undoes the whole step.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, ProcessPackage } from '../../runtime/engine/index.ts';
import { checkPackage } from '../../runtime/engine/index.ts';
import { AppError } from '../../runtime/errors.ts';
import { httpStatus } from '../../server/errors.ts';
import { completeTask, createRuntime, SimulatedClock, startInstance, type DatabaseHandle, type Runtime } from '../../runtime/store/index.ts';
import { databases } from '../support/databases.ts';

const staff: Actor = { id: 's1', roles: ['staff'] };

function targetPackage(): ProcessPackage {
  return {
    id: 'item',
    version: '1',
    title: '事项',
    title_en: 'Item',
    roles: ['staff'],
    start: { form: 'start', roles: ['staff'], event: 'START' },
    forms: { start: { type: 'object', required: ['title'], properties: { title: { type: 'string', minLength: 1, title: '标题' } } } },
    delays: {},
    events: { START: { title: '登记', title_en: 'Register' }, ASSIGN: { title: '交办会审定', title_en: 'Assigned at the meeting' } },
    instanceTitle: '{context.title}',
    machine: {
      id: 'item',
      initial: 'draft',
      context: { title: '', unit: null, by: null },
      states: {
        draft: { meta: { title: '起草', title_en: 'Draft' }, on: { START: { target: 'waiting', actions: [{ type: 'assignFromEvent', params: { to: 'context.title', from: 'event.data.title' } }] } } },
        waiting: {
          meta: { title: '待交办', title_en: 'Waiting' },
          on: {
            ASSIGN: {
              target: 'assigned',
              actions: [
                { type: 'assignFromEvent', params: { to: 'context.unit', from: 'event.data.unit' } },
                { type: 'assignFromEvent', params: { to: 'context.by', from: 'event.data.meeting' } },
              ],
            },
          },
        },
        assigned: { meta: { title: '已交办', title_en: 'Assigned' } , on: { START: 'waiting' } },
      },
    },
  };
}

function listPackage(): ProcessPackage {
  return {
    id: 'list',
    version: '1',
    title: '交办清单',
    title_en: 'List',
    roles: ['staff'],
    start: { form: 'start', roles: ['staff'], event: 'START' },
    forms: {
      start: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, title: '名称' } } },
      rows: {
        type: 'object',
        required: ['rows'],
        properties: { rows: { type: 'array', title: '清单', items: { type: 'object', required: ['instanceId', 'unit'], properties: { instanceId: { type: 'string', title: '事项' }, unit: { type: 'string', title: '单位' } } } } },
      },
    },
    delays: {},
    events: { START: { title: '发起', title_en: 'Start' }, APPROVE: { title: '审定', title_en: 'Approve' } },
    machine: {
      id: 'list',
      initial: 'draft',
      context: { name: '', rows: [] },
      states: {
        draft: { meta: { title: '起草', title_en: 'Draft' }, on: { START: { target: 'approving', actions: [{ type: 'assignFromEvent', params: { to: 'context.name', from: 'event.data.name' } }] } } },
        approving: {
          meta: { title: '审定', title_en: 'Approving', task: { role: 'staff', title: '审定清单', outcomes: { APPROVE: 'rows' } } },
          on: {
            APPROVE: {
              target: 'approved',
              actions: [
                { type: 'assignFromEvent', params: { to: 'context.rows', from: 'event.data.rows' } },
                { type: 'sendEach', params: { process: 'item', ids: 'context.rows', event: 'ASSIGN', key: 'meeting', data: { unit: 'item.unit', meeting: 'context.name' } } },
              ],
            },
          },
        },
        approved: { type: 'final', meta: { title: '已审定', title_en: 'Approved' } },
      },
    },
  };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('sendEach in the checker', () => {
  it('accepts the list package and names a bad ids path and a bad data path', () => {
    expect(checkPackage(listPackage())).toEqual([]);
    const bad = listPackage();
    const approve = (bad.machine.states as Record<string, any>).approving.on.APPROVE;
    approve.actions[1].params.ids = 'rows';
    approve.actions[1].params.data.unit = 'item.unit-x';
    const codes = checkPackage(bad).map((e) => `${e.code} ${e.pointer}`);
    expect(codes.some((c) => c.startsWith('INVALID_PATH') && c.endsWith('/params/ids'))).toBe(true);
    expect(codes.some((c) => c.startsWith('INVALID_PATH') && c.endsWith('/params/data/unit'))).toBe(true);
  });
});

describe.each(databases)('sendEach on $name', ({ open }) => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  async function setup(): Promise<{ h: DatabaseHandle; rt: Runtime }> {
    const h = await open();
    handle = h;
    const rt = createRuntime({ clock: new SimulatedClock('2026-03-02T02:00:00Z') });
    await rt.registry.register(h.db, [targetPackage(), listPackage()]);
    for (const id of ['c1', 'c2']) await sql`insert into regions (id, level, code, name) values (${id}, 'county', ${id}, ${id})`.execute(h.db);
    return { h, rt };
  }
  const caller = (countyId: string) => ({ countyId, actor: staff });
  const stateOf = async (h: DatabaseHandle, id: string) => (await h.db.selectFrom('instances').select(['state', 'snapshot']).where('id', '=', id).executeTakeFirstOrThrow());
  const openTask = async (h: DatabaseHandle, instanceId: string) => (await h.db.selectFrom('tasks').select('id').where('instance_id', '=', instanceId).where('status', '=', 'open').executeTakeFirstOrThrow()).id;

  it('sends each listed instance its own row in one step and links them', async () => {
    const { h, rt } = await setup();
    const items = [];
    for (let i = 1; i <= 5; i++) items.push(await startInstance(h.db, rt, caller('c1'), 'item', { title: `建议${i}` }));
    const list = await startInstance(h.db, rt, caller('c1'), 'list', { name: '第一次交办会' });
    const rows = items.map((id, i) => ({ instanceId: id, unit: `单位${i + 1}` }));
    await completeTask(h.db, rt, caller('c1'), await openTask(h, list), 'APPROVE', { rows });
    for (const [i, id] of items.entries()) {
      const row = await stateOf(h, id);
      expect(row.state).toBe('assigned');
      expect((row.snapshot as { machine: { context: unknown } }).machine.context).toMatchObject({ unit: `单位${i + 1}`, by: '第一次交办会' });
      const events = await h.db.selectFrom('instance_events').select(['type', 'actor_id']).where('instance_id', '=', id).orderBy('seq').execute();
      expect(events.at(-1)).toEqual({ type: 'ASSIGN', actor_id: 's1' });
    }
    const links = await h.db.selectFrom('instance_links').select(['key', 'target_id']).where('source_id', '=', list).execute();
    expect(links.map((l) => l.target_id).sort()).toEqual([...items].sort());
    expect(new Set(links.map((l) => l.key))).toEqual(new Set(['meeting']));
  });

  it('undoes the whole step when one listed instance cannot take the event, and refuses another county\'s instance', async () => {
    const { h, rt } = await setup();
    const a = await startInstance(h.db, rt, caller('c1'), 'item', { title: '甲' });
    const b = await startInstance(h.db, rt, caller('c1'), 'item', { title: '乙' });
    const other = await startInstance(h.db, rt, caller('c2'), 'item', { title: '外县' });
    // b is assigned already: it does not accept ASSIGN again.
    const first = await startInstance(h.db, rt, caller('c1'), 'list', { name: '一' });
    await completeTask(h.db, rt, caller('c1'), await openTask(h, first), 'APPROVE', { rows: [{ instanceId: b, unit: 'X' }] });
    const list = await startInstance(h.db, rt, caller('c1'), 'list', { name: '二' });
    const task = await openTask(h, list);
    const before = await stateOf(h, a);
    const refused = await errorOf(completeTask(h.db, rt, caller('c1'), task, 'APPROVE', { rows: [{ instanceId: a, unit: 'Y' }, { instanceId: b, unit: 'Y' }] }));
    expect(refused.code).toBe('LINK_TARGET_REFUSED');
    expect(httpStatus(refused)).toBeGreaterThanOrEqual(400);
    expect(httpStatus(refused)).toBeLessThan(500);
    expect(refused.message).toContain('乙');
    expect(await stateOf(h, a)).toEqual(before);
    expect((await stateOf(h, list)).state).toBe('approving');
    const foreign = await errorOf(completeTask(h.db, rt, caller('c1'), task, 'APPROVE', { rows: [{ instanceId: other, unit: 'Y' }] }));
    expect(foreign.code).toBe('LINK_TARGET_REFUSED');
    expect((await stateOf(h, other)).state).toBe('waiting');
    // A row that names no instance (an empty id) is left out; the rest go through.
    await completeTask(h.db, rt, caller('c1'), task, 'APPROVE', { rows: [{ instanceId: '', unit: 'Z' }, { instanceId: a, unit: 'Z' }] });
    expect((await stateOf(h, a)).state).toBe('assigned');
  });
});
