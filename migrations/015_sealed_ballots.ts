import { sql, type Kysely } from 'kysely';

/**
 * Sealed secret ballots (ballot-contract.md, README "Secret ballots"): a secret ballot's box
 * holds only ciphertexts under the tellers' joint key, each with proofs that it is a valid
 * ballot, written in the casting transaction beside the roll update. Nothing a database reader
 * can see links a voter to marks, because no marks are stored; so the sealed pending pool and
 * its shuffled batch moves are gone.
 *
 * - ballots: status `counting` (closed to casting, tellers decrypting); `sealed` (true for
 *   every secret ballot created from now on; a secret ballot still `ready` becomes sealed, one
 *   already open keeps the plain box it has until it closes); `joint_key` (frozen at open);
 *   `aggregate` (the homomorphic sums, fixed at close); `paper` and `paper_by` (the paper
 *   ballots counted in the hall and the teller who entered them).
 * - ballot_tellers: the tellers (监票人) of a ballot, their public key share with its proof, and
 *   their partial decryption of the aggregate. Never a secret key.
 * - ballot_sealed: the box of a sealed ballot, keyed by the ballot's tracker (SHA-256 of it).
 * - ballot_pending: dropped; rows still waiting move into ballot_box first.
 *
 * Indexes: both new tables are read by the prefix (county_id, ballot_id) of their primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`alter table ballots drop constraint ballots_status_check`,
    sql`alter table ballots add constraint ballots_status_check check (status in ('ready', 'open', 'counting', 'closed', 'cancelled'))`,
    sql`alter table ballots add column sealed boolean not null default false`,
    sql`alter table ballots add column joint_key text`,
    sql`alter table ballots add column aggregate jsonb`,
    sql`alter table ballots add column paper jsonb`,
    sql`alter table ballots add column paper_by text`,
    sql`update ballots set sealed = true where secret and status = 'ready'`,
    sql`create table ballot_tellers (
      county_id text not null,
      ballot_id text not null,
      user_id text not null,
      public_key text,
      key_proof jsonb,
      decryption jsonb,
      primary key (county_id, ballot_id, user_id),
      foreign key (county_id, ballot_id) references ballots (county_id, id) on delete cascade,
      foreign key (county_id, user_id) references users (county_id, id)
    )`,
    sql`create table ballot_sealed (
      county_id text not null,
      ballot_id text not null,
      tracker text not null,
      sealed jsonb not null,
      primary key (county_id, ballot_id, tracker),
      foreign key (county_id, ballot_id) references ballots (county_id, id) on delete cascade
    )`,
    sql`insert into ballot_box (county_id, ballot_id, id, receipt, marks) select county_id, ballot_id, id, receipt, marks from ballot_pending`,
    sql`drop table ballot_pending`,
  ]) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table ballot_pending (
      county_id text not null,
      ballot_id text not null,
      id text not null,
      receipt text not null,
      marks jsonb not null,
      primary key (county_id, ballot_id, id),
      unique (county_id, ballot_id, receipt)
    )`,
    sql`drop table ballot_sealed`,
    sql`drop table ballot_tellers`,
    sql`alter table ballots drop column paper_by`,
    sql`alter table ballots drop column paper`,
    sql`alter table ballots drop column aggregate`,
    sql`alter table ballots drop column joint_key`,
    sql`alter table ballots drop column sealed`,
    sql`alter table ballots drop constraint ballots_status_check`,
    sql`alter table ballots add constraint ballots_status_check check (status in ('ready', 'open', 'closed', 'cancelled'))`,
  ]) {
    await statement.execute(db);
  }
}
