import { describe, expect, it } from 'vitest';
import { satisfactionRating, tally, type BallotSpec, type SatisfactionTally, type TallyResult } from '../../runtime/ballot/index.ts';
import { satisfactionBallots } from './support.ts';

function rated(result: TallyResult): SatisfactionTally {
  if (result.method !== 'SATISFACTION') throw new Error(`expected a SATISFACTION tally, got ${result.method}`);
  return result;
}

const items = (...ids: string[]) => ids.map((id) => ({ id, title: id }));

describe('satisfaction test (DOMAIN.md §1.3)', () => {
  it('镇海区 standing committee, 29 members: 28/1/0, 20/8/1, 17/11/1 are all 满意', () => {
    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: items('教育惠民补短强基', '公共卫生服务能力提升', '老年护理照料中心建设'), electorate: 29 };
    const ballots = satisfactionBallots({ 教育惠民补短强基: [28, 1, 0], 公共卫生服务能力提升: [20, 8, 1], 老年护理照料中心建设: [17, 11, 1] }, 29);
    const r = rated(tally(spec, ballots));
    expect(r).toMatchObject({ status: 'DECIDED', issued: 29, returned: 29, valid: 29, invalid: 0, quorumMet: true, basis: { thresholdBasis: 'ALL_MEMBERS', count: 29 } });
    expect(r.candidates.map((c) => [c.S, c.B, c.U, c.rating])).toEqual([
      [28, 1, 0, 'SATISFIED'],
      [20, 8, 1, 'SATISFIED'],
      [17, 11, 1, 'SATISFIED'],
    ]);
    expect(r.candidates[2]?.satisfactionRate).toBeCloseTo(17 / 29, 12);
    expect(r.candidates[2]?.satisfiedOrBasicRate).toBeCloseTo(28 / 29, 12);
    expect(satisfactionRating({ S: 17, B: 11, U: 1 }, 29)).toBe('SATISFIED');
  });

  it('exactly half is not enough', () => {
    expect(satisfactionRating({ S: 15, B: 10, U: 5 }, 30)).toBe('BASIC');
    expect(satisfactionRating({ S: 15, B: 0, U: 15 }, 30)).toBe('UNSATISFIED');
    expect(satisfactionRating({ S: 16, B: 0, U: 14 }, 30)).toBe('SATISFIED');
    expect(satisfactionRating({ S: 10, B: 5, U: 15 }, 30)).toBe('UNSATISFIED'); // S + B = 15, exactly half
    expect(satisfactionRating({ S: 10, B: 6, U: 14 }, 30)).toBe('BASIC');

    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: items('a', 'b'), electorate: 30 };
    const r = rated(tally(spec, satisfactionBallots({ a: [15, 10, 5], b: [15, 0, 15] }, 30)));
    expect(r.candidates.map((c) => c.rating)).toEqual(['BASIC', 'UNSATISFIED']);
  });

  it('counts against the members by default, against those present under PRESENT', () => {
    // 29 members, 20 present: 11 S, 5 B, 4 U. 全体: 11 ≤ 14.5, 16 > 14.5 → BASIC. 实到: 11 > 10 → SATISFIED.
    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: items('a'), electorate: 29 };
    const ballots = satisfactionBallots({ a: [11, 5, 4] }, 20);
    expect(rated(tally(spec, ballots)).candidates[0]?.rating).toBe('BASIC');
    const present = rated(tally({ ...spec, thresholdBasis: 'PRESENT' }, ballots));
    expect(present.basis).toEqual({ thresholdBasis: 'PRESENT', count: 20 });
    expect(present.candidates[0]?.rating).toBe('SATISFIED');
  });

  it('an item left unrated is an abstention and stays in the valid ballots of the rates', () => {
    // 芦山 reported 125 S of 126 → 99.21 %; here the 126th ballot leaves the item blank, and still counts.
    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: items('a'), electorate: 126 };
    const r = rated(tally(spec, satisfactionBallots({ a: [125, 0, 0] }, 126)));
    expect(r.candidates[0]).toMatchObject({ S: 125, abstain: 1, rating: 'SATISFIED' });
    expect(r.candidates[0]?.satisfactionRate).toBeCloseTo(0.9921, 4);
  });

  it('quorum missed: NO_QUORUM and no rating', () => {
    const spec: BallotSpec = { kind: 'SATISFACTION', candidates: items('a'), electorate: 29 };
    const r = rated(tally(spec, satisfactionBallots({ a: [14, 0, 0] }, 14)));
    expect(r).toMatchObject({ status: 'NO_QUORUM', quorumMet: false, quorumNeeded: 15, elected: [] });
    expect(r.candidates[0]?.rating).toBeNull();
  });

  it('refuses impossible counts', () => {
    expect(() => satisfactionRating({ S: -1, B: 0, U: 0 }, 10)).toThrow(expect.objectContaining({ code: 'INVALID_VOTE_COUNTS' }));
    expect(() => satisfactionRating({ S: 1, B: 0, U: 0 }, 0)).toThrow(expect.objectContaining({ code: 'INVALID_VOTE_COUNTS' }));
  });
});
