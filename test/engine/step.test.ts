import { describe, expect, it } from 'vitest';
import { compileDefinition, NATIONAL_CALENDAR, start, step, type CompiledDefinition, type Effect } from '../../runtime/engine/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';
import { titled } from '../fixtures/titled.ts';

function compiled(): CompiledDefinition {
  const r = compileDefinition(miniPackage(), 'h1');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const at = (iso: string) => ({ clock: { now: () => new Date(iso) }, calendar: NATIONAL_CALENDAR });
const ofType = <T extends Effect['type']>(effects: Effect[], type: T) => effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe('step', () => {
  it('starts, opens a task with due and reminder timers, and is pure', () => {
    const def = compiled();
    const env = at('2026-09-29T02:00:00Z');
    const r = start(def, { title: 'T' }, env, { type: 'SUBMIT', data: { title: 'T' } });
    expect(r.to).toBe('review');
    const open = ofType(r.effects, 'openTask');
    expect(open).toHaveLength(1);
    expect(open[0]?.task.title).toBe('审核 T');
    expect(open[0]?.task.dueAt).toBe('2026-10-09T16:00:00.000Z');
    const timers = ofType(r.effects, 'scheduleTimer').map((t) => t.key);
    expect(timers).toEqual(['task:review-1:due', 'task:review-1:remind']);
    const again = start(def, { title: 'T' }, env, { type: 'SUBMIT', data: { title: 'T' } });
    expect(again).toEqual(r);
  });

  it('re-opens a task on a self loop, guards on settings, and closes on exit', () => {
    const def = compiled();
    const env = at('2026-09-29T02:00:00Z');
    let r = start(def, { title: 'T' }, env, { type: 'SUBMIT' });
    r = step(def, r.snapshot, { type: 'REJECT', taskKey: 'review-1' }, env);
    expect(r.to).toBe('review');
    expect(r.snapshot.tasks.map((t) => t.key)).toEqual(['review-2']);
    r = step(def, r.snapshot, { type: 'REJECT', taskKey: 'review-2' }, env);
    expect(r.to).toBe('rejected');
    expect(r.done).toBe(true);
    expect(r.snapshot.tasks).toEqual([]);
  });

  it('runs forEach tasks, raises tasks.done when all are completed, and returns output', () => {
    const def = compiled();
    const env = at('2026-09-29T02:00:00Z');
    let r = start(def, { title: 'T' }, env, { type: 'SUBMIT' });
    r = step(def, r.snapshot, { type: 'ACCEPT', taskKey: 'review-1' }, env);
    expect(r.snapshot.tasks.map((t) => t.unitId)).toEqual(['u1', 'u2']);
    const timer = ofType(r.effects, 'scheduleTimer').find((t) => t.key.startsWith('xstate.after'));
    expect(timer?.fireAt).toBe('2026-10-14T16:00:00.000Z');
    r = step(def, r.snapshot, { type: 'OPINION', taskKey: 'opinions-2', data: { text: 'a' }, actor: { id: 'x', roles: ['unit'] } }, env);
    expect(r.to).toBe('opinions');
    expect(ofType(r.effects, 'notify')).toHaveLength(1);
    r = step(def, r.snapshot, { type: 'OPINION', taskKey: 'opinions-3', data: { text: 'b' } }, env);
    expect(r.to).toBe('done');
    expect(ofType(r.effects, 'childDone')[0]?.output.opinions).toHaveLength(2);
    expect(ofType(r.effects, 'cancelTimer').map((t) => t.key)).toContain(timer?.key);
  });

  it('fires an after-timer event and ignores events the machine does not take', () => {
    const def = compiled();
    const env = at('2026-09-29T02:00:00Z');
    let r = start(def, { title: 'T' }, env, { type: 'SUBMIT' });
    r = step(def, r.snapshot, { type: 'ACCEPT', taskKey: 'review-1' }, env);
    const timer = ofType(r.effects, 'scheduleTimer').find((t) => t.key.startsWith('xstate.after'));
    const ignored = step(def, r.snapshot, { type: 'NOPE' }, env);
    expect(ignored.changed).toBe(false);
    r = step(def, r.snapshot, timer!.event, at('2026-10-14T16:00:00Z'));
    expect(r.to).toBe('done');
    expect(r.snapshot.machine.context.overdue).toBe(true);
    expect(ofType(r.effects, 'closeTask').map((t) => t.reason)).toEqual(['cancelled', 'cancelled']);
  });

  it('flags an overdue task and notifies on its timers', () => {
    const def = compiled();
    const env = at('2026-09-29T02:00:00Z');
    const r = start(def, { title: 'T' }, env, { type: 'SUBMIT' });
    const o = step(def, r.snapshot, { type: 'task.overdue', taskKey: 'review-1' }, env);
    expect(o.effects.map((e) => e.type)).toEqual(['markTaskOverdue', 'notify']);
  });
});

describe('ballot states', () => {
  /** draft → voting (a ballot over context.items) → BALLOT_CLOSED: no quorum re-enters, a result ends; WITHDRAW leaves early. */
  function ballotDefinition(): CompiledDefinition {
    const pkg = miniPackage();
    pkg.machine.context = { items: [{ id: 'a', name: '甲' }, { id: 'b', title: '乙', title_en: 'B' }], seats: 1 };
    pkg.machine.states = {
      draft: { on: { SUBMIT: 'voting' } },
      voting: {
        meta: { ballot: { title: '表决 {context.seats} 项', electorate: 'DEPUTIES', kind: 'CHOOSE_K', candidates: 'context.items', seats: 'context.seats', countRule: 'PLURALITY' } },
        on: {
          BALLOT_CLOSED: [
            { guard: { type: 'logic', params: { rule: { '==': [{ var: 'event.data.status' }, 'NO_QUORUM'] } } }, target: 'voting', reenter: true },
            { target: 'done', actions: [{ type: 'assignFromEvent', params: { to: 'context.elected', from: 'event.data.elected' } }] },
          ],
          WITHDRAW: 'rejected',
        },
      },
      done: { type: 'final' },
      rejected: { type: 'final' },
    };
    const r = compileDefinition(titled(pkg), 'h-ballot');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.definition;
  }

  it('creates the ballot on entry with values read from the context, and a new one when a result sends it back', () => {
    const def = ballotDefinition();
    const env = at('2026-01-15T02:00:00Z');
    let r = start(def, {}, env, { type: 'SUBMIT' });
    const [created] = ofType(r.effects, 'createBallot');
    expect(created).toEqual({
      type: 'createBallot',
      key: 'voting-b1',
      title: '表决 1 项',
      electorate: 'DEPUTIES',
      spec: { kind: 'CHOOSE_K', candidates: [{ id: 'a', title: '甲' }, { id: 'b', title: '乙', title_en: 'B' }], seats: 1, countRule: 'PLURALITY' },
      batchSize: null,
      termId: null,
      secret: true,
    });
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: 'voting-b1', data: { status: 'NO_QUORUM' } }, env);
    expect(ofType(r.effects, 'createBallot').map((e) => e.key)).toEqual(['voting-b2']);
    expect(ofType(r.effects, 'cancelBallot')).toEqual([]);
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: 'voting-b2', data: { status: 'DECIDED', elected: ['b'] } }, env);
    expect([r.to, r.snapshot.machine.context.elected, ofType(r.effects, 'createBallot')]).toEqual(['done', ['b'], []]);
  });

  it('cancels a ballot not yet closed when the state is left', () => {
    const def = ballotDefinition();
    const env = at('2026-01-15T02:00:00Z');
    let r = start(def, {}, env, { type: 'SUBMIT' });
    r = step(def, r.snapshot, { type: 'WITHDRAW' }, env);
    expect(ofType(r.effects, 'cancelBallot')).toEqual([{ type: 'cancelBallot', key: 'voting-b1' }]);
    expect(r.snapshot.ballots).toEqual({});
  });
});
