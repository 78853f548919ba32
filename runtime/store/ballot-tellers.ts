/**
 * The tellers' side of a sealed secret ballot (监票人, ballot-contract.md): staff name the
 * tellers while the ballot is ready; each teller's browser makes a key share and posts only the
 * public half with its proof; after close each teller's browser recomputes the aggregate from
 * the published box, checks every ballot, and posts its partial decryption, which is checked
 * here against the aggregate the server fixed at close; a teller enters the paper ballots
 * counted in the hall. Each step is one transaction holding the ballot row FOR UPDATE.
 */
import type { Kysely } from 'kysely';
import { markNames, resolveSpec, type BallotSpec } from '../ballot/index.ts';
import { ballotContextOf, tellerContextOf, verifyPartialDecryption, verifyTellerKey, type Ciphertext, type PartialDecryption, type TellerKey } from '../ballot/sealed/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import type { PaperCounts } from './ballots.ts';
import { inTransaction } from './runtime.ts';
import type { Database } from './schema.ts';
import { setPaperCounts } from './sql/ballot-counting.ts';
import { deleteTellersNotIn, insertTellers, selectCountyUserIds, selectTellers, setDecryption, setTellerKey } from './sql/ballot-tellers.ts';
import { readBallot } from './sql/read-ballot.ts';

/** Replaces the tellers of a ready sealed ballot; a removed teller's key goes with them. Ids must be users of the county. */
export async function setTellers(db: Kysely<Database>, countyId: string, ballotId: string, tellers: string[]): Promise<void> {
  const unique = [...new Set(tellers)];
  await inTransaction(db, async (trx) => {
    // The ballot first: another county's ballot id is 404 whatever the body holds.
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (!ballot.sealed) throw new AppError('TELLERS_NOT_APPLICABLE', 'Only a sealed secret ballot has tellers');
    if (ballot.status !== 'ready') throw new AppError('TELLERS_LOCKED', 'The tellers are fixed once the ballot opens');
    const known = new Set(await selectCountyUserIds(trx, countyId, unique));
    const errors: FieldError[] = [];
    tellers.forEach((id, i) => {
      if (!known.has(id)) errors.push({ pointer: `/tellers/${i}`, message: '不是本地区的用户', message_en: 'is not a user of this county' });
    });
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
    await deleteTellersNotIn(trx, countyId, ballotId, unique);
    await insertTellers(trx, countyId, ballotId, unique);
  });
}

/** A teller's key share (ready only; replaces an earlier one). 422 INVALID_TELLER_KEY when the proof fails. */
export async function submitTellerKey(db: Kysely<Database>, countyId: string, ballotId: string, userId: string, key: TellerKey): Promise<void> {
  await inTransaction(db, async (trx) => {
    // The ballot first: another county's ballot id is 404 whatever the body holds.
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (!verifyTellerKey(key, tellerContextOf(countyId, ballotId))) {
      throw new AppError('INVALID_TELLER_KEY', '监票人密钥未通过核验 / The key proof does not hold for this ballot');
    }
    if (!ballot.sealed) throw new AppError('TELLERS_NOT_APPLICABLE', 'Only a sealed secret ballot has tellers');
    if (ballot.status !== 'ready') throw new AppError('TELLERS_LOCKED', 'Keys are fixed once the ballot opens');
    if (!(await setTellerKey(trx, countyId, ballotId, userId, key))) throw new AppError('NOT_A_TELLER');
  });
}

/** A teller's partial decryption of the aggregate (counting only), checked against the aggregate fixed at close. */
export async function submitDecryption(db: Kysely<Database>, countyId: string, ballotId: string, userId: string, decryption: PartialDecryption): Promise<void> {
  await inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (!ballot.sealed) throw new AppError('BALLOT_NOT_SEALED');
    if (ballot.status !== 'counting' || !ballot.joint_key) throw new AppError('BALLOT_NOT_COUNTING', `The ballot is ${ballot.status}, not counting`);
    const teller = (await selectTellers(trx, countyId, [ballotId])).find((t) => t.user_id === userId);
    if (!teller?.public_key) throw new AppError('NOT_A_TELLER');
    const context = ballotContextOf(countyId, ballotId, ballot.joint_key);
    if (!verifyPartialDecryption(teller.public_key, ballot.aggregate as Ciphertext[], decryption, context)) {
      throw new AppError('INVALID_DECRYPTION', '解密份额未通过核验 / The decryption proofs do not hold for this ballot’s aggregate');
    }
    await setDecryption(trx, countyId, ballotId, userId, { shares: decryption.shares, proofs: decryption.proofs });
  });
}

/**
 * Checks paper counts against the spec: non-negative integers, marks of the kind, invalid ≤
 * returned, blank and every candidate's marks ≤ the valid paper ballots, and (CHOOSE_K) no more
 * approvals than seats × valid, (RANKED) no rank given more often than there are valid ballots.
 */
