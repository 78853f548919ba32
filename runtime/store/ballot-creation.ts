/**
 * Creating a ballot (ready, not yet open): from the ballots API and from a process step's
 * `createBallot` effect (step-writer.ts, inside the step's transaction). Kept apart from
 * ballots.ts, which steps the instance when a ballot closes, so neither imports the other.
 */
import type { Kysely } from 'kysely';
import { checkBallotSpec, type BallotSpec } from '../ballot/index.ts';
import { ballotLayout, markNames, sealedCastMaxBytes } from '../ballot/sealed/index.ts';
import { MAX_BODY_BYTES } from '../body-limit.ts';
import { AppError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database, ElectorateKind } from './schema.ts';
import { insertTellers, selectCountyUserIds } from './sql/ballot-tellers.ts';
import { selectTerm } from './sql/read-term.ts';

/** Kept for the batch_size column; sealed ballots (migration 015) have no pending pool and no batches. */
export const DEFAULT_BATCH_SIZE = 20;

/** A ballot's spec before the roll is known: the electorate is filled in when it opens. */
export type DraftBallotSpec = Omit<BallotSpec, 'electorate'>;

export interface NewBallot {
  title: string;
  spec: DraftBallotSpec;
  electorate: ElectorateKind;
  /** Accepted and ignored since sealed ballots (no pending pool); kept so packages and clients that send it still work. */
  batchSize?: number;
  /** Tellers (监票人) of a secret ballot: user ids of the county. */
  tellers?: string[];
  instanceId?: string | null;
  ballotKey?: string | null;
  /** Hold the ballot among one term's deputies (届); it must be a term of the county. */
  termId?: string | null;
  /** False: a real-name ballot (记名), whose roll keeps each voter's marks. Default true. */
  secret?: boolean;
  /** `VOTERS` only: the voters present, 1..2000 (the passes made at opening). */
  voters?: number | null;
}

/** Refuses a spec the pure rules would refuse, with every error and pointer. */
export function checkDraftSpec(spec: DraftBallotSpec): void {
  // Any electorate passes the spec check; the real one is known at opening.
  const errors = checkBallotSpec({ ...spec, electorate: Math.max(1, (spec.candidates?.length ?? 0) + 1) });
  if (errors.length > 0) throw new AppError('INVALID_BALLOT_SPEC', `选票设置有 ${errors.length} 处错误 / ${errors.length} problem(s) in the ballot`, { errors });
}

/**
 * A sealed ballot whose cast could not reach the server is refused now, not when the deputies
 * vote: a ranked layout grows as n² (20 ranked candidates ~0.4 MB, from about 35 past the 1 MiB
 * body limit, README "Secret ballots"). The bound is sealedCastMaxBytes, the one the cast route uses.
 */
export function checkSealable(spec: DraftBallotSpec): void {
  const electorate = Math.max(1, (spec.candidates?.length ?? 0) + 1);
  const full = { ...spec, electorate } as BallotSpec;
  const n = spec.candidates?.length ?? 0;
  // Every indicator is a 143-byte ciphertext, so past MAX_BODY_BYTES / 143 of them the layout
  // (n × n for a ranked count) is not even built: 30,000 ranked candidates would be 9 × 10⁸.
  const indicators = n * markNames(full).length;
  const bytes = indicators * 143 > MAX_BODY_BYTES ? indicators * 143 : sealedCastMaxBytes(ballotLayout(full));
  if (bytes <= MAX_BODY_BYTES) return;
  throw new AppError('BALLOT_TOO_LARGE_TO_SEAL', `候选项过多（${n} 个），加密选票约 ${Math.ceil(bytes / 1024)} KB，超出 ${MAX_BODY_BYTES / 1024} KB 上限 / Too many candidates (${n}) for a sealed ballot`, {
    errors: [
      {
        pointer: '/spec/candidates',
        message: `${n} 个候选项的加密选票约 ${Math.ceil(bytes / 1024)} KB，超出手机可提交的 ${MAX_BODY_BYTES / 1024} KB；请减少候选项，或改为不排序的表决方式`,
        message_en: `a sealed ballot of ${n} candidates is about ${Math.ceil(bytes / 1024)} KB, past the ${MAX_BODY_BYTES / 1024} KB a phone can send; use fewer candidates or a count without ranking`,
      },
    ],
  });
}

/** Writes a ready ballot and its tellers (inside the caller's transaction: a step's, or the API's). */
export async function createBallot(db: Kysely<Database>, rt: Runtime, countyId: string, input: NewBallot): Promise<string> {
  checkDraftSpec(input.spec);
  if (input.secret ?? true) checkSealable(input.spec);
  if (input.termId) {
    if (!(await selectTerm(db, countyId, input.termId))) throw new AppError('VALIDATION_FAILED', '届次不存在 / No such term', { errors: [{ pointer: '/termId', message: '本县没有该届次', message_en: 'is not a term of this county' }] });
  }
  if (input.electorate === 'VOTERS') {
    const n = input.voters;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 2000) {
      throw new AppError('VALIDATION_FAILED', '到会选民人数须为 1 至 2000 的整数 / Voters present must be an integer from 1 to 2000', { errors: [{ pointer: '/voters', message: '到会选民人数须为 1 至 2000 的整数', message_en: 'must be an integer from 1 to 2000' }] });
    }
  }
  const tellers = [...new Set(input.tellers ?? [])];
  if (tellers.length > 0) {
    if (input.secret === false) throw new AppError('TELLERS_NOT_APPLICABLE', 'A real-name ballot has no tellers');
    const known = new Set(await selectCountyUserIds(db, countyId, tellers));
    const errors = (input.tellers ?? []).flatMap((t, i) => (known.has(t) ? [] : [{ pointer: `/tellers/${i}`, message: '不是本地区的用户', message_en: 'is not a user of this county' }]));
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
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
      // Every secret ballot is sealed: its box holds only ciphertexts (README "Secret ballots").
      sealed: input.secret ?? true,
      voter_count: input.electorate === 'VOTERS' ? (input.voters ?? null) : null,
    })
    .execute();
  await insertTellers(db, countyId, id, tellers);
  return id;
}
