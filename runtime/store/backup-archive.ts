/**
 * The container of a backup: a plain POSIX tar (ustar) of a few named members, written and read
 * whole in memory. A backup holds three kinds of member (manifest, the database dump, side files
 * such as the token secret), so ~80 lines here instead of a tar dependency; the dump inside is
 * PGlite's own gzipped tar of the data directory. Members keep their mode (0600 stays 0600).
 */
import { AppError } from '../errors.ts';

export interface ArchiveMember {
  name: string;
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  content: Uint8Array;
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, length, 'ascii');
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0');
}

export function writeArchive(members: readonly ArchiveMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    if (!/^[\w.\-/]{1,99}$/.test(m.name)) throw new AppError('INTERNAL', `archive member name ${m.name}`);
    const header = Buffer.alloc(BLOCK);
    field(header, 0, 100, m.name);
    field(header, 100, 8, octal(m.mode & 0o7777, 8));
    field(header, 108, 8, octal(0, 8));
    field(header, 116, 8, octal(0, 8));
    field(header, 124, 12, octal(m.content.length, 12));
    field(header, 136, 12, octal(Math.floor(m.mtime), 12));
    header.fill(' ', 148, 156); // the checksum counts its own field as spaces
    field(header, 156, 1, '0');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${octal(sum, 7)}\0`);
    parts.push(header, Buffer.from(m.content), Buffer.alloc((BLOCK - (m.content.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function text(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length).toString('ascii');
  const end = raw.indexOf('\0');
  return (end === -1 ? raw : raw.slice(0, end)).trim();
}

const broken = (why: string): AppError => new AppError('BACKUP_INVALID', `The backup file is damaged or not a backup: ${why}`);

export function readArchive(bytes: Uint8Array): ArchiveMember[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const members: ArchiveMember[] = [];
  let offset = 0;
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return members;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] as number);
    if (text(header, 257, 6) !== 'ustar' || Number.parseInt(text(header, 148, 8), 8) !== sum) throw broken(`bad header at byte ${offset}`);
    const size = Number.parseInt(text(header, 124, 12), 8);
    const start = offset + BLOCK;
    if (!Number.isSafeInteger(size) || start + size > buf.length) throw broken(`member ${text(header, 0, 100)} is cut short`);
    members.push({ name: text(header, 0, 100), mode: Number.parseInt(text(header, 100, 8), 8), mtime: Number.parseInt(text(header, 136, 12), 8), content: buf.subarray(start, start + size) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw broken('no end-of-archive marker (cut short?)');
}
