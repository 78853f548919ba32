/**
 * The one reader of the list sheets (交办清单, 集中办结清单): header, columns, and for each row the
 * suggestion it names — every error at once in words (the sheet row, the column as written,
 * what is wrong): an unknown number, a suggestion not waiting for this list, one already on
 * another open list, a duplicate row, a control character. The kind's own columns are read by
 * its `rowOf` (sheet-parser.ts), which reports through the same `fail`. With any error no row
 * comes back, so nothing is imported while an error remains. Pure: the lookups come from the caller.
 *
 * The header is the first non-blank row (of the first five) that names the 建议编号 column, so
 * a title row above it (「十八届一次会议代表建议交办清单」) is allowed.
 */
import { findBadCharacter } from '../engine/text-input.ts';
import type { TableRow } from '../roster/index.ts';
import { MAX_SHEET_ROWS, SHEET_COLUMNS, SHEETS, sheetFieldOf, type SheetField } from './sheet-columns.ts';
import type { ListLookups, MeetingCandidate, SheetError, SheetErrorCode, SheetKind, SheetResult } from './types.ts';

const HEADER_SEARCH_ROWS = 5;

const isBlank = (row: TableRow): boolean => row.cells.every((c) => c.trim() === '');
export const normSheetText = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** One data row as its kind's reader sees it. */
export interface SheetRowContext {
  line: number;
  /** The cell of a column (its header as written; the template's title when the sheet lacks it). */
  cell(f: SheetField): { text: string; column: string };
  fail(column: string, code: SheetErrorCode, message: string, message_en: string): void;
  /** The errors this row has had so far. */
  errors(): readonly SheetError[];
}

/** The kind's fields of one row (all but the suggestion); undefined when it reported an error. */
export type RowReader<R> = (row: SheetRowContext, candidate: MeetingCandidate | undefined) => Omit<R, 'instanceId' | 'serialNo' | 'title'> | undefined;

/** What every list row starts with: the suggestion, by id, with its number and title. */
type Listed = { instanceId: string; serialNo?: string; title?: string };

/** The header, the data rows and the header's columns of a sheet of `kind`, or the file's error. */
function layout(table: readonly TableRow[], kind: SheetKind, fail: (line: number, column: string, code: SheetErrorCode, message: string, message_en: string) => void) {
  const fields = SHEETS[kind].fields;
  const nonBlank = table.filter((r) => !isBlank(r));
  const first = nonBlank[0];
  if (!first) return fail(1, '', 'EMPTY_FILE', '文件是空的', 'the file is empty');
  const header = nonBlank.slice(0, HEADER_SEARCH_ROWS).find((r) => r.cells.some((c) => sheetFieldOf(c, fields) === 'serialNo')) ?? first;
  const data = nonBlank.slice(nonBlank.indexOf(header) + 1);
  if (data.length > MAX_SHEET_ROWS) {
    return fail(data[MAX_SHEET_ROWS]?.line ?? header.line, '', 'TOO_MANY_ROWS', `一张${SHEETS[kind].sheet}最多${MAX_SHEET_ROWS}件建议`, `at most ${MAX_SHEET_ROWS} suggestions on one list`);
  }
  const columns = new Map<SheetField, { index: number; header: string }>();
  header.cells.forEach((cell, index) => {
    const text = cell.trim();
    if (text === '') return;
    const field = sheetFieldOf(text, fields);
    if (field === undefined) {
      fail(header.line, text, 'UNKNOWN_COLUMN', `不认识的列「${text}」；可用的列：${fields.map((f) => SHEET_COLUMNS[f].title).join('、')}`, `unknown column "${text}"`);
    } else if (!columns.has(field)) columns.set(field, { index, header: text });
  });
  if (!columns.has('serialNo')) return fail(header.line, '', 'MISSING_COLUMN', `缺少「${SHEET_COLUMNS.serialNo.title}」列`, `the column "${SHEET_COLUMNS.serialNo.title}" is missing`);
  if (data.length === 0) fail(header.line, '', 'NO_DATA_ROWS', '只有表头，没有建议', 'the file has a header but no rows');
  return { data, columns };
}

