/**
 * The pinyin of a name, stored beside it so the directory (sql/search-directory.ts) finds
 * 王建国 by "wjg" (initials) or "wangj" (full pinyin prefix) in one SQL statement. Computed
 * where names are written (users, units, deputies) and back-filled for rows without it
 * (`fillNamePinyin`, run after the migrations on every start).
 *
 * pinyin-pro (server only, ~0.2 s to load its dictionary once) reads surnames with their
 * surname sound (`surname: 'head'`: 曾 zeng, 单 shan) and polyphonic characters by context.
 * Letters and digits in a name are kept as they are (lower-cased); everything else is dropped.
 */
import { sql, type Kysely } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { Database } from './schema.ts';

export interface NamePinyin {
  /** One letter per Chinese character, letters/digits of other words kept whole: 王建国 → "wjg". */
  initials: string;
  /** The syllables run together: 王建国 → "wangjianguo". */
  full: string;
}

export function namePinyin(name: string): NamePinyin {
  let initials = '';
  let full = '';
  for (const part of pinyin(name, { type: 'all', toneType: 'none', surname: 'head', nonZh: 'consecutive', v: true })) {
    if (part.isZh) {
      full += part.pinyin;
      initials += part.first;
      continue;
    }
    // A run of other text ("Alice Wang", "2"): each word whole in `full`, its first letter in `initials`.
    for (const word of part.origin.toLowerCase().split(/[^a-z0-9]+/)) {
      if (word === '') continue;
      full += word;
      initials += /^[0-9]+$/.test(word) ? word : word[0];
    }
  }
  return { initials, full };
}

/** What a search box query becomes before it is matched against the stored pinyin: "Wang J" → "wangj". */
export function pinyinQuery(q: string): string {
  return q.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The two columns to write with a name. */
export function pinyinColumns(name: string): { name_initials: string; name_pinyin: string } {
  const p = namePinyin(name);
  return { name_initials: p.initials, name_pinyin: p.full };
}

/**
 * Fills `name_initials` / `name_pinyin` of every user, unit and deputy row that has none (rows
 * written before migration 011, or by a writer that did not set them). Run once per start,
 * under the migration lock, so two servers starting at once do not both write. The lookups
 * scan the three tables (no index has `name_pinyin is null` rows first; a county has a few
 * thousand users at most, scanned in milliseconds); a missing row costs one UPDATE.
 */
export async function fillNamePinyin(db: Kysely<Database>): Promise<number> {
  let filled = 0;
  const users = await sql<{ county_id: string; id: string; name: string }>`select county_id, id, display_name as name from users where name_pinyin is null`.execute(db);
  for (const r of users.rows) {
    await db.updateTable('users').set(pinyinColumns(r.name)).where('county_id', '=', r.county_id).where('id', '=', r.id).execute();
    filled++;
  }
  const units = await sql<{ county_id: string; id: string; name: string }>`select county_id, id, name from units where name_pinyin is null`.execute(db);
  for (const r of units.rows) {
    await db.updateTable('units').set(pinyinColumns(r.name)).where('county_id', '=', r.county_id).where('id', '=', r.id).execute();
    filled++;
  }
  const deputies = await sql<{ county_id: string; id: string; name: string }>`select county_id, user_id as id, name from deputies where name_pinyin is null`.execute(db);
  for (const r of deputies.rows) {
    await db.updateTable('deputies').set(pinyinColumns(r.name)).where('county_id', '=', r.county_id).where('user_id', '=', r.id).execute();
    filled++;
  }
  return filled;
}
