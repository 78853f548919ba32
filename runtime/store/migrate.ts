/**
 * Brings the schema up to date on start. N server processes may start at once against one
 * PostgreSQL; they must migrate exactly once and the others must wait until it is done.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { AppError } from '../errors.ts';
import { recordMigrations } from './audit.ts';
import { fillNamePinyin } from './name-pinyin.ts';
import { fillStatisticsProjection } from './statistics-projection.ts';
import type { Database } from './schema.ts';

/**
 * Session-level advisory lock key for the whole migration run (an arbitrary constant that is
 * not Kysely's own key). Taken on ONE connection: advisory locks belong to the session that
 * took them, so lock, migrate and unlock must share it. Kysely's Migrator takes its own lock
 * too, but only after creating its bookkeeping tables, where two racing processes make
 * `create table if not exists` fail in one of them (a unique violation in pg_type, which
 * Kysely catches and re-checks, leaving an error in the server log). Our lock covers the whole
 * run, so the second process simply waits, then finds nothing to do.
 */
const MIGRATION_LOCK_KEY = 7_265_401_337;

/**
 * Applies every pending migration. Returns the names applied (empty when already current).
 * What was applied goes into every county's audit log (`migration.applied`, at `clock.now()`),
 * in the same locked run, so of N servers starting at once only the one that migrated writes it.
 */
export async function migrateToLatest(db: Kysely<Database>, clock: { now(): Date } = { now: () => new Date() }): Promise<string[]> {
  let resultSet: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    // With PGlite (one connection) nothing else runs meanwhile: the driver queues other queries.
    resultSet = await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
      try {
        const migrator = new Migrator({
          db: conn,
          provider: { getMigrations: async () => migrations },
        });
        const result = await migrator.migrateToLatest();
        // Names written before 011_name_pinyin (or by a writer that left it out) get their pinyin.
        if (result.error === undefined) await fillNamePinyin(conn);
        // The statistics projection's rows of the instances already there (migration 022), and again when the catalogue files read other keys.
        if (result.error === undefined) await fillStatisticsProjection(conn);
        const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        if (result.error === undefined) await recordMigrations(conn, clock.now(), applied);
        return result;
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
      }
    });
  } catch (err) {
    throw new AppError('MIGRATION_FAILED', `Could not run migrations: ${messageOf(err)}`, undefined, { cause: err });
  }

  const results = resultSet.results ?? [];
  if (resultSet.error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new AppError('MIGRATION_FAILED',
      `Migration ${failed ?? '(before any migration ran)'} failed: ${messageOf(resultSet.error)}`,
      { migration: failed ?? null },
      { cause: resultSet.error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
