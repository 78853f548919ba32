/**
 * The statements of one cast, run in the casting transaction after readBallot(…, 'share').
 *
 * One vote per deputy is the database's doing: `markVoted` flips the roll row from not voted
 * to voted (`… and not voted`), so it matches once; a concurrent second cast waits on that
 * row's lock (held until the first commits) and then matches nothing. Only then is the box
 * row written (sealed-box.ts for a sealed ballot, addBoxEntry here otherwise).
 *
 * The sealed cast also reads the roll row first (`rollEntry`, no lock) to refuse a deputy who
 * is not on the roll or has voted before the ~0.4 s proof check; markVoted decides in the end.
 *
 * Indexes: ballot_voters and ballot_box by their primary keys.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Flips the deputy's roll row to voted (and, for a real-name ballot, keeps the marks on it,
 * on purpose; `undefined` for a secret ballot). False when nothing matched: not on the roll,
 * or already voted.
 */
export async function markVoted(trx: Kysely<Database>, countyId: string, ballotId: string, deputyId: string, namedMarks: unknown): Promise<boolean> {
  const marked = await sql<{ one: number }>`
    update ballot_voters set voted = true, marks = ${namedMarks === undefined ? null : JSON.stringify(namedMarks)}::jsonb
    where county_id = ${countyId} and ballot_id = ${ballotId} and deputy_id = ${deputyId} and not voted
    returning 1 as one`.execute(trx);
  return marked.rows.length > 0;
}

/** The deputy's roll row (whether they have voted), or undefined when they are not on the roll. */
export async function rollEntry(db: Kysely<Database>, countyId: string, ballotId: string, deputyId: string): Promise<{ voted: boolean } | undefined> {
  return db.selectFrom('ballot_voters').select('voted').where('county_id', '=', countyId).where('ballot_id', '=', ballotId).where('deputy_id', '=', deputyId).executeTakeFirst();
}

/** After markVoted matched nothing: whether the deputy is on the roll at all (then they have voted). */
export async function isOnRoll(trx: Kysely<Database>, countyId: string, ballotId: string, deputyId: string): Promise<boolean> {
  return (await rollEntry(trx, countyId, ballotId, deputyId)) !== undefined;
}

/**
 * Puts a plain ballot (marks under a random id and receipt) into the box: a real-name ballot,
 * or a secret ballot opened before migration 015. A sealed ballot's box is ballot_sealed.
 */
export async function addBoxEntry(trx: Kysely<Database>, countyId: string, ballotId: string, vote: { id: string; receipt: string; marks: unknown }): Promise<void> {
  await sql`insert into ballot_box (county_id, ballot_id, id, receipt, marks)
    values (${countyId}, ${ballotId}, ${vote.id}, ${vote.receipt}, ${JSON.stringify(vote.marks)}::jsonb)`.execute(trx);
}
