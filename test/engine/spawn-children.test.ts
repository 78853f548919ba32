/**
 * `spawnChildren` (engine/children.ts addChildren): children added to the running group of the
 * spawning state that holds the action — `children.done` waits for them and is raised again
 * after it was raised with nothing to do — and the checker's rules for where and how it is
 * written (engine/check-spawn.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage, compileDefinition, NATIONAL_CALENDAR, start, step, type CompiledDefinition, type Effect, type ProcessPackage, type StateJson } from '../../runtime/engine/index.ts';
import { titled } from '../fixtures/titled.ts';

const env = { clock: { now: () => new Date('2026-03-02T02:00:00Z') }, calendar: NATIONAL_CALENDAR };
const startChildren = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'startChild' }> => e.type === 'startChild');

function pkg(handling: StateJson): ProcessPackage {
  return titled({
    id: 'parent',
    version: '1',
    title: '父流程',
    title_en: 'Parent',
    roles: ['staff'],
    start: { form: 'f', roles: ['staff'], event: 'GO' },
    forms: { f: { type: 'object' } },
    delays: {},
    events: { GO: { title: '开始', title_en: 'Go' }, ADD: { title: '追加', title_en: 'Add' } },
    machine: {
      id: 'parent',
      initial: 'idle',
      context: { units: [], extra: [], waiting: false },
      states: {
        idle: { on: { GO: { target: 'handling', actions: [{ type: 'assignFromEvent', params: { to: 'context.units', from: 'event.data.units' } }] } } },
        handling,
        done: { type: 'final' },
      },
    },
  } as unknown as ProcessPackage);
}

/** A spawning state whose sub-state `adding` takes ADD (staff) and adds children for `event.data.extra`. */
const HANDLING: StateJson = {
  type: 'parallel',
  meta: { spawn: { process: 'child', forEach: 'context.units', input: { unitId: 'item', note: 'context.note' } } },
  on: {
    'child.done': { actions: [{ type: 'setValue', params: { to: 'context.waiting', value: true } }] },
    'children.done': [{ guard: { type: 'logic', params: { rule: { '==': [{ var: 'context.hold' }, true] } } } }, { target: 'done' }],
  },
  states: {
    region: {
      initial: 'adding',
      states: {
        adding: {
          meta: { task: { role: 'staff', outcomes: { ADD: null }, title: '追加单位' } },
          on: {
            ADD: {
              actions: [
                { type: 'assignFromEvent', params: { to: 'context.hold', from: 'event.data.hold' } },
                { type: 'spawnChildren', params: { forEach: 'event.data.extra', input: { note: 'event.data.note' } } },
              ],
            },
          },
        },
      },
    },
  },
};

