/**
 * `npm run restore`: loads a backup made by `npm run backup` into a data directory, checks the
 * manifest (every member's hash, the schema version) before writing and every table's rows
 * after. A non-empty directory is refused unless --force, which moves its contents aside to
 * `<dir>.replaced-<time>` (never deleted).
 *
 *   npm run restore -- FILE [--data-dir DIR] [--force]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { restoreDataDir } from '../store/backup.ts';
import { argValue } from './backup.ts';

async function main(args: string[]): Promise<void> {
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--data-dir');
  if (!file) throw new Error('Usage: npm run restore -- FILE [--data-dir DIR] [--force]');
  const dataDir = argValue(args, '--data-dir') ?? process.env.DATA_DIR ?? './data';
  const { manifest, movedAside } = await restoreDataDir(readFileSync(resolve(file)), dataDir, { now: new Date(), force: args.includes('--force') });
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  if (movedAside) console.log(`The old contents of ${resolve(dataDir)} are in ${movedAside}`);
  console.log(`Restored ${resolve(file)} (made ${manifest.createdAt}, schema ${manifest.schemaVersion}) into ${resolve(dataDir)}: ${Object.keys(manifest.tables).length} tables, ${rows} rows, as the manifest says`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
