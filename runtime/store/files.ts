/**
 * Attachments: a form field with widget `file-upload` holds `[{fileId, name}]`; the bytes live
 * here, per county. Uploads arrive base64 in JSON (the API is JSON throughout), at most
 * MAX_FILE_BYTES decoded; the server's body limit for uploads is computed from it
 * (`uploadBodyLimit`), so a file of exactly that size fits.
 *
 * Who reads a file (issue 13): its uploader, and whoever may see an instance that references
 * it — the instance whose form data names it, or one of that instance's ancestors or
 * descendants, exactly where GET /api/instances/:id/documents lists it (sql/file-access.ts).
 * A file not yet referenced is readable by its uploader only; anyone else of the county gets
 * 404 FILE_NOT_FOUND, as for a file that does not exist or belongs to another county. A form
 * may name only files its submitter may read (`attachmentErrors`), so a known id does not
 * open a file by being pasted into one's own form.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../engine/index.ts';
import { AppError, type FieldError } from '../errors.ts';
import { fileRefs } from './file-refs.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';
import { selectFileAccess } from './sql/file-access.ts';
import { maySeeInstanceSql } from './task-access.ts';

/** 3 MiB (3,145,728 bytes) decoded: what README states. */
export const MAX_FILE_BYTES = 3 * 1024 * 1024;

/** Room for the JSON around the base64 (`{"name": …, "mime": …, "base64": "…"}`; a name of 200 characters escaped as \uXXXX is 1,200 bytes). */
const JSON_OVERHEAD_BYTES = 16 * 1024;

/** The request body limit for uploads: base64 of `maxFileBytes` (⌈n/3⌉·4 characters) plus the JSON around it. */
export function uploadBodyLimit(maxFileBytes = MAX_FILE_BYTES): number {
  return Math.ceil(maxFileBytes / 3) * 4 + JSON_OVERHEAD_BYTES;
}

export interface FileView {
  fileId: string;
  name: string;
  mime: string;
  size: number;
}

export async function saveFile(db: Kysely<Database>, rt: Runtime, countyId: string, input: unknown, actorId: string): Promise<FileView> {
  const errors: FieldError[] = [];
  const body = (input ?? {}) as Record<string, unknown>;
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  const mime = typeof body.mime === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(body.mime) ? body.mime.toLowerCase() : 'application/octet-stream';
  if (!name || name.length > 200) errors.push({ pointer: '/name', message: '文件名必填，不超过200字', message_en: 'is required, at most 200 characters' });
  const base64 = typeof body.base64 === 'string' ? body.base64 : '';
  const content = /^[A-Za-z0-9+/]*={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64') : null;
  if (!content || content.length === 0) errors.push({ pointer: '/base64', message: '文件内容须为 base64 编码', message_en: 'must be the file in base64' });
  else if (content.length > MAX_FILE_BYTES) {
    errors.push({
      pointer: '/base64',
      message: `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB（${MAX_FILE_BYTES} 字节），此文件 ${content.length} 字节`,
      message_en: `must be at most ${MAX_FILE_BYTES} bytes (3 MiB); this file has ${content.length}`,
    });
  }
  if (errors.length > 0 || !content) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  const fileId = rt.newId();
  await db
    .insertInto('files')
    .values({ county_id: countyId, id: fileId, name, mime, size: content.length, content, uploaded_by: actorId, uploaded_at: rt.clock.now() })
    .execute();
  return { fileId, name, mime, size: content.length };
}

/** A file with its bytes, if `actor` may read it; else 404 (whether it exists or not). */
export async function readFileFor(db: Kysely<Database>, countyId: string, actor: Actor, fileId: string): Promise<FileView & { content: Uint8Array }> {
  const [row] = await selectFileAccess(db, countyId, [fileId], actor.id, maySeeInstanceSql(actor, 'i'), true);
  if (!row?.readable || !row.content) throw new AppError('FILE_NOT_FOUND', 'No such file');
  return { fileId: row.id, name: row.name, mime: row.mime, size: Number(row.size), content: row.content };
}

/** A field error for each attachment in `data` that `actor` may not read (or that does not exist). */
export async function attachmentErrors(db: Kysely<Database>, countyId: string, actor: Actor, data: unknown): Promise<FieldError[]> {
  const refs = fileRefs(data);
  if (refs.length === 0) return [];
  const rows = await selectFileAccess(db, countyId, [...new Set(refs.map((r) => r.fileId))], actor.id, maySeeInstanceSql(actor, 'i'), false);
  const readable = new Set(rows.filter((r) => r.readable).map((r) => r.id));
  return refs
    .filter((r) => !readable.has(r.fileId))
    .map((r) => ({ pointer: r.pointer, message: '附件不存在或您无权使用', message_en: 'is not an attachment you may use', keyword: 'reference' }));
}

/**
 * Types a browser would render or run if it ever showed the file inline (HTML, SVG, XML,
 * scripts): served as application/octet-stream. Stored as uploaded (the documents list shows
 * the type). The download headers (server/routes/instances.ts) make every file an attachment
 * in a sandbox anyway; this is the belt to those braces.
 */
const ACTIVE_TYPE = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|[\w.+-]+\/[\w.+-]*\+xml|[\w.+-]+\/(x-)?(java|ecma)script|text\/xsl|application\/xslt\+xml)$/i;

export function servedType(mime: string): string {
  return ACTIVE_TYPE.test(mime) ? 'application/octet-stream' : mime;
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real name in RFC 5987
 * form (UTF-8, percent-encoded; `'()*` encoded too, which encodeURIComponent leaves).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'file';
  const encoded = encodeURIComponent(name.replace(LONE_SURROGATE, '\uFFFD')).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
