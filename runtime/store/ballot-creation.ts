/**
 * Creating a ballot (ready, not yet open): from the ballots API and from a process step's
 * `createBallot` effect (step-writer.ts, inside the step's transaction). Kept apart from
 * ballots.ts, which steps the instance when a ballot closes, so neither imports the other.
 */
import type { Kysely } from 'kysely';
import { checkBallotSpec, type BallotSpec } from '../ballot/index.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database, ElectorateKind } from './schema.ts';
import { selectTerm } from './sql/read-term.ts';

/** Default batch size k: pending votes move to the box whenever at least k wait (and at close). */
export const DEFAULT_BATCH_SIZE = 20;

/** A ballot's spec before the roll is known: the electorate is filled in when it opens. */
export type DraftBallotSpec = Omit<BallotSpec, 'electorate'>;

export interface NewBallot {
  title: string;
  spec: DraftBallotSpec;
  electorate: ElectorateKind;
  batchSize?: number;
  instanceId?: string | null;
  ballotKey?: string | null;
  /** Hold the ballot among one term's deputies (届); it must be a term of the county. */
  termId?: string | null;
  /** False: a real-name ballot (记名), whose roll keeps each voter's marks. Default true. */
  secret?: boolean;
}

/** Refuses a spec the pure rules would refuse, with every error and pointer. */
export function checkDraftSpec(spec: DraftBallotSpec): void {
  // Any electorate passes the spec check; the real one is known at opening.
  const errors = checkBallotSpec({ ...spec, electorate: Math.max(1, (spec.candidates?.length ?? 0) + 1) });
  if (errors.length > 0) throw new AppError('INVALID_BALLOT_SPEC', `选票设置有 ${errors.length} 处错误 / ${errors.length} problem(s) in the ballot`, { errors });
}

/** Writes a ready ballot (inside the caller's transaction when it steps an instance). */
export async function createBallot(db: Kysely<Database>, rt: Runtime, countyId: string, input: NewBallot): Promise<string> {
  checkDraftSpec(input.spec);
  if (input.termId) {
    if (!(await selectTerm(db, countyId, input.termId))) throw new AppError('VALIDATION_FAILED', '届次不存在 / No such term', { errors: [{ pointer: '/termId', message: '本县没有该届次', message_en: 'is not a term of this county' }] });
  }
  const id = rt.newId();
  await db
    .insertInto('ballots')
    .values({
      county_id: countyId,
      id,
      instance_id: input.instanceId ?? null,
      ballot_key: input.ballotKey ?? null,
      title: input.title,
      spec: JSON.stringify(input.spec),
      electorate_kind: input.electorate,
      status: 'ready',
      batch_size: input.batchSize ?? DEFAULT_BATCH_SIZE,
      created_at: rt.clock.now(),
      term_id: input.termId ?? null,
      secret: input.secret ?? true,
    })
    .execute();
  return id;
}
