import { sql, type Kysely } from 'kysely';

/**
 * The register (GET /api/register, runtime/store/sql/register.ts) lists a process's top-level
 * instances newest first: (county_id, definition_id, created_at desc, id) for top-level rows
 * gives that order and its id tie-break without a sort. instances_list orders by updated_at,
 * which a register must not (a row would jump pages whenever someone works on it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index instances_register on instances (county_id, definition_id, created_at desc, id) where parent_id is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index instances_register`.execute(db);
}
