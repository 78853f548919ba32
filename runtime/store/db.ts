/**
 * Opens the one database of a process: embedded PGlite in a data directory (the default, so
 * `npm start` needs no database server) or a real PostgreSQL through a `pg` pool.
 *
 * PGlite is ONE connection. Kysely's PGlite driver queues every other query until the current
 * connection is released, so inside `db.transaction().execute(trx => ...)` a query on `db`
 * (instead of `trx`) waits for the transaction that waits for it: it hangs forever. Always pass
 * the `trx` down. The same holds for `db.connection().execute(conn => ...)`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'pg';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /**
   * Where reads that may lag go (server/routes/lagging-reads.ts names them): a second pool on
   * DATABASE_READ_URL (a streaming replica), or `db` itself when there is none.
   */
  readDb: Kysely<Database>;
  /** True when `readDb` is a pool of its own (DATABASE_READ_URL), not `db`. */
  readSeparate: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… ; when set, PostgreSQL is used and `dataDir` is ignored. */
  databaseUrl?: string;
  /** PGlite data directory (created if missing) or `memory://` for a throwaway database. */
  dataDir?: string;
  /** PostgreSQL connections (default DEFAULT_POOL_SIZE), for each pool. */
  poolSize?: number;
  /**
   * postgres://… of a read replica (DATABASE_READ_URL): reads that may lag go there
   * (`readDb`). PostgreSQL only: with PGlite (no `databaseUrl`) it is refused.
   */
  readUrl?: string;
}

/**
 * int8 (OID 20: bigserial ids, count(*)) arrives from pg as a string because it may exceed
 * 2^53; PGlite returns a number. We never get near 2^53 rows, so pg is made to agree with
 * PGlite. The parser is process-wide in pg; setting it twice is harmless.
 */
pg.types.setTypeParser(20, Number);

/**
 * Connections per server process to PostgreSQL. One Node process seldom keeps more than a few
 * queries in flight; more backends than the box has cores to run them only contend. W1 on 2
 * cores (16 clients): 8 connections cost ~15% less PostgreSQL CPU per completion than 20.
 */
export const DEFAULT_POOL_SIZE = 8;

export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.readUrl && !opts.databaseUrl) throw new Error('DATABASE_READ_URL (a PostgreSQL read replica) needs DATABASE_URL: PGlite has no replicas');
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize, opts.readUrl);
  return openPglite(opts.dataDir ?? './data');
}

function postgresPool(databaseUrl: string, poolSize: number): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client's error (server restart, network) must not crash the process; the pool
  // drops that client and the next query gets a fresh one.
  pool.on('error', (err) => console.error('[db] idle PostgreSQL client error:', err.message));
  pool.on('connect', preparedStatements);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** A pool on `databaseUrl`, and a second one on `readUrl` when given (a read replica; see DatabaseHandle.readDb). */
export function openPostgres(databaseUrl: string, poolSize: number = DEFAULT_POOL_SIZE, readUrl?: string): DatabaseHandle {
  const db = postgresPool(databaseUrl, poolSize);
  const readDb = readUrl ? postgresPool(readUrl, poolSize) : db;
  return { db, kind: 'pg', readDb, readSeparate: readDb !== db, close: async () => void (await Promise.all([db.destroy(), ...(readDb !== db ? [readDb.destroy()] : [])])) };
}

/**
 * Parameterised queries become named prepared statements on each connection, so PostgreSQL
 * parses and plans a query shape once per connection instead of on every call. Measured on
 * the W1 completion path: PostgreSQL spent more CPU planning the step's write statement
 * than executing it. Only queries with parameters are named (migrations and other one-off
 * DDL stay unnamed); names are a hash of the SQL text, so the same text maps to the same
 * statement.
 */
const statementNames = new Map<string, string>();

/**
 * Queries with more parameters than this stay unnamed: they are one-off shapes (a 500-row
 * insert, a long IN list) that would otherwise each keep a prepared statement on every
 * connection for its lifetime.
 */
const MAX_NAMED_PARAMETERS = 100;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `cf_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (statementNames.size > 5000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

function preparedStatements(client: pg.PoolClient): void {
  // Reuse each prepared statement's generic plan. Left to choose, PostgreSQL kept planning the
  // step's write statement afresh on every call (pg_stat_statements on W1: 1.8 ms planning
  // against 0.8 ms executing), as its estimate for the generic plan came out higher; the
  // generic plans of our queries are index scans on the county-first keys (instance view:
  // EXPLAIN ANALYZE 0.09 ms generic, 0.12 ms custom). Queued first, so it precedes every query.
  // Unnamed statements get generic plans too, where `x IN ($1 … $n)` is tested row by row: a
  // long list of ids goes in as one jsonb parameter, joined (see sql/move-pending-votes.ts).
  // W1 on 2 cores: PostgreSQL CPU per completion 1.06 → 0.90 ms.
  void client.query('set plan_cache_mode = force_generic_plan').catch((err: Error) => console.error('[db] plan_cache_mode:', err.message));
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && values.length <= MAX_NAMED_PARAMETERS && callback === undefined) {
      return query({ name: statementName(config), text: config, values });
    }
    return query(config, values, callback);
  };
}

/** Wraps an already created PGlite (e.g. one loaded from a dumped data dir in tests). */
export function wrapPglite(pglite: PGlite): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  // Kysely's destroy() closes the PGlite instance through the dialect's driver.
  return { db, kind: 'pglite', readDb: db, readSeparate: false, close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  return wrapPglite(pglite);
}
