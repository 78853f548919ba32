/**
 * Name, type and size of attachments (without their bytes), by the files primary key
 * (county_id, id), all ids in one jsonb parameter. No lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface FileInfoRow {
  id: string;
  name: string;
  mime: string;
  size: number;
}

export async function selectFileInfos(db: Kysely<Database>, countyId: string, ids: string[]): Promise<FileInfoRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<FileInfoRow>`
    select f.id, f.name, f.mime, f.size from files f
    where f.county_id = ${countyId} and f.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`.execute(db);
  return result.rows;
}
