/**
 * COMPETENCE ballots (称职测评, DOMAIN.md §1.2 `CompetenceRating`, §5.6 `COMPETENCE_SCALE`): the
 * four-level vocabulary, the cumulative-majority rating and the tally, beside the other kinds.
 */
import { describe, expect, it } from 'vitest';
import { checkBallotSpec, competenceRating, tally, validateMarks, type BallotMarks, type BallotSpec, type CompetenceTally, type TallyResult } from '../../runtime/ballot/index.ts';

const items = (...ids: string[]) => ids.map((id) => ({ id, title: id }));
const rated = (r: TallyResult): CompetenceTally => {
  if (r.method !== 'COMPETENCE') throw new Error(`expected a COMPETENCE tally, got ${r.method}`);
  return r;
};
/** Ballots giving item `id` E, C, BC, I marks in that order; the rest of `returned` leave it blank. */
function ballots(counts: Record<string, [number, number, number, number]>, returned: number): BallotMarks[] {
  return Array.from({ length: returned }, (_, i) => {
    const marks: Record<string, string> = {};
    for (const [id, [e, c, b, x]] of Object.entries(counts)) {
      if (i < e) marks[id] = 'EXCELLENT';
      else if (i < e + c) marks[id] = 'COMPETENT';
      else if (i < e + c + b) marks[id] = 'BASIC_COMPETENT';
      else if (i < e + c + b + x) marks[id] = 'INCOMPETENT';
    }
    return marks as BallotMarks;
  });
}

describe('COMPETENCE ballots', () => {
  it('checks the spec like SATISFACTION: no seats, no count rule but the majority', () => {
    expect(checkBallotSpec({ kind: 'COMPETENCE', candidates: items('a'), electorate: 29 })).toEqual([]);
    expect(checkBallotSpec({ kind: 'COMPETENCE', candidates: items('a', 'b'), electorate: 29, seats: 1 }).map((e) => e.code)).toEqual(['SEATS_NOT_APPLICABLE']);
    expect(checkBallotSpec({ kind: 'COMPETENCE', candidates: items('a', 'b'), electorate: 29, countRule: 'PLURALITY' }).map((e) => e.code)).toEqual(['RULE_NOT_APPLICABLE']);
  });

  it('takes the four levels and ABSTAIN, refuses satisfaction marks', () => {
    const spec: BallotSpec = { kind: 'COMPETENCE', candidates: items('a', 'b'), electorate: 10 };
    expect(validateMarks(spec, { a: 'EXCELLENT', b: 'INCOMPETENT' })).toEqual({ valid: true, blank: false });
    expect(validateMarks(spec, { a: 'ABSTAIN' })).toEqual({ valid: true, blank: true });
    expect(validateMarks(spec, { a: 'SATISFIED' })).toMatchObject({ valid: false, reason: 'MALFORMED', errors: [{ code: 'BAD_MARK', pointer: '/a' }] });
    expect(validateMarks({ ...spec, kind: 'SATISFACTION' }, { a: 'COMPETENT' })).toMatchObject({ valid: false, reason: 'MALFORMED' });
  });

  it('rates by cumulative majorities of the members, exactly half not enough', () => {
    expect(competenceRating({ EXCELLENT: 15, COMPETENT: 14, BASIC_COMPETENT: 0, INCOMPETENT: 0 }, 29)).toBe('EXCELLENT');
    expect(competenceRating({ EXCELLENT: 14, COMPETENT: 1, BASIC_COMPETENT: 0, INCOMPETENT: 14 }, 29)).toBe('COMPETENT');
    expect(competenceRating({ EXCELLENT: 15, COMPETENT: 0, BASIC_COMPETENT: 0, INCOMPETENT: 15 }, 30)).toBe('INCOMPETENT');
    expect(competenceRating({ EXCELLENT: 5, COMPETENT: 5, BASIC_COMPETENT: 6, INCOMPETENT: 14 }, 30)).toBe('BASIC_COMPETENT');
    expect(() => competenceRating({ EXCELLENT: -1, COMPETENT: 0, BASIC_COMPETENT: 0, INCOMPETENT: 0 }, 3)).toThrow(/≥ 0/);
  });

  it('tallies per item with abstentions and rates, and has no result without a quorum', () => {
    const spec: BallotSpec = { kind: 'COMPETENCE', candidates: items('a', 'b'), electorate: 29 };
    const r = rated(tally(spec, ballots({ a: [16, 10, 2, 0], b: [2, 8, 10, 6] }, 28)));
    expect(r).toMatchObject({ status: 'DECIDED', issued: 29, returned: 28, valid: 28, elected: [], basis: { thresholdBasis: 'ALL_MEMBERS', count: 29 } });
    expect(r.candidates).toEqual([
      { candidateId: 'a', EXCELLENT: 16, COMPETENT: 10, BASIC_COMPETENT: 2, INCOMPETENT: 0, abstain: 0, rating: 'EXCELLENT', competentRate: 26 / 28 },
      { candidateId: 'b', EXCELLENT: 2, COMPETENT: 8, BASIC_COMPETENT: 10, INCOMPETENT: 6, abstain: 2, rating: 'BASIC_COMPETENT', competentRate: 10 / 28 },
    ]);
    const few = rated(tally(spec, ballots({ a: [10, 0, 0, 0] }, 14)));
    expect([few.status, few.candidates[0]?.rating]).toEqual(['NO_QUORUM', null]);
  });
});
