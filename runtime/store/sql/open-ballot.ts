/**
 * Opening a ballot, after readBallot(…, 'update') has locked its row: the roll is frozen
 * (one ballot_voters row per active deputy of the county, or per standing-committee member,
 * of the ballot's term if it has one) and the ballot is marked open with its final spec.
 *
 * Locking: the caller holds the ballot row (FOR UPDATE), so two openers cannot freeze two
 * rolls; the roll rows are new and lock nothing else. The deputies and users read here are
 * not locked: a deputy added during the opening is simply not on this roll.
 *
 * Indexes: deputies by its primary key prefix (county_id), joined to users by their primary
 * key (county_id, id); no index covers `active`, `standing_committee` or `term_id`, which
 * does not matter at county scale (a few hundred deputies, one range scan). The roll is
 * inserted and counted in one statement.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Writes the roll and returns its size (the electorate N). */
export async function freezeRoll(
  trx: Kysely<Database>,
  countyId: string,
  ballotId: string,
  roll: { standingCommittee: boolean; termId: string | null },
): Promise<number> {
  const inserted = await sql<{ n: number }>`
    with roll as (
      insert into ballot_voters (county_id, ballot_id, deputy_id)
      select d.county_id, ${ballotId}, d.user_id
      from deputies d join users u on u.county_id = d.county_id and u.id = d.user_id
      where d.county_id = ${countyId} and d.active and u.active ${roll.standingCommittee ? sql`and d.standing_committee` : sql``}
        ${roll.termId ? sql`and d.term_id = ${roll.termId}` : sql``}
      returning 1
    ) select count(*)::int as n from roll`.execute(trx);
  return Number(inserted.rows[0]?.n ?? 0);
}

/** Marks the ballot open (by its primary key) with the spec that now carries the electorate. */
export async function markBallotOpen(trx: Kysely<Database>, countyId: string, ballotId: string, spec: unknown, openedAt: Date): Promise<void> {
  await trx
    .updateTable('ballots')
    .set({ status: 'open', opened_at: openedAt, spec: JSON.stringify(spec) })
    .where('county_id', '=', countyId)
    .where('id', '=', ballotId)
    .execute();
}
