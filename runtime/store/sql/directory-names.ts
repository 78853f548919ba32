/**
 * Names for ids of one kind (GET /api/directory/names), for displays: a deputy's roster name,
 * a user's display name, a unit's name. Inactive rows answer too (an old record still names
 * who did it); ids not found are simply absent. No lock.
 *
 * One statement whatever the number of ids: the list is one jsonb parameter, unnested. Each
 * branch reads its table by primary key (county_id, id); the other two branches are cut by
 * their constant `kind` test before touching a row.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type DirectoryKind = 'deputy' | 'unit' | 'user';

export interface NameRow {
  id: string;
  name: string;
  name_en: string | null;
}

export async function selectNames(db: Kysely<Database>, countyId: string, kind: DirectoryKind, ids: readonly string[]): Promise<NameRow[]> {
  const list = JSON.stringify(ids);
  const rows = await sql<NameRow>`
    select d.user_id as id, d.name, null::text as name_en from deputies d
    where ${kind}::text = 'deputy' and d.county_id = ${countyId} and d.user_id in (select jsonb_array_elements_text(${list}::jsonb))
    union all
    select u.id, u.display_name, null::text from users u
    where ${kind}::text = 'user' and u.county_id = ${countyId} and u.id in (select jsonb_array_elements_text(${list}::jsonb))
    union all
    select n.id, n.name, n.name_en from units n
    where ${kind}::text = 'unit' and n.county_id = ${countyId} and n.id in (select jsonb_array_elements_text(${list}::jsonb))`.execute(db);
  return rows.rows;
}
