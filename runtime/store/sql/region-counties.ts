/**
 * The counties under a region (its descendants of level county, at any depth; the region
 * itself when it is a county), ordered by code. One recursive statement; no lock (a read).
 * Index: regions_parent (migration 018) for each step down, the primary key for the start.
 * Regions nest province → city → county; `depth < 10` stops a cycle in bad data.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface CountyOfRegion {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
}

export async function selectRegionCounties(db: Kysely<Database>, regionId: string): Promise<CountyOfRegion[]> {
  const result = await sql<{ id: string; code: string; name: string; name_en: string | null }>`
    with recursive under(id, depth) as (
      select id, 0 from regions where id = ${regionId}
      union all
      select r.id, u.depth + 1 from regions r join under u on r.parent_id = u.id where u.depth < 10
    )
    select r.id, r.code, r.name, r.name_en from regions r join under u on u.id = r.id
    where r.level = 'county'
    order by r.code`.execute(db);
  return result.rows.map((r) => ({ id: r.id, code: r.code, name: r.name, nameEn: r.name_en }));
}
