import { sql, type Kysely } from 'kysely';

/**
 * Region readers (上级人大, issue 14 "region roll-up"): a user of a city or a province — a
 * `users` row whose `county_id` is that city or province region, holding the one role
 * `region` — reads the figures and the registers of every county under it, never their
 * tasks. This migration only lets `user_roles` hold that role (the check of 001 listed the six
 * county roles) and indexes `regions.parent_id`, which the descent from a region to its
 * counties walks (sql/region-counties.ts; a province of ~200 regions is read in one statement).
 *
 * Why a user row at the region and not a mapping table: every tenant row of a county carries
 * that county's id, and a region reader's own id is the city's, which no tenant row carries:
 * every county-scoped query answers it with nothing. Its reads of counties go only through the
 * explicit region paths (runtime/store/statistics-region.ts, register-region.ts), and the
 * server refuses it every other route before any lookup (server/region-gate.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('admin', 'staff', 'unit', 'deputy', 'leader', 'integrator', 'region'))`.execute(db);
  await sql`create index regions_parent on regions (parent_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index regions_parent`.execute(db);
  await sql`delete from user_roles where role = 'region'`.execute(db);
  await sql`alter table user_roles drop constraint user_roles_role_check`.execute(db);
  await sql`alter table user_roles add constraint user_roles_role_check check (role in ('admin', 'staff', 'unit', 'deputy', 'leader', 'integrator'))`.execute(db);
}
