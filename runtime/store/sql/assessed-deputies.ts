/**
 * The county's serving deputies (active on the roster), the people a year's assessment asks for a
 * self-evaluation. No lock: the assessment is opened from the roster as it stands. Reads the
 * deputies primary key (county_id, user_id) range of the county.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function assessedDeputies(db: Kysely<Database>, countyId: string) {
  return db
    .selectFrom('deputies')
    .select(['user_id', 'name', 'delegation', 'deputy_group'])
    .where('county_id', '=', countyId)
    .where('active', '=', true)
    .orderBy('user_id')
    .execute();
}
