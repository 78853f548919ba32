import { describe, expect, it } from 'vitest';
import { checkBallotSpec, tally, type BallotSpec } from '../../runtime/ballot/index.ts';
import { candidates } from './support.ts';

type Loose = Record<string, unknown> & { candidates: Array<Record<string, unknown>> };
const good = (): Loose => ({ kind: 'CHOOSE_K', candidates: candidates(15), seats: 12, electorate: 300 }) as unknown as Loose;

/** Broken specs: [name, expected code, expected pointer, mutation]. */
const broken: Array<[string, string, string, (s: Loose) => void]> = [
  ['as many seats as candidates (no 差额)', 'NOT_ENOUGH_CANDIDATES', '/seats', (s) => void (s.seats = 15)],
  ['more seats than candidates', 'NOT_ENOUGH_CANDIDATES', '/seats', (s) => void (s.seats = 16)],
  ['duplicate candidate id', 'DUPLICATE_CANDIDATE_ID', '/candidates/3/id', (s) => void (s.candidates[3]!.id = 'p1')],
  ['unknown kind', 'UNKNOWN_ENUM_VALUE', '/kind', (s) => void (s.kind = 'CHOOSE_ANY')],
  ['missing kind', 'REQUIRED', '/kind', (s) => void delete s.kind],
  ['unknown count rule', 'UNKNOWN_ENUM_VALUE', '/countRule', (s) => void (s.countRule = 'BORDA')],
  ['unknown threshold basis', 'UNKNOWN_ENUM_VALUE', '/thresholdBasis', (s) => void (s.thresholdBasis = 'HALF')],
  ['unknown shortfall action', 'UNKNOWN_ENUM_VALUE', '/shortfallAction', (s) => void (s.shortfallAction = 'GIVE_UP')],
  ['zero seats', 'NOT_A_POSITIVE_INTEGER', '/seats', (s) => void (s.seats = 0)],
  ['fractional seats', 'NOT_A_POSITIVE_INTEGER', '/seats', (s) => void (s.seats = 2.5)],
  ['CHOOSE_K without seats', 'REQUIRED', '/seats', (s) => void delete s.seats],
  ['seats on a satisfaction test', 'SEATS_NOT_APPLICABLE', '/seats', (s) => void (s.kind = 'SATISFACTION')],
  ['PLURALITY without seats', 'RULE_NOT_APPLICABLE', '/countRule', (s) => void ((s.kind = 'FOR_AGAINST'), delete s.seats, (s.countRule = 'PLURALITY'))],
  ['electorate 0', 'NOT_A_POSITIVE_INTEGER', '/electorate', (s) => void (s.electorate = 0)],
  ['missing electorate', 'REQUIRED', '/electorate', (s) => void delete s.electorate],
  ['quorum of the whole roll', 'BAD_QUORUM', '/quorum', (s) => void (s.quorum = { numerator: 1, denominator: 1 })],
  ['quorum as a float', 'BAD_QUORUM', '/quorum', (s) => void (s.quorum = 0.5)],
  ['fractional quorum numerator', 'BAD_QUORUM', '/quorum/numerator', (s) => void (s.quorum = { numerator: 1.5, denominator: 2 })],
  ['zero quorum denominator', 'BAD_QUORUM', '/quorum/denominator', (s) => void (s.quorum = { numerator: 1, denominator: 0 })],
  ['candidate without a title', 'REQUIRED', '/candidates/0/title', (s) => void delete s.candidates[0]!.title],
  ['candidate id not a string', 'NOT_A_STRING', '/candidates/2/id', (s) => void (s.candidates[2]!.id = 7)],
  ['candidate that is not an object', 'NOT_AN_OBJECT', '/candidates/1', (s) => void (s.candidates[1] = 'p2' as never)],
  ['no candidates', 'NO_CANDIDATES', '/candidates', (s) => void (s.candidates = [])],
  ['candidates not a list', 'NOT_A_LIST', '/candidates', (s) => void (s.candidates = {} as never)],
  ['misspelt property', 'UNKNOWN_PROPERTY', '/seat', (s) => void (s.seat = 12)],
  ['property name needing pointer escapes', 'UNKNOWN_PROPERTY', '/a~1b~0c', (s) => void (s['a/b~c'] = 1)],
];

describe('checkBallotSpec', () => {
  it('accepts well-formed specs of every kind', () => {
    expect(checkBallotSpec(good())).toEqual([]);
    expect(checkBallotSpec({ kind: 'SATISFACTION', candidates: candidates(8), electorate: 29, thresholdBasis: 'PRESENT' })).toEqual([]);
    expect(checkBallotSpec({ kind: 'FOR_AGAINST', candidates: candidates(1), electorate: 29, quorum: { numerator: 2, denominator: 3 } })).toEqual([]);
    expect(checkBallotSpec({ ...good(), countRule: 'RANKED', shortfallAction: 'NEXT_SESSION', thresholdBasis: 'VALID_VOTES' })).toEqual([]);
  });

  it.each(broken)('%s → %s at %s', (_name, code, pointer, mutate) => {
    const spec = structuredClone(good());
    mutate(spec);
    expect(checkBallotSpec(spec)).toContainEqual(expect.objectContaining({ code, pointer }));
  });

  it('returns every error at once, and a non-object at the root', () => {
    const errors = checkBallotSpec({ kind: 'CHOOSE_K', candidates: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }], seats: 2, electorate: -1, countRule: 'X' });
    expect(errors.map((e) => `${e.code} ${e.pointer}`).sort()).toEqual([
      'DUPLICATE_CANDIDATE_ID /candidates/1/id',
      'NOT_A_POSITIVE_INTEGER /electorate',
      'NOT_ENOUGH_CANDIDATES /seats',
      'UNKNOWN_ENUM_VALUE /countRule',
    ]);
    expect(checkBallotSpec(null)).toEqual([expect.objectContaining({ code: 'NOT_AN_OBJECT', pointer: '' })]);
  });

  it('tally refuses a bad spec with every error attached', () => {
    const bad = { ...good(), seats: 15 } as unknown as BallotSpec;
    expect(() => tally(bad, [])).toThrow(expect.objectContaining({ code: 'INVALID_BALLOT_SPEC', details: [expect.objectContaining({ code: 'NOT_ENOUGH_CANDIDATES' })] }));
  });
});
