/**
 * Moves pending votes into the box in shuffled order under fresh random ids, so a box row
 * carries neither the voter's transaction (xmin) nor the order of casting. With `all`
 * (closing) everything moves; otherwise only when at least a batch of k waits, so no batch is
 * smaller than k.
 *
 * Locking: the pending rows are claimed with FOR UPDATE SKIP LOCKED; a mover that got fewer
 * than k (another mover holds the rest) moves nothing and leaves them. A close holds the
 * ballot row FOR UPDATE, so no cast adds to the pool while it moves everything.
 *
 * Indexes: ballot_pending and ballot_box by their primary keys (county_id, ballot_id, id).
 * The ids to delete go in as one jsonb list joined on the key, not an IN list: a prepared
 * statement's generic plan tests `id = ANY(ARRAY[$3 … $10002])` row by row, quadratic for a
 * box of 10,000 votes. The box is written 500 rows per INSERT (5 columns, far below pg's
 * 65,535 parameters).
 */
import { sql, type Kysely } from 'kysely';
import { shuffle } from '../../ballot/index.ts';
import { osRandom } from '../ballot-random.ts';
import type { Database } from '../schema.ts';

/** Returns how many votes moved. */
export async function movePendingVotes(trx: Kysely<Database>, countyId: string, ballotId: string, batchSize: number, all: boolean): Promise<number> {
  const claimed = await sql<{ id: string; receipt: string; marks: unknown }>`
    select id, receipt, marks from ballot_pending where county_id = ${countyId} and ballot_id = ${ballotId}
    for update skip locked`.execute(trx);
  if (claimed.rows.length === 0 || (!all && claimed.rows.length < batchSize)) return 0;
  const ids = claimed.rows.map((r) => r.id);
  await sql`delete from ballot_pending p using jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x(id)
    where p.county_id = ${countyId} and p.ballot_id = ${ballotId} and p.id = x.id`.execute(trx);
  const rows = shuffle(claimed.rows, osRandom).map((r) => ({
    county_id: countyId,
    ballot_id: ballotId,
    id: Buffer.from(osRandom(16)).toString('hex'),
    receipt: r.receipt,
    marks: JSON.stringify(r.marks),
  }));
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('ballot_box').values(rows.slice(i, i + 500)).execute();
  return rows.length;
}
