/**
 * A table as a downloaded XLSX or CSV file: the register (routes/register.ts) and the audit log
 * (routes/audit.ts) both answer through here. The caller reads its first page before calling,
 * so a refusal is still a clean 4xx; the rest is streamed while the client downloads.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { AppError } from '../runtime/errors.ts';
import type { AppEnv } from './auth.ts';

export const EXPORT_FORMATS = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** The `format` query parameter: xlsx (default) or csv; anything else is 400 INVALID_QUERY. */
export function exportFormat(value: string | undefined): ExportFormat {
  const format = value ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv') throw new AppError('INVALID_QUERY', 'format: xlsx or csv', { parameter: 'format' });
  return format;
}

export type Cell = string | number | boolean | Date | null;

export interface ExportTable {
  format: ExportFormat;
  /** The XLSX sheet's name. */
  sheet: string;
  columns: ReadonlyArray<{ title: string; width: number }>;
  /** Rows, a page at a time. */
  pages: AsyncIterable<ReadonlyArray<readonly Cell[]>>;
  /** The file's name in words (UTF-8) and an ASCII fallback, both without the extension. */
  filename: string;
  asciiFilename: string;
}

export function exportResponse(c: Context<AppEnv>, table: ExportTable): Response {
  const out = new PassThrough();
  const write = async () => {
    if (table.format === 'xlsx') {
      // Streamed: rows are committed as they come, so 12,000 rows never sit in memory as a workbook.
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
      const sheet = book.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = table.columns.map((col, i) => ({ header: col.title, key: `c${i}`, width: col.width }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
      for await (const page of table.pages) for (const row of page) sheet.addRow([...row]).commit();
      sheet.commit();
      await book.commit();
    } else {
      // exceljs writes CSV through fast-csv; the BOM makes Excel read the file as UTF-8 (Chinese).
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet(table.sheet);
      sheet.addRow(table.columns.map((col) => col.title));
      for await (const page of table.pages) for (const row of page) sheet.addRow([...row]);
      await book.csv.write(out, { formatterOptions: { writeBOM: true } });
    }
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return c.body(Readable.toWeb(out) as unknown as ReadableStream, 200, {
    'content-type': EXPORT_FORMATS[table.format],
    'content-disposition': `attachment; filename="${table.asciiFilename}.${table.format}"; filename*=UTF-8''${encodeURIComponent(`${table.filename}.${table.format}`)}`,
    'cache-control': 'no-store',
  });
}
