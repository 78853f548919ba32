import { describe, expect, it } from 'vitest';
import {
  checkBallotSpec,
  revoteSpec,
  shuffle,
  tally,
  type BallotMarks,
  type BallotSpec,
  type ChoiceTally,
  type Choice,
  type TallyResult,
} from '../../runtime/ballot/index.ts';
import { approving, ballotsWithApprovals, candidates, prng, seededBytes } from './support.ts';

function choice(result: TallyResult): ChoiceTally {
  if (result.method !== 'CHOICE') throw new Error(`expected a CHOICE tally, got ${result.method}`);
  return result;
}

const count = (r: ChoiceTally, id: string) => r.candidates.find((c) => c.candidateId === id);

describe('CHOOSE_K: 15 candidates, 12 seats, 300 generated voters', () => {
  const cands = candidates(15);
  const ids = cands.map((c) => c.id);
  const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: cands, seats: 12, electorate: 320 };

  // Popular projects and three weak ones; each honest voter approves up to 12 by weighted
  // sampling without replacement (Efraimidis–Spirakis keys u^(1/w)), some oppose the rest.
  const weights = [9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 0.6, 0.5, 0.4];
  const rnd = prng(20240115);
  const ballots: BallotMarks[] = [];
  let deliberatelyInvalid = 0;
  for (let v = 0; v < 300; v++) {
    const roll = rnd();
    const marks: Record<string, Choice> = {};
    if (roll < 0.06) {
      deliberatelyInvalid++;
      for (const id of ids.map((id) => [rnd(), id] as const).sort((a, b) => a[0] - b[0]).slice(0, 13).map(([, id]) => id)) marks[id] = 'APPROVE';
    } else if (v % 60 === 59) {
      // five blank ballots: valid, nothing marked
    } else {
      const m = rnd() < 0.7 ? 12 : 8 + Math.floor(rnd() * 4);
      const keyed = ids.map((id, i) => [rnd() ** (1 / (weights[i] ?? 1)), id] as const).sort((a, b) => b[0] - a[0]);
      keyed.forEach(([, id], rank) => {
        if (rank < m) marks[id] = 'APPROVE';
        else if (rnd() < 0.25) marks[id] = 'OPPOSE';
      });
    }
    ballots.push(marks);
  }

  /** The independent count: plain loops over the ballots, the §3.5 rule written out again. */
  function simpleCount() {
    const approve = new Map(ids.map((id) => [id, 0]));
    const oppose = new Map(ids.map((id) => [id, 0]));
    let valid = 0;
    let invalid = 0;
    let blank = 0;
    for (const b of ballots) {
      const values = Object.values(b);
      if (values.filter((m) => m === 'APPROVE').length > 12) {
        invalid++;
        continue;
      }
      valid++;
      if (values.length === 0) blank++;
      for (const [id, m] of Object.entries(b)) {
        if (m === 'APPROVE') approve.set(id, approve.get(id)! + 1);
        if (m === 'OPPOSE') oppose.set(id, oppose.get(id)! + 1);
      }
    }
    const passing = ids.filter((id) => approve.get(id)! * 2 > 320);
    passing.sort((a, b) => approve.get(b)! - approve.get(a)! || ids.indexOf(a) - ids.indexOf(b));
    const at12 = passing[11] === undefined ? undefined : approve.get(passing[11]);
    const at13 = passing[12] === undefined ? undefined : approve.get(passing[12]);
    return { approve, oppose, valid, invalid, blank, elected: passing.slice(0, 12), tieAtCut: at12 !== undefined && at12 === at13 };
  }

  it('matches the independent count: turnout, invalid ballots, per-candidate counts, elected list', () => {
    const expected = simpleCount();
    const r = choice(tally(spec, ballots));
    expect(expected.tieAtCut).toBe(false); // the generated data has a clear cut-off
    expect(deliberatelyInvalid).toBeGreaterThan(5);
    expect(expected.blank).toBeGreaterThan(0);
    expect(r).toMatchObject({ status: 'DECIDED', issued: 320, returned: 300, valid: expected.valid, invalid: expected.invalid, blank: expected.blank, quorumMet: true });
    expect(r.invalid).toBeGreaterThanOrEqual(deliberatelyInvalid);
    expect(r.invalidByReason.TOO_MANY_MARKS).toBe(expected.invalid);
    expect(r.basis).toEqual({ thresholdBasis: 'ALL_MEMBERS', count: 320 });
    for (const id of ids) {
      const a = expected.approve.get(id)!;
      const o = expected.oppose.get(id)!;
      expect(count(r, id)).toEqual({ candidateId: id, approve: a, oppose: o, abstain: expected.valid - a - o, passed: a * 2 > 320, elected: expected.elected.includes(id) });
    }
    expect(r.elected).toEqual(expected.elected);
    expect(r.elected).toHaveLength(12);
  });

  it('does not depend on ballot order', () => {
    const r = tally(spec, ballots);
    expect(tally(spec, [...ballots].reverse())).toEqual(r);
    expect(tally(spec, shuffle(ballots, seededBytes(99)))).toEqual(r);
  });
});

