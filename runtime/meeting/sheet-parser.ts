/**
 * The two list sheets → list rows, or every error at once in words. The sheet, the suggestion
 * numbers and their errors are read by sheet-reader.ts (one home for both kinds); here are the
 * kinds' own columns: the assignment list's units, handling mode, supervision level, due date
 * and 经政府办转办 (an unknown unit name, a missing lead unit…), the closing list's review note.
 * Pure: the lookups (the county's candidates and units, the list forms' options) come from the caller.
 */
import type { TableRow } from '../roster/index.ts';
import { SHEET_COLUMNS, splitNames, type SheetField } from './sheet-columns.ts';
import { normSheetText as norm, readListSheet } from './sheet-reader.ts';
import type { ClosingRow, ListLookups, MeetingRow, SheetLookups, SheetOption, SheetResult } from './types.ts';

/** The longest review note (the closing list form's maxLength). */
const MAX_NOTE = 2000;

export function parseMeetingSheet(table: readonly TableRow[], lookups: SheetLookups): SheetResult {
  const unitByName = new Map<string, string>();
  for (const u of lookups.units) {
    unitByName.set(norm(u.name), u.id);
    if (u.name_en) unitByName.set(norm(u.name_en), u.id);
  }
  return readListSheet<MeetingRow>(table, 'assign', lookups, (row) => {
    const units = (f: SheetField): string[] => {
      const c = row.cell(f);
      const ids: string[] = [];
      for (const name of splitNames(c.text)) {
        const id = unitByName.get(norm(name));
        if (id === undefined) row.fail(c.column, 'UNKNOWN_UNIT', `没有名为“${name}”的承办单位`, `no handling unit is named "${name}"`);
        else if (!ids.includes(id)) ids.push(id);
      }
      return ids;
    };
    const lead = units('lead');
    const assist = units('assist');
    const separate = units('separate');

    const modeCell = row.cell('mode');
    let mode: string | undefined;
    if (modeCell.text === '') mode = separate.length > 0 ? 'SEPARATE' : assist.length > 0 ? 'LEAD_ASSIST' : 'SINGLE';
    else {
      mode = optionOf(lookups.modes, modeCell.text);
      if (mode === undefined) row.fail(modeCell.column, 'UNKNOWN_MODE', `办理方式“${modeCell.text}”不在可选范围内（${words(lookups.modes)}）`, `handling mode "${modeCell.text}" is not one of ${wordsEn(lookups.modes)}`);
    }
    const leadName = SHEET_COLUMNS.lead.title;
    if ((mode === 'SINGLE' || mode === 'LEAD_ASSIST') && lead.length === 0 && !row.errors().some((e) => e.code === 'UNKNOWN_UNIT' && e.column === row.cell('lead').column)) {
      row.fail(row.cell('lead').column, 'LEAD_UNIT_REQUIRED', `未填写${leadName}`, 'no lead unit');
    }
    if (mode !== undefined && mode !== 'SEPARATE' && lead.length > 1) row.fail(row.cell('lead').column, 'LEAD_UNIT_REQUIRED', `${leadName}只能填一个`, 'only one lead unit');
    if (mode === 'LEAD_ASSIST' && assist.length === 0 && row.cell('assist').text === '') row.fail(row.cell('assist').column, 'ASSIST_UNITS_REQUIRED', '主办+协办须填写协办单位', 'a lead unit with assisting units needs the assisting units');
    if (mode === 'SEPARATE' && separate.length === 0 && row.cell('separate').text === '') row.fail(row.cell('separate').column, 'SEPARATE_UNITS_REQUIRED', '分办须填写分办单位', 'separate handling needs the units');

    const levelCell = row.cell('level');
    const level = levelCell.text === '' ? 'GENERAL' : optionOf(lookups.levels, levelCell.text);
    if (level === undefined) row.fail(levelCell.column, 'UNKNOWN_LEVEL', `督办级别“${levelCell.text}”不在可选范围内（${words(lookups.levels)}）`, `supervision level "${levelCell.text}" is not one of ${wordsEn(lookups.levels)}`);

    const dueCell = row.cell('dueAt');
    const dueAt = dueCell.text === '' ? undefined : dateOf(dueCell.text);
    if (dueAt === null) row.fail(dueCell.column, 'DATE_INVALID', `“${dueCell.text}”不是日期（如 2026-06-30 或 2026年6月30日）`, `"${dueCell.text}" is not a date (e.g. 2026-06-30)`);

    const govCell = row.cell('viaGov');
    const viaGov = govCell.text === '' ? undefined : yesNo(govCell.text);
    if (viaGov === null) row.fail(govCell.column, 'YES_NO_INVALID', `“${govCell.text}”须填“是”或“否”`, `"${govCell.text}" must be yes or no`);

    if (mode === undefined || level === undefined) return undefined;
    return {
      mode,
      ...(mode === 'SEPARATE' ? { separateUnitIds: separate } : { leadUnitId: lead[0] as string }),
      ...(mode === 'LEAD_ASSIST' ? { assistUnitIds: assist } : {}),
      supervisionLevel: level,
      ...(dueAt ? { dueAt } : {}),
      ...(viaGov !== undefined && viaGov !== null ? { viaGovOffice: viaGov } : {}),
    };
  });
}

/** A year-end review's closing list: each row a suggestion waiting for the review, with its note (审查意见) if any. */
export function parseClosingSheet(table: readonly TableRow[], lookups: ListLookups): SheetResult<ClosingRow> {
  return readListSheet<ClosingRow>(table, 'close', lookups, (row) => {
    const note = row.cell('note');
    if (note.text.length > MAX_NOTE) {
      row.fail(note.column, 'TEXT_TOO_LONG', `审查意见最多${MAX_NOTE}字（现有${note.text.length}字）`, `the review note has at most ${MAX_NOTE} characters (it has ${note.text.length})`);
      return undefined;
    }
    return note.text === '' ? {} : { note: note.text };
  });
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
