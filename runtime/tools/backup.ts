/**
 * `npm run backup`: one file with the embedded database (PGlite in DATA_DIR), its manifest and
 * the token secret. Stop the server first (a data directory it has open is refused).
 *
 *   npm run backup -- [--data-dir DIR] [--out FILE] [--force]
 *
 * DATA_DIR (./data) unless --data-dir; FILE defaults to congress-flow-<time>.backup.tar in the
 * current directory. With DATABASE_URL set the database is PostgreSQL: use pg_dump (README).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { backupDataDir } from '../store/backup.ts';

export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  if (process.env.DATABASE_URL) throw new Error('DATABASE_URL is set: this database is PostgreSQL; back it up with pg_dump -Fc (see README, "Backups")');
  const now = new Date();
  const dataDir = argValue(args, '--data-dir') ?? process.env.DATA_DIR ?? './data';
  const out = resolve(argValue(args, '--out') ?? `congress-flow-${now.toISOString().replace(/[:.]/g, '-')}.backup.tar`);
  if (existsSync(out)) throw new Error(`${out} exists; choose another --out`);
  const { archive, manifest } = await backupDataDir(dataDir, { now, force: args.includes('--force') });
  writeFileSync(out, archive, { mode: 0o600 });
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  console.log(`Backup written: ${out} (${archive.length} bytes; schema ${manifest.schemaVersion}; ${Object.keys(manifest.tables).length} tables, ${rows} rows; side files: ${manifest.members.filter((m) => m.name.startsWith('side/')).map((m) => m.name.slice(5)).join(', ') || 'none'})`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
