/**
 * Statechart semantics the engine owes its tasks and timers: a taken transition completes the
 * task even when it changes nothing, a re-entry replaces the state's task, a delayed event of
 * an earlier entry is ignored, an eventless cycle is a clear error, and outcome names are own
 * properties only.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition, NATIONAL_CALENDAR, start, step, type CompiledDefinition, type Effect, type ProcessPackage } from '../../runtime/engine/index.ts';
import { AppError } from '../../runtime/errors.ts';
import { titled } from '../fixtures/titled.ts';

const env = (iso: string) => ({ clock: { now: () => new Date(iso) }, calendar: NATIONAL_CALENDAR });
const T = env('2026-03-02T01:00:00Z');
const ofType = <K extends Effect['type']>(effects: Effect[], type: K) => effects.filter((e): e is Extract<Effect, { type: K }> => e.type === type);

/** Every delay needs a Chinese title (DELAY_WITHOUT_TITLE); the name serves here. */
const wordsFor = (delays: ProcessPackage['delays']) => Object.fromEntries(Object.keys(delays).map((k) => [k, { title: k, title_en: k }]));

function compile(machine: ProcessPackage['machine'], delays: ProcessPackage['delays'] = {}): CompiledDefinition {
  const r = compileDefinition(
    titled({ id: 'sem', version: '1', title: '语义', title_en: 'Semantics', roles: ['staff'], start: { form: 'none', roles: ['staff'] }, forms: { none: { type: 'object' } }, delays, delaysInfo: wordsFor(delays), machine }),
    'h',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

/** A task state whose outcomes are its own events plus DONE (→ the final state); `extra` outcomes are handled by an ancestor. */
const review = (on: Record<string, unknown>, extra: string[] = []) => ({
  meta: { task: { role: 'staff', title: '审核', outcomes: Object.fromEntries(['DONE', ...Object.keys(on), ...extra].map((o) => [o, null])) } },
  on: { DONE: '#sem.end', ...on },
});

describe('step semantics', () => {
  it('a targetless outcome that changes nothing completes its task (and the state, still active, opens the next)', () => {
    const def = compile({ id: 'sem', initial: 'review', states: { review: review({ NOTE: {} }), end: { type: 'final' } } });
    const first = start(def, {}, T);
    const r = step(def, first.snapshot, { type: 'NOTE', taskKey: 'review-1' }, T);
    expect(r.changed).toBe(true);
    expect(ofType(r.effects, 'closeTask')).toEqual([{ type: 'closeTask', key: 'review-1', reason: 'completed', outcome: 'NOTE' }]);
    expect(r.snapshot.tasks.map((t) => t.key)).toEqual(['review-2']);
  });

  it('a re-entering self-transition closes the task and opens a new one; the other tasks of re-entered states are replaced too', () => {
    const def = compile({
      id: 'sem',
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          states: {
            main: { initial: 'review', states: { review: review({}, ['REDO']) } },
            side: { initial: 'watch', states: { watch: { meta: { task: { role: 'staff', title: '关注', outcomes: { SEEN: null } } }, on: { SEEN: {} } } } },
          },
          on: { REDO: { target: 'p', reenter: true } },
        },
        end: { type: 'final' },
      },
    });
    const first = start(def, {}, T);
    expect(first.snapshot.tasks.map((t) => t.key)).toEqual(['review-1', 'watch-2']);
    const r = step(def, first.snapshot, { type: 'REDO', taskKey: 'review-1' }, T);
    expect(r.changed).toBe(true);
    expect(ofType(r.effects, 'closeTask').map((e) => `${e.key} ${e.reason}`)).toEqual(['review-1 completed', 'watch-2 cancelled']);
    expect(r.snapshot.tasks.map((t) => t.key)).toEqual(['review-3', 'watch-4']);
  });

  it('an event no transition takes changes nothing', () => {
    const def = compile({ id: 'sem', initial: 'review', states: { review: review({}), end: { type: 'final' } } });
    const first = start(def, {}, T);
    expect(step(def, first.snapshot, { type: 'UNHEARD' }, T).changed).toBe(false);
  });

  it('ignores a delayed event armed by an earlier entry of its state', () => {
    const def = compile(
      { id: 'sem', initial: 'wait', states: { wait: { after: { hour: 'late' }, on: { AGAIN: { target: 'wait', reenter: true } } }, late: { type: 'final' } } },
      { hour: 'PT1H' },
    );
    const first = start(def, {}, T);
    const armed = ofType(first.effects, 'scheduleTimer')[0]!;
    const again = step(def, first.snapshot, { type: 'AGAIN' }, env('2026-03-02T01:30:00Z'));
    const rearmed = ofType(again.effects, 'scheduleTimer')[0]!;
    expect(rearmed.key).toBe(armed.key);
    expect(rearmed.event.timerEntry).not.toBe(armed.event.timerEntry);
    // The first arming's event still arrives (a row the store failed to replace): nothing happens.
    const stale = step(def, again.snapshot, armed.event, env('2026-03-02T02:00:00Z'));
    expect([stale.changed, stale.to]).toEqual([false, 'wait']);
    const due = step(def, again.snapshot, rearmed.event, env('2026-03-02T02:30:00Z'));
    expect([due.changed, due.to]).toEqual([true, 'late']);
    // Snapshots stored before per-entry numbers: an event without one is taken.
    const legacy = step(def, { ...first.snapshot, timers: undefined }, { type: armed.event.type }, env('2026-03-02T02:00:00Z'));
    expect(legacy.to).toBe('late');
  });

  it('an eventless cycle closed at run time is a STEP_LOOP error naming the states, not a hang', () => {
    const loops = { type: 'logic', params: { rule: { '==': [{ var: 'context.loop' }, true] } } };
    const def = compile({
      id: 'sem',
      initial: 'idle',
      context: { loop: false },
      states: {
        idle: { on: { GO: { target: 'b', actions: [{ type: 'setValue', params: { to: 'context.loop', value: true } }] } } },
        b: { always: [{ guard: loops, target: 'c' }, { target: 'idle' }] },
        c: { always: [{ guard: loops, target: 'b' }, { target: 'idle' }] },
      },
    });
    const first = start(def, {}, T);
    const began = performance.now();
    let error: unknown;
    try {
      step(def, first.snapshot, { type: 'GO' }, T);
    } catch (err) {
      error = err;
    }
    expect(performance.now() - began).toBeLessThan(1000);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('STEP_LOOP');
    expect(((error as AppError).details as { path: string[] }).path.join(' ')).toMatch(/b.*c/);
  });

  it('a loop that doubles a list stops at the step budget with STEP_BUDGET, long before it could exhaust memory', () => {
    const def = compile({
      id: 'sem',
      initial: 'idle',
      context: { list: [1], n: 0 },
      states: {
        idle: { on: { GO: 'grow' } },
        grow: {
          always: [
            {
              guard: { type: 'logic', params: { rule: { '<': [{ var: 'context.n' }, 60] } } },
              actions: [
                { type: 'assignLogic', params: { to: 'context.list', rule: { merge: [{ var: 'context.list' }, { var: 'context.list' }] } } },
                { type: 'increment', params: { to: 'context.n' } },
              ],
            },
            { target: 'idle' },
          ],
        },
      },
    });
    const first = start(def, {}, T);
    const began = performance.now();
    expect(() => step(def, first.snapshot, { type: 'GO' }, T)).toThrow(expect.objectContaining({ code: 'STEP_BUDGET', details: { path: 'context.list' } }));
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it('outcome names are own properties of the task: __proto__ and constructor are unknown outcomes, not crashes', () => {
    const def = compile({ id: 'sem', initial: 'review', states: { review: review({}), end: { type: 'final' } } });
    const first = start(def, {}, T);
    for (const type of ['__proto__', 'constructor', 'toString']) {
      expect(() => step(def, first.snapshot, { type, taskKey: 'review-1' }, T)).toThrow(expect.objectContaining({ code: 'UNKNOWN_OUTCOME' }));
    }
  });

  it('two definitions stepped at different times do not share a clock (the time travels with the step)', () => {
    const stamp = [{ type: 'stamp', params: { to: 'context.at' } }];
    const def = compile({ id: 'sem', initial: 'a', states: { a: { on: { S: { actions: stamp }, 'corpus.never': 'b' } }, b: { type: 'final' } } });
    const one = start(def, {}, T);
    const early = step(def, one.snapshot, { type: 'S' }, env('2026-01-01T00:00:00Z'));
    const late = step(def, one.snapshot, { type: 'S' }, env('2026-12-01T00:00:00Z'));
    expect([early.snapshot.machine.context.at, late.snapshot.machine.context.at]).toEqual(['2026-01-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(Object.keys(def)).not.toContain('cell');
  });
});
