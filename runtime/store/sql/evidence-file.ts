/**
 * One uploaded file with its bytes, by the files primary key (county_id, id): the points
 * evidence a claim names, checked as a photo or PDF when claimed and read by the entry's
 * viewers (points.ts). No lock: a file row never changes once written.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface EvidenceFileRow {
  id: string;
  name: string;
  mime: string;
  size: number;
  content: Uint8Array;
}

export async function selectEvidenceFile(db: Kysely<Database>, countyId: string, fileId: string): Promise<EvidenceFileRow | undefined> {
  const row = await db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'content']).where('county_id', '=', countyId).where('id', '=', fileId).executeTakeFirst();
  return row ? { id: row.id, name: row.name, mime: row.mime, size: Number(row.size), content: row.content as Uint8Array } : undefined;
}
