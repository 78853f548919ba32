/**
 * The pure parts of 退回, 加签 and 撤回 (runtime/engine/task-return.ts) and the checker's rule
 * that a declared 退回 names an event the state handles (check.ts checkTaskActions).
 */
import { describe, expect, it } from 'vitest';
import { checkPackage, mayUseAction, actionsOfTask, withdrawEffects, withdrawnSnapshot, type InstanceSnapshot, type ProcessPackage } from '../../runtime/engine/index.ts';
import { readPackages } from '../../runtime/definition-files.ts';

const suggestion = (): ProcessPackage => structuredClone(readPackages().find((p) => p.id === 'suggestion') as ProcessPackage);

describe('task actions 退回, 加签, 撤回 (pure)', () => {
  it('refuses a 退回 whose event the state does not declare, and a role the package does not have', () => {
    const pkg = suggestion();
    const task = pkg.machine.states?.assignmentProposed?.meta?.task;
    task!.actions = { sendBack: { roles: ['staff', 'deputy'], event: 'GO_BACK' } };
    pkg.roles = pkg.roles.filter((r) => r !== 'deputy');
    const errors = checkPackage(pkg).map((e) => `${e.code} ${e.pointer}`);
    expect(errors).toContain('OUTCOME_NOT_HANDLED /machine/states/assignmentProposed/meta/task/actions/sendBack/event');
    expect(errors).toContain('UNKNOWN_ROLE /machine/states/assignmentProposed/meta/task/actions/sendBack/roles/1');
    expect(checkPackage(suggestion())).toEqual([]);
  });

  it('reads a task’s own actions over the package default; {} switches all off', () => {
    const pkg = { taskActions: { withdraw: { roles: ['staff'] } } };
    expect(mayUseAction(actionsOfTask(pkg, undefined), 'withdraw', { roles: ['staff'] })).toBe(true);
    expect(mayUseAction(actionsOfTask(pkg, { role: 'staff', outcomes: {}, title: 'x', actions: {} }), 'withdraw', { roles: ['staff'] })).toBe(false);
    expect(mayUseAction(actionsOfTask(pkg, undefined), 'withdraw', { roles: ['deputy'] })).toBe(false);
  });

  it('puts back the timers and cancels the tasks opened since, keeping the key counter', () => {
    const effects = withdrawEffects(
      { openTasks: [{ id: 'a', key: 'registered-1' }, { id: 'b', key: 'assignmentProposed-2' }], timerKeys: ['task:assignmentProposed-2:due'] },
      { openTaskIds: ['a'], timers: [{ key: 'task:registered-1:due', fire_at: '2026-04-01T00:00:00Z', event: { type: 'task.overdue', taskKey: 'registered-1' } }] },
    );
    expect(effects).toEqual([
      { type: 'closeTask', key: 'assignmentProposed-2', reason: 'cancelled' },
      { type: 'cancelTimer', key: 'task:assignmentProposed-2:due' },
      { type: 'scheduleTimer', key: 'task:registered-1:due', fireAt: '2026-04-01T00:00:00.000Z', event: { type: 'task.overdue', taskKey: 'registered-1' } },
    ]);
    const snap = (counter: number) => ({ machine: { status: 'active', value: 'x', context: {} }, tasks: [], taskGroups: {}, childGroups: {}, counter }) as InstanceSnapshot;
    expect(withdrawnSnapshot(snap(1), snap(2)).counter).toBe(2);
  });
});
