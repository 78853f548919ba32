/**
 * The engine's `scoreEvaluation` action in a tiny package: two rater groups' ballots close
 * (BALLOT_CLOSED, as the store sends it), the action scores them by weight into the context,
 * a guard routes on the threshold; and check.ts refuses bad params.
 */
import { describe, expect, it } from 'vitest';
import { titled } from '../fixtures/titled.ts';
import { checkPackage, compileDefinition, NATIONAL_CALENDAR, start, step, type CompiledDefinition, type ProcessPackage } from '../../runtime/engine/index.ts';

/** A scoring process; `titled` names its states and events (titles are not what it tests). */
function tinyPackage(): ProcessPackage {
  return titled(untitledPackage());
}

function untitledPackage(): ProcessPackage {
  const closed = (group: string, next: string) => ({
    meta: { ballot: { title: `测评（${group}）`, electorate: group === 'SC' ? 'STANDING_COMMITTEE' : 'DEPUTIES', kind: 'SATISFACTION', candidates: 'context.subjects' } },
    on: { BALLOT_CLOSED: { target: next, actions: [{ type: 'assignFromEvent', params: { to: `context.results.${group}` } }] } },
  });
  return {
    id: 'tiny-evaluation',
    version: '1',
    title: '小评议',
    title_en: 'Tiny evaluation',
    roles: ['staff'],
    start: { form: 'plan', roles: ['staff'], event: 'START' },
    forms: { plan: { type: 'object', properties: { subjects: { type: 'array' } } } },
    delays: {},
    settings: { model: 'MAJORITY_RULE', weights: { SC: 0.4, DEP: 0.6 }, options: { rectifyBelow: { MAJORITY_RULE: 'BASIC' } } },
    settingsInfo: { model: { title: '计分办法', title_en: 'Scoring model' }, weights: { title: '测评组权重', title_en: 'Weights' }, options: { title: '计分细则', title_en: 'Scoring details' } },
    machine: {
      id: 'tiny-evaluation',
      initial: 'draft',
      context: { subjects: [], results: {} },
      states: {
        draft: { on: { START: { target: 'sc', actions: [{ type: 'assignFromEvent', params: { to: 'context.subjects', from: 'event.data.subjects' } }] } } },
        sc: closed('SC', 'dep'),
        dep: closed('DEP', 'scored'),
        scored: {
          // Entry, not dep's exit: exit actions run before the transition's, when DEP's result is not in the context yet.
          entry: [
            {
              type: 'scoreEvaluation',
              params: {
                to: 'context.evaluation',
                groups: [
                  { group: 'SC', result: 'context.results.SC', weight: 'context.settings.weights.SC' },
                  { group: 'DEP', result: 'context.results.DEP', weight: 'context.settings.weights.DEP' },
                ],
                model: 'context.settings.model',
                options: 'context.settings.options',
              },
            },
          ],
          always: [
            { guard: { type: 'logic', params: { rule: { '>': [{ var: 'context.evaluation.belowThreshold.length' }, 0] } } }, target: 'rectification' },
            { target: 'closed' },
          ],
        },
        rectification: { type: 'final' },
        closed: { type: 'final' },
      },
    },
  };
}

const env = { clock: { now: () => new Date('2023-09-20T02:00:00Z') }, calendar: NATIONAL_CALENDAR };
const ballotData = (issued: number, counts: Array<[string, number, number, number]>) => ({
  ballotId: `b-${issued}`,
  status: 'DECIDED',
  issued,
  returned: issued,
  valid: issued,
  invalid: 0,
  counts: counts.map(([candidateId, S, B, U]) => ({ candidateId, S, B, U, abstain: issued - S - B - U })),
});

function compiled(pkg: ProcessPackage): CompiledDefinition {
  const r = compileDefinition(pkg, 'h1');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

describe('scoreEvaluation action', () => {
  it('scores two weighted groups’ ballots into the context and routes a subject below threshold to rectification', () => {
    const def = compiled(tinyPackage());
    const subjects = [{ id: 'a', name: '发改委' }, { id: 'b', name: '信访局' }];
    let r = start(def, {}, env, { type: 'START', data: { subjects } });
    const created = r.effects.find((e) => e.type === 'createBallot');
    expect(created).toMatchObject({ electorate: 'STANDING_COMMITTEE', spec: { kind: 'SATISFACTION', candidates: [{ id: 'a', title: '发改委' }, { id: 'b', title: '信访局' }] } });
    const scKey = r.snapshot.ballots?.['tiny-evaluation.sc'];
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: scKey, data: ballotData(35, [['a', 30, 4, 0], ['b', 8, 10, 16]]) }, env);
    expect(r.to).toBe('dep');
    const depKey = r.snapshot.ballots?.['tiny-evaluation.dep'];
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: depKey, data: ballotData(1126, [['a', 900, 150, 30], ['b', 300, 250, 500]]) }, env);
    expect([r.to, r.done]).toEqual(['rectification', true]);
    const evaluation = r.snapshot.machine.context.evaluation as Record<string, any>;
    expect(evaluation.ok).toBe(true);
    expect(evaluation.subjects.map((s: Record<string, unknown>) => [s.subjectId, s.grade, s.score, s.rank])).toEqual([
      // 0.4·30/35 + 0.6·900/1126 = 82.24 %; b: satisfied-or-basic 0.4·18/35 + 0.6·550/1126 = 49.88 % → 不满意.
      ['a', 'SATISFIED', 82.24, 1],
      ['b', 'UNSATISFIED', 25.13, 2],
    ]);
    expect(evaluation.belowThreshold).toEqual(['b']);
  });

  it('writes the errors instead of throwing when a group has no result', () => {
    const pkg = tinyPackage();
    (pkg.settings as Record<string, any>).weights = { SC: 0.4, DEP: 0.6 };
    const def = compiled(pkg);
    let r = start(def, {}, env, { type: 'START', data: { subjects: [{ id: 'a', name: 'A' }] } });
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: r.snapshot.ballots?.['tiny-evaluation.sc'], data: { ...ballotData(35, [['a', 30, 4, 0]]), status: 'NO_QUORUM' } }, env);
    r = step(def, r.snapshot, { type: 'BALLOT_CLOSED', ballotKey: r.snapshot.ballots?.['tiny-evaluation.dep'], data: ballotData(10, [['a', 9, 1, 0]]) }, env);
    expect(r.to).toBe('closed');
    expect(r.snapshot.machine.context.evaluation).toMatchObject({ ok: false, errors: [{ code: 'GROUP_WITHOUT_RESULT', pointer: '/groups/0/status' }] });
  });

  it('is in the vocabulary and check.ts refuses bad params', () => {
    expect(checkPackage(tinyPackage())).toEqual([]);
    const pkg = tinyPackage();
    const action = (pkg.machine.states.scored?.entry as Array<{ params: Record<string, unknown> }>)[0] as { params: Record<string, unknown> };
    action.params = { to: 'evaluation', groups: [{ group: 'SC', result: 'results.SC', weight: -1 }], model: 'BEST_OF', options: 'settings' };
    expect(checkPackage(pkg).map((e) => [e.code, e.pointer])).toEqual([
      ['INVALID_PATH', '/machine/states/scored/entry/0/params/to'],
      ['INVALID_PATH', '/machine/states/scored/entry/0/params/groups/0/result'],
      ['INVALID_ACTION', '/machine/states/scored/entry/0/params/groups/0/weight'],
      ['INVALID_ACTION', '/machine/states/scored/entry/0/params/model'],
      ['INVALID_PATH', '/machine/states/scored/entry/0/params/options'],
    ]);
  });
});
