/**
 * Migration 046 on overlays saved before result categories had one home: the hand-written
 * choices of the answer form (and of the follow-up's revision) are removed, what else the
 * overlay says stays, and objects left empty go.
 */
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { databases, type TestHandle } from '../support/databases.ts';

describe.each(databases)('migration 046 on stored overlays ($name)', ({ openEmpty }) => {
  let handle: TestHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('removes hand-written result choices and keeps the rest', { timeout: 180_000 }, async () => {
    handle = await openEmpty();
    const db = handle.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('043_instance_holds')).error).toBeUndefined();
    await sql`insert into regions (id, level, code, name) values ('a', 'county', 'a', '甲县'), ('b', 'county', 'b', '乙县')`.execute(db);
    const choices = [{ const: 'A', title: '已解决' }, { const: 'D', title: '暂难解决' }];
    const rows: Array<[string, string, unknown]> = [
      ['a', 'suggestion-assignment', { settings: { resultTaxonomy: 'FOUR_LEVEL_AD' }, forms: { answer: { properties: { resultCode: { oneOf: choices } } } } }],
      ['b', 'suggestion-assignment', { forms: { answer: { properties: { resultCode: { oneOf: choices, title: '结果' }, body: { title: '正文' } } } } }],
      ['a', 'suggestion-follow-up', { forms: { revision: { properties: { resultCode: { oneOf: choices } } } } }],
      ['a', 'suggestion', { forms: { answer: { properties: { resultCode: { oneOf: choices } } } } }],
    ];
    for (const [region, definition, patch] of rows) {
      await sql`insert into overlays (region_id, definition_id, patch, updated_at) values (${region}, ${definition}, ${JSON.stringify(patch)}::jsonb, now())`.execute(db);
    }
    expect((await migrator.migrateTo('046_taxonomy_overlays')).error).toBeUndefined();
    const after = await sql<{ region_id: string; definition_id: string; patch: unknown }>`select region_id, definition_id, patch from overlays order by region_id, definition_id`.execute(db);
    const patch = (r: string, d: string) => after.rows.find((x) => x.region_id === r && x.definition_id === d)?.patch;
    expect(patch('a', 'suggestion-assignment')).toEqual({ settings: { resultTaxonomy: 'FOUR_LEVEL_AD' } });
    expect(patch('b', 'suggestion-assignment')).toEqual({ forms: { answer: { properties: { resultCode: { title: '结果' }, body: { title: '正文' } } } } });
    expect(patch('a', 'suggestion-follow-up')).toEqual({});
    // Another process's overlay is not touched.
    expect(patch('a', 'suggestion')).toEqual({ forms: { answer: { properties: { resultCode: { oneOf: choices } } } } });
  });
});
