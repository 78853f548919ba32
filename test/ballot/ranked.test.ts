import { describe, expect, it } from 'vitest';
import { checkBallotSpec, revoteSpec, tally, type BallotMarks, type BallotSpec, type RankedTally, type TallyResult } from '../../runtime/ballot/index.ts';

function ranked(result: TallyResult): RankedTally {
  if (result.method !== 'RANKED') throw new Error(`expected a RANKED tally, got ${result.method}`);
  return result;
}

const abcd = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id.toUpperCase() }));

describe('RANKED (Borda-style: with n candidates, rank r earns n − r + 1 points)', () => {
  it('elects the top k by points on a hand-checked box', () => {
    const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: abcd, seats: 2, electorate: 9, countRule: 'RANKED' };
    const ballots: BallotMarks[] = [
      { a: 1, b: 2, c: 3, d: 4 }, // a 4, b 3, c 2, d 1
      { b: 1, a: 2, c: 3 }, //        b 4, a 3, c 2
      { c: 1, b: 2 }, //              c 4, b 3
      { b: 1, c: 2, a: 3, d: 4 }, //  b 4, c 3, a 2, d 1
      { d: 1, a: 2 }, //              d 4, a 3
      { a: 1, b: 1 }, // two candidates numbered 1: spoilt
      { a: 1, c: 3 }, // number 2 skipped: spoilt
    ];
    // a = 4+3+2+3 = 12, b = 3+4+3+4 = 14, c = 2+2+4+3 = 11, d = 1+1+4 = 6.
    const r = ranked(tally(spec, ballots));
    expect(r).toMatchObject({ status: 'DECIDED', returned: 7, valid: 5, invalid: 2, invalidByReason: { DUPLICATE_RANK: 1, RANK_GAP: 1, TOO_MANY_MARKS: 0 }, basis: null });
    expect(r.candidates.map((c) => [c.candidateId, c.points, c.rankedBy, c.firstPreferences])).toEqual([
      ['a', 12, 4, 1],
      ['b', 14, 4, 2],
      ['c', 11, 4, 1],
      ['d', 6, 3, 1],
    ]);
    expect(r.elected).toEqual(['b', 'a']);
  });

  it('a tie on points at the cut-off re-votes among the tied, still ranked', () => {
    const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: abcd.slice(0, 3), seats: 1, electorate: 3, countRule: 'RANKED' };
    const r = tally(spec, [{ a: 1, b: 2 }, { b: 1, a: 2 }]); // a 3+2, b 2+3
    expect(r).toMatchObject({ status: 'TIE', elected: [], tie: { tiedCandidateIds: ['a', 'b'], seatsLeft: 1, votes: 5 } });
    const again = revoteSpec(spec, r);
    expect(again).toMatchObject({ seats: 1, countRule: 'RANKED' });
    expect(again.candidates.map((c) => c.id)).toEqual(['a', 'b']);
    expect(checkBallotSpec(again)).toEqual([]);
  });
});