describe('ties at the cut-off', () => {
  const cands = candidates(15);
  const ids = cands.map((c) => c.id);
  const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: cands, seats: 12, electorate: 100 };

  it('a tie at the 12th seat is a TIE among exactly the tied; those above stay elected', () => {
    // p1..p10: 90..81; p11, p12, p13: 70 each (two seats left for three); p14: 60; p15: 55.
    const approvals = [90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 70, 70, 70, 60, 55];
    const r = choice(tally(spec, ballotsWithApprovals(ids, approvals, 100)));
    expect(r.invalid).toBe(0);
    expect(r.status).toBe('TIE');
    expect(r.elected).toEqual(ids.slice(0, 10));
    expect(r.tie).toEqual({ tiedCandidateIds: ['p11', 'p12', 'p13'], seatsLeft: 2, votes: 70 });
    expect(r.shortfall).toBeNull();
    expect(count(r, 'p11')).toMatchObject({ passed: true, elected: false });

    const again = revoteSpec(spec, r);
    expect(again).toMatchObject({ kind: 'CHOOSE_K', seats: 2, electorate: 100, countRule: 'PLURALITY' });
    expect(again.candidates.map((c) => c.id)).toEqual(['p11', 'p12', 'p13']);
    expect(checkBallotSpec(again)).toEqual([]);

    // The re-vote: at most 2 approvals per ballot; approving all three tied spoils the ballot.
    const second = choice(tally(again, [...ballotsWithApprovals(['p11', 'p12', 'p13'], [40, 70, 55], 99), approving('p11', 'p12', 'p13')]));
    expect(second.invalidByReason.TOO_MANY_MARKS).toBe(1);
    expect(second.status).toBe('DECIDED');
    expect(second.elected).toEqual(['p12', 'p13']);
    expect([...r.elected, ...second.elected]).toHaveLength(12);
  });

  it('equal counts inside the elected block, or below the cut-off, are no tie', () => {
    // p5 = p6 inside the block, p13 = p14 below it; the 12th (75) beats the 13th (70).
    const approvals = [90, 89, 88, 87, 85, 85, 84, 83, 82, 81, 80, 75, 70, 70, 50];
    const r = choice(tally(spec, ballotsWithApprovals(ids, approvals, 100)));
    expect(r.status).toBe('DECIDED');
    expect(r.tie).toBeNull();
    expect(r.elected).toEqual(ids.slice(0, 12));
  });

  it('revoteSpec refuses a result without a tie', () => {
    const r = tally(spec, ballotsWithApprovals(ids, [90, 89, 88, 87, 86, 85, 84, 83, 82, 81, 80, 79, 10, 10, 10], 100));
    expect(() => revoteSpec(spec, r)).toThrow(expect.objectContaining({ code: 'NO_TIE' }));
  });
});

