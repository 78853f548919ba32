/**
 * Attachments with whether `actor` may read each (files.ts states the rule): the uploader, or
 * whoever may see an instance whose documents list the file, i.e. an instance that references
 * it (file_refs), one of its ancestors or one of its descendants (documents.ts shows a case's
 * documents from the instance, its ancestors and descendants, so the file is readable exactly
 * where its document is shown). "May see an instance" is task-access.ts `maySeeInstanceSql`.
 * With `content`, the bytes too (the download; one id).
 *
 * No lock: a snapshot read. Indexes: files and file_refs by their primary keys (county_id
 * first, then the file id); `up` walks parents by the instances primary key, `down` children
 * by instances_parent; `union` (not `union all`) ends a walk on a cycle in bad data.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';

export interface FileAccessRow {
  id: string;
  name: string;
  mime: string;
  size: number;
  content?: Uint8Array;
  readable: boolean;
}

export async function selectFileAccess(
  db: Kysely<Database>,
  countyId: string,
  fileIds: readonly string[],
  actorId: string,
  /** `maySeeInstanceSql(actor, 'i')` */
  maySee: RawBuilder<SqlBool>,
  content: boolean,
): Promise<FileAccessRow[]> {
  if (fileIds.length === 0) return [];
  const result = await sql<FileAccessRow>`
    with recursive wanted (id) as (
      select jsonb_array_elements_text(${JSON.stringify(fileIds)}::jsonb)
    ), refs (file_id, instance_id) as (
      select r.file_id, r.instance_id from file_refs r where r.county_id = ${countyId} and r.file_id in (select id from wanted)
    ), up (file_id, id, parent_id) as (
      select refs.file_id, i.id, i.parent_id from refs join instances i on i.county_id = ${countyId} and i.id = refs.instance_id
      union
      select up.file_id, p.id, p.parent_id from up join instances p on p.county_id = ${countyId} and p.id = up.parent_id
    ), down (file_id, id) as (
      select file_id, instance_id from refs
      union
      select down.file_id, c.id from down join instances c on c.county_id = ${countyId} and c.parent_id = down.id
    ), scope (file_id, id) as (
      select file_id, id from up union select file_id, id from down
    )
    select f.id, f.name, f.mime, f.size${content ? sql`, f.content` : sql``},
      (coalesce(f.uploaded_by = ${actorId}, false) or exists (
        select 1 from scope s join instances i on i.county_id = ${countyId} and i.id = s.id
        where s.file_id = f.id and ${maySee})) as readable
    from files f
    where f.county_id = ${countyId} and f.id in (select id from wanted)`.execute(db);
  return result.rows;
}
