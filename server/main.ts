/**
 * Starts congress-flow: opens the database (PGlite in DATA_DIR, or PostgreSQL at
 * DATABASE_URL), migrates, seeds the demo county when it makes sense, and serves HTTP.
 *
 *   PORT (3000)  DATABASE_URL  DATA_DIR (./data)  TOKEN_SECRET (required with DATABASE_URL)  TRUST_PROXY  --demo
 *   DATABASE_READ_URL  (a streaming replica of DATABASE_URL: the register's and statistics' reads; routes/lagging-reads.ts)
 *   HSTS=1 or PUBLIC_URL=https://…  (send Strict-Transport-Security; server/security-headers.ts)
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { readExampleRegions, readPackages } from '../runtime/definition-files.ts';
import { AppError } from '../runtime/errors.ts';
import { createRuntime, loadApiPackages, sealStoredSecrets, secretsKeyOf, migrateToLatest, openDatabase, seedCountyExamples, seedDemo, seedDemoStations, generateAllReceptions, startScheduler, type Database, type DatabaseHandle, type Runtime } from '../runtime/store/index.ts';
import { ensureDesignerBuilt, mountDesigner } from './designer.ts';
import { mountWorkRoutes } from './routes/instances.ts';
import { createApp, type AppEnv } from './app.ts';
import { parseTrustProxy } from './client-address.ts';
import { loadSecret } from './secret.ts';
import { hstsFromEnv } from './security-headers.ts';
import { batchedLineLog } from './line-log.ts';

export interface StartOptions {
  port?: number;
  hostname?: string;
  databaseUrl?: string;
  /** A read replica of `databaseUrl` (DATABASE_READ_URL) for the reads server/routes/lagging-reads.ts names. */
  readUrl?: string;
  dataDir?: string;
  /** PostgreSQL connections of this process (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Seed the demo county even on PostgreSQL (`--demo`). On PGlite it is seeded when empty. */
  demo?: boolean;
  clock?: { now(): Date };
  /** Directory of process packages (default: the repo's definitions/). */
  definitionsDir?: string;
  /** Log store events as JSON lines (default true). */
  eventLog?: boolean;
  /** Run the timer/outbox scheduler in this process (default true). */
  background?: boolean;
  /** Send Strict-Transport-Security (default: from HSTS / PUBLIC_URL in the environment). */
  hsts?: boolean;
  /** Reverse proxies whose X-Forwarded-For is trusted (TRUST_PROXY; server/client-address.ts). */
  trustProxy?: number;
  /** Environment for TOKEN_SECRET (default process.env). */
  env?: Record<string, string | undefined>;
  /** More /api routes (see AppDeps.extra). */
  extra?: (api: Hono<AppEnv>) => void;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  database: DatabaseHandle;
  app: Hono<AppEnv>;
  rt: Runtime;
  close(): Promise<void>;
}

export interface BackgroundDeps {
  db: Kysely<Database>;
  rt: Runtime;
  log: (line: string) => void;
  /** Scheduler poll interval; 1 s by default. */
  intervalMs?: number;
}

/**
 * Background work of every server process: the timer and outbox scheduler. It claims work
 * with FOR UPDATE SKIP LOCKED, so every process may run it. Returns the function that stops
 * it; the server awaits it on shutdown before closing the database.
 */
