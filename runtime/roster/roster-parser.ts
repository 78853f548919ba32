/**
 * A roster table → deputies and every error at once (line, column, reason), as values: a
 * preview shows them all and an import refuses the whole file when there is any.
 *
 * The header is the first non-blank row that names the 姓名 column within the first few rows
 * (rosters printed from Excel often start with a title row such as 「××县第十八届人民代表大会
 * 代表名册」); without one it is the first non-blank row, and its errors say what is missing.
 */
import { findBadCharacter } from '../engine/text-input.ts';
import { parseCsv } from './csv-parser.ts';
import {
  COLUMNS,
  fieldOfHeader,
  KNOWN_COLUMNS_EN,
  KNOWN_COLUMNS_ZH,
  MAX_DATA_ROWS,
  NAME_MAX,
  normalizePhone,
  parseYesNo,
  TEXT_MAX,
  USERNAME_PATTERN,
} from './roster-columns.ts';
import type { RosterError, RosterErrorCode, RosterField, RosterParseResult, RosterRow, TableRow } from './types.ts';

/** How many non-blank rows may precede the header (title, subtitle, date line). */
const HEADER_SEARCH_ROWS = 5;

interface Column {
  index: number;
  /** As written (trimmed): what errors name. */
  header: string;
}

type Columns = Partial<Record<RosterField, Column>>;

/** Errors sort by line, then by column position; `order` is the column index. */
type SortableError = RosterError & { order: number };

function error(line: number, column: string, order: number, code: RosterErrorCode, message: string, message_en: string): SortableError {
  return { line, column, code, message, message_en, order };
}

const isBlank = (row: TableRow): boolean => row.cells.every((c) => c.trim() === '');
const lineList = (lines: readonly number[]): string => lines.join('、');
const lineListEn = (lines: readonly number[]): string => lines.join(', ');

/** CSV text (see csv-parser.ts) → roster rows and errors. */
export function parseRosterCsv(text: string): RosterParseResult {
  const csv = parseCsv(text);
  if (csv.unterminatedQuoteLine !== undefined) {
    const line = csv.unterminatedQuoteLine;
    return {
      rows: [],
      columns: {},
      errors: [{ line, column: '', code: 'CSV_UNTERMINATED_QUOTE', message: `第${line}行开始的引号没有闭合`, message_en: `a quote opened on line ${line} is never closed` }],
    };
  }
  return parseRosterTable(csv.rows);
}

export function parseRosterTable(table: readonly TableRow[]): RosterParseResult {
  const nonBlank = table.filter((r) => !isBlank(r));
  const first = nonBlank[0];
  if (!first) return { rows: [], columns: {}, errors: [{ line: 1, column: '', code: 'EMPTY_FILE', message: '文件是空的', message_en: 'the file is empty' }] };
  const header = nonBlank.slice(0, HEADER_SEARCH_ROWS).find((r) => r.cells.some((c) => fieldOfHeader(c) === 'name')) ?? first;
  const data = nonBlank.slice(nonBlank.indexOf(header) + 1);
  if (data.length > MAX_DATA_ROWS) {
    const line = data[MAX_DATA_ROWS]?.line ?? header.line;
    return {
      rows: [],
      columns: {},
      errors: [{ line, column: '', code: 'TOO_MANY_ROWS', message: `一次最多导入${MAX_DATA_ROWS}名代表`, message_en: `at most ${MAX_DATA_ROWS} deputies per import` }],
    };
  }

  const errors: SortableError[] = [];
  const columns = readHeader(header, data, errors);
  if (data.length === 0) {
    errors.push(error(header.line, '', -1, 'NO_DATA_ROWS', '只有表头，没有代表数据', 'the file has a header but no data rows'));
  }
  const rows = data.map((r) => readRow(r, columns, errors));
  checkDuplicates(rows, columns, errors);
  errors.sort((a, b) => a.line - b.line || a.order - b.order);
  const written = Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, column.header]));
  return { rows, errors: errors.map(({ order: _order, ...e }) => e), columns: written };
}

function readHeader(header: TableRow, data: readonly TableRow[], errors: SortableError[]): Columns {
  const columns: Columns = {};
  const unnamed = new Set<number>();
  header.cells.forEach((raw, index) => {
    const written = raw.trim();
    if (written === '') {
      unnamed.add(index);
      return;
    }
    const field = fieldOfHeader(written);
    if (!field) {
      errors.push(error(header.line, written, index, 'UNKNOWN_COLUMN', `未知的列“${written}”，可用的列：${KNOWN_COLUMNS_ZH}`, `unknown column "${written}"; known columns: ${KNOWN_COLUMNS_EN}`));
      return;
    }
    const taken = columns[field];
    if (taken) {
      errors.push(error(header.line, written, index, 'DUPLICATE_COLUMN', `列“${written}”与第${taken.index + 1}列“${taken.header}”重复`, `column "${written}" repeats column ${taken.index + 1} "${taken.header}"`));
      return;
    }
    columns[field] = { index, header: written };
  });
  // Excel often saves empty trailing columns; only a nameless column holding data is an error.
  const width = Math.max(header.cells.length, ...data.map((r) => r.cells.length));
  for (let index = header.cells.length; index < width; index++) unnamed.add(index);
  for (const index of [...unnamed].sort((a, b) => a - b)) {
    if (data.some((r) => (r.cells[index] ?? '').trim() !== '')) {
      errors.push(error(header.line, '', index, 'UNNAMED_COLUMN', `第${index + 1}列有数据但没有列名`, `column ${index + 1} has data but no header`));
    }
  }
  if (!columns.name) {
    errors.push(error(header.line, COLUMNS.name.zh, -1, 'MISSING_COLUMN', `缺少“${COLUMNS.name.zh}”列`, `the "${COLUMNS.name.en}" column is missing`));
  }
  if (!columns.phone && !columns.username) {
    errors.push(
      error(header.line, COLUMNS.phone.zh, -1, 'MISSING_COLUMN', `须有“${COLUMNS.phone.zh}”或“${COLUMNS.username.zh}”列`, `a "${COLUMNS.phone.en}" or "${COLUMNS.username.en}" column is required`),
    );
  }
  return columns;
}

