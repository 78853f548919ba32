/**
 * The search condition of the directory statements (search-deputies.ts, search-units.ts,
 * search-users.ts): the name contains the query (张三, 建国, Alice), or its pinyin initials
 * contain it ("zs", "jg" for 王建国), or its full pinyin starts with it ("wangj"). An empty
 * query matches every row. LIKE wildcards in the query are escaped (`\` is PostgreSQL's
 * default escape character). The pinyin columns are `collate "C"`, so the prefix test is a
 * byte comparison on pg and PGlite alike.
 */
import { sql, type RawBuilder } from 'kysely';
import { pinyinQuery } from '../name-pinyin.ts';

const escapeLike = (s: string): string => s.replace(/[%_\\]/g, (m) => `\\${m}`);

/**
 * `alias.nameColumn`, `alias.name_initials` and `alias.name_pinyin` against `q` (trimmed by the
 * caller); with `englishColumn` (units' `name_en`), the English name contains it too, so a
 * reader of the English portal finds a unit by the name it shows them.
 */
export function nameMatchSql(alias: string, nameColumn: string, q: string, englishColumn?: string): RawBuilder<boolean> {
  if (q === '') return sql<boolean>`true`;
  const pattern = `%${escapeLike(q.toLowerCase())}%`;
  const inName = sql<boolean>`lower(${sql.ref(`${alias}.${nameColumn}`)}) like ${pattern}`;
  const byName = englishColumn === undefined
    ? inName
    : sql<boolean>`(${inName} or coalesce(lower(${sql.ref(`${alias}.${englishColumn}`)}), '') like ${pattern})`;
  const p = pinyinQuery(q);
  if (p === '') return byName;
  return sql<boolean>`(${byName} or ${sql.ref(`${alias}.name_initials`)} like ${`%${p}%`} or ${sql.ref(`${alias}.name_pinyin`)} like ${`${p}%`})`;
}
