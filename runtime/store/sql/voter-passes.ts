/**
 * The roll of a `VOTERS` ballot (migration 023): one ballot_voters row per one-time voter pass,
 * `deputy_id` = `voter:<pass>`, written when the ballot opens; and the passes read back for the
 * slips handed out at the door.
 *
 * Locking: the caller holds the ballot row FOR UPDATE while opening (readBallot), so the roll is
 * written once; reading the passes takes no lock. Index: the primary key of ballot_voters
 * (county_id, ballot_id, deputy_id) serves both — insert, and the range scan of one ballot.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export const VOTER_PREFIX = 'voter:';

/** Writes the passes as the roll; answers its size (the electorate N). */
export async function insertVoterPasses(trx: Kysely<Database>, countyId: string, ballotId: string, passes: readonly string[]): Promise<number> {
  if (passes.length === 0) return 0;
  await trx
    .insertInto('ballot_voters')
    .values(passes.map((p) => ({ county_id: countyId, ballot_id: ballotId, deputy_id: `${VOTER_PREFIX}${p}` })))
    .execute();
  return passes.length;
}

/** The passes of a ballot with whether each was used, in pass order. */
export async function selectVoterPasses(db: Kysely<Database>, countyId: string, ballotId: string): Promise<{ pass: string; voted: boolean }[]> {
  const rows = await sql<{ deputy_id: string; voted: boolean }>`
    select deputy_id, voted from ballot_voters
    where county_id = ${countyId} and ballot_id = ${ballotId} and deputy_id like ${`${VOTER_PREFIX}%`}
    order by deputy_id`.execute(db);
  return rows.rows.map((r) => ({ pass: r.deputy_id.slice(VOTER_PREFIX.length), voted: r.voted }));
}