function readRow(row: TableRow, columns: Columns, errors: SortableError[]): RosterRow {
  const cell = (field: RosterField): string => {
    const column = columns[field];
    return column ? (row.cells[column.index] ?? '').trim() : '';
  };
  const fail = (field: RosterField, code: RosterErrorCode, message: string, message_en: string): void => {
    const column = columns[field];
    errors.push(error(row.line, column?.header ?? COLUMNS[field].zh, column?.index ?? -1, code, message, message_en));
  };

  // A control character or a lone surrogate (e.g. a NUL in a CSV sent as base64) would fail in the database: refuse the cell.
  for (const field of Object.keys(columns) as RosterField[]) {
    const bad = findBadCharacter(cell(field));
    if (bad) fail(field, 'INVALID_CHARACTER', `含有不允许的控制字符（第${bad.index + 1}个字符）`, `contains a control character (position ${bad.index + 1})`);
  }

  const name = cell('name');
  if (columns.name && name === '') fail('name', 'NAME_REQUIRED', '姓名必填', 'is required');
  else if ([...name].length > NAME_MAX) fail('name', 'NAME_TOO_LONG', `姓名不能超过${NAME_MAX}个字`, `must be at most ${NAME_MAX} characters`);

  const text = (field: 'delegation' | 'group'): string | null => {
    const value = cell(field);
    if ([...value].length > TEXT_MAX) fail(field, 'TEXT_TOO_LONG', `不能超过${TEXT_MAX}个字`, `must be at most ${TEXT_MAX} characters`);
    return value === '' ? null : value;
  };
  const delegation = text('delegation');
  const group = text('group');

  const phoneText = cell('phone');
  const phone = phoneText === '' ? null : (normalizePhone(phoneText) ?? null);
  if (phoneText !== '' && phone === null) fail('phone', 'PHONE_INVALID', `“${phoneText}”不是11位手机号码`, `"${phoneText}" is not an 11-digit mainland mobile number`);

  const scText = cell('standingCommittee');
  const standingCommittee = parseYesNo(scText) ?? null;
  if (standingCommittee === null) fail('standingCommittee', 'STANDING_COMMITTEE_INVALID', `“${scText}”无法识别，请填“是”或“否”`, `"${scText}" is not one of 是/否, Y/N, true/false, 1/0`);

  let username: string | null = cell('username') || null;
  const usernameFromPhone = username === null && phone !== null;
  if (usernameFromPhone) username = phone;
  if (username === null && phoneText === '' && (columns.phone || columns.username)) {
    fail(columns.username ? 'username' : 'phone', 'USERNAME_REQUIRED', '手机和用户名至少填一项', 'a phone or a username is required');
  } else if (username !== null && !usernameFromPhone && !USERNAME_PATTERN.test(username)) {
    fail('username', 'USERNAME_INVALID', '用户名须为2至32位字母、数字或 . _ -，以字母或数字开头', 'must be 2 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }

  return { line: row.line, name, delegation, group, phone: phone ?? (phoneText || null), standingCommittee, username, usernameFromPhone };
}

/** Every line of a repeated phone or username gets an error naming the other lines. */
function checkDuplicates(rows: readonly RosterRow[], columns: Columns, errors: SortableError[]): void {
  // Only valid phones (already normalised, so they equal their own normal form) can repeat;
  // an invalid one is kept as written and has its own error.
  const byPhone = groupBy(rows.filter((r) => r.phone !== null && normalizePhone(r.phone) === r.phone), (r) => r.phone ?? '');
  for (const [phone, group] of byPhone) {
    if (group.length < 2) continue;
    const column = columns.phone;
    for (const row of group) {
      const others = group.filter((r) => r !== row).map((r) => r.line);
      errors.push(error(row.line, column?.header ?? '', column?.index ?? -1, 'DUPLICATE_PHONE', `手机号${phone}与第${lineList(others)}行重复`, `phone ${phone} repeats line ${lineListEn(others)}`));
    }
  }
  const byUsername = groupBy(rows.filter((r) => r.username !== null), (r) => r.username ?? '');
  for (const [username, group] of byUsername) {
    // Usernames all taken from the phones repeat because the phones do: reported above.
    if (group.length < 2 || group.every((r) => r.usernameFromPhone)) continue;
    for (const row of group) {
      const column = row.usernameFromPhone ? (columns.username ?? columns.phone) : columns.username;
      const others = group.filter((r) => r !== row).map((r) => r.line);
      errors.push(
        error(row.line, column?.header ?? '', column?.index ?? -1, 'DUPLICATE_USERNAME', `用户名“${username}”与第${lineList(others)}行重复`, `username "${username}" repeats line ${lineListEn(others)}`),
      );
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
