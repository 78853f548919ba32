/**
 * The sealed secret ballot: pure, isomorphic (the phone, the teller's browser and the server
 * run the same code). See sealed.ts for the construction and ballot-contract.md for the names.
 */
export {
  aggregate,
  ballotContextOf,
  ballotDigest,
  ballotTracker,
  checkSealedShape,
  countsFromSums,
  decryptSums,
  indicatorVector,
  jointKey,
  makeTellerKey,
  partialDecrypt,
  publicKeyOf,
  sealBallot,
  sealedCastMaxBytes,
  sealedBoxHash,
  tellerContextOf,
  verifyPartialDecryption,
  verifySealedBallot,
  verifyTellerKey,
  type Ciphertext,
  type Hex,
  type PartialDecryption,
  type RangeProof,
  type SchnorrProof,
  type SealedBallot,
  type SealedCheck,
  type TellerKey,
  type TellerSecret,
} from './sealed.ts';
export { ballotLayout, markNames, BLANK, type BallotLayout, type Constraint, type Indicator } from './layout.ts';
