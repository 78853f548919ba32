/**
 * Every store and API suite runs on each database we support (as Kysely runs each test on
 * each dialect):
 *
 * - `pglite`: always. The schema is migrated once per test file into an in-memory PGlite,
 *   dumped with `dumpDataDir()`, and each `open()` loads that dump: ~0.5 s instead of ~4 s
 *   for initdb + migrations.
 * - `postgres`: when TEST_DATABASE_URL is set (an admin connection, e.g.
 *   postgres://postgres@127.0.0.1:5432/test) or CI is set (then the `postgres` database on
 *   127.0.0.1). A migrated template database is built once (named by a hash of the
 *   migrations, so a changed migration gets a new template) and each `open()` is
 *   `CREATE DATABASE … TEMPLATE …` (~50 ms), dropped again on close.
 *
 *   describeEachDatabase('user store', (open) => {
 *     it('…', async () => { const h = await open(); try { … } finally { await h.close(); } });
 *   });
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { migrateToLatest, openPostgres, wrapPglite, type DatabaseHandle } from '../../runtime/store/index.ts';

export interface TestHandle extends DatabaseHandle {
  /** A second, independent handle on the same database (another "server"); postgres only. */
  reopen?: () => Promise<DatabaseHandle>;
}

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A freshly migrated, empty database of its own. Close it when done. */
  open(): Promise<TestHandle>;
  /** A database with no tables at all (for migration tests). */
  openEmpty(): Promise<TestHandle>;
}

// ---------------------------------------------------------------- PGlite

let pgliteDump: Promise<File | Blob> | undefined;

/**
 * The dump is kept in the temporary folder, named by the migrations' hash and PGlite's version
 * (as the PostgreSQL template is named by the hash), so it is built once, not once per test
 * file: vitest runs each file in a process of its own, and the boot + migrations + dump cost
 * each file 2–4 s idle, 30–45 s on a loaded 2-core box; reading the file back takes well under
 * a second. Written under a name of its own and renamed when complete, so a reader never sees
 * half a dump (two files building it at once both write it whole; the last rename wins).
 */
async function buildPgliteDump(): Promise<File | Blob> {
  const file = join(tmpdir(), `cf-pglite-dump-${PGLITE_VERSION}-${migrationsHash}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const pglite = await PGlite.create('memory://');
  const handle = wrapPglite(pglite);
  try {
    await migrateToLatest(handle.db);
    const dump = await pglite.dumpDataDir('none');
    const building = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`;
    writeFileSync(building, Buffer.from(await dump.arrayBuffer()));
    renameSync(building, file);
    return dump;
  } finally {
    await handle.close();
  }
}

/** The migrated, empty PGlite data directory as a dump, to load into a directory of one's own (backup tests). */
export function migratedPgliteDump(): Promise<File | Blob> {
  return (pgliteDump ??= buildPgliteDump());
}

const PGLITE_VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)), 'utf8')) as { version: string }).version;

const pglite: TestDatabase = {
  name: 'pglite',
  async open() {
    const dump = await (pgliteDump ??= buildPgliteDump());
    return wrapPglite(await PGlite.create({ loadDataDir: dump }));
  },
  async openEmpty() {
    return wrapPglite(await PGlite.create('memory://'));
  },
};

// ---------------------------------------------------------------- PostgreSQL

const adminUrl = process.env.TEST_DATABASE_URL || (process.env.CI ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);

/**
 * Changes whenever a migration is added or edited (hash of the listed names and of every file
 * in migrations/), so a stale template is never reused.
 */
const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));
const migrationsHash = createHash('sha256')
  .update(Object.keys(migrations).join('\n'))
  .update(
    readdirSync(migrationsDir)
      .sort()
      .map((f) => readFileSync(join(migrationsDir, f), 'utf8'))
      .join('\n'),
  )
  .digest('hex')
  .slice(0, 12);
const TEMPLATE = `cf_tpl_${migrationsHash}`;
/** Serialises template building across vitest workers and concurrent runs. */
const TEMPLATE_LOCK_KEY = 7_265_401_339;

let adminPool: pg.Pool | undefined;
let template: Promise<void> | undefined;
let counter = 0;

function admin(url: string): pg.Pool {
  // allowExitOnIdle: the worker process may exit without anyone ending this pool.
  adminPool ??= new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
  return adminPool;
}

function urlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function freshName(): string {
  return `cf_test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
}

async function ensureTemplate(url: string): Promise<void> {
  const client = await admin(url).connect();
  try {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    const exists = await client.query('select 1 from pg_database where datname = $1', [TEMPLATE]);
    if (exists.rowCount === 0) {
      // Built under another name and renamed when complete: a crash mid-way leaves no half template.
      const building = `${TEMPLATE}_building`;
      await client.query(`drop database if exists ${building} with (force)`);
      await client.query(`create database ${building} template template0`);
      const handle = openPostgres(urlFor(url, building));
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      await client.query(`alter database ${building} rename to ${TEMPLATE}`);
      // No connections allowed: CREATE DATABASE … TEMPLATE fails while anyone is connected to it.
      await client.query(`alter database ${TEMPLATE} with is_template true allow_connections false`);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

async function createDatabase(url: string, source: string): Promise<TestHandle> {
  const name = freshName();
  await admin(url).query(`create database ${name} template ${source}`);
  const dbUrl = urlFor(url, name);
  const handle = openPostgres(dbUrl);
  const others: DatabaseHandle[] = [];
  return {
    db: handle.db,
    kind: handle.kind,
    readDb: handle.readDb,
    readSeparate: handle.readSeparate,
    async reopen() {
      const other = openPostgres(dbUrl);
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all([handle.close(), ...others.map((o) => o.close().catch(() => undefined))]);
      await dropDatabase(url, name);
    },
  };
}

/**
 * pg's pool.end() resolves before its sockets are gone, so the backends may still be there a
 * few ms later; `with (force)` would kill them and their clients log "terminating connection
 * due to administrator command". Wait (up to 2 s) for them to leave, then drop.
 */
async function dropDatabase(url: string, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const busy = await admin(url).query('select 1 from pg_stat_activity where datname = $1 limit 1', [name]);
    if (busy.rowCount === 0) break;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  await admin(url).query(`drop database if exists ${name} with (force)`);
}

function postgres(url: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      await (template ??= ensureTemplate(url));
      return createDatabase(url, TEMPLATE);
    },
    async openEmpty() {
      return createDatabase(url, 'template0');
    },
  };
}

export const databases: TestDatabase[] = adminUrl ? [pglite, postgres(adminUrl)] : [pglite];

/** `describe.each` over every database; the suite is titled `${name} on pglite|postgres`. */
export function describeEachDatabase(name: string, fn: (open: () => Promise<TestHandle>, database: TestDatabase) => void): void {
  describe.each(databases)(`${name} on $name`, (database) => fn(() => database.open(), database));
}
