/**
 * Statechart conformance cases in the shape of the W3C SCXML tests (one machine, a script of
 * events and clock moves), written for this project in its package vocabulary: guards are
 * JSON Logic over the context and event, and `log(x)` records entries, exits and transition
 * actions in order so document order and exit/entry order are compared too.
 * statecharts.test.ts drives each through `start`/`step` with a JSON round trip of the
 * snapshot at every step and compares state, context and status with plain XState's actor.
 */
import type { StateJson } from '../../runtime/engine/index.ts';

export type ScriptStep = { send: string; data?: Record<string, unknown> } | { advance: string };

export interface StatechartCase {
  name: string;
  /** The SCXML topic it covers (compound, parallel, history, eventless, done, document order, targetless, self, delayed). */
  topic: string;
  machine: { initial: string; states: Record<string, StateJson>; context?: Record<string, unknown> };
  delays?: Record<string, string>;
  script: ScriptStep[];
}

/** An action appending `entry` to context.log. */
export const log = (entry: string) => ({ type: 'assignLogic', params: { to: 'context.log', rule: { merge: [{ var: 'context.log' }, [entry]] } } });
const when = (rule: unknown) => ({ type: 'logic', params: { rule } });
const ctx = (path: string) => ({ var: `context.${path}` });
const traced = (name: string, state: StateJson): StateJson => ({ entry: [log(`enter:${name}`)], exit: [log(`exit:${name}`)], ...state });

