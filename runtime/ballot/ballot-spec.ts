/**
 * Checking a ballot spec before a ballot opens. The input is `unknown` because specs come
 * from definitions and HTTP bodies, where enums can be misspelt; every problem is returned
 * at once (code + JSON pointer) so the designer can mark all of them.
 */
import { pointer } from '../json-pointer.ts';
import { AppError } from '../errors.ts';
import {
  BALLOT_KINDS,
  COUNT_RULES,
  SHORTFALL_ACTIONS,
  THRESHOLD_BASES,
  type BallotSpec,
  type BallotSpecError,
  type BallotSpecErrorCode,
  type CountRule,
  type QuorumRule,
  type ResolvedBallotSpec,
} from './types.ts';

/** More than half of the roll (§1.3 "attendees > N/2", §3.5 quorum). */
export const DEFAULT_QUORUM: QuorumRule = Object.freeze({ numerator: 1, denominator: 2 });
/** §11 A11: a spec without `countRule` counts by majority, then rank. */
export const DEFAULT_COUNT_RULE: CountRule = 'MAJORITY_THEN_RANK';

const SPEC_KEYS = new Set(['kind', 'candidates', 'seats', 'electorate', 'quorum', 'thresholdBasis', 'countRule', 'shortfallAction']);
const CANDIDATE_KEYS = new Set(['id', 'title', 'title_en']);
const QUORUM_KEYS = new Set(['numerator', 'denominator']);

export { pointer };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isPositiveInteger = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

export function checkBallotSpec(input: unknown): BallotSpecError[] {
  const errors: BallotSpecError[] = [];
  const add = (code: BallotSpecErrorCode, ptr: string, message: string) => void errors.push({ code, pointer: ptr, message });
  if (!isRecord(input)) {
    add('NOT_AN_OBJECT', '', 'A ballot spec must be an object');
    return errors;
  }
  for (const key of Object.keys(input)) {
    if (!SPEC_KEYS.has(key)) add('UNKNOWN_PROPERTY', pointer(key), `Unknown property "${key}"`);
  }

  const { kind, seats, electorate, quorum, thresholdBasis, countRule, shortfallAction } = input;
  if (kind === undefined) add('REQUIRED', '/kind', 'kind is required');
  else if (!oneOf(BALLOT_KINDS, kind)) add('UNKNOWN_ENUM_VALUE', '/kind', `kind must be one of ${BALLOT_KINDS.join(', ')}`);
  const candidateCount = checkCandidates(input.candidates, add);

  if (kind === 'CHOOSE_K') {
    if (seats === undefined) add('REQUIRED', '/seats', 'CHOOSE_K needs the number of seats');
    else if (!isPositiveInteger(seats)) add('NOT_A_POSITIVE_INTEGER', '/seats', 'seats must be a positive integer');
    // 差额: "以差额投票表决方式" (§3.5) — as many candidates as seats would be no choice at all.
    else if (candidateCount !== null && candidateCount <= seats) {
      add('NOT_ENOUGH_CANDIDATES', '/seats', `${candidateCount} candidates for ${seats} seats: 差额 needs more candidates than seats`);
    }
  } else if (seats !== undefined && oneOf(BALLOT_KINDS, kind)) {
    add('SEATS_NOT_APPLICABLE', '/seats', `${kind} decides every item on its own and has no seats`);
  }

  if (electorate === undefined) add('REQUIRED', '/electorate', 'electorate (the size of the voter roll) is required');
  else if (!isPositiveInteger(electorate)) add('NOT_A_POSITIVE_INTEGER', '/electorate', 'electorate must be a positive integer');

  if (quorum !== undefined) checkQuorum(quorum, add);
  if (thresholdBasis !== undefined && !oneOf(THRESHOLD_BASES, thresholdBasis)) {
    add('UNKNOWN_ENUM_VALUE', '/thresholdBasis', `thresholdBasis must be one of ${THRESHOLD_BASES.join(', ')}`);
  }
  if (shortfallAction !== undefined && !oneOf(SHORTFALL_ACTIONS, shortfallAction)) {
    add('UNKNOWN_ENUM_VALUE', '/shortfallAction', `shortfallAction must be one of ${SHORTFALL_ACTIONS.join(', ')}`);
  }
  if (countRule !== undefined) {
    if (!oneOf(COUNT_RULES, countRule)) add('UNKNOWN_ENUM_VALUE', '/countRule', `countRule must be one of ${COUNT_RULES.join(', ')}`);
    // PLURALITY and RANKED fill k seats; FOR_AGAINST, SATISFACTION and COMPETENCE have no seats to fill.
    else if (countRule !== 'MAJORITY_THEN_RANK' && (kind === 'FOR_AGAINST' || kind === 'SATISFACTION' || kind === 'COMPETENCE')) {
      add('RULE_NOT_APPLICABLE', '/countRule', `${countRule} needs seats; ${kind} decides every item on its own`);
    }
  }
  return errors;
}

