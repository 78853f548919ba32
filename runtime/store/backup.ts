/**
 * Backups of the embedded database (PGlite in DATA_DIR): `npm run backup` and `npm run restore`
 * (runtime/tools/backup.ts, restore.ts). A backup is one tar file (backup-archive.ts) with
 *
 * - `manifest.json`: format and version, when, the schema version (last migration), the rows
 *   of every table, and the sha-256 of every other member;
 * - `database.tar.gz`: PGlite's `dumpDataDir('gzip')` of the data directory (every table,
 *   files included: attachments live in the `files` table, not on disk);
 * - `side/<name>`: files the server keeps in DATA_DIR beside the database (the token signing
 *   secret `token-secret`), with their mode.
 *
 * Restore refuses a non-empty target unless forced (then the old contents are moved aside, not
 * deleted), checks every member's hash and the schema version before writing anything, and
 * after loading opens the database and compares every table's rows with the manifest.
 *
 * With DATABASE_URL (PostgreSQL) use pg_dump / pg_restore (README, "Backups").
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { AppError } from '../errors.ts';
import { readArchive, writeArchive, type ArchiveMember } from './backup-archive.ts';
import { wrapPglite } from './db.ts';
import { tableCounts } from './sql/table-counts.ts';

export const BACKUP_FORMAT = 'congress-flow-backup';
export const BACKUP_VERSION = 1;
/** Files the server keeps in DATA_DIR beside PostgreSQL's own (see server/secret.ts). */
export const SIDE_FILES = ['token-secret'] as const;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The last migration applied: a restore into older code is refused. */
  schemaVersion: string | null;
  tables: Record<string, number>;
  members: Array<{ name: string; size: number; sha256: string; mode: number }>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function isPgliteDataDir(dir: string): boolean {
  return existsSync(join(dir, 'PG_VERSION'));
}

/**
 * Writes a backup of the PGlite data directory `dataDir` and returns its manifest. A data
 * directory a server has open (postmaster.pid present) is refused unless `force` (after a
 * crash the file stays behind): two PGlite processes on one directory corrupt it.
 */
export async function backupDataDir(dataDir: string, opts: { now: Date; force?: boolean }): Promise<{ archive: Buffer; manifest: BackupManifest }> {
  const dir = resolve(dataDir);
  if (!isPgliteDataDir(dir)) throw new AppError('BACKUP_INVALID', `${dir} is not a congress-flow data directory (no PG_VERSION)`);
  if (existsSync(join(dir, 'postmaster.pid')) && !opts.force) {
    throw new AppError('DATA_DIR_IN_USE', `${dir} is open in a running server (postmaster.pid); stop the server first, or pass --force if it crashed`);
  }
  const pglite = await PGlite.create(dir);
  const handle = wrapPglite(pglite);
  let dump: Blob;
  let tables: Record<string, number>;
  let schemaVersion: string | null;
  try {
    tables = await tableCounts(handle.db);
    schemaVersion = await lastMigration(handle);
    dump = await pglite.dumpDataDir('gzip');
  } finally {
    await handle.close();
  }
  const mtime = Math.floor(opts.now.getTime() / 1000);
  const members: ArchiveMember[] = [{ name: 'database.tar.gz', mode: 0o600, mtime, content: new Uint8Array(await dump.arrayBuffer()) }];
  for (const name of SIDE_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) members.push({ name: `side/${name}`, mode: statSync(path).mode & 0o777, mtime, content: readFileSync(path) });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: opts.now.toISOString(),
    schemaVersion,
    tables,
    members: members.map((m) => ({ name: m.name, size: m.content.length, sha256: sha256(m.content), mode: m.mode })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return { archive: writeArchive([{ name: 'manifest.json', mode: 0o600, mtime, content: manifestBytes }, ...members]), manifest };
}

async function lastMigration(handle: ReturnType<typeof wrapPglite>): Promise<string | null> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(handle.db).catch(() => ({ rows: [] }));
  return r.rows[0]?.name ?? null;
}

/** The manifest and members of a backup file, every hash checked; nothing is written. */
export function readBackup(bytes: Uint8Array): { manifest: BackupManifest; members: Map<string, ArchiveMember> } {
  const members = new Map(readArchive(bytes).map((m) => [m.name, m]));
  const raw = members.get('manifest.json');
  if (!raw) throw new AppError('BACKUP_INVALID', 'The backup has no manifest.json');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(Buffer.from(raw.content).toString('utf8')) as BackupManifest;
  } catch {
    throw new AppError('BACKUP_INVALID', 'The manifest is not JSON');
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) throw new AppError('BACKUP_INVALID', `Not a ${BACKUP_FORMAT} version ${BACKUP_VERSION} file`);
  if (manifest.schemaVersion !== null && !Object.hasOwn(migrations, manifest.schemaVersion)) {
    throw new AppError('BACKUP_INVALID', `The backup's schema (${manifest.schemaVersion}) is newer than this version of congress-flow knows; restore it with the version that made it`);
  }
  for (const m of manifest.members) {
    const member = members.get(m.name);
    if (!member || member.content.length !== m.size || sha256(member.content) !== m.sha256) throw new AppError('BACKUP_INVALID', `${m.name} does not match the manifest (damaged or changed)`);
  }
  if (!members.has('database.tar.gz')) throw new AppError('BACKUP_INVALID', 'The backup has no database');
  return { manifest, members };
}

/**
 * Restores a backup into `dataDir`. An existing non-empty directory is refused unless `force`;
 * then its contents are moved to `<dataDir>.replaced-<time>` first. After loading, every
 * table's rows are counted and must equal the manifest's (else BACKUP_INVALID).
 */
export async function restoreDataDir(bytes: Uint8Array, dataDir: string, opts: { now: Date; force?: boolean }): Promise<{ manifest: BackupManifest; movedAside: string | null }> {
  const { manifest, members } = readBackup(bytes);
  const dir = resolve(dataDir);
  let movedAside: string | null = null;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!opts.force) throw new AppError('RESTORE_TARGET_NOT_EMPTY', `${dir} is not empty; restore into a new directory, or pass --force to move its contents aside`);
    if (existsSync(join(dir, 'postmaster.pid'))) throw new AppError('DATA_DIR_IN_USE', `${dir} is open in a running server (postmaster.pid); stop the server first`);
    movedAside = `${dir}.replaced-${opts.now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, movedAside);
  }
  mkdirSync(dir, { recursive: true });
  const dump = members.get('database.tar.gz') as ArchiveMember;
  const pglite = await PGlite.create(dir, { loadDataDir: new Blob([Buffer.from(dump.content)], { type: 'application/x-gzip' }) });
  const handle = wrapPglite(pglite);
  try {
    const counts = await tableCounts(handle.db);
    const differ = Object.keys({ ...counts, ...manifest.tables }).filter((t) => counts[t] !== manifest.tables[t]);
    if (differ.length > 0) throw new AppError('BACKUP_INVALID', `After the restore these tables do not have the manifest's rows: ${differ.join(', ')}`);
  } finally {
    await handle.close();
  }
  for (const m of manifest.members) {
    if (!m.name.startsWith('side/')) continue;
    const name = m.name.slice('side/'.length);
    if (!(SIDE_FILES as readonly string[]).includes(name)) continue;
    const path = join(dir, name);
    writeFileSync(path, (members.get(m.name) as ArchiveMember).content, { mode: m.mode });
    chmodSync(path, m.mode);
  }
  return { manifest, movedAside };
}