export function checkPaperCounts(spec: BallotSpec, body: unknown): PaperCounts {
  const errors: FieldError[] = [];
  const add = (pointer: string, message: string, message_en: string) => void errors.push({ pointer, message, message_en });
  const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('INVALID_BODY', 'Body must be {returned, invalid, blank?, counts}');
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!['returned', 'invalid', 'blank', 'counts'].includes(key)) add(`/${key}`, '不支持的字段', 'is not a known field');
  if (!isCount(b.returned)) add('/returned', '须为非负整数', 'must be a non-negative integer');
  if (!isCount(b.invalid)) add('/invalid', '须为非负整数', 'must be a non-negative integer');
  if (b.blank !== undefined && !isCount(b.blank)) add('/blank', '须为非负整数', 'must be a non-negative integer');
  const s = resolveSpec(spec);
  const names = markNames(spec);
  const ids = new Set(s.candidates.map((c) => c.id));
  const counts: Record<string, Record<string, number>> = Object.fromEntries(s.candidates.map((c) => [c.id, Object.fromEntries(names.map((m) => [m, 0]))]));
  if (typeof b.counts !== 'object' || b.counts === null || Array.isArray(b.counts)) add('/counts', '须为各候选人各项的票数', 'must be {candidateId: {MARK: n}}');
  else {
    for (const [id, perMark] of Object.entries(b.counts)) {
      if (!ids.has(id)) {
        add(`/counts/${id}`, '不是本表决的候选人或事项', 'is not a candidate of this ballot');
        continue;
      }
      if (typeof perMark !== 'object' || perMark === null || Array.isArray(perMark)) {
        add(`/counts/${id}`, '须为各项的票数', 'must be {MARK: n}');
        continue;
      }
      for (const [mark, n] of Object.entries(perMark as Record<string, unknown>)) {
        if (!names.includes(mark)) add(`/counts/${id}/${mark}`, '不是本类表决的选项', `is not a mark of this ballot (${names.join(', ')})`);
        else if (!isCount(n)) add(`/counts/${id}/${mark}`, '须为非负整数', 'must be a non-negative integer');
        else (counts[id] as Record<string, number>)[mark] = n;
      }
    }
  }
  if (errors.length === 0) {
    const returned = b.returned as number;
    const invalid = b.invalid as number;
    const blank = (b.blank as number | undefined) ?? 0;
    const valid = returned - invalid;
    if (invalid > returned) add('/invalid', '无效票不能多于收回的票', 'cannot exceed the returned ballots');
    else {
      if (blank > valid) add('/blank', '空白票不能多于有效票', 'cannot exceed the valid ballots');
      for (const [id, perMark] of Object.entries(counts)) {
        if (Object.values(perMark).reduce((x, y) => x + y, 0) > valid) add(`/counts/${id}`, '各项票数之和不能多于有效票', 'the marks of one candidate cannot exceed the valid ballots');
      }
      if (s.kind === 'CHOOSE_K' && s.countRule !== 'RANKED') {
        const approvals = Object.values(counts).reduce((x, m) => x + (m.APPROVE ?? 0), 0);
        if (approvals > (s.seats ?? 0) * valid) add('/counts', '赞成票总数不能多于应选名额乘以有效票数', 'approvals cannot exceed seats × valid ballots');
      }
      if (s.kind === 'CHOOSE_K' && s.countRule === 'RANKED') {
        for (const rank of names) {
          if (Object.values(counts).reduce((x, m) => x + (m[rank] ?? 0), 0) > valid) add('/counts', `第${rank}位的票数之和不能多于有效票`, `rank ${rank} is given more often than there are valid ballots`);
        }
      }
    }
  }
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  return { returned: b.returned as number, invalid: b.invalid as number, blank: (b.blank as number | undefined) ?? 0, counts };
}

/** The paper ballots counted in the hall, entered by a teller while counting (replaceable until publish). */
export async function submitPaper(db: Kysely<Database>, countyId: string, ballotId: string, userId: string, body: unknown): Promise<PaperCounts> {
  return inTransaction(db, async (trx) => {
    const ballot = await readBallot(trx, countyId, ballotId, 'update');
    if (!ballot.sealed) throw new AppError('BALLOT_NOT_SEALED');
    if (ballot.status !== 'counting') throw new AppError('BALLOT_NOT_COUNTING', `The ballot is ${ballot.status}, not counting`);
    if (!(await selectTellers(trx, countyId, [ballotId])).some((t) => t.user_id === userId)) throw new AppError('NOT_A_TELLER');
    const paper = checkPaperCounts(ballot.spec as BallotSpec, body);
    await setPaperCounts(trx, countyId, ballotId, paper, userId);
    return paper;
  });
}