export function startBackground(deps: BackgroundDeps): () => Promise<void> {
  const scheduler = startScheduler(deps.db, deps.rt, {
    intervalMs: deps.intervalMs ?? 1000,
    onError: (err) => deps.log(`scheduler: ${err instanceof Error ? err.message : String(err)}`),
  });
  // The reception cadences make their coming days every 6 hours (runtime/store/receptions.ts):
  // a day's notice is days ahead, so this is early enough; the cadence row lock keeps the
  // servers' runs from making a day twice.
  const makeReceptions = () =>
    void generateAllReceptions(deps.db, deps.rt).catch((err: unknown) => deps.log(`reception cadences: ${err instanceof Error ? err.message : String(err)}`));
  const receptions = setInterval(makeReceptions, 6 * 3600_000);
  receptions.unref();
  return () => {
    clearInterval(receptions);
    return scheduler.stop();
  };
}

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const clock = opts.clock ?? { now: () => new Date() };
  // The secret first: a PostgreSQL start without TOKEN_SECRET stops here, before touching the database.
  const secret = loadSecret({ kind: opts.databaseUrl ? 'pg' : 'pglite', dataDir: opts.dataDir, env: opts.env });
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, readUrl: opts.readUrl, dataDir: opts.dataDir, poolSize: opts.poolSize });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
    const demo = opts.demo || (database.kind === 'pglite' && !(await hasRegions(database.db)));
    if (demo) await seedDemo(database.db, log);
    // Definitions are checked and compiled once here, never on the request path.
    const rt = createRuntime({ clock, secretsKey: secretsKeyOf(secret) });
    // Delivery secrets saved in plain text before they were sealed are sealed now (settings-secrets.ts).
    const sealedRows = await sealStoredSecrets(database.db, rt.secretsKey, clock.now());
    if (sealedRows > 0) log(`Sealed the delivery secrets of ${sealedRows} county settings`);
    const registered = [...(await rt.registry.registerFiles(database.db, readPackages(opts.definitionsDir))), ...(await loadApiPackages(database.db, rt))];
    log(`Process definitions: ${registered.map((d) => `${d.id}@${d.pkg.version}`).join(', ')}`);
    // The worked county examples publish versions, so they need the registered definitions.
    if (demo) await seedCountyExamples(database.db, rt, readExampleRegions(opts.definitionsDir), log);
    // The demo county's stations and their reception days (runtime/store/station-demo.ts).
    if (demo) await seedDemoStations(database.db, rt);
    // Structured logs: one JSON line per transition, completion and fired timer.
    // Without a `log` of the caller's, the lines of one turn go to stdout in one write (line-log.ts).
    if (opts.eventLog !== false) {
      const eventLog = opts.log ?? batchedLineLog();
      for (const name of ['instance:transitioned', 'task:completed', 'timer:fired'] as const) {
        rt.events.on(name, (payload) => eventLog(JSON.stringify({ event: name, ...payload })));
      }
    }
    const app = createApp({
      db: database.db,
      dbKind: database.kind,
      ...(database.readSeparate ? { readDb: database.readDb } : {}),
      secret,
      clock,
      hsts: opts.hsts ?? hstsFromEnv(process.env),
      trustProxy: opts.trustProxy,
      phaseTiming: (opts.env ?? process.env).PHASE_TIMING === '1',
      extra: (api) => {
        mountWorkRoutes(api, { db: database.db, readDb: database.readDb, rt });
        opts.extra?.(api);
      },
    });
    mountDesigner(app);

    const stopBackground = opts.background === false ? async () => {} : startBackground({ db: database.db, rt, log });
    const server = serve({ fetch: app.fetch, port: opts.port ?? 3000, hostname: opts.hostname });
    await new Promise<void>((ok, fail) => {
      if (server.listening) ok();
      server.once('listening', () => ok());
      server.once('error', fail);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;
    log(`congress-flow listening on ${url} (database: ${database.kind === 'pglite' ? `PGlite in ${opts.dataDir ?? './data'}` : database.readSeparate ? 'PostgreSQL, reads of the register and statistics from DATABASE_READ_URL' : 'PostgreSQL'})`);

    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        await new Promise<void>((ok) => server.close(() => ok()));
        await stopBackground();
        await database.close();
      })());
    return { url, port, database, app, rt, close };
  } catch (err) {
    await database.close();
    throw err;
  }
}

async function hasRegions(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('regions').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  await ensureDesignerBuilt((line) => console.log(line));
  const poolSize = process.env.DATABASE_POOL_SIZE ? Number(process.env.DATABASE_POOL_SIZE) : undefined;
  if (poolSize !== undefined && !(Number.isInteger(poolSize) && poolSize >= 1)) throw new Error(`DATABASE_POOL_SIZE must be a whole number ≥ 1, got ${process.env.DATABASE_POOL_SIZE}`);
  const running = await startServer({
    port,
    poolSize,
    databaseUrl: process.env.DATABASE_URL || undefined,
    readUrl: process.env.DATABASE_READ_URL || undefined,
    dataDir: process.env.DATA_DIR || './data',
    demo: process.argv.includes('--demo'),
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    eventLog: process.env.LOG_EVENTS !== '0',
  });
  // PGlite runs with fsync off: close it properly so the data directory stays consistent.
  const shutdown = (signal: string): void => {
    console.log(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((err: unknown) => {
    // A refusal to start (no TOKEN_SECRET, an unsafe secret file) is its message, not a stack.
    if (err instanceof AppError && (err.code === 'TOKEN_SECRET_REQUIRED' || err.code === 'TOKEN_SECRET_UNSAFE')) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
