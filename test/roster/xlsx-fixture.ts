/**
 * Real .xlsx workbooks made in memory with exceljs, the library the server reads them with.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';

export type Cell = ExcelJS.CellValue;

export interface XlsxOptions {
  /** Rows written before the header row (a title line, say). */
  title?: string;
  /** An embedded picture of this many incompressible bytes (rosters with photos are big). */
  pictureBytes?: number;
  /** Sheets written before the roster sheet, left empty. */
  emptySheetsBefore?: number;
}

export async function xlsxBytes(rows: Cell[][], opts: XlsxOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (let i = 0; i < (opts.emptySheetsBefore ?? 0); i++) workbook.addWorksheet(`空白${i + 1}`);
  const sheet = workbook.addWorksheet('代表名册');
  if (opts.title !== undefined) {
    sheet.addRow([opts.title]);
    sheet.mergeCells(1, 1, 1, Math.max(1, rows[0]?.length ?? 1));
  }
  for (const row of rows) sheet.addRow(row);
  if (opts.pictureBytes) {
    const image = workbook.addImage({ buffer: randomBytes(opts.pictureBytes) as unknown as ExcelJS.Buffer, extension: 'png' });
    sheet.addImage(image, 'H1:J6');
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function xlsxBase64(rows: Cell[][], opts?: XlsxOptions): Promise<string> {
  return (await xlsxBytes(rows, opts)).toString('base64');
}