/** Returns the number of candidates when the list is usable for the seats check, else null. */
function checkCandidates(candidates: unknown, add: (code: BallotSpecErrorCode, ptr: string, message: string) => void): number | null {
  if (candidates === undefined) {
    add('REQUIRED', '/candidates', 'candidates are required');
    return null;
  }
  if (!Array.isArray(candidates)) {
    add('NOT_A_LIST', '/candidates', 'candidates must be a list');
    return null;
  }
  if (candidates.length === 0) {
    add('NO_CANDIDATES', '/candidates', 'A ballot needs at least one candidate');
    return null;
  }
  const seen = new Set<string>();
  candidates.forEach((c: unknown, i) => {
    if (!isRecord(c)) return add('NOT_AN_OBJECT', pointer('candidates', i), 'A candidate must be an object');
    for (const key of Object.keys(c)) {
      if (!CANDIDATE_KEYS.has(key)) add('UNKNOWN_PROPERTY', pointer('candidates', i, key), `Unknown property "${key}"`);
    }
    if (c.id === undefined) add('REQUIRED', pointer('candidates', i, 'id'), 'A candidate needs an id');
    else if (typeof c.id !== 'string' || c.id === '') add('NOT_A_STRING', pointer('candidates', i, 'id'), 'A candidate id must be a non-empty string');
    else if (seen.has(c.id)) add('DUPLICATE_CANDIDATE_ID', pointer('candidates', i, 'id'), `Candidate id "${c.id}" appears twice`);
    else seen.add(c.id);
    if (c.title === undefined) add('REQUIRED', pointer('candidates', i, 'title'), 'A candidate needs a title');
    else if (typeof c.title !== 'string' || c.title === '') add('NOT_A_STRING', pointer('candidates', i, 'title'), 'title must be a non-empty string');
    if (c.title_en !== undefined && typeof c.title_en !== 'string') add('NOT_A_STRING', pointer('candidates', i, 'title_en'), 'title_en must be a string');
  });
  return candidates.length;
}

function checkQuorum(quorum: unknown, add: (code: BallotSpecErrorCode, ptr: string, message: string) => void): void {
  if (!isRecord(quorum)) return add('BAD_QUORUM', '/quorum', 'quorum must be {numerator, denominator}');
  for (const key of Object.keys(quorum)) {
    if (!QUORUM_KEYS.has(key)) add('UNKNOWN_PROPERTY', pointer('quorum', key), `Unknown property "${key}"`);
  }
  const { numerator, denominator } = quorum;
  if (!Number.isSafeInteger(numerator) || (numerator as number) < 0) {
    return add('BAD_QUORUM', '/quorum/numerator', 'numerator must be an integer ≥ 0');
  }
  if (!isPositiveInteger(denominator)) return add('BAD_QUORUM', '/quorum/denominator', 'denominator must be a positive integer');
  // "More than" the whole roll could never be met.
  if ((numerator as number) >= denominator) add('BAD_QUORUM', '/quorum', 'The quorum fraction must be below 1 ("more than" semantics)');
}

/** Fills the defaults in; throws `INVALID_BALLOT_SPEC` (with every error in `details`) on a bad spec. */
export function resolveSpec(spec: BallotSpec): ResolvedBallotSpec {
  const errors = checkBallotSpec(spec);
  if (errors.length > 0) throw new AppError('INVALID_BALLOT_SPEC', `Invalid ballot spec: ${errors[0]?.message ?? ''}`, errors);
  return {
    kind: spec.kind,
    candidates: spec.candidates,
    seats: spec.kind === 'CHOOSE_K' ? (spec.seats ?? null) : null,
    electorate: spec.electorate,
    quorum: spec.quorum ?? DEFAULT_QUORUM,
    thresholdBasis: spec.thresholdBasis ?? 'ALL_MEMBERS',
    countRule: spec.countRule ?? DEFAULT_COUNT_RULE,
    shortfallAction: spec.shortfallAction ?? 'LEAVE_EMPTY',
  };
}

/** The smallest number of returned ballots that is more than numerator/denominator of the electorate. */
export function ballotsNeededForQuorum(spec: Pick<ResolvedBallotSpec, 'electorate' | 'quorum'>): number {
  const { numerator, denominator } = spec.quorum;
  const product = numerator * spec.electorate;
  // Integer floor division: no float rounding at exact multiples (2/3 of 30 is 20, so 21 are needed).
  return (product - (product % denominator)) / denominator + 1;
}
