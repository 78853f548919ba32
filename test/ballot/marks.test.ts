import { describe, expect, it } from 'vitest';
import { tally, validateMarks, type BallotSpec } from '../../runtime/ballot/index.ts';
import { approving, candidates } from './support.ts';

const cands = candidates(15);
const ids = cands.map((c) => c.id);
const chooseK: BallotSpec = { kind: 'CHOOSE_K', candidates: cands, seats: 12, electorate: 300 };

describe('validateMarks: invalid ballot vs malformed input', () => {
  it('approving more than k is an invalid ballot; k or fewer is valid', () => {
    expect(validateMarks(chooseK, approving(...ids.slice(0, 13)))).toEqual({ valid: false, reason: 'TOO_MANY_MARKS' });
    expect(validateMarks(chooseK, approving(...ids.slice(0, 12)))).toEqual({ valid: true, blank: false });
    expect(validateMarks(chooseK, approving(...ids.slice(0, 3)))).toEqual({ valid: true, blank: false });
    expect(validateMarks(chooseK, {})).toEqual({ valid: true, blank: true });
    // Opposing is not choosing: 12 ○ and 3 × is still a valid ballot.
    expect(validateMarks(chooseK, { ...approving(...ids.slice(0, 12)), p13: 'OPPOSE', p14: 'OPPOSE', p15: 'ABSTAIN' })).toEqual({ valid: true, blank: false });
  });

  it('an unknown candidate, a mark outside the vocabulary or a non-object is malformed', () => {
    expect(validateMarks(chooseK, { p1: 'APPROVE', p99: 'APPROVE' })).toEqual({
      valid: false,
      reason: 'MALFORMED',
      errors: [expect.objectContaining({ code: 'UNKNOWN_CANDIDATE', pointer: '/p99' })],
    });
    expect(validateMarks(chooseK, { p1: 'YES' })).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'BAD_MARK', pointer: '/p1' }] });
    expect(validateMarks(chooseK, { p1: 1 })).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'BAD_MARK' }] });
    expect(validateMarks(chooseK, ['p1'])).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'NOT_AN_OBJECT', pointer: '' }] });
    expect(validateMarks(chooseK, null)).toMatchObject({ reason: 'MALFORMED' });
    expect(validateMarks(chooseK, JSON.parse('{"__proto__": "APPROVE"}'))).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'UNKNOWN_CANDIDATE', pointer: '/__proto__' }] });
    // Malformed wins over too many: 13 approvals plus an unknown id is refused, not stored as spoilt.
    expect(validateMarks(chooseK, { ...approving(...ids.slice(0, 13)), zz: 'APPROVE' })).toMatchObject({ reason: 'MALFORMED' });
  });

  it('ranked ballots: duplicate or skipped numbers spoil the ballot; ranks outside 1..n are malformed', () => {
    const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: cands.slice(0, 4), seats: 2, electorate: 10, countRule: 'RANKED' };
    expect(validateMarks(spec, { p1: 1, p2: 2, p3: 3, p4: 4 })).toEqual({ valid: true, blank: false });
    expect(validateMarks(spec, { p3: 1 })).toEqual({ valid: true, blank: false });
    expect(validateMarks(spec, { p1: 1, p2: 1 })).toEqual({ valid: false, reason: 'DUPLICATE_RANK' });
    expect(validateMarks(spec, { p1: 1, p2: 3 })).toEqual({ valid: false, reason: 'RANK_GAP' });
    expect(validateMarks(spec, { p1: 2 })).toEqual({ valid: false, reason: 'RANK_GAP' });
    for (const bad of [0, 5, 1.5, 'APPROVE']) {
      expect(validateMarks(spec, { p1: bad })).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'BAD_RANK', pointer: '/p1' }] });
    }
  });

  it('satisfaction sheets take SATISFIED / BASIC / UNSATISFIED / ABSTAIN only', () => {
    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: cands.slice(0, 2), electorate: 10 };
    expect(validateMarks(spec, { p1: 'BASIC', p2: 'ABSTAIN' })).toEqual({ valid: true, blank: false });
    expect(validateMarks(spec, { p2: 'ABSTAIN' })).toEqual({ valid: true, blank: true });
    expect(validateMarks(spec, { p1: 'APPROVE' })).toMatchObject({ reason: 'MALFORMED', errors: [{ code: 'BAD_MARK' }] });
  });

  it('tally counts a spoilt ballot as returned and invalid, and refuses a box holding a malformed one', () => {
    const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: cands.slice(0, 3), seats: 2, electorate: 4 };
    const r = tally(spec, [approving('p1'), approving('p1', 'p2', 'p3'), approving('p1', 'p2')]);
    expect(r).toMatchObject({ returned: 3, valid: 2, invalid: 1, invalidByReason: { TOO_MANY_MARKS: 1 } });
    expect(() => tally(spec, [approving('p1'), { p9: 'APPROVE' }])).toThrow(expect.objectContaining({ code: 'MALFORMED_BALLOT', details: expect.objectContaining({ index: 1 }) }));
  });
});
