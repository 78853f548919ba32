import { sql, type Kysely } from 'kysely';

/**
 * Ballots of the voters present (DOMAIN §7.7: voters rate a deputy's report-back on the spot):
 * electorate kind `VOTERS`, whose roll is not the roster but `voter_count` one-time voter passes
 * made when the ballot opens (ballot_voters.deputy_id = `voter:<pass>`; ballot-voter-passes.ts).
 * A voter casts with a pass from the slip handed out at the door (phone), or fills a paper
 * ballot that a teller counts; the passes not used are simply not returned, so issued = N =
 * voters present, as §1.3 counts.
 *
 * The check constraint of 004 is replaced by name (`ballots_electorate_kind_check`, the name
 * PostgreSQL and PGlite give an unnamed column check).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ballots add column voter_count integer check (voter_count is null or voter_count between 1 and 2000)`.execute(db);
  await sql`alter table ballots drop constraint ballots_electorate_kind_check`.execute(db);
  await sql`alter table ballots add constraint ballots_electorate_kind_check check (electorate_kind in ('DEPUTIES', 'STANDING_COMMITTEE', 'VOTERS'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from ballots where electorate_kind = 'VOTERS'`.execute(db);
  await sql`alter table ballots drop constraint ballots_electorate_kind_check`.execute(db);
  await sql`alter table ballots add constraint ballots_electorate_kind_check check (electorate_kind in ('DEPUTIES', 'STANDING_COMMITTEE'))`.execute(db);
  await sql`alter table ballots drop column voter_count`.execute(db);
}
