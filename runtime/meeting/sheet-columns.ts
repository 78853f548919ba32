/**
 * The columns of the two list sheets — the assignment meeting's 交办清单.xlsx and the year-end
 * review's 集中办结清单.xlsx — the template's header, in this order, and the header words a file
 * may use for each. One home for both the templates (server/routes/assignment-meetings.ts) and
 * the parsers (sheet-parser.ts).
 */
import type { SheetKind } from './types.ts';

export const SHEET_FIELDS = ['serialNo', 'title', 'mode', 'lead', 'assist', 'separate', 'level', 'dueAt', 'viaGov'] as const;
/** The closing list's columns: the suggestion and the review's note on it (the list form's row). */
export const CLOSING_SHEET_FIELDS = ['serialNo', 'title', 'note'] as const;
export type SheetField = (typeof SHEET_FIELDS)[number] | (typeof CLOSING_SHEET_FIELDS)[number];

export const SHEET_COLUMNS: Record<SheetField, { title: string; title_en: string; width: number; aliases: readonly string[] }> = {
  serialNo: { title: '建议编号', title_en: 'No.', width: 18, aliases: ['编号', '建议号'] },
  title: { title: '标题', title_en: 'Title', width: 48, aliases: ['建议标题', '案由'] },
  mode: { title: '办理方式', title_en: 'Handling mode', width: 12, aliases: ['交办方式'] },
  lead: { title: '主办单位', title_en: 'Lead unit', width: 20, aliases: ['承办单位'] },
  assist: { title: '协办单位', title_en: 'Assisting units', width: 24, aliases: ['会办单位', '协办/会办单位'] },
  separate: { title: '分办单位', title_en: 'Units answering separately', width: 24, aliases: [] },
  level: { title: '督办级别', title_en: 'Supervision level', width: 22, aliases: ['督办'] },
  dueAt: { title: '答复期限', title_en: 'Answer due', width: 14, aliases: ['办理期限'] },
  viaGov: { title: '经政府办转办', title_en: 'Via the government office', width: 14, aliases: ['政府办转办'] },
  note: { title: '审查意见', title_en: 'Review note', width: 48, aliases: ['办结意见', '备注'] },
};

/** Each kind of list as a sheet: its columns, its sheet and file names, and what its suggestions wait for, in words. */
export const SHEETS: Record<SheetKind, { fields: readonly SheetField[]; sheet: string; filename: string; asciiFilename: string; waiting: string; waiting_en: string }> = {
  assign: { fields: SHEET_FIELDS, sheet: '交办清单', filename: '交办清单', asciiFilename: 'assignment-list', waiting: '待交办', waiting_en: 'waiting for assignment' },
  close: { fields: CLOSING_SHEET_FIELDS, sheet: '集中办结清单', filename: '集中办结清单', asciiFilename: 'closing-list', waiting: '等候审查', waiting_en: 'waiting for the review' },
};

/** At most this many suggestions on one list (the list forms' maxItems). */
export const MAX_SHEET_ROWS = 500;

const norm = (s: string): string => s.replace(/\s+/g, '').toLowerCase();

/** The field of `fields` a header cell names, by its title, English title or an alias; undefined when none. */
export function sheetFieldOf(header: string, fields: readonly SheetField[] = SHEET_FIELDS): SheetField | undefined {
  const h = norm(header);
  if (h === '') return undefined;
  return fields.find((f) => {
    const c = SHEET_COLUMNS[f];
    return [c.title, c.title_en, ...c.aliases].some((w) => norm(w) === h);
  });
}

/** Unit names in one cell: separated by 、，,；; or line breaks. */
export function splitNames(cell: string): string[] {
  return cell
    .split(/[、，,；;\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