/** The suggestion numbers a sheet of `kind` names (as written), for the caller's lookups. */
export function sheetSerials(table: readonly TableRow[], kind: SheetKind): string[] {
  const found = layout(table, kind, () => undefined);
  const col = found?.columns.get('serialNo');
  if (!found || !col) return [];
  return found.data.map((r) => (r.cells[col.index] ?? '').trim()).filter((t) => t !== '');
}

export function readListSheet<R extends Listed>(table: readonly TableRow[], kind: SheetKind, lookups: ListLookups, rowOf: RowReader<R>): SheetResult<R> {
  const errors: SheetError[] = [];
  const fail = (line: number, column: string, code: SheetErrorCode, message: string, message_en: string) => {
    errors.push({ line, column, code, message, message_en });
  };
  const found = layout(table, kind, fail);
  if (!found) return { rows: [], errors };
  const { data, columns } = found;
  const { waiting, waiting_en } = SHEETS[kind];
  const bySerial = new Map(lookups.candidates.filter((c) => c.serialNo).map((c) => [normSheetText(c.serialNo as string), c]));
  const seen = new Map<string, number>();
  const rows: R[] = [];

  for (const row of data) {
    const before = errors.length;
    const ctx: SheetRowContext = {
      line: row.line,
      cell: (f) => {
        const col = columns.get(f);
        return { text: col ? (row.cells[col.index] ?? '').trim() : '', column: col?.header ?? SHEET_COLUMNS[f].title };
      },
      fail: (column, code, message, message_en) => fail(row.line, column, code, message, message_en),
      errors: () => errors.slice(before),
    };
    let bad = false;
    for (const [, col] of columns) {
      if (findBadCharacter(row.cells[col.index] ?? '')) {
        ctx.fail(col.header, 'INVALID_CHARACTER', '含有不能保存的控制字符', 'holds a control character that cannot be stored');
        bad = true;
      }
    }
    if (bad) continue;

    const serial = ctx.cell('serialNo');
    const key = normSheetText(serial.text);
    const candidate = serial.text === '' ? undefined : bySerial.get(key);
    const known = lookups.known?.get(key);
    const held = candidate ? lookups.held?.get(candidate.instanceId) : undefined;
    if (serial.text === '') ctx.fail(serial.column, 'SUGGESTION_REQUIRED', '未填写建议编号', 'no suggestion number');
    else if (!candidate && known) {
      ctx.fail(serial.column, 'NOT_WAITING', `建议“${serial.text}”当前在“${known.stateTitle}”环节，不是${waiting}的建议`, `suggestion "${serial.text}" is at "${known.stateTitle_en}", not ${waiting_en}`);
    } else if (!candidate) ctx.fail(serial.column, 'UNKNOWN_SUGGESTION', `没有编号为“${serial.text}”的${waiting}建议`, `no suggestion ${waiting_en} has the number "${serial.text}"`);
    else if (seen.has(candidate.instanceId)) {
      ctx.fail(serial.column, 'DUPLICATE_SUGGESTION', `建议“${serial.text}”已在第${seen.get(candidate.instanceId)}行列出`, `suggestion "${serial.text}" is already on line ${seen.get(candidate.instanceId)}`);
    } else {
      seen.set(candidate.instanceId, row.line);
      if (held !== undefined) ctx.fail(serial.column, 'ON_OTHER_LIST', `该建议已在“${held}”清单中`, `the suggestion is already on the list "${held}"`);
    }

    const fields = rowOf(ctx, candidate);
    if (errors.length > before || !candidate || !fields) continue;
    rows.push({ instanceId: candidate.instanceId, ...(candidate.serialNo ? { serialNo: candidate.serialNo } : {}), title: candidate.title, ...fields } as R);
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}
