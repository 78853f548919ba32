/**
 * `npm run seed -- --scenario <name>`: seeds a sample year (scenarios/<name>.json) through the
 * engine into the database `npm start` uses — PGlite in DATA_DIR (./data) unless DATABASE_URL
 * or --database-url names PostgreSQL. On an empty PGlite it first seeds the demo county and the
 * worked examples, as `npm start` would, so the year sits beside them. Prints the seeding rate.
 *
 *   npm run seed -- --scenario chengdu-2023 [--database-url postgres://…] [--data-dir ./data]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { readExampleRegions, readPackages } from '../definition-files.ts';
import { createRuntime, migrateToLatest, openDatabase, seedCountyExamples, seedDemo, type Database } from '../store/index.ts';
import { loadScenario, ScenarioError } from './format.ts';
import { seedScenario } from './drive.ts';

const USAGE = 'usage: npm run seed -- --scenario <name|path.json> [--database-url <postgres url>] [--data-dir <dir>] [--concurrency <n>]';

/**
 * Steps run at once on PostgreSQL unless --concurrency says otherwise. The Chengdu year on the
 * shared 2-core box: 125 s one at a time (a step waits on its round trips), 63 s with 8 (the
 * pool's size, DEFAULT_POOL_SIZE).
 */
const PG_CONCURRENCY = 8;

export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>): { scenario: string; databaseUrl?: string; dataDir: string; concurrency?: number } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  const scenario = value('--scenario');
  if (!scenario) throw new Error(USAGE);
  const databaseUrl = value('--database-url') ?? (env.DATABASE_URL || undefined);
  const concurrency = value('--concurrency');
  if (concurrency !== undefined && !(/^\d+$/.test(concurrency) && Number(concurrency) >= 1 && Number(concurrency) <= 64)) throw new Error(`--concurrency must be a whole number 1–64\n${USAGE}`);
  return {
    scenario,
    ...(databaseUrl ? { databaseUrl } : {}),
    dataDir: value('--data-dir') ?? (env.DATA_DIR || './data'),
    ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}),
  };
}

async function hasRegions(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('regions').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  const scenario = loadScenario(args.scenario);
  const database = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: args.dataDir });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
    if (database.kind === 'pglite' && !(await hasRegions(database.db))) {
      // What `npm start` seeds on an empty PGlite; once a county exists it would seed nothing.
      await seedDemo(database.db, (line) => console.log(line));
      const rt = createRuntime();
      await rt.registry.registerFiles(database.db, readPackages());
      await seedCountyExamples(database.db, rt, readExampleRegions(), (line) => console.log(line));
    }
    console.log(`Seeding ${scenario.title} into ${database.kind === 'pglite' ? `PGlite in ${args.dataDir}` : 'PostgreSQL'} …`);
    const concurrency = args.concurrency ?? (database.kind === 'pg' ? PG_CONCURRENCY : 1);
    const summary = await seedScenario(database.db, scenario, { log: (line) => console.log(line), concurrency });
    console.log(`Seeding rate on ${database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}: ${summary.rate.toFixed(1)} suggestions/s (${summary.steps} engine steps in ${summary.seconds.toFixed(1)} s, ${(summary.steps / summary.seconds).toFixed(0)} steps/s, ${concurrency} at a time).`);
    console.log(`Log in as staff (county "${summary.countyCode}", password "${summary.password}") to see the year.`);
  } finally {
    await database.close();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof ScenarioError || (err instanceof Error && err.message.startsWith('usage')) ? err.message : err);
    process.exit(1);
  });
}
