/**
 * `npm run backup` / `npm run restore` (runtime/store/backup.ts) on the embedded database: a
 * county with an instance and its events, a ballot and an uploaded file is backed up with its
 * token secret, restored into a fresh data directory, and found there row for row, byte for
 * byte. Damaged files, a non-empty target and a data directory in use are refused.
 */
import { migrations } from '../../migrations/index.ts';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { AppError } from '../../runtime/errors.ts';
import { backupDataDir, readBackup, restoreDataDir } from '../../runtime/store/backup.ts';
import { wrapPglite, type Database } from '../../runtime/store/index.ts';
import { migratedPgliteDump } from '../support/databases.ts';
import { workApp } from '../support/work-app.ts';
import { SUGGESTION } from '../fixtures/suggestion-data.ts';

const root = mkdtempSync(join(tmpdir(), 'cf-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const now = new Date('2026-03-02T01:00:00Z');

/** Every row of the table in key order, bytea as hex: what "byte for byte" compares. */
async function rows(db: Kysely<Database>, table: string, order: string): Promise<string> {
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(db);
  return JSON.stringify(r.rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

const TABLES = { instances: 'county_id, id', instance_events: 'county_id, instance_id, seq', ballots: 'county_id, id', files: 'county_id, id', users: 'county_id, id', audit_log: 'county_id, id' } as const;

async function snapshot(dir: string): Promise<Record<string, string>> {
  const h = wrapPglite(await PGlite.create(dir));
  try {
    const out: Record<string, string> = {};
    for (const [table, order] of Object.entries(TABLES)) out[table] = await rows(h.db, table, order);
    return out;
  } finally {
    await h.close();
  }
}

const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (err: unknown) => (err instanceof AppError ? err.code : String(err)));

it('restores a backup into a fresh data directory with every instance, event, ballot and file, and the token secret', async () => {
  // A county at work in a data directory, as `npm start` leaves it.
  const source = join(root, 'source');
  const handle = wrapPglite(await PGlite.create(source, { loadDataDir: await migratedPgliteDump() }));
  const w = await workApp(handle);
  const deputy = await w.login('deputy1', 'demo');
  const staff = await w.login('staff', 'demo');
  expect((await w.call(deputy, 'POST', '/definitions/suggestion/instances', { data: SUGGESTION })).status).toBe(201);
  const pdf = Buffer.from('%PDF-1.4 调研报告 \u0000\u00ff bytes');
  expect((await w.call(deputy, 'POST', '/files', { name: '调研报告.pdf', mime: 'application/pdf', base64: pdf.toString('base64') })).status).toBe(201);
  const candidates = [1, 2, 3].map((i) => ({ id: `c${i}`, title: `项目${i}` }));
  const ballot = await w.call(staff, 'POST', '/ballots', { title: '民生实事项目票决', spec: { kind: 'CHOOSE_K', candidates, seats: 2 }, electorate: 'DEPUTIES' });
  expect(ballot.status, JSON.stringify(ballot.body)).toBe(201);
  const before: Record<string, string> = {};
  for (const [table, order] of Object.entries(TABLES)) before[table] = await rows(handle.db, table, order);
  await handle.close();
  writeFileSync(join(source, 'token-secret'), 'a-signing-secret-of-this-server', { mode: 0o600 });
  chmodSync(join(source, 'token-secret'), 0o600);

  const { archive, manifest } = await backupDataDir(source, { now });
  expect(manifest.schemaVersion).toBe(Object.keys(migrations).sort().at(-1));
  expect([manifest.tables.instances, manifest.tables.ballots, manifest.tables.files]).toEqual([1, 1, 1]);
  expect(manifest.tables.instance_events).toBeGreaterThan(0);
  expect(manifest.members.map((m) => [m.name, m.mode])).toEqual([['database.tar.gz', 0o600], ['side/token-secret', 0o600]]);

  const target = join(root, 'restored');
  const restored = await restoreDataDir(archive, target, { now });
  expect(restored.movedAside).toBeNull();
  expect(await snapshot(target)).toEqual(before);
  expect(JSON.parse(before.files ?? '[]')[0].content).toBe(pdf.toString('hex'));
  expect(readFileSync(join(target, 'token-secret'), 'utf8')).toBe('a-signing-secret-of-this-server');
  expect(statSync(join(target, 'token-secret')).mode & 0o777).toBe(0o600);

  // A non-empty target is refused; --force moves it aside, never deletes it.
  expect(await codeOf(restoreDataDir(archive, target, { now }))).toBe('RESTORE_TARGET_NOT_EMPTY');
  const forced = await restoreDataDir(archive, target, { now, force: true });
  expect(readdirSync(forced.movedAside ?? root)).toContain('PG_VERSION');
  expect(readdirSync(target)).toContain('PG_VERSION');

  // A damaged byte anywhere in the database member, a cut-short file, or not a backup at all.
  const damaged = Buffer.from(archive);
  damaged[damaged.length - 2048] = (damaged[damaged.length - 2048] ?? 0) ^ 0xff;
  expect(await codeOf(restoreDataDir(damaged, join(root, 'damaged'), { now }))).toBe('BACKUP_INVALID');
  expect(await codeOf(restoreDataDir(archive.subarray(0, archive.length / 2), join(root, 'short'), { now }))).toBe('BACKUP_INVALID');
  expect(() => readBackup(Buffer.from('hello'))).toThrow(/not a backup/);
  expect(existsSync(join(root, 'damaged', 'PG_VERSION'))).toBe(false);

  // A data directory a server has open is refused: PGlite keeps postmaster.pid there while open.
  writeFileSync(join(source, 'postmaster.pid'), '-42\n');
  expect(await codeOf(backupDataDir(source, { now }))).toBe('DATA_DIR_IN_USE');
}, 600_000);
