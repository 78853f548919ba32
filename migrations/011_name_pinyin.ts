import { sql, type Kysely } from 'kysely';

/**
 * The pinyin of people's and units' names (runtime/store/name-pinyin.ts), for the directory
 * that pickers search (GET /api/directory): initials ("wjg") and the full syllables
 * ("wangjianguo"). `collate "C"` compares bytes, so pg and PGlite sort alike and a btree on
 * the column serves `like 'wangj%'` prefixes. The rows already there are filled after the
 * migrations run (`fillNamePinyin` in runtime/store/migrate.ts): the pinyin dictionary is
 * code, not SQL, and a migration must not depend on a library's version.
 *
 * Indexes: the directory lists a county's entries in pinyin order and stops at `limit`
 * matches, so (county_id, name_pinyin) serves the filter on the county and the order.
 */
const TABLES = ['users', 'units', 'deputies'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} add column name_initials text collate "C"`.execute(db);
    await sql`alter table ${sql.table(table)} add column name_pinyin text collate "C"`.execute(db);
    await sql`create index ${sql.id(`${table}_directory`)} on ${sql.table(table)} (county_id, name_pinyin)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`drop index ${sql.id(`${table}_directory`)}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column name_pinyin`.execute(db);
    await sql`alter table ${sql.table(table)} drop column name_initials`.execute(db);
  }
}