export const STATECHART_CASES: StatechartCase[] = [
  {
    name: 'initial states are entered down the tree, outermost first',
    topic: 'compound',
    machine: {
      initial: 'a',
      states: {
        a: traced('a', { initial: 'a1', states: { a1: traced('a1', { initial: 'a11', states: { a11: traced('a11', { on: { GO: '#sc.b' } }) } }) } }),
        b: traced('b', { on: { BACK: 'a' } }),
      },
    },
    script: [{ send: 'GO' }, { send: 'BACK' }],
  },
  {
    name: 'an event a child does not handle goes to its ancestors',
    topic: 'compound',
    machine: { initial: 'p', states: { p: { initial: 'c', on: { UP: 'q' }, states: { c: { on: { OTHER: 'd' } }, d: {} } }, q: {} } },
    script: [{ send: 'NOPE' }, { send: 'UP' }],
  },
  {
    name: 'the deepest state that handles an event wins over its ancestors',
    topic: 'document order',
    machine: { initial: 'p', states: { p: { initial: 'c', on: { E: { target: 'q', actions: [log('parent')] } }, states: { c: { on: { E: { target: 'd', actions: [log('child')] } } }, d: {} } }, q: {} } },
    script: [{ send: 'E' }, { send: 'E' }],
  },
  {
    name: 'of two enabled transitions the first in document order is taken',
    topic: 'document order',
    machine: {
      initial: 'a',
      context: { n: 1 },
      states: { a: { on: { E: [{ guard: when({ '>': [ctx('n'), 0] }), target: 'first' }, { guard: when({ '>': [ctx('n'), 0] }), target: 'second' }] } }, first: {}, second: {} },
    },
    script: [{ send: 'E' }],
  },
  {
    name: 'a false guard falls through to the next transition',
    topic: 'document order',
    machine: {
      initial: 'a',
      context: { n: 0 },
      states: { a: { on: { E: [{ guard: when({ '>': [ctx('n'), 0] }), target: 'first' }, { target: 'second', actions: [log('fell through')] }] } }, first: {}, second: {} },
    },
    script: [{ send: 'E' }],
  },
  {
    name: 'guards read the event data',
    topic: 'document order',
    machine: {
      initial: 'a',
      states: { a: { on: { E: [{ guard: when({ '==': [{ var: 'event.data.ok' }, true] }), target: 'yes' }, { target: 'no' }] } }, yes: { on: { E: 'a' } }, no: { on: { E: 'a' } } },
    },
    script: [{ send: 'E', data: { ok: false } }, { send: 'E' }, { send: 'E', data: { ok: true } }],
  },
  {
    name: 'a targetless transition runs its actions and exits nothing',
    topic: 'targetless',
    machine: { initial: 'a', context: { n: 0 }, states: { a: traced('a', { on: { INC: { actions: [{ type: 'increment', params: { to: 'context.n' } }] }, DONE: 'b' } }), b: { type: 'final' } } },
    script: [{ send: 'INC' }, { send: 'INC' }, { send: 'DONE' }],
  },
  {
    name: 'a self-transition without reenter exits and enters nothing',
    topic: 'self',
    machine: { initial: 'a', states: { a: traced('a', { initial: 'x', states: { x: traced('x', { on: { NEXT: 'y' } }), y: traced('y', {}) }, on: { SELF: { target: 'a', actions: [log('self')] } } }) } },
    script: [{ send: 'NEXT' }, { send: 'SELF' }],
  },
  {
    name: 'a re-entering self-transition exits and enters again, back to the initial child',
    topic: 'self',
    machine: { initial: 'a', states: { a: traced('a', { initial: 'x', states: { x: traced('x', { on: { NEXT: 'y' } }), y: traced('y', {}) }, on: { SELF: { target: 'a', reenter: true, actions: [log('self')] } } }) } },
    script: [{ send: 'NEXT' }, { send: 'SELF' }],
  },
  {
    name: 'a transition to a child of the source does not exit the source',
    topic: 'self',
    machine: { initial: 'p', states: { p: traced('p', { initial: 'c', states: { c: traced('c', {}), d: traced('d', {}) }, on: { TO_D: '.d', TO_C: { target: '.c', reenter: true } } }) } },
    script: [{ send: 'TO_D' }, { send: 'TO_C' }],
  },
  {
    name: 'exits run innermost first, then the transition, then entries outermost first',
    topic: 'compound',
    machine: {
      initial: 'a',
      states: {
        a: traced('a', { initial: 'a1', states: { a1: traced('a1', { on: { GO: { target: '#sc.b.b1', actions: [log('transition')] } } }) } }),
        b: traced('b', { initial: 'b0', states: { b0: traced('b0', {}), b1: traced('b1', {}) } }),
      },
    },
    script: [{ send: 'GO' }],
  },
  {
    name: 'parallel regions are all entered, and an event moves each region that takes it, in document order',
    topic: 'parallel',
    machine: {
      initial: 'p',
      states: {
        p: traced('p', {
          type: 'parallel',
          states: {
            r1: traced('r1', { initial: 'a', states: { a: traced('a', { on: { E: { target: 'b', actions: [log('r1 moves')] } } }), b: traced('b', {}) } }),
            r2: traced('r2', { initial: 'c', states: { c: traced('c', { on: { E: { target: 'd', actions: [log('r2 moves')] } } }), d: traced('d', {}) } }),
          },
        }),
      },
    },
    script: [{ send: 'E' }],
  },
  {
    name: 'an event one region takes leaves the other where it is',
    topic: 'parallel',
    machine: {
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          states: { r1: { initial: 'a', states: { a: { on: { ONE: 'b' } }, b: {} } }, r2: { initial: 'c', states: { c: { on: { TWO: 'd' } }, d: {} } } },
        },
      },
    },
    script: [{ send: 'ONE' }, { send: 'ONE' }, { send: 'TWO' }],
  },
  {
    name: 'a transition with one target per region enters both',
    topic: 'parallel',
    machine: {
      initial: 'idle',
      states: {
        idle: { on: { GO: { target: ['#sc.p.r1.b', '#sc.p.r2.d'] } } },
        p: { type: 'parallel', states: { r1: { initial: 'a', states: { a: {}, b: {} } }, r2: { initial: 'c', states: { c: {}, d: {} } } } },
      },
    },
    script: [{ send: 'GO' }],
  },
  {
    name: 'a compound state is done when a final child is entered',
    topic: 'done',
    machine: { initial: 'work', states: { work: { initial: 'a', states: { a: { on: { FINISH: 'end' } }, end: { type: 'final' } }, onDone: { target: 'after', actions: [log('done')] } }, after: {} } },
    script: [{ send: 'FINISH' }],
  },
  {
    name: 'a parallel state is done when every region is',
    topic: 'done',
    machine: {
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          states: { r1: { initial: 'a', states: { a: { on: { ONE: 'f' } }, f: { type: 'final' } } }, r2: { initial: 'c', states: { c: { on: { TWO: 'f' } }, f: { type: 'final' } } } },
          onDone: 'over',
        },
        over: { type: 'final' },
      },
    },
    script: [{ send: 'ONE' }, { send: 'TWO' }],
  },
  {
    name: 'the machine stops in a top-level final state and takes no more events',
    topic: 'done',
    machine: { initial: 'a', context: { n: 0 }, states: { a: { on: { END: 'end' } }, end: { type: 'final' } } },
    script: [{ send: 'END' }, { send: 'END' }],
  },
  {
    name: 'eventless transitions chain until none is enabled',
    topic: 'eventless',
    machine: {
      initial: 'a',
      context: { go: false },
      states: {
        a: { on: { SET: { actions: [{ type: 'setValue', params: { to: 'context.go', value: true } }] } }, always: { guard: when({ '==': [ctx('go'), true] }), target: 'b' } },
        b: { always: { target: 'c', actions: [log('b→c')] } },
        c: {},
      },
    },
    script: [{ send: 'NOPE' }, { send: 'SET' }],
  },
  {
    name: 'a guarded targetless eventless transition repeats until its guard is false',
    topic: 'eventless',
    machine: {
      initial: 'count',
      context: { n: 0 },
      states: {
        count: { always: [{ guard: when({ '<': [ctx('n'), 3] }), actions: [{ type: 'increment', params: { to: 'context.n' } }] }, { target: 'done' }] },
        done: {},
      },
    },
    script: [],
  },
  {
    name: 'an eventless transition is checked after every event, not only on entry',
    topic: 'eventless',
    machine: {
      initial: 'wait',
      context: { n: 0 },
      states: {
        wait: { on: { INC: { actions: [{ type: 'increment', params: { to: 'context.n' } }] } }, always: { guard: when({ '>=': [ctx('n'), 2] }), target: 'enough' } },
        enough: {},
      },
    },
    script: [{ send: 'INC' }, { send: 'INC' }],
  },
  {
    name: 'shallow history returns to the last child, entering it at its initial state',
    topic: 'history',
    machine: {
      initial: 'p',
      states: {
        p: {
          initial: 'a',
          states: {
            a: { on: { NEXT: 'b' } },
            b: { initial: 'b1', states: { b1: { on: { DEEPER: 'b2' } }, b2: {} } },
            h: { type: 'history', history: 'shallow' },
          },
          on: { OUT: 'q' },
        },
        q: { on: { BACK: 'p.h' } },
      },
    },
    script: [{ send: 'NEXT' }, { send: 'DEEPER' }, { send: 'OUT' }, { send: 'BACK' }],
  },
  {
    name: 'deep history returns to the last descendant',
    topic: 'history',
    machine: {
      initial: 'p',
      states: {
        p: {
          initial: 'a',
          states: {
            a: { on: { NEXT: 'b' } },
            b: { initial: 'b1', states: { b1: { on: { DEEPER: 'b2' } }, b2: {} } },
            h: { type: 'history', history: 'deep' },
          },
          on: { OUT: 'q' },
        },
        q: { on: { BACK: 'p.h' } },
      },
    },
    script: [{ send: 'NEXT' }, { send: 'DEEPER' }, { send: 'OUT' }, { send: 'BACK' }],
  },
  {
    name: 'history without a past enters its default target',
    topic: 'history',
    machine: {
      initial: 'q',
      states: {
        p: { initial: 'a', states: { a: {}, b: {}, h: { type: 'history', target: 'b' } }, on: { OUT: 'q' } },
        q: { on: { IN: 'p.h' } },
      },
    },
    script: [{ send: 'IN' }, { send: 'OUT' }, { send: 'IN' }],
  },
  {
    name: 'history of a parallel region is kept per region',
    topic: 'history',
    machine: {
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          states: {
            r1: { initial: 'a', states: { a: { on: { ONE: 'b' } }, b: {} } },
            r2: { initial: 'c', states: { c: { on: { TWO: 'd' } }, d: {} } },
            h: { type: 'history', history: 'deep' },
          },
          on: { OUT: 'q' },
        },
        q: { on: { BACK: 'p.h' } },
      },
    },
    script: [{ send: 'ONE' }, { send: 'OUT' }, { send: 'BACK' }, { send: 'TWO' }],
  },
  {
    name: 'a delayed event fires after its delay and not before',
    topic: 'delayed',
    delays: { hour: 'PT1H' },
    machine: { initial: 'wait', states: { wait: { after: { hour: { target: 'late', actions: [log('timeout')] } } }, late: {} } },
    script: [{ advance: 'PT30M' }, { advance: 'PT31M' }],
  },
  {
    name: 'a delayed event of a state left before it fires never arrives',
    topic: 'delayed',
    delays: { hour: 'PT1H' },
    machine: { initial: 'wait', states: { wait: { after: { hour: 'late' }, on: { LEAVE: 'away' } }, away: { on: { BACK: 'wait2' } }, wait2: {}, late: {} } },
    script: [{ advance: 'PT10M' }, { send: 'LEAVE' }, { advance: 'PT2H' }],
  },
  {
    name: 're-entering a state restarts its delay',
    topic: 'delayed',
    delays: { hour: 'PT1H' },
    machine: { initial: 'wait', states: { wait: { after: { hour: 'late' }, on: { AGAIN: { target: 'wait', reenter: true } } }, late: {} } },
    script: [{ advance: 'PT40M' }, { send: 'AGAIN' }, { advance: 'PT30M' }, { advance: 'PT31M' }],
  },
  {
    name: 'of two delays the shorter fires first and its exit cancels the other',
    topic: 'delayed',
    delays: { short: 'PT10M', long: 'PT1H' },
    machine: { initial: 'wait', states: { wait: { after: { long: 'slow', short: 'fast' } }, fast: { after: { long: 'slowAfterFast' } }, slow: {}, slowAfterFast: {} } },
    script: [{ advance: 'PT15M' }, { advance: 'PT50M' }, { advance: 'PT20M' }],
  },
];
