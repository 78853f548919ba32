/**
 * Roster files on the Node side: base64 bytes → CSV text (UTF-8, GB18030 or UTF-16) or XLSX
 * rows (exceljs), then the pure parser of runtime/roster/. An unreadable file is a 400
 * AppError; what is wrong inside a readable one comes back as row errors.
 */
import type ExcelJS from 'exceljs';
import { AppError } from './errors.ts';
import { parseRosterCsv, parseRosterTable, type RosterInput, type RosterParseResult, type TableRow } from './roster/index.ts';

export async function readRoster(input: RosterInput): Promise<RosterParseResult> {
  if ('text' in input) return parseRosterCsv(input.text);
  const bytes = decodeBase64(input.base64);
  if (input.format === 'csv') return parseRosterCsv(decodeCsvBytes(bytes));
  return parseRosterTable(await readXlsxRows(bytes));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Strict base64 (Buffer.from ignores what it cannot decode, so a mangled upload would read as
 * a shorter, broken file). Whitespace and a `data:…;base64,` prefix (FileReader.readAsDataURL)
 * are allowed.
 */
export function decodeBase64(text: string): Buffer {
  const body = text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (body === '') throw new AppError('INVALID_FILE', 'The file is empty');
  if (!BASE64.test(body) || body.length % 4 === 1) throw new AppError('INVALID_BASE64', 'The file content is not valid base64');
  return Buffer.from(body, 'base64');
}

/**
 * CSV bytes → text. A BOM says UTF-8 or UTF-16 (Excel's “Unicode text”); otherwise UTF-8 when
 * the bytes are valid UTF-8, else GB18030 (a superset of GBK), which Excel on a Chinese
 * Windows uses for “CSV (逗号分隔)”. Node 20's full ICU decodes it.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * The first worksheet that has rows, as cell text with sheet row numbers as lines. Merged
 * cells read as their top-left value (exceljs does that), so a 代表团 cell merged down over
 * its members gives every member the delegation.
 */
export async function readXlsxRows(bytes: Uint8Array): Promise<TableRow[]> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new AppError('INVALID_XLSX', 'This is an old .xls workbook; save it as .xlsx (另存为 Excel 工作簿 .xlsx)');
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new AppError('INVALID_XLSX', 'The file is not an .xlsx workbook');
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  try {
    // exceljs's own `Buffer` type is an ArrayBuffer; it accepts Node buffers at run time.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new AppError('INVALID_XLSX', 'The .xlsx workbook cannot be read', undefined, { cause: err });
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col).value));
    rows.push({ line, cells });
  });
  return rows;
}

/**
 * exceljs is loaded on first use: requiring it takes ~620 ms on this 2-core box, which every
 * server start and every test file importing the store would otherwise pay.
 */
let excelJs: Promise<typeof ExcelJS> | undefined;
function loadExcelJs(): Promise<typeof ExcelJS> {
  excelJs ??= import('exceljs').then((m) => m.default);
  return excelJs;
}

/** A cell value as the text a person sees: rich text joined, a formula's result, a link's text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Integers up to 2^53 print without exponent, so an 11-digit phone typed as a number reads back as typed.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: unknown; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((t: { text?: unknown }) => (typeof t.text === 'string' ? t.text : '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}
