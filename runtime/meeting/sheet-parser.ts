/**
 * A sheet of the assignment meeting's list (交办清单) → list rows, or every error at once in
 * words (the sheet row, the column as written, what is wrong): an unknown suggestion number, an
 * unknown unit name, a missing lead unit… With any error no row comes back, so nothing is
 * imported while an error remains. Pure: the lookups (the county's candidates and units, the
 * list form's options) come from the caller.
 *
 * The header is the first non-blank row (of the first five) that names the 建议编号 column, so
 * a title row above it (「十八届一次会议代表建议交办清单」) is allowed.
 */
import { findBadCharacter } from '../engine/text-input.ts';
import type { TableRow } from '../roster/index.ts';
import { MAX_SHEET_ROWS, SHEET_COLUMNS, sheetFieldOf, splitNames, type SheetField } from './sheet-columns.ts';
import type { MeetingRow, SheetError, SheetErrorCode, SheetLookups, SheetOption, SheetResult } from './types.ts';

const HEADER_SEARCH_ROWS = 5;

const isBlank = (row: TableRow): boolean => row.cells.every((c) => c.trim() === '');
const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

export function parseMeetingSheet(table: readonly TableRow[], lookups: SheetLookups): SheetResult {
  const errors: SheetError[] = [];
  const fail = (line: number, column: string, code: SheetErrorCode, message: string, message_en: string) => errors.push({ line, column, code, message, message_en });
  const nonBlank = table.filter((r) => !isBlank(r));
  const first = nonBlank[0];
  if (!first) return { rows: [], errors: [{ line: 1, column: '', code: 'EMPTY_FILE', message: '文件是空的', message_en: 'the file is empty' }] };
  const header = nonBlank.slice(0, HEADER_SEARCH_ROWS).find((r) => r.cells.some((c) => sheetFieldOf(c) === 'serialNo')) ?? first;
  const data = nonBlank.slice(nonBlank.indexOf(header) + 1);
  if (data.length > MAX_SHEET_ROWS) {
    const line = data[MAX_SHEET_ROWS]?.line ?? header.line;
    return { rows: [], errors: [{ line, column: '', code: 'TOO_MANY_ROWS', message: `一张交办清单最多${MAX_SHEET_ROWS}件建议`, message_en: `at most ${MAX_SHEET_ROWS} suggestions on one list` }] };
  }

  const columns = new Map<SheetField, { index: number; header: string }>();
  header.cells.forEach((cell, index) => {
    const text = cell.trim();
    if (text === '') return;
    const field = sheetFieldOf(text);
    if (field === undefined) {
      fail(header.line, text, 'UNKNOWN_COLUMN', `不认识的列「${text}」；可用的列：${Object.values(SHEET_COLUMNS).map((c) => c.title).join('、')}`, `unknown column "${text}"`);
    } else if (!columns.has(field)) columns.set(field, { index, header: text });
  });
  if (!columns.has('serialNo')) {
    fail(header.line, '', 'MISSING_COLUMN', `缺少「${SHEET_COLUMNS.serialNo.title}」列`, `the column "${SHEET_COLUMNS.serialNo.title}" is missing`);
    return { rows: [], errors };
  }
  if (data.length === 0) fail(header.line, '', 'NO_DATA_ROWS', '只有表头，没有建议', 'the file has a header but no rows');

  const bySerial = new Map(lookups.candidates.filter((c) => c.serialNo).map((c) => [norm(c.serialNo as string), c]));
  const unitByName = new Map<string, string>();
  for (const u of lookups.units) {
    unitByName.set(norm(u.name), u.id);
    if (u.name_en) unitByName.set(norm(u.name_en), u.id);
  }
  const seen = new Map<string, number>();
  const rows: MeetingRow[] = [];

  for (const row of data) {
    const cell = (f: SheetField): { text: string; column: string } => {
      const col = columns.get(f);
      return { text: col ? (row.cells[col.index] ?? '').trim() : '', column: col?.header ?? SHEET_COLUMNS[f].title };
    };
    const before = errors.length;
    let bad = false;
    for (const [, col] of columns) {
      const found = findBadCharacter(row.cells[col.index] ?? '');
      if (found) {
        fail(row.line, col.header, 'INVALID_CHARACTER', '含有不能保存的控制字符', 'holds a control character that cannot be stored');
        bad = true;
      }
    }
    if (bad) continue;

    const serial = cell('serialNo');
    const candidate = serial.text === '' ? undefined : bySerial.get(norm(serial.text));
    if (serial.text === '') fail(row.line, serial.column, 'SUGGESTION_REQUIRED', '未填写建议编号', 'no suggestion number');
    else if (!candidate) fail(row.line, serial.column, 'UNKNOWN_SUGGESTION', `没有编号为“${serial.text}”的待交办建议`, `no suggestion waiting for assignment has the number "${serial.text}"`);
    else if (seen.has(candidate.instanceId)) {
      fail(row.line, serial.column, 'DUPLICATE_SUGGESTION', `建议“${serial.text}”已在第${seen.get(candidate.instanceId)}行列出`, `suggestion "${serial.text}" is already on line ${seen.get(candidate.instanceId)}`);
    } else seen.set(candidate.instanceId, row.line);

    const units = (f: SheetField): string[] => {
      const c = cell(f);
      const ids: string[] = [];
      for (const name of splitNames(c.text)) {
        const id = unitByName.get(norm(name));
        if (id === undefined) fail(row.line, c.column, 'UNKNOWN_UNIT', `没有名为“${name}”的承办单位`, `no handling unit is named "${name}"`);
        else if (!ids.includes(id)) ids.push(id);
      }
      return ids;
    };
    const lead = units('lead');
    const assist = units('assist');
    const separate = units('separate');

    const modeCell = cell('mode');
    let mode: string | undefined;
    if (modeCell.text === '') mode = separate.length > 0 ? 'SEPARATE' : assist.length > 0 ? 'LEAD_ASSIST' : 'SINGLE';
    else {
      mode = optionOf(lookups.modes, modeCell.text);
      if (mode === undefined) fail(row.line, modeCell.column, 'UNKNOWN_MODE', `办理方式“${modeCell.text}”不在可选范围内（${words(lookups.modes)}）`, `handling mode "${modeCell.text}" is not one of ${wordsEn(lookups.modes)}`);
    }
    const leadName = SHEET_COLUMNS.lead.title;
    if ((mode === 'SINGLE' || mode === 'LEAD_ASSIST') && lead.length === 0 && !errors.slice(before).some((e) => e.code === 'UNKNOWN_UNIT' && e.column === cell('lead').column)) {
      fail(row.line, cell('lead').column, 'LEAD_UNIT_REQUIRED', `未填写${leadName}`, 'no lead unit');
    }
    if (mode !== undefined && mode !== 'SEPARATE' && lead.length > 1) fail(row.line, cell('lead').column, 'LEAD_UNIT_REQUIRED', `${leadName}只能填一个`, 'only one lead unit');
    if (mode === 'LEAD_ASSIST' && assist.length === 0 && cell('assist').text === '') fail(row.line, cell('assist').column, 'ASSIST_UNITS_REQUIRED', '主办+协办须填写协办单位', 'a lead unit with assisting units needs the assisting units');
    if (mode === 'SEPARATE' && separate.length === 0 && cell('separate').text === '') fail(row.line, cell('separate').column, 'SEPARATE_UNITS_REQUIRED', '分办须填写分办单位', 'separate handling needs the units');

    const levelCell = cell('level');
    const level = levelCell.text === '' ? 'GENERAL' : optionOf(lookups.levels, levelCell.text);
    if (level === undefined) fail(row.line, levelCell.column, 'UNKNOWN_LEVEL', `督办级别“${levelCell.text}”不在可选范围内（${words(lookups.levels)}）`, `supervision level "${levelCell.text}" is not one of ${wordsEn(lookups.levels)}`);

    const dueCell = cell('dueAt');
    const dueAt = dueCell.text === '' ? undefined : dateOf(dueCell.text);
    if (dueAt === null) fail(row.line, dueCell.column, 'DATE_INVALID', `“${dueCell.text}”不是日期（如 2026-06-30 或 2026年6月30日）`, `"${dueCell.text}" is not a date (e.g. 2026-06-30)`);

    const govCell = cell('viaGov');
    const viaGov = govCell.text === '' ? undefined : yesNo(govCell.text);
    if (viaGov === null) fail(row.line, govCell.column, 'YES_NO_INVALID', `“${govCell.text}”须填“是”或“否”`, `"${govCell.text}" must be yes or no`);

    if (errors.length > before || !candidate || mode === undefined || level === undefined) continue;
    rows.push({
      instanceId: candidate.instanceId,
      ...(candidate.serialNo ? { serialNo: candidate.serialNo } : {}),
      title: candidate.title,
      mode,
      ...(mode === 'SEPARATE' ? { separateUnitIds: separate } : { leadUnitId: lead[0] as string }),
      ...(mode === 'LEAD_ASSIST' ? { assistUnitIds: assist } : {}),
      supervisionLevel: level,
      ...(dueAt ? { dueAt } : {}),
      ...(viaGov !== undefined && viaGov !== null ? { viaGovOffice: viaGov } : {}),
    });
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

function optionOf(options: readonly SheetOption[], text: string): string | undefined {
  const t = norm(text);
  return options.find((o) => norm(o.title) === t || norm(o.title_en) === t || norm(o.value) === t)?.value;
}

const words = (options: readonly SheetOption[]): string => options.map((o) => o.title).join('、');
const wordsEn = (options: readonly SheetOption[]): string => options.map((o) => o.title_en).join(', ');

/** 2026-06-30, 2026/6/30, 2026.6.30 or 2026年6月30日 → YYYY-MM-DD; null when not a real date. */
export function dateOf(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function yesNo(text: string): boolean | null {
  const t = norm(text);
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(t)) return true;
  if (['否', 'n', 'no', 'false', '0', '×'].includes(t)) return false;
  return null;
}
