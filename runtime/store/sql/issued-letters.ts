/**
 * The letters issued in some instances (document-letters.ts): per instance, the context list its
 * numbered letters are recorded in and the letter it holds now, read by the instances primary
 * key (county_id, id), all ids in one jsonb parameter. No lock: a snapshot read, as the
 * documents beside it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface IssuedLettersRow {
  id: string;
  /** The context list (e.g. `answers`), as stored. */
  issued: unknown;
  /** The context object holding the latest letter (e.g. `answer`), as stored. */
  latest: unknown;
}

/** `list` and `current`: context keys (one level, e.g. "answers" and "answer"). */
export async function selectIssuedLetters(db: Kysely<Database>, countyId: string, ids: string[], list: string, current: string): Promise<IssuedLettersRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<IssuedLettersRow>`
    select i.id, i.snapshot->'machine'->'context'->${list} as issued, i.snapshot->'machine'->'context'->${current} as latest from instances i
    where i.county_id = ${countyId} and i.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(db);
  return result.rows;
}
