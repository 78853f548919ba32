/**
 * Evaluation scoring (评议, DOMAIN.md §5.6): pure, no Node, no database, no clock. The engine's
 * `scoreEvaluation` action applies it to the rater groups' closed ballots.
 */
export * from './types.ts';
export { scoreEvaluation } from './scoring.ts';
export { groupFromBallot, scoreBallots, type BallotGroupInput } from './ballot-input.ts';
export { DEFAULT_SCORING_OPTIONS, resolveScoringOptions, isScoringModel } from './options.ts';
export { weightedShareAboveHalf, weightedShare, roundTo, type ShareTerm } from './weighted-share.ts';
