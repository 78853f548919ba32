/**
 * The names of the people and units a set of forms refers to (deputy-picker, unit-picker,
 * user-picker fields; engine/form-references.ts finds them), in one round trip whatever the
 * number of ids: each list is one jsonb parameter, so the statement has one shape. A deputy's
 * name is the roster's (deputies primary key (county_id, user_id)) and else the user's; users
 * and units by their primary keys (county_id, id). No lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface ReferenceNameRow {
  kind: 'user' | 'deputy' | 'unit';
  id: string;
  name: string;
  name_en: string | null;
}

export async function selectReferenceNames(db: Kysely<Database>, countyId: string, ids: { users: string[]; deputies: string[]; units: string[] }): Promise<ReferenceNameRow[]> {
  if (ids.users.length + ids.deputies.length + ids.units.length === 0) return [];
  const list = (xs: string[]) => sql`(select jsonb_array_elements_text(${JSON.stringify(xs)}::jsonb))`;
  const result = await sql<ReferenceNameRow>`
    select 'user' as kind, u.id, u.display_name as name, null::text as name_en
    from users u where u.county_id = ${countyId} and u.id in ${list([...ids.users, ...ids.deputies])}
    union all
    select 'deputy', d.user_id, d.name, null from deputies d where d.county_id = ${countyId} and d.user_id in ${list(ids.deputies)}
    union all
    select 'unit', n.id, n.name, n.name_en from units n where n.county_id = ${countyId} and n.id in ${list(ids.units)}`.execute(db);
  return result.rows;
}
