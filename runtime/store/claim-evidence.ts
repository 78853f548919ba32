/**
 * The evidence of a deputy's points claim (F6.1 佐证材料): photos and PDFs only, shown to the
 * claim's reviewers. A file is uploaded first (POST /api/files, files.ts); the claim names it.
 *
 * What counts as a photo or a PDF: the type the browser declared, the name's extension AND the
 * file's first bytes must all agree on one of JPEG, PNG, WebP, GIF, HEIC/HEIF or PDF. So a
 * script, a page (HTML, SVG) or a program renamed `photo.jpg` is refused with a field error in
 * Chinese and nothing is written. The bytes are served back only as an attachment (the route
 * sets the download headers of server/routes/instances.ts), never rendered in the page.
 *
 * Who reads it: whoever may see the entry (points.ts readClaimEvidence), and only a file the
 * entry names; anything else is the same 404 as a file that does not exist.
 */
import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../errors.ts';
import type { Database } from './schema.ts';
import { selectEvidenceFile, type EvidenceFileRow } from './sql/evidence-file.ts';

interface Kind {
  mimes: readonly string[];
  extensions: readonly string[];
  magic: (b: Uint8Array) => boolean;
}

const starts = (b: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, text: string, at = 0) => starts(b, [...text].map((c) => c.charCodeAt(0)), at);

/** The kinds a claim may carry: each with its declared types, its extensions and its signature. */
export const EVIDENCE_KINDS: readonly Kind[] = [
  { mimes: ['image/jpeg'], extensions: ['jpg', 'jpeg'], magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { mimes: ['image/png'], extensions: ['png'], magic: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mimes: ['image/webp'], extensions: ['webp'], magic: (b) => ascii(b, 'RIFF') && ascii(b, 'WEBP', 8) },
  { mimes: ['image/gif'], extensions: ['gif'], magic: (b) => ascii(b, 'GIF87a') || ascii(b, 'GIF89a') },
  { mimes: ['image/heic', 'image/heif'], extensions: ['heic', 'heif'], magic: (b) => ascii(b, 'ftyp', 4) && ['heic', 'heix', 'mif1', 'msf1', 'hevc'].some((brand) => ascii(b, brand, 8)) },
  { mimes: ['application/pdf'], extensions: ['pdf'], magic: (b) => ascii(b, '%PDF-') },
];

/** Null when the file is a photo or a PDF by its type, its name and its bytes alike; else the refusal. */
export function evidenceError(file: Pick<EvidenceFileRow, 'name' | 'mime' | 'content'>, pointer: string): FieldError | null {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const kind = EVIDENCE_KINDS.find((k) => k.mimes.includes(file.mime));
  const ok = kind !== undefined && kind.extensions.includes(extension) && kind.magic(file.content);
  return ok ? null : { pointer, message: `“${file.name}”不是照片或 PDF 文件：佐证材料只能是照片（JPG、PNG、WebP、GIF、HEIC）或 PDF`, message_en: `"${file.name}" is not a photo or a PDF: evidence must be a photo (JPG, PNG, WebP, GIF, HEIC) or a PDF` };
}

/** The evidence files a claim names, checked; throws UNKNOWN_REFERENCE or INVALID_INPUT with the field (as points.ts does). */
export async function checkedEvidence(db: Kysely<Database>, countyId: string, fileId: string, index: number): Promise<{ fileId: string; name: string }> {
  const file = await selectEvidenceFile(db, countyId, fileId);
  if (!file) throw new AppError('UNKNOWN_REFERENCE', `File ${index + 1} does not exist`, [{ pointer: `/evidence/${index}`, message: '找不到该文件', message_en: 'No such file' }]);
  const refused = evidenceError(file, `/evidence/${index}`);
  if (refused) throw new AppError('INVALID_INPUT', `${refused.message} / ${refused.message_en}`, [refused]);
  return { fileId: file.id, name: file.name };
}
