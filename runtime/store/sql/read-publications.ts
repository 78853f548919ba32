/** Published 亮分 tables of a county, newest first (the primary key's prefix county_id). No lock. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function readPublications(db: Kysely<Database>, countyId: string, year?: number, quarter?: number) {
  let q = db.selectFrom('point_publications').selectAll().where('county_id', '=', countyId);
  if (year !== undefined) q = q.where('year', '=', year);
  if (quarter !== undefined) q = q.where('quarter', '=', quarter);
  return q.orderBy('year', 'desc').orderBy('quarter', 'desc').execute();
}