describe('count rules and threshold bases', () => {
  const abc = [
    { id: 'a', title: '甲' },
    { id: 'b', title: '乙' },
    { id: 'c', title: '丙' },
  ];

  it('PLURALITY fills the seats where MAJORITY_THEN_RANK leaves a shortfall', () => {
    // 10 deputies, all vote: a 8, b 4, c 3. b is in the top 2 but lacks 全体过半数 (needs > 5).
    const ballots = ballotsWithApprovals(['a', 'b', 'c'], [8, 4, 3], 10);
    const base: BallotSpec = { kind: 'CHOOSE_K', candidates: abc, seats: 2, electorate: 10, shortfallAction: 'SC_DECIDES' };
    const majority = choice(tally(base, ballots));
    expect(majority).toMatchObject({ status: 'SHORTFALL', elected: ['a'], shortfall: { seatsLeft: 1, action: 'SC_DECIDES' }, tie: null });
    expect(count(majority, 'b')).toMatchObject({ approve: 4, passed: false, elected: false });

    const plurality = choice(tally({ ...base, countRule: 'PLURALITY' }, ballots));
    expect(plurality).toMatchObject({ status: 'DECIDED', elected: ['a', 'b'], shortfall: null, basis: null, countRule: 'PLURALITY' });

    // Same, with b and c level at 4: under the majority both simply fail; under plurality they tie for the last seat.
    const level = ballotsWithApprovals(['a', 'b', 'c'], [8, 4, 4], 10);
    expect(tally(base, level)).toMatchObject({ status: 'SHORTFALL', elected: ['a'] });
    expect(tally({ ...base, countRule: 'PLURALITY' }, level)).toMatchObject({ status: 'TIE', elected: ['a'], tie: { tiedCandidateIds: ['b', 'c'], seatsLeft: 1 } });
  });

  it('ALL_MEMBERS vs PRESENT vs VALID_VOTES on one hand-checked box', () => {
    // 20 on the roll, 14 return ballots, 2 of them approve all four (> 3 seats: invalid), 12 valid.
    // Approvals x 9, y 7, z 6, w 2. Thresholds (strictly more than half): 全体 > 10, 实到 > 7, 有效 > 6.
    const four = [
      { id: 'x', title: '甲' },
      { id: 'y', title: '乙' },
      { id: 'z', title: '丙' },
      { id: 'w', title: '丁' },
    ];
    const ballots = [...ballotsWithApprovals(['x', 'y', 'z', 'w'], [9, 7, 6, 2], 12), approving('x', 'y', 'z', 'w'), approving('x', 'y', 'z', 'w')];
    const base: BallotSpec = { kind: 'CHOOSE_K', candidates: four, seats: 3, electorate: 20 };

    const all = choice(tally(base, ballots));
    expect(all).toMatchObject({ returned: 14, valid: 12, invalid: 2, basis: { thresholdBasis: 'ALL_MEMBERS', count: 20 }, status: 'SHORTFALL', elected: [], shortfall: { seatsLeft: 3, action: 'LEAVE_EMPTY' } });
    expect(all.candidates.map((c) => c.approve)).toEqual([9, 7, 6, 2]);

    const present = tally({ ...base, thresholdBasis: 'PRESENT' }, ballots);
    expect(present).toMatchObject({ basis: { count: 14 }, elected: ['x'], shortfall: { seatsLeft: 2 } });

    const valid = choice(tally({ ...base, thresholdBasis: 'VALID_VOTES' }, ballots));
    expect(valid).toMatchObject({ basis: { count: 12 }, elected: ['x', 'y'], shortfall: { seatsLeft: 1 } });
    expect(count(valid, 'z')).toMatchObject({ approve: 6, passed: false }); // exactly half of 12 is not more than half
  });

  it('FOR_AGAINST adopts every item with more than half, no seats', () => {
    const spec: BallotSpec = { kind: 'FOR_AGAINST', candidates: abc, electorate: 10 };
    const ballots: BallotMarks[] = Array.from({ length: 10 }, (_, v) => ({
      a: v < 6 ? 'APPROVE' : 'OPPOSE',
      b: v < 5 ? 'APPROVE' : v < 8 ? 'OPPOSE' : 'ABSTAIN',
      c: v < 9 ? 'APPROVE' : 'ABSTAIN',
    }));
    const r = choice(tally(spec, ballots));
    expect(r).toMatchObject({ status: 'DECIDED', elected: ['c', 'a'], tie: null, shortfall: null });
    expect(r.candidates[1]).toEqual({ candidateId: 'b', approve: 5, oppose: 3, abstain: 2, passed: false, elected: false });
  });
});

describe('quorum and void polls', () => {
  const spec: BallotSpec = { kind: 'CHOOSE_K', candidates: candidates(3), seats: 2, electorate: 30 };
  const box = (n: number) => Array.from({ length: n }, () => approving('p1', 'p2'));

  it('exactly half returned misses the default quorum: NO_QUORUM, nothing elected', () => {
    const r = tally(spec, box(15));
    expect(r).toMatchObject({ status: 'NO_QUORUM', quorumMet: false, quorumNeeded: 16, elected: [], tie: null, shortfall: null });
    expect(choice(r).candidates.every((c) => !c.passed && !c.elected)).toBe(true);
    // 16 of 30 meet it, and 16 approvals are more than half of the 30 members.
    expect(tally(spec, box(16))).toMatchObject({ status: 'DECIDED', quorumMet: true, elected: ['p1', 'p2'] });
  });

  it('a two-thirds quorum is exact: 20 of 30 is not more than 2/3', () => {
    const twoThirds: BallotSpec = { ...spec, quorum: { numerator: 2, denominator: 3 } };
    expect(tally(twoThirds, box(20))).toMatchObject({ status: 'NO_QUORUM', quorumNeeded: 21 });
    expect(tally(twoThirds, box(21))).toMatchObject({ quorumMet: true });
  });

  it('more ballots than issued voids the poll', () => {
    expect(tally(spec, box(31))).toMatchObject({ status: 'VOID', elected: [], issued: 30, returned: 31 });
  });
});
