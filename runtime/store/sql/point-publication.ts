/**
 * A quarter's published 亮分 table: written once (insert … on conflict do nothing: a second
 * publication of the same quarter writes nothing and the first stays as published), and read.
 * Index: the primary key (county_id, year, quarter).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function insertPublication(db: Kysely<Database>, countyId: string, year: number, quarter: number, rows: unknown, by: string, at: Date): Promise<boolean> {
  const r = await sql`
    insert into point_publications (county_id, year, quarter, rows, published_by, published_at)
    values (${countyId}, ${year}, ${quarter}, ${JSON.stringify(rows)}::jsonb, ${by}, ${at})
    on conflict (county_id, year, quarter) do nothing
    returning quarter`.execute(db);
  return r.rows.length > 0;
}
