import { describe, expect, it } from 'vitest';
import { checkPackage, type ProcessPackage } from '../../runtime/engine/index.ts';
import { miniPackage } from '../fixtures/mini-package.ts';

type Mutation = (p: ProcessPackage & Record<string, unknown>) => void;
// The machine JSON as loose data, to break it in ways the types would not allow.
const states = (p: ProcessPackage) => p.machine.states as Record<string, Record<string, unknown>>;
const review = (p: ProcessPackage) => states(p).review as { on: Record<string, unknown>; meta: { task: Record<string, unknown> } };

/** Broken packages: [name, mutation, expected code, expected pointer]. */
const broken: Array<[string, Mutation, string, string]> = [
  ['missing id', (p) => void delete (p as Partial<ProcessPackage>).id, 'INVALID_PACKAGE', '/id'],
  ['invoke in a state', (p) => void (states(p).review!.invoke = { src: 'x' }), 'INVALID_PACKAGE', '/machine/states/review/invoke'],
  ['role outside the county roles', (p) => void (p.roles = ['staff', 'mayor' as never]), 'INVALID_PACKAGE', '/roles/1'],
  ['form schema that does not compile', (p) => void (p.forms.opinion = { type: 'object', properties: { text: { type: 'strin' } } }), 'FORM_SCHEMA_INVALID', '/forms/opinion'],
  ['outcome with an unknown form', (p) => void (review(p).meta.task.outcomes = { ACCEPT: 'nosuchform', REJECT: null }), 'UNKNOWN_FORM', '/machine/states/review/meta/task/outcomes/ACCEPT'],
  ['unknown start form', (p) => void (p.start = { form: 'nope', roles: ['deputy'] }), 'UNKNOWN_FORM', '/start/form'],
  ['after with an unknown delay', (p) => void (states(p).opinions!.after = { foreverAndADay: 'done' }), 'UNKNOWN_DELAY', '/machine/states/opinions/after/foreverAndADay'],
  ['task due with an unknown delay', (p) => void (review(p).meta.task.due = 'nextWeek'), 'UNKNOWN_DELAY', '/machine/states/review/meta/task/due'],
  ['malformed ISO duration', (p) => void (p.delays.review = 'P3X'), 'INVALID_DELAY', '/delays/review'],
  ['unknown guard', (p) => void (review(p).on.ACCEPT = { target: 'opinions', guard: { type: 'isMayor' } }), 'UNKNOWN_GUARD', '/machine/states/review/on/ACCEPT/guard/type'],
  ['unknown action', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'sendEmail' }] }), 'UNKNOWN_ACTION', '/machine/states/review/on/ACCEPT/actions/0/type'],
  ['bad JSON Logic operator', (p) => void (review(p).on.ACCEPT = { target: 'opinions', guard: { type: 'logic', params: { rule: { eval: ['1'] } } } }), 'INVALID_LOGIC', '/machine/states/review/on/ACCEPT/guard/params/rule'],
  ['task role not in the package', (p) => void (review(p).meta.task.role = 'leader'), 'UNKNOWN_ROLE', '/machine/states/review/meta/task/role'],
  ['dangling target', (p) => void (review(p).on.ACCEPT = 'nowhere'), 'UNKNOWN_TARGET', '/machine/states/review/on/ACCEPT/target'],
  ['unreachable state', (p) => void (states(p).limbo = { type: 'final' }), 'UNREACHABLE_STATE', '/machine/states/limbo'],
  ['dead-end state', (p) => void ((states(p).draft as Record<string, unknown>).on = { SUBMIT: 'stuck' }, (states(p).stuck = {}), (states(p).review as Record<string, unknown>).on = { ACCEPT: 'opinions', REJECT: 'rejected', GO: 'review' }), 'NO_WAY_OUT', '/machine/states/stuck'],
  ['task without outcomes', (p) => void (review(p).meta.task.outcomes = {}), 'TASK_WITHOUT_OUTCOMES', '/machine/states/review/meta/task/outcomes'],
  ['outcome no transition handles', (p) => void (review(p).meta.task.outcomes = { ACCEPT: null, REJECT: null, ESCALATE: null }), 'OUTCOME_NOT_HANDLED', '/machine/states/review/meta/task/outcomes/ESCALATE'],
  ['initial state that is not a child', (p) => void (p.machine.initial = 'drafting'), 'UNKNOWN_INITIAL', '/machine/initial'],
  ['path outside context/event/item', (p) => void (review(p).on.ACCEPT = { target: 'opinions', actions: [{ type: 'setValue', params: { to: 'window.location', value: 1 } }] }), 'INVALID_PATH', '/machine/states/review/on/ACCEPT/actions/0/params/to'],
  ['reminder without due', (p) => void delete review(p).meta.task.due, 'REMINDER_WITHOUT_DUE', '/machine/states/review/meta/task/remindBefore'],
  ['final state with a task', (p) => void ((states(p).done as Record<string, unknown>).meta = { task: { role: 'staff', title: 'x', outcomes: { A: null } } }), 'FINAL_WITH_TRANSITIONS', '/machine/states/done'],
  ['no start for a top-level process', (p) => void delete (p as Partial<ProcessPackage>).start, 'MISSING_START', '/start'],
  ['delay key with a dot', (p) => void (p.delays['a.b'] = 'P1D'), 'INVALID_PACKAGE', '/delays/a.b'],
  ['fractional working days', (p) => void (p.delays.opinionPeriod = { workingDays: 2.5 }), 'INVALID_DELAY', '/delays/opinionPeriod/workingDays'],
  ['ballot with an unknown electorate', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'EVERYONE', kind: 'CHOOSE_K', candidates: 'context.unitIds' }), 'INVALID_BALLOT', '/machine/states/review/meta/ballot/electorate'],
  ['ballot whose result no transition takes', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'DEPUTIES', kind: 'SATISFACTION', candidates: 'context.unitIds' }), 'OUTCOME_NOT_HANDLED', '/machine/states/review/meta/ballot'],
  ['ballot without candidates or spec', (p) => void ((review(p) as Record<string, any>).meta.ballot = { title: 't', electorate: 'DEPUTIES' }), 'INVALID_BALLOT', '/machine/states/review/meta/ballot'],
];

describe('definition checks', () => {
  it('accepts the well-formed package', () => {
    expect(checkPackage(miniPackage())).toEqual([]);
  });

  it.each(broken)('rejects: %s', (_name, mutate, code, pointer) => {
    const pkg = miniPackage() as ProcessPackage & Record<string, unknown>;
    mutate(pkg);
    const errors = checkPackage(pkg);
    expect(errors.map((e) => `${e.code} ${e.pointer}`)).toContain(`${code} ${pointer}`);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('has at least 15 distinct broken fixtures', () => {
    expect(new Set(broken.map((b) => b[2])).size).toBeGreaterThanOrEqual(15);
  });

  it('knows which processes exist when spawning', () => {
    const pkg = miniPackage();
    (states(pkg).opinions as Record<string, unknown>).meta = {
      spawn: { process: 'ghost', forEach: 'context.unitIds', input: { unitId: 'item' } },
      task: review(pkg).meta.task,
    };
    const errors = checkPackage(pkg, new Set(['mini']));
    expect(errors.map((e) => `${e.code} ${e.pointer}`)).toContain('UNKNOWN_PROCESS /machine/states/opinions/meta/spawn/process');
  });
});
