/**
 * The statechart corpus (statechart-cases.ts) through the engine's `start`/`step`, with the
 * snapshot sent through JSON at every step as the store does, compared after every event and
 * clock move with plain XState running the same machine in an actor on a simulated clock.
 */
import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileDefinition, NATIONAL_CALENDAR, start, step, type CompiledDefinition, type EngineEvent, type InstanceSnapshot, type ProcessPackage, type StateJson, type StepResult } from '../../runtime/engine/index.ts';
import { withStepTime } from '../../runtime/engine/step-time.ts';
import { STATECHART_CASES, type StatechartCase } from './statechart-cases.ts';
import { titled } from '../fixtures/titled.ts';

const T0 = Date.parse('2026-03-02T01:00:00Z');

function minutes(duration: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!m) throw new Error(`test durations are PT…H…M: ${duration}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/**
 * The project's checker refuses a non-final state with no way out (NO_WAY_OUT), which SCXML
 * allows and the corpus uses as a resting place: such states get a transition on an event
 * no script sends.
 */
function withWayOut(state: StateJson): StateJson {
  const states = state.states ? Object.fromEntries(Object.entries(state.states).map(([k, v]) => [k, withWayOut(v)])) : undefined;
  const leaf = !states && state.type !== 'final' && state.type !== 'history';
  const stuck = leaf && !state.on && !state.after && !state.always;
  return { ...state, ...(states ? { states } : {}), ...(stuck ? { on: { 'corpus.never': '#sc' } } : {}) };
}

function compile(c: StatechartCase): CompiledDefinition {
  const pkg: ProcessPackage = {
    id: 'sc',
    version: '1',
    title: c.name,
    title_en: c.name,
    roles: ['staff'],
    start: { form: 'none', roles: ['staff'] },
    forms: { none: { type: 'object' } },
    delays: c.delays ?? {},
    // Every delay needs a Chinese title (DELAY_WITHOUT_TITLE); the name serves here.
    delaysInfo: Object.fromEntries(Object.keys(c.delays ?? {}).map((k) => [k, { title: k, title_en: k }])),
    machine: { id: 'sc', ...c.machine, states: withWayOut({ states: c.machine.states }).states ?? {}, context: { log: [], ...c.machine.context } },
  };
  const r = compileDefinition(titled(pkg), c.name);
  if (!r.ok) throw new Error(`${c.name}: ${JSON.stringify(r.errors)}`);
  return r.definition;
}

type Observed = { value: unknown; context: Record<string, unknown>; status: string };

const observe = (value: unknown, context: Record<string, unknown>, status: string): Observed => {
  const { settings: _settings, ...rest } = JSON.parse(JSON.stringify(context)) as Record<string, unknown>;
  return { value, context: rest, status };
};

/** The engine as the store drives it: JSON in and out, timers kept by key and fired in time order. */
function runEngine(def: CompiledDefinition, c: StatechartCase): Observed[] {
  let now = T0;
  const env = { clock: { now: () => new Date(now) }, calendar: NATIONAL_CALENDAR };
  const timers = new Map<string, { fireAt: number; event: EngineEvent }>();
  let snapshot: InstanceSnapshot;
  const apply = (r: StepResult) => {
    for (const e of r.effects) {
      if (e.type === 'scheduleTimer') timers.set(e.key, { fireAt: Date.parse(e.fireAt), event: e.event });
      if (e.type === 'cancelTimer') timers.delete(e.key);
    }
    snapshot = JSON.parse(JSON.stringify(r.snapshot)) as InstanceSnapshot;
  };
  apply(start(def, {}, env));
  const seen = () => observe(snapshot.machine.value, snapshot.machine.context, snapshot.machine.status);
  const out = [seen()];
  for (const s of c.script) {
    if ('send' in s) {
      apply(step(def, snapshot!, { type: s.send, ...(s.data ? { data: s.data } : {}) }, env));
    } else {
      const until = now + minutes(s.advance) * 60_000;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.fireAt <= until).sort((a, b) => a[1].fireAt - b[1].fireAt)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].fireAt;
        apply(step(def, snapshot!, due[1].event, env));
      }
      now = until;
    }
    out.push(seen());
  }
  return out;
}

/** Plain XState: one actor, events sent to it, a simulated clock moved. */
function runXState(def: CompiledDefinition, c: StatechartCase): Observed[] {
  const clock = new SimulatedClock();
  const machine = def.machineFor(NATIONAL_CALENDAR);
  const input = withStepTime({ ...structuredClone(def.pkg.machine.context ?? {}), settings: {} }, new Date(T0));
  const actor = createActor(machine, { input, clock }).start();
  const seen = () => {
    const s = actor.getSnapshot();
    return observe(s.value, s.context as Record<string, unknown>, s.status);
  };
  const out = [seen()];
  for (const s of c.script) {
    if ('send' in s) actor.send({ type: s.send, ...(s.data ? { data: s.data } : {}) });
    else clock.increment(minutes(s.advance) * 60_000);
    out.push(seen());
  }
  actor.stop();
  return out;
}

const topics = [...new Set(STATECHART_CASES.map((c) => c.topic))];

describe(`statechart corpus: ${STATECHART_CASES.length} cases (${topics.join(', ')}) through step() with a JSON round trip, against plain XState`, () => {
  for (const c of STATECHART_CASES) {
    it(`${c.topic}: ${c.name}`, () => {
      const def = compile(c);
      const engine = runEngine(def, c);
      const xstate = runXState(def, c);
      expect(engine).toEqual(xstate);
      // Each case must do something: the script moves the machine or its context at least once.
      expect(new Set(engine.map((o) => JSON.stringify(o))).size > 1 || c.script.length === 0).toBe(true);
    });
  }
});
