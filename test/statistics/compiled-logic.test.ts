/**
 * The populations' rules compiled into closures (runtime/statistics/compiled-logic.ts) mean
 * exactly what json-logic-js makes of them: every rule of the suggestion catalogue and a set of
 * edge rules, on rows with missing, null, empty, numeric-string and array values.
 */
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { baseCatalogue } from '../../runtime/store/index.ts';
import type { Catalogue } from '../../runtime/statistics/catalogue.ts';
import { compileRule } from '../../runtime/statistics/compiled-logic.ts';

const apply = (rule: unknown, row: Record<string, unknown>) => jsonLogic.apply(rule as never, row);

const rows: Array<Record<string, unknown>> = [
  {},
  { origin: 'RECESS', registeredAt: '2026-03-02', concludedAt: null, result: 'A', satisfaction: 'SATISFIED', feedbackComplete: true, rehandleRounds: 0, overdueNow: false, sourceCode: 'RESEARCH', supervisionLevel: 'KEY_CHAIR' },
  { origin: 'SESSION', registeredAt: '', concludedAt: '2026-05-01', result: null, satisfaction: 'BASIC', feedbackComplete: false, rehandleRounds: 2, overdueNow: true, sourceCode: 'OTHER', supervisionLevel: 'GENERAL' },
  { origin: null, registeredAt: 0, concludedAt: [], result: 'C', satisfaction: 'UNSATISFIED', feedbackComplete: 'true', rehandleRounds: '1', overdueNow: 1, answers: [] },
  { origin: undefined, registeredAt: [0], concludedAt: {}, result: 'B', feedbackComplete: 1, rehandleRounds: null, overdueNow: 'yes', answers: [{ a: 1 }], suggestion: { origin: 'RECESS', nested: { x: 0 } } },
  { unitId: 'unit-housing', result: 'returned', resultCode: 'A', role: 'LEAD', answeredOnTime: true, autoAccepted: false, consultations: 0, feedbackRounds: 3, suggestion: { origin: 'SESSION' } },
  { unitId: '', result: 'closedNoFeedback', resultCode: 'D', role: 'SEPARATE', answeredOnTime: null, autoAccepted: true, returnRequest: { reason: 'x' }, consultations: 2, feedbackRounds: 0, suggestion: null },
];

const edgeRules: unknown[] = [
  { var: '' },
  { var: 'suggestion.origin' },
  { var: 'suggestion.nested.x' },
  { var: ['missing.path', 'fallback'] },
  { var: ['origin', 'fallback'] },
  { var: 0 },
  { var: [{ var: 'pathName' }] },
  { '==': [{ var: 'rehandleRounds' }, 1] },
  { '===': [{ var: 'rehandleRounds' }, 1] },
  { '!==': [{ var: 'result' }, 'A'] },
  { '!=': [{ var: 'origin' }, null] },
  { '!': [{ var: 'answers' }] },
  { '!!': [{ var: 'answers' }] },
  { '!!': { var: 'concludedAt' } },
  { '>': [{ var: 'rehandleRounds' }, 0] },
  { '>=': [{ var: 'consultations' }, 2] },
  { '<': [0, { var: 'rehandleRounds' }, 3] },
  { '<=': [{ var: 'feedbackRounds' }, 1] },
  { in: [{ var: 'result' }, ['A', 'B']] },
  { in: ['ECE', { var: 'origin' }] },
  { in: [{ var: 'result' }, { var: 'nothing' }] },
  { and: [{ var: 'registeredAt' }, { var: 'result' }] },
  { and: [] },
  { or: [{ var: 'concludedAt' }, { var: 'origin' }, 0] },
  { if: [{ var: 'overdueNow' }, 'late', 'fine'] },
  { some: [{ var: 'answers' }, { '==': [{ var: 'a' }, 1] }] },
  { and: [{ '!!': { var: 'registeredAt' } }, { or: [{ '==': [{ var: 'origin' }, 'RECESS'] }, { in: [{ var: 'satisfaction' }, ['SATISFIED', 'BASIC']] }] }] },
  ['a', { var: 'result' }],
  'plain',
  7,
  null,
];

describe('compiled population rules', () => {
  const cat = baseCatalogue('suggestion') as Catalogue;
  const rules = [...Object.values(cat.populations).map((p) => p.rule), ...edgeRules];

  it('give json-logic-js’s value for every rule of the catalogue and the edge rules on every row', () => {
    expect(Object.keys(cat.populations).length).toBeGreaterThan(10);
    for (const rule of rules) {
      const f = compileRule(rule);
      for (const row of rows) expect([JSON.stringify(rule), row, f({ ...row, pathName: 'origin' })]).toEqual([JSON.stringify(rule), row, apply(rule, { ...row, pathName: 'origin' })]);
    }
  });

  it('is compiled once per rule object', () => {
    const rule = { '!!': { var: 'x' } };
    expect(compileRule(rule)).toBe(compileRule(rule));
    expect(compileRule({ '!!': { var: 'x' } })).not.toBe(compileRule(rule));
  });
});
