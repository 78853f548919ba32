/**
 * Attachments: a form field with widget `file-upload` holds `[{fileId, name}]`; the bytes live
 * here, per county. Uploads arrive base64 in JSON (the API is JSON throughout), at most
 * MAX_FILE_BYTES decoded.
 */
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import type { Runtime } from './runtime.ts';
import type { Database } from './schema.ts';

export const MAX_FILE_BYTES = 3 * 1024 * 1024;

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
  const mime = typeof body.mime === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(body.mime) ? body.mime : 'application/octet-stream';
  if (!name || name.length > 200) errors.push({ pointer: '/name', message: '文件名必填，不超过200字', message_en: 'is required, at most 200 characters' });
  const base64 = typeof body.base64 === 'string' ? body.base64 : '';
  const content = /^[A-Za-z0-9+/]*={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, 'base64') : null;
  if (!content || content.length === 0) errors.push({ pointer: '/base64', message: '文件内容须为 base64 编码', message_en: 'must be the file in base64' });
  else if (content.length > MAX_FILE_BYTES) errors.push({ pointer: '/base64', message: `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`, message_en: `must be at most ${MAX_FILE_BYTES} bytes` });
  if (errors.length > 0 || !content) throw new AppError('VALIDATION_FAILED', `有 ${errors.length} 处错误 / ${errors.length} field error(s)`, { errors });
  const fileId = rt.newId();
  await db
    .insertInto('files')
    .values({ county_id: countyId, id: fileId, name, mime, size: content.length, content, uploaded_by: actorId, uploaded_at: rt.clock.now() })
    .execute();
  return { fileId, name, mime, size: content.length };
}

export async function readFileRow(db: Kysely<Database>, countyId: string, fileId: string): Promise<FileView & { content: Uint8Array }> {
  const row = await db.selectFrom('files').select(['id', 'name', 'mime', 'size', 'content']).where('county_id', '=', countyId).where('id', '=', fileId).executeTakeFirst();
  if (!row) throw new AppError('FILE_NOT_FOUND', 'No such file');
  return { fileId: row.id, name: row.name, mime: row.mime, size: Number(row.size), content: row.content };
}
