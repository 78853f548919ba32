/**
 * The secret-ballot rules: pure and isomorphic (no Node, no database, no clock, no ambient
 * randomness: random bytes are passed in). The store and the browser use the same code.
 */
export * from './types.ts';
export { checkBallotSpec, resolveSpec, ballotsNeededForQuorum, DEFAULT_COUNT_RULE, DEFAULT_QUORUM } from './ballot-spec.ts';
export { validateMarks, markNames } from './marks.ts';
export { tally, countBallots, tallyCounts, addCounts } from './tally.ts';
export { revoteSpec } from './revote.ts';
export { satisfactionRating, satisfactionRates, type SatisfactionVotes } from './satisfaction.ts';
export { competenceRating, type CompetenceVotes } from './competence.ts';
export { publishBallotList, verifyBallotList, recount } from './ballot-list.ts';
export { canonicalJson } from './canonical-json.ts';
export { shuffle } from './shuffle.ts';
export { newReceiptCode, newVoteId, isReceiptCode, RECEIPT_ALPHABET, RECEIPT_PATTERN } from './receipt.ts';
