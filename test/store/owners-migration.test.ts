/**
 * Migration 014 on data written before it: an API package takes the county of the user who
 * added it when that user id is in exactly one county (else it stays region-wide), and every
 * attachment already named in an instance's events (at any depth, by `fileId`) is recorded in
 * file_refs for the instance, so who could read it is decided as for new data.
 */
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';

describe.each(databases)('migration 014 on existing data ($name)', ({ openEmpty }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('fills package owners and file references from what is stored', { timeout: 180_000 }, async () => {
    handle = await openEmpty();
    const db = handle.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('011_name_pinyin');
    expect(before.error).toBeUndefined();

    await sql`insert into regions (id, level, code, name) values ('a', 'county', 'a', '甲县'), ('b', 'county', 'b', '乙县')`.execute(db);
    await sql`insert into users (county_id, id, username, display_name, password_hash) values
      ('a', 'only-a', 'x', 'x', 'h'), ('a', 'twice', 'y', 'y', 'h'), ('b', 'twice', 'y', 'y', 'h')`.execute(db);
    await sql`insert into definitions (hash, id, version, package) values ('h1', 'p1', '1', '{}'), ('h2', 'p2', '1', '{}'), ('h3', 'p3', '1', '{}')`.execute(db);
    await sql`insert into api_definitions (definition_id, hash, added_by, added_at) values
      ('p1', 'h1', 'only-a', now()), ('p2', 'h2', 'twice', now()), ('p3', 'h3', null, now())`.execute(db);
    await sql`insert into files (county_id, id, name, mime, size, content, uploaded_at) values
      ('a', 'f1', 'a.txt', 'text/plain', 1, '\\x61', now()), ('a', 'f2', 'b.txt', 'text/plain', 1, '\\x62', now()),
      ('a', 'f3', 'c.txt', 'text/plain', 1, '\\x63', now()), ('b', 'f1', 'd.txt', 'text/plain', 1, '\\x64', now())`.execute(db);
    await sql`insert into instances (county_id, id, definition_id, definition_hash, title, state, status, snapshot, version, created_at, updated_at) values
      ('a', 'i1', 'p1', 'h1', 't', 's', 'active', '{}', 2, now(), now()), ('a', 'i2', 'p1', 'h1', 't', 's', 'active', '{}', 1, now(), now())`.execute(db);
    const events = [
      ['i1', 1, { data: { attachments: [{ fileId: 'f1', name: 'a.txt' }] } }],
      ['i1', 2, { data: { rounds: [{ letters: [{ fileId: 'f2', name: 'b.txt' }, { fileId: 'f1', name: 'a.txt' }] }], note: 'f3' } }],
      ['i2', 1, { data: { attachments: [{ fileId: 'no-such-file' }, { fileId: 7 }] } }],
    ] as const;
    for (const [instance, seq, data] of events) {
      await sql`insert into instance_events (county_id, instance_id, seq, type, at, data) values ('a', ${instance}, ${seq}, 'X', now(), ${JSON.stringify(data)}::jsonb)`.execute(db);
    }

    const after = await migrator.migrateTo('014_owners');
    expect(after.error).toBeUndefined();
    const owners = await sql<{ definition_id: string; county_id: string | null }>`select definition_id, county_id from api_definitions order by definition_id`.execute(db);
    expect(owners.rows).toEqual([
      { definition_id: 'p1', county_id: 'a' },
      { definition_id: 'p2', county_id: null },
      { definition_id: 'p3', county_id: null },
    ]);
    const refs = await sql<{ county_id: string; file_id: string; instance_id: string }>`select county_id, file_id, instance_id from file_refs order by file_id, instance_id`.execute(db);
    // f3 appears only as text (not a {fileId}); b's f1 is another county's file; unknown ids and non-strings are skipped.
    expect(refs.rows).toEqual([
      { county_id: 'a', file_id: 'f1', instance_id: 'i1' },
      { county_id: 'a', file_id: 'f2', instance_id: 'i1' },
    ]);
  });
});