function compiled(handling: StateJson = HANDLING): CompiledDefinition {
  const r = compileDefinition(pkg(handling), 'h-spawn');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

describe('spawnChildren', () => {
  it('adds children to the running group with the spawn input laid under its own, and children.done waits for them', () => {
    const def = compiled();
    let r = start(def, { note: '原交办' }, env, { type: 'GO', data: { units: ['a', 'b'] } });
    const [a, b] = startChildren(r.effects);
    expect([a?.process, a?.input, b?.input]).toEqual(['child', { unitId: 'a', note: '原交办' }, { unitId: 'b', note: '原交办' }]);
    const task = r.snapshot.tasks[0]!.key;

    // a finishes; then c is added beside b (b untouched); b and c finishing ends the group.
    r = step(def, r.snapshot, { type: 'child.done', key: a!.key, output: {} }, env);
    r = step(def, r.snapshot, { type: 'ADD', taskKey: task, data: { extra: ['c'], note: '重新交办' } }, env);
    const [c] = startChildren(r.effects);
    expect([c?.process, c?.input]).toEqual(['child', { unitId: 'c', note: '重新交办' }]);
    expect(c?.key.startsWith('handling-')).toBe(true);
    expect(r.effects.some((e) => e.type === 'cancelChild')).toBe(false);
    expect(r.snapshot.childGroups['parent.handling']).toMatchObject({ total: 3, done: 1, keys: [b!.key, c!.key] });
    r = step(def, r.snapshot, { type: 'child.done', key: b!.key, output: {} }, env);
    expect(r.to).not.toBe('done');
    r = step(def, r.snapshot, { type: 'child.done', key: c!.key, output: {} }, env);
    expect([r.to, r.done]).toEqual(['done', true]);
  });

  it('raises children.done again after it was raised while a part was held', () => {
    const def = compiled();
    const first = start(def, {}, env, { type: 'GO', data: { units: ['a'] } });
    let r = step(def, first.snapshot, { type: 'ADD', taskKey: first.snapshot.tasks[0]!.key, data: { hold: true, extra: [] } }, env);
    r = step(def, r.snapshot, { type: 'child.done', key: startChildren(first.effects)[0]!.key, output: {} }, env);
    // Every child is done, but the definition holds: the group was raised and nothing happened.
    expect(r.snapshot.childGroups['parent.handling']).toMatchObject({ total: 1, done: 1, raised: true });
    expect(r.to).toBe('handling.region.adding');
    const next = r.snapshot.tasks[0]!.key;
    r = step(def, r.snapshot, { type: 'ADD', taskKey: next, data: { hold: false, extra: ['c'] } }, env);
    expect(r.snapshot.childGroups['parent.handling']).toMatchObject({ total: 2, done: 1, raised: false });
    r = step(def, r.snapshot, { type: 'child.done', key: startChildren(r.effects)[0]!.key, output: {} }, env);
    expect(r.to).toBe('done');
  });

  it('is pure: the same step gives the same effects', () => {
    const def = compiled();
    const r = start(def, {}, env, { type: 'GO', data: { units: ['a'] } });
    const add = { type: 'ADD', taskKey: r.snapshot.tasks[0]!.key, data: { extra: ['x', 'y'] } };
    expect(step(def, r.snapshot, add, env)).toEqual(step(def, r.snapshot, add, env));
  });
});

describe('the checker on spawnChildren', () => {
  const codes = (handling: StateJson, known?: Set<string>) => checkPackage(pkg(handling), known).map((e) => `${e.code} ${e.pointer}`);
  const withAdd = (params: Record<string, unknown>): StateJson => {
    const h = structuredClone(HANDLING);
    (h.states!.region!.states!.adding!.on!.ADD as { actions: unknown[] }).actions[1] = { type: 'spawnChildren', params };
    return h;
  };
  const ADD_PTR = '/machine/states/handling/states/region/states/adding/on/ADD/actions/1';

  it('accepts the action inside a spawning state', () => {
    expect(codes(HANDLING, new Set(['child']))).toEqual([]);
  });

  it('refuses it outside a state that starts children, and in that state’s own entry', () => {
    const outside = structuredClone(HANDLING);
    delete outside.meta!.spawn;
    expect(codes(outside)).toContain(`INVALID_ACTION ${ADD_PTR}/type`);
    const entry = { ...structuredClone(HANDLING), entry: [{ type: 'spawnChildren', params: { forEach: 'context.units' } }] };
    expect(codes(entry)).toContain('INVALID_ACTION /machine/states/handling/entry/0/type');
  });

  it('refuses a forEach that is no path, an input that is no map of paths, and an unknown process', () => {
    expect(codes(withAdd({ forEach: 'units' }))).toContain(`INVALID_PATH ${ADD_PTR}/params/forEach`);
    expect(codes(withAdd({ forEach: 'context.units', input: ['item'] }))).toContain(`INVALID_ACTION ${ADD_PTR}/params/input`);
    expect(codes(withAdd({ forEach: 'context.units', input: { unitId: 'x.y' } }))).toContain(`INVALID_PATH ${ADD_PTR}/params/input/unitId`);
    expect(codes(withAdd({ forEach: 'context.units', process: 'nowhere' }), new Set(['child']))).toContain(`UNKNOWN_PROCESS ${ADD_PTR}/params/process`);
    expect(codes(withAdd({ forEach: 'context.units', process: '' }))).toContain(`INVALID_ACTION ${ADD_PTR}/params/process`);
  });
});
