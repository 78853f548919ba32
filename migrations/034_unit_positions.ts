import { sql, type Kysely } from 'kysely';

/**
 * Positions inside a handling unit (issue 16): a user with role `unit` holds one or more of
 * 经办人 `clerk` (drafts the answer), 审核人 `reviewer` (checks it) and 签发人 `signer` (the
 * unit head or a deputy head, who signs it). A user may hold several: a township office of
 * two people has its head review and sign. `user_positions` mirrors `user_roles` (primary key
 * (county_id, user_id, position), read with the user by its prefix); a task that only one
 * position may do names it in `tasks.position` (null: any user of the task's role and unit,
 * as before). `units.short_name` is the unit's 发文机关代字 for its letter numbers
 * ("县卫健函〔2026〕12号"); null: the unit's full name is used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table user_positions (
    county_id text not null,
    user_id text not null,
    position text not null check (position in ('clerk', 'reviewer', 'signer')),
    primary key (county_id, user_id, position),
    foreign key (county_id, user_id) references users (county_id, id) on delete cascade
  )`.execute(db);
  await sql`alter table tasks add column position text`.execute(db);
  await sql`alter table units add column short_name text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table units drop column short_name`.execute(db);
  await sql`alter table tasks drop column position`.execute(db);
  await sql`drop table user_positions`.execute(db);
}
